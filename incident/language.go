package incident

import "fmt"

// Language of labels and error texts. English is the default.
type Language string

const (
	English Language = "en"
	French  Language = "fr"
)

// MessageKey names a message of the catalog.
type MessageKey string

// Message renders a catalog message in a language, falling back to English
// and then to the key itself.
func Message(lang Language, key MessageKey, args ...any) string {
	texts, ok := catalog[key]
	if !ok {
		return string(key)
	}
	format := texts[0]
	if lang == French && texts[1] != "" {
		format = texts[1]
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
