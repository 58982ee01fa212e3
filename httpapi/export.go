package httpapi

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
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
	q, err := contract.ParseIncidentQuery(values, state.caller.Role)
	if err != nil {
		return err
	}
	if q.After != nil {
		return fail(incident.CodeInvalidQueryParam, MsgExportCursor, contract.ParamCursor)
	}
	if !hasParam(values, contract.ParamLimit) {
		q.Limit = 0 // no page: everything from the offset on
	}
	q.Now = s.now()
	streamer, ok := s.incidents.(incident.IncidentStreamer)
	if !ok {
		return errors.New("the incident store does not stream incidents")
	}
	release, err := s.exports.take(exportParty(state.caller))
	if err != nil {
		return err
	}
	defer release()

	out := &clientWriter{w: w}
	var enc exportEncoder
	if mediaType == csvMediaType {
		enc = newCSVExport(out, q.Fields, q.Now, state.language, !s.csvKeepFormulas)
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
		"method", logText(r.Method), "path", logText(r.URL.Path), "rows", rows, "error", err.Error())
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
// incident, with CRLF line ends (RFC 4180).
type csvExport struct {
	w      *csv.Writer
	rows   *contract.IncidentWriter
	record []string
	// neutralize prefixes the cells a spreadsheet would run as formulas.
	neutralize bool
}

func newCSVExport(w io.Writer, fields []string, now time.Time, lang text.Language, neutralize bool) *csvExport {
	e := &csvExport{w: csv.NewWriter(w), rows: contract.NewIncidentWriter(now, lang, fields), neutralize: neutralize}
	e.w.UseCRLF = true
	e.record = make([]string, len(e.rows.CSVHeader()))
	return e
}

func (e *csvExport) contentType() string { return "text/csv; charset=utf-8; header=present" }
func (e *csvExport) fileName() string    { return "incidents.csv" }
func (e *csvExport) begin() error        { return e.w.Write(e.rows.CSVHeader()) }

func (e *csvExport) write(inc *incident.Incident) error {
	e.rows.CSVRecord(inc, e.record)
	if e.neutralize {
		for i, cell := range e.record {
			e.record[i] = contract.NeutralizeFormula(cell)
		}
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
	w    *bufio.Writer
	rows *contract.IncidentWriter
	line []byte
}

func newNDJSONExport(w io.Writer, fields []string, now time.Time, lang text.Language) *ndjsonExport {
	return &ndjsonExport{w: bufio.NewWriterSize(w, 32<<10), rows: contract.NewIncidentWriter(now, lang, fields)}
}

func (e *ndjsonExport) contentType() string { return ndjsonMediaType }
func (e *ndjsonExport) fileName() string    { return "incidents.ndjson" }
func (e *ndjsonExport) begin() error        { return nil }

func (e *ndjsonExport) write(inc *incident.Incident) error {
	e.line = append(e.rows.AppendJSON(e.line[:0], inc), '\n')
	_, err := e.w.Write(e.line)
	return err
}

func (e *ndjsonExport) flush() error { return e.w.Flush() }
