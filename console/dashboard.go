package console

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The dashboard: counters by status and priority, and the mean time to
// restore and the breached share by month of creation over the last
// twelve months, drawn as inline SVG from the aggregation's groups.

type dashboardData struct {
	Statuses   []counter
	Priorities []counter
	// Grid counts the incidents by status (rows) and priority (columns).
	Grid  []gridRow
	Total int
	MTTR  chart
	Share chart
}

type counter struct {
	Value, Label string
	Count        int
}

type gridRow struct {
	Status string
	Counts []int
}

// chart is a bar chart in SVG user units: chartWidth × chartHeight.
type chart struct {
	Title, Unit string
	Bars        []bar
	Max         string // the value of the top of the scale
	Range       string // the first and the last month
	// Empty, when set, is said instead of the chart: no figure to draw.
	Empty string
}

type bar struct {
	X, Y, W, H float64
	Label      string // the month
	Value      string // the figure, in words
}

const (
	chartWidth  = 600.0
	chartHeight = 200.0
)

func (s *server) aggregate(r *http.Request, v *viewer, query string) ([]incident.Group, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	a, err := contract.ParseIncidentAggregation(values, v.caller().Role)
	if err != nil {
		return nil, err
	}
	a.Now = s.now()
	return s.Aggregator.AggregateIncidents(r.Context(), v.caller().Scope, a)
}

func (s *server) dashboardPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	grid, err := s.aggregate(r, v, "groupBy=status,priority")
	if err != nil {
		s.internalError(w, r, v, err)
		return
	}
	ver := newVersion()
	for _, g := range grid {
		ver.add(g.Keys[0].Str).add(g.Keys[1].Str).addInt(int64(g.Count))
	}
	if unchanged(w, r, ver.String()) {
		return
	}
	since := s.now().AddDate(0, -11, 0)
	since = time.Date(since.Year(), since.Month(), 1, 0, 0, 0, 0, time.UTC)
	months, err := s.aggregate(r, v, "groupBy=createdAt:month&metrics=count,mttr,breached&createdAt.gte="+since.Format(time.DateOnly))
	if err != nil {
		s.internalError(w, r, v, err)
		return
	}
	data := dashboardData{}
	byStatus, byPriority := map[string]int{}, map[string]int{}
	cells := map[[2]string]int{}
	for _, g := range grid {
		st, pr := g.Keys[0].Str, g.Keys[1].Str
		byStatus[st] += g.Count
		byPriority[pr] += g.Count
		cells[[2]string{st, pr}] = g.Count
		data.Total += g.Count
	}
	for _, st := range incident.Statuses {
		data.Statuses = append(data.Statuses, counter{Value: st, Label: labelOf(v.lang, st), Count: byStatus[st]})
		row := gridRow{Status: st}
		for _, pr := range incident.Priorities {
			row.Counts = append(row.Counts, cells[[2]string{st, pr}])
		}
		data.Grid = append(data.Grid, row)
	}
	for _, pr := range incident.Priorities {
		data.Priorities = append(data.Priorities, counter{Value: pr, Label: labelOf(v.lang, pr), Count: byPriority[pr]})
	}
	data.MTTR, data.Share = monthlyCharts(v.lang, months, since)
	s.renderPage(w, r, v, http.StatusOK, "dashboard", &page{Title: text.Message(v.lang, key("dashboard")), LiveVersion: ver.String(), Data: data})
}

// monthlyCharts draws the mean time to restore (hours) and the breached
// share (percent) of the twelve months from since.
func monthlyCharts(lang text.Language, groups []incident.Group, since time.Time) (mttr, share chart) {
	byMonth := map[string]incident.Group{}
	for _, g := range groups {
		byMonth[g.Keys[0].Str] = g
	}
	const months = 12
	hours := make([]float64, months)
	percent := make([]float64, months)
	labels := make([]string, months)
	for i := range months {
		m := since.AddDate(0, i, 0)
		labels[i] = m.Format("2006-01")
		g := byMonth[labels[i]]
		if s, ok := g.MTTRSeconds(); ok {
			hours[i] = float64(s) / 3600
		}
		if g.Count > 0 {
			percent[i] = 100 * float64(g.Breached) / float64(g.Count)
		}
	}
	mttr = barChart(text.Message(lang, key("chart_mttr")), "h", text.Message(lang, key("chart_mttr_none")), labels, hours, func(x float64) string {
		return formatDuration(lang, int64(x*3600))
	})
	share = barChart(text.Message(lang, key("chart_breached")), "%", text.Message(lang, key("chart_breached_none")), labels, percent, func(x float64) string {
		return fmt.Sprintf("%.0f %%", x)
	})
	return mttr, share
}

func barChart(title, unit, empty string, labels []string, values []float64, words func(float64) string) chart {
	c := chart{Title: title, Unit: unit}
	top := 0.0
	for _, x := range values {
		top = max(top, x)
	}
	if top == 0 {
		top, c.Empty = 1, empty
	}
	c.Max = words(top)
	c.Range = labels[0] + " – " + labels[len(labels)-1]
	slot := chartWidth / float64(len(values))
	for i, x := range values {
		h := x / top * (chartHeight - 20)
		c.Bars = append(c.Bars, bar{X: float64(i)*slot + slot*0.15, W: slot * 0.7, Y: chartHeight - 20 - h, H: h,
			Label: labels[i], Value: words(x)})
	}
	return c
}
