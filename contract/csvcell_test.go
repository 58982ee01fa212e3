package contract

import "testing"

func TestNeutralizeFormula(t *testing.T) {
	for cell, want := range map[string]string{
		`=HYPERLINK("http://evil.example","click")`: `'=HYPERLINK("http://evil.example","click")`,
		"+33 1 23 45 67 89":                         "'+33 1 23 45 67 89",
		"-2+3":                                      "'-2+3",
		"@SUM(A1:A2)":                               "'@SUM(A1:A2)",
		"\t=1":                                      "'\t=1",
		"\r=1":                                      "'\r=1",
		"":                                          "",
		"Line down since 08:00":                     "Line down since 08:00",
		"a=b":                                       "a=b",
		"'=already quoted":                          "'=already quoted",
	} {
		if got := NeutralizeFormula(cell); got != want {
			t.Errorf("NeutralizeFormula(%q) = %q, want %q", cell, got, want)
		}
	}
}
