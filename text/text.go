// Package text holds the languages incidentd speaks and the lookup of its
// messages. Each layer registers its own English and French texts beside
// its code, when its package initialises; callers render them by key in
// the language of the request.
package text

import "fmt"

// Language of labels and messages. English is the default.
type Language string

const (
	English Language = "en"
	French  Language = "fr"
)

// Key names a registered text.
type Key string

// Texts are the English and the French form of a text, in that order: fmt
// formats when the text takes arguments. An empty French form falls back
// to the English one.
type Texts [2]string

// registry is written at package initialisation only, then read.
var registry = map[Key]Texts{}

// Register adds texts to the registry. It is called from the init function
// of the package that owns the texts, never later. A key registered twice
// is a programming error: it panics.
func Register(texts map[Key]Texts) {
	for k, t := range texts {
		if _, dup := registry[k]; dup {
			panic("text: key registered twice: " + string(k))
		}
		registry[k] = t
	}
}

// Registered reports whether a key has texts.
func Registered(key Key) bool {
	_, ok := registry[key]
	return ok
}

// Lookup returns a text without arguments in a language, and whether the
// key is registered.
func Lookup(lang Language, key Key) (string, bool) {
	t, ok := registry[key]
	return t.In(lang), ok
}

// Message renders a text in a language, with its arguments when it takes
// some. A missing French text falls back to English, a missing key to the
// key itself.
func Message(lang Language, key Key, args ...any) string {
	t, ok := registry[key]
	if !ok {
		return string(key)
	}
	format := t.In(lang)
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// In is the form of the text in a language.
func (t Texts) In(lang Language) string {
	if lang == French && t[1] != "" {
		return t[1]
	}
	return t[0]
}
