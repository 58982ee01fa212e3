package main

import "net/url"

const apiBase = "/incident/b2b/v1"

// guidePage is the getting-started guide's filter as a page of 20.
const guidePage = apiBase + "/incidents?location.address.country=FR&Priority=P1&limit=20"

// kind is one kind of request: the paths (with their query) a client
// cycles through. A conditional kind asks again with the entity tag of the
// first answer of each path (If-None-Match), as a client polling does: 304.
type kind struct {
	name        string
	paths       []string
	conditional bool
	// etags are the tags of the paths' first answers, known once captured.
	etags map[string]string
}

// kindNames are the request kinds, in the order they are measured.
var kindNames = []string{"get-by-id", "get-by-id-304", "guide-page", "guide-page-304", "newest-page", "aggregation", "aggregation-sla"}

// requestKinds builds the requests of the named kinds: a read by id of
// each sampled incident, the getting-started guide's filter (France, P1)
// as a page of 20, the newest page of 20 with its exact count, and the
// dashboard's counts by status and priority, and the same with the SLA
// figures (the breached count moves with the clock: it counts the
// incidents' index entries each time).
func requestKinds(names []string, p *preparedSet) []kind {
	byID := func() kind {
		k := kind{name: "get-by-id"}
		for _, id := range p.ids {
			k.paths = append(k.paths, apiBase+"/incidents/"+url.PathEscape(id))
		}
		return k
	}
	byName := map[string]func() kind{
		"get-by-id": byID,
		"get-by-id-304": func() kind {
			k := byID()
			k.name, k.conditional = "get-by-id-304", true
			return k
		},
		"guide-page-304": func() kind {
			return kind{name: "guide-page-304", paths: []string{guidePage}, conditional: true}
		},
		"guide-page": func() kind {
			return kind{name: "guide-page", paths: []string{guidePage}}
		},
		"newest-page": func() kind {
			return kind{name: "newest-page", paths: []string{apiBase + "/incidents?sort=-createdAt&limit=20"}}
		},
		"aggregation": func() kind {
			return kind{name: "aggregation", paths: []string{apiBase + "/aggregation?groupBy=status,priority"}}
		},
		"aggregation-sla": func() kind {
			return kind{name: "aggregation-sla", paths: []string{apiBase + "/aggregation?groupBy=status,priority&metrics=count,mttr,breached"}}
		},
	}
	var kinds []kind
	for _, n := range kindNames {
		for _, want := range names {
			if want == n {
				kinds = append(kinds, byName[n]())
				break
			}
		}
	}
	return kinds
}
