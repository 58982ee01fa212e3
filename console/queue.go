package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The service desk's queue: the open incidents of every customer, the
// nearest GTR deadline first (then the highest priority), breached and
// frozen ones marked.

// queueQuery selects the open incidents, in the API's grammar. The store
// orders by priority and age; the deadlines, which move with freeze
// periods, are compared at the page's instant.
const queueQuery = "status=NEW,VALIDATED,IN_PROGRESS,PENDING&sort=priority,createdAt&limit=1000"

type queueData struct {
	Rows     []incidentRow
	Total    int
	Breached int
	Frozen   int
}

func (s *server) queuePage(w http.ResponseWriter, r *http.Request, v *viewer) {
	values, _ := url.ParseQuery(queueQuery)
	q, err := contract.ParseIncidentQuery(values, incident.RoleOperator)
	if err != nil {
		s.internalError(w, r, v, err)
		return
	}
	q.Now = s.now()
	list, total, ver, done := s.readPage(w, r, v, q)
	if done {
		return
	}
	rows := rowsOf(list, q.Now)
	slices.SortStableFunc(rows, func(a, b incidentRow) int {
		if c := a.SLA.GTRDeadline.Compare(b.SLA.GTRDeadline); c != 0 {
			return c
		}
		return strings.Compare(string(a.Priority), string(b.Priority))
	})
	data := queueData{Rows: rows, Total: total}
	for _, row := range rows {
		if row.SLA.IsBreached {
			data.Breached++
		}
		if row.SLA.IsFrozen {
			data.Frozen++
		}
	}
	s.renderPage(w, r, v, http.StatusOK, "queue", &page{Title: text.Message(v.lang, key("queue")), LiveVersion: ver, Data: data})
}
