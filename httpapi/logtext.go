package httpapi

import (
	"strconv"
	"unicode/utf8"
)

// maxLogText bounds a text a request chose (its path, its method, the
// client id it claims) wherever it is written to the log or echoed in an
// error: a request cannot make the log, or an answer, grow by more.
const maxLogText = 256

// logText is s cut to maxLogText bytes (see clip).
func logText(s string) string { return clip(s, maxLogText) }

// clip is s cut to at most max bytes, on a character boundary, with its
// full length noted when cut.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…(" + strconv.Itoa(len(s)) + " bytes)"
}
