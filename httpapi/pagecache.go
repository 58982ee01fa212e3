package httpapi

import (
	"container/list"
	"sync"

	"github.com/incidentd/incidentd/incident"
)

// pageCache keeps recent pages of the incident list, each with the change
// marker of its scope read before it: a page is served again while its
// scope's marker stands, that is while no incident of the scope was
// created or changed, on any server. Only the incidents and their count
// are kept; every answer is rendered at its own instant (the clock figures
// move). A page whose selection or order follows the clock (sla.isBreached)
// is never kept. The cache holds at most maxCachedPages pages and
// maxCachedIncidents incidents, the least recently used going first.
type pageCache struct {
	mu        sync.Mutex
	lru       *list.List // of *cachedPage, most recent first
	byKey     map[string]*list.Element
	incidents int
}

const (
	maxCachedPages     = 256
	maxCachedIncidents = 10_000
)

type cachedPage struct {
	key    string
	marker int64
	page   []*incident.Incident
	total  int
}

func newPageCache() *pageCache {
	return &pageCache{lru: list.New(), byKey: map[string]*list.Element{}}
}

// pageKey names a page of a scope by the query string that asked for it
// (parsed as q), and says whether it may be kept.
func pageKey(scope incident.Scope, rawQuery string, q incident.Query) (string, bool) {
	for _, f := range q.Filters {
		if f.Attr.Name == "sla.isBreached" {
			return "", false
		}
	}
	for _, k := range q.Sort {
		if k.Attr.Name == "sla.isBreached" {
			return "", false
		}
	}
	owner := "operator"
	if !scope.Operator {
		owner = "customer " + scope.CustomerID
	}
	return owner + "?" + rawQuery, true
}

// get returns a copy of a kept page if it was read at the marker.
func (c *pageCache) get(key string, marker int64) ([]*incident.Incident, int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, 0, false
	}
	p := e.Value.(*cachedPage)
	if p.marker != marker {
		c.remove(e)
		return nil, 0, false
	}
	c.lru.MoveToFront(e)
	page := make([]*incident.Incident, len(p.page))
	for i, inc := range p.page {
		copied := *inc
		page[i] = &copied
	}
	return page, p.total, true
}

// put keeps a page read at the marker.
func (c *pageCache) put(key string, marker int64, page []*incident.Incident, total int) {
	if len(page) > maxCachedIncidents {
		return
	}
	kept := make([]*incident.Incident, len(page))
	for i, inc := range page {
		copied := *inc
		kept[i] = &copied
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.remove(e)
	}
	c.byKey[key] = c.lru.PushFront(&cachedPage{key: key, marker: marker, page: kept, total: total})
	c.incidents += len(kept)
	for c.lru.Len() > maxCachedPages || c.incidents > maxCachedIncidents {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := c.lru.Remove(e).(*cachedPage)
	delete(c.byKey, p.key)
	c.incidents -= len(p.page)
}
