package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Every code of spec §7 has its status and its two messages.
func TestErrorTableIsComplete(t *testing.T) {
	want := map[int]int{
		1: 500, 5: 503, 20: 400, 21: 400, 22: 400, 23: 400, 24: 400, 25: 400, 26: 400, 27: 400, 28: 400,
		40: 401, 41: 401, 42: 401, 50: 403, 53: 429, 60: 404, 61: 405, 62: 406, 65: 412, 66: 413, 68: 415,
		101: 422, 102: 422, 103: 422,
	}
	for code, status := range want {
		k, ok := errorKinds[code]
		english, en := text.Lookup(text.English, k.message)
		french, fr := text.Lookup(text.French, k.message)
		if !ok || k.status != status || !en || !fr || english == "" || french == "" {
			t.Errorf("code %d: %+v, want status %d and two messages", code, k, status)
		}
	}
	if len(errorKinds) != len(want) {
		t.Errorf("%d codes in the table, %d in the specification", len(errorKinds), len(want))
	}
}

func TestErrorWriter(t *testing.T) {
	var log bytes.Buffer
	ew := errorWriter{logger: slog.New(slog.NewTextHandler(&log, nil))}
	serve := func(err error, lang text.Language) (*httptest.ResponseRecorder, map[string]any) {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/x", nil)
		r = r.WithContext(withState(r.Context(), &requestState{requestID: "req-1", language: lang}))
		ew.write(w, r, err)
		var body map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %s: %v", w.Body, err)
		}
		return w, body
	}

	refused := &incident.Error{Code: incident.CodeInvalidTransition, Detail: incident.MsgInvalidTransition,
		Args:    []any{"NEW", "RESOLVED", "CANCELLED"},
		Refusal: &incident.TransitionRefusal{Current: incident.StatusNew, Allowed: []incident.Status{incident.StatusCancelled}}}
	w, body := serve(refused, text.French)
	if w.Code != 422 || body["code"] != float64(101) || body["message"] != "Changement de statut invalide" ||
		body["currentStatus"] != "NEW" || !strings.Contains(body["description"].(string), "ne peut pas") {
		t.Errorf("422: %d %v", w.Code, body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.HasPrefix(w.Body.String(), `{"code":101,"message":`) {
		t.Errorf("the standard members come first: %s", w.Body)
	}

	w, body = serve(errors.New("connection reset by database"), text.English)
	if w.Code != 500 || body["code"] != float64(1) || strings.Contains(w.Body.String(), "database") ||
		!strings.Contains(body["description"].(string), "req-1") {
		t.Errorf("500: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(log.String(), "connection reset by database") || !strings.Contains(log.String(), "req-1") {
		t.Errorf("the detail of a 500 is not logged with the request id: %s", log.String())
	}
}

// A panic answers 500 code 1 naming only the request id, and is logged.
func TestRecover(t *testing.T) {
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	panicking := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail") })
	h := withRequestID(withLanguage((&server{logger: logger}).withRequestLog(withRecover(logger, errorWriter{logger: logger}, panicking))))
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("X-Request-Id", "trace-7")
	h.ServeHTTP(w, r)
	if w.Code != 500 || strings.Contains(w.Body.String(), "secret") || !strings.Contains(w.Body.String(), "trace-7") {
		t.Errorf("panic answer: %d %s", w.Code, w.Body)
	}
	if w.Header().Get("X-OAPI-Request-Id") != "trace-7" || w.Header().Get("Content-Language") != "en" {
		t.Errorf("headers %v", w.Header())
	}
	if !strings.Contains(log.String(), "secret detail") || !strings.Contains(log.String(), "status=500") {
		t.Errorf("log: %s", log.String())
	}
}
