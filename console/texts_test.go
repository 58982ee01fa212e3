package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/text"
)

// Every text a template names is registered, in English and French.
func TestTemplateTextsRegistered(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("templates", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	used := regexp.MustCompile(`\.T "([a-zA-Z_.-]+)"`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			k := text.Key("console." + m[1])
			en, ok := text.Lookup(text.English, k)
			fr, _ := text.Lookup(text.French, k)
			if !ok || en == "" || fr == en && len(en) > 12 {
				t.Errorf("%s: text %q missing or not translated (en %q, fr %q)", f, m[1], en, fr)
			}
		}
	}
}

// Pages speak French to a browser that prefers it, and to whoever chose it.
func TestPagesInFrench(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(demoReporter)
	req, _ := http.NewRequest(http.MethodGet, e.base+"/console/incidents", nil)
	req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")
	r := c.do(req)
	if r.status != http.StatusOK || r.header.Get("Content-Language") != "fr" || !strings.Contains(r.body, `<html lang="fr">`) || !strings.Contains(r.body, "Filtres") {
		t.Fatalf("French list: status %d, Content-Language %q", r.status, r.header.Get("Content-Language"))
	}
	if r := c.get("/console/language?lang=fr&back=/console/dashboard"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/dashboard" {
		t.Fatalf("choosing French: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	if r := c.get("/console/dashboard"); !strings.Contains(r.body, "Tableau de bord") {
		t.Error("the chosen language is not kept")
	}
	if r := c.get("/console/language?lang=en&back=https://evil.example/"); r.header.Get("Location") != "/console/incidents" {
		t.Errorf("the language switch sends to %q", r.header.Get("Location"))
	}
}
