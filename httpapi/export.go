package httpapi

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// exportFlushRows is how many rows go out between two flushes of the
// response: a client sees the export progress, and the server holds no more
// than a few buffers of it.
const exportFlushRows = 500

// errHeadOnly ends the stream of a HEAD request once its headers are known.
var errHeadOnly = errors.New("HEAD: headers only")

// exportIncidents answers the incident list as CSV or NDJSON (spec §4): the
// same filters, sort and fields as the JSON list, but the whole result of
// the query rather than a page. offset and limit still apply when the
// request gives them, limit keeping its maximum. X-Total-Count, the number
// of incidents matching, is read in the same snapshot as the rows, and
// X-Result-Count is the number of rows that follow.
func (s *server) exportIncidents(w http.ResponseWriter, r *http.Request, mediaType string) error {
	state := stateOf(r.Context())
	values, err := queryValues(r)
	if err != nil {
		return err
	}
	q, err := incident.IncidentAttributes.ParseQuery(values, state.caller.Role)
	if err != nil {
		return err
	}
	if !hasParam(values, incident.ParamLimit) {
		q.Limit = 0 // no page: everything from the offset on
	}
	q.Now = s.now()
	streamer, ok := s.incidents.(incident.IncidentStreamer)
	if !ok {
		return errors.New("the incident store does not stream incidents")
	}

	out := &clientWriter{w: w}
	var enc exportEncoder
	if mediaType == csvMediaType {
		enc = newCSVExport(out, q.Fields, q.Now, state.language)
	} else {
		enc = newNDJSONExport(out, q.Fields, q.Now, state.language)
	}
	flusher := http.NewResponseController(w)
	started, rows := false, 0
	err = streamer.StreamIncidents(r.Context(), state.caller.Scope, q,
		func(total int) error {
			started = true
			h := w.Header()
			h.Set("Content-Type", enc.contentType())
			h.Set("Content-Disposition", `attachment; filename="`+enc.fileName()+`"`)
			setCountHeaders(w, total, resultCount(total, q.Offset, q.Limit))
			w.WriteHeader(http.StatusOK)
			if r.Method == http.MethodHead {
				return errHeadOnly
			}
			return enc.begin()
		},
		func(inc *incident.Incident) error {
			if err := enc.write(inc); err != nil {
				return err
			}
			if rows++; rows%exportFlushRows == 0 {
				if err := enc.flush(); err != nil {
					return err
				}
				flusher.Flush() // unsupported only by test recorders: nothing to do then
			}
			return nil
		})
	if err == nil {
		err = enc.flush()
	}
	switch {
	case err == nil, errors.Is(err, errHeadOnly):
		return nil
	case !started:
		return err // nothing sent yet: the usual error answer
	case out.err != nil:
		// The client went away: there is no one left to tell.
		s.logger.InfoContext(r.Context(), "export interrupted", "requestId", state.requestID, "rows", rows, "error", out.err.Error())
		return nil
	}
	// Too late for an error answer: cut the connection, so that the client
	// sees an incomplete transfer rather than a shorter export.
	s.logger.ErrorContext(r.Context(), "internal error", "requestId", state.requestID,
		"method", r.Method, "path", r.URL.Path, "rows", rows, "error", err.Error())
	panic(http.ErrAbortHandler)
}

// resultCount is the number of incidents from offset, at most limit when
// limit is set, out of total.
func resultCount(total, offset, limit int) int {
	n := max(total-offset, 0)
	if limit > 0 {
		n = min(n, limit)
	}
	return n
}

// hasParam reports whether the query string names a reserved parameter,
// matched case-insensitively as the query parser matches it.
func hasParam(values map[string][]string, name string) bool {
	for k := range values {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// clientWriter remembers the first error of writing to the client.
type clientWriter struct {
	w   io.Writer
	err error
}

func (c *clientWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.err = err
	return n, err
}

// exportEncoder writes incidents in one export format.
type exportEncoder interface {
	contentType() string
	fileName() string
	// begin writes what comes before the first incident.
	begin() error
	write(*incident.Incident) error
	// flush sends what is buffered.
	flush() error
}

// csvExport writes a header row of dot-notation names, then one row per
// incident (csvcolumns.go), with CRLF line ends (RFC 4180).
type csvExport struct {
	w       *csv.Writer
	columns []string
	cells   []csvCell
	record  []string
	now     time.Time
	lang    incident.Language
}

func newCSVExport(w io.Writer, fields []string, now time.Time, lang incident.Language) *csvExport {
	e := &csvExport{w: csv.NewWriter(w), columns: csvColumns(fields), now: now, lang: lang}
	e.w.UseCRLF = true
	for _, c := range e.columns {
		e.cells = append(e.cells, csvCells[c])
	}
	e.record = make([]string, len(e.columns))
	return e
}

func (e *csvExport) contentType() string { return "text/csv; charset=utf-8; header=present" }
func (e *csvExport) fileName() string    { return "incidents.csv" }
func (e *csvExport) begin() error        { return e.w.Write(e.columns) }

func (e *csvExport) write(inc *incident.Incident) error {
	rep := representIncident(inc, e.now, e.lang)
	for i, cell := range e.cells {
		e.record[i] = cell(&rep)
	}
	return e.w.Write(e.record)
}

func (e *csvExport) flush() error {
	e.w.Flush()
	return e.w.Error()
}

// ndjsonExport writes one JSON incident per line, each exactly as the JSON
// list would give it.
type ndjsonExport struct {
	w      *bufio.Writer
	enc    *json.Encoder
	fields []string
	now    time.Time
	lang   incident.Language
}

func newNDJSONExport(w io.Writer, fields []string, now time.Time, lang incident.Language) *ndjsonExport {
	bw := bufio.NewWriterSize(w, 32<<10)
	return &ndjsonExport{w: bw, enc: json.NewEncoder(bw), fields: fields, now: now, lang: lang}
}

func (e *ndjsonExport) contentType() string { return ndjsonMediaType }
func (e *ndjsonExport) fileName() string    { return "incidents.ndjson" }
func (e *ndjsonExport) begin() error        { return nil }

func (e *ndjsonExport) write(inc *incident.Incident) error {
	var item any = representIncident(inc, e.now, e.lang)
	if len(e.fields) > 0 {
		projected, err := project(item, e.fields)
		if err != nil {
			return err
		}
		item = projected
	}
	return e.enc.Encode(item) // one line: Encode ends it with \n
}

func (e *ndjsonExport) flush() error { return e.w.Flush() }
