package incident

import (
	"strings"
	"unicode/utf8"
)

// validateFields checks every writable field of an incident against its
// rule, in the order of fields; the first error names the field.
func validateFields(inc *Incident) error {
	for _, f := range fields {
		if v := f.value(inc); v != nil {
			if err := f.rule.check(f.name, *v); err != nil {
				return err
			}
		}
	}
	return nil
}

// check checks one value (code 24, or 23 for a required value left empty).
func (r rule) check(name, v string) error {
	switch {
	case r.required && v == "":
		return Errorf(CodeMissingBodyField, MsgMissingField, name)
	case r.values != nil:
		if !oneOf(v, r.values) {
			return Errorf(CodeInvalidBodyField, MsgFieldEnum, name, strings.Join(r.values, ", "))
		}
	case r.text:
		return r.checkText(name, v)
	}
	return nil
}

func (r rule) checkText(name, v string) error {
	if strings.ContainsRune(v, 0) {
		return Errorf(CodeInvalidBodyField, MsgFieldControl, name)
	}
	if !utf8.ValidString(v) {
		return Errorf(CodeInvalidBodyField, MsgFieldText, name)
	}
	if n := utf8.RuneCountInString(v); n < r.min || n > r.max {
		return Errorf(CodeInvalidBodyField, MsgFieldLength, name, r.min, r.max)
	}
	if r.nonBlank && strings.TrimSpace(v) == "" {
		return Errorf(CodeInvalidBodyField, MsgFieldBlank, name)
	}
	if r.format != nil && v != "" && !r.format(v) {
		return Errorf(CodeInvalidBodyField, r.formatKO, name)
	}
	return nil
}

// isEmailAddress checks the shape local@domain.tld, without white space.
func isEmailAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\r\n\"<>()[],;:\\") &&
		!strings.Contains(domain, "@") && !strings.Contains(domain, "..") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// isCountryCode checks an ISO 3166-1 alpha-2 shaped code: two letters,
// stored in upper case (CountryCode).
func isCountryCode(s string) bool {
	_, ok := CountryCode(s)
	return ok
}

// CountryCode normalises an ISO 3166-1 alpha-2 shaped code to upper case;
// ok is false for anything but two ASCII letters.
func CountryCode(s string) (string, bool) {
	if len(s) != 2 {
		return "", false
	}
	up := strings.ToUpper(s)
	for _, r := range up {
		if r < 'A' || r > 'Z' {
			return "", false
		}
	}
	return up, true
}

// checkText checks a text outside the incident's fields (a reason, a
// comment, a note) by the same rule as the fields' texts.
func checkText(name, v string, min, max int, nonBlank bool) error {
	return rule{text: true, min: min, max: max, nonBlank: nonBlank}.checkText(name, v)
}

// checkEnum checks an enumeration value outside the incident's fields.
func checkEnum(name, v string, values []string) error {
	return enumRule(values).check(name, v)
}
