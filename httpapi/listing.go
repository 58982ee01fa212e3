package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// writePage answers one page of a paged list (spec §4), its items already
// rendered as a JSON array: the count headers and the Link header, whose
// next page starts after the cursor next when there is one, else at the
// following offset.
func writePage(w http.ResponseWriter, r *http.Request, q incident.Query, body []byte, total, count int, next string) error {
	setCountHeaders(w, total, count)
	setPageLinks(w, r, q, total, count, next)
	writeJSONBytes(w, http.StatusOK, body)
	return nil
}

// writeAll answers a whole, unpaged list (history, freeze periods,
// attachments) with the two count headers.
func writeAll[T any](w http.ResponseWriter, list []T, appendItem func([]byte, T) []byte) error {
	setCountHeaders(w, len(list), len(list))
	writeJSONBytes(w, http.StatusOK, appendArray(nil, list, appendItem))
	return nil
}

// appendArray appends the items as a JSON array, each by appendItem.
func appendArray[T any](dst []byte, list []T, appendItem func([]byte, T) []byte) []byte {
	dst = append(dst, '[')
	for i, item := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendItem(dst, item)
	}
	return append(dst, ']')
}

// setCountHeaders sets the two count headers every list carries (spec §4):
// the number of items matching and the number in this response.
func setCountHeaders(w http.ResponseWriter, total, count int) {
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	w.Header().Set("X-Result-Count", strconv.Itoa(count))
}

// setPageLinks sets the Link header (RFC 8288) of a paged list, absolute
// URLs keeping the request's other parameters as written: first and last by
// offset; prev (by offset, on a page reached by offset past the first);
// next after the page's cursor when the list gives one, else by offset, when
// more follow.
func setPageLinks(w http.ResponseWriter, r *http.Request, q incident.Query, total, count int, next string) {
	limit := q.Limit
	if limit <= 0 {
		return // nothing to page through
	}
	lastOffset := 0
	if total > 0 {
		lastOffset = (total - 1) / limit * limit
	}
	base := requestBase(r)
	links := []string{pageLink(base, r.URL, offsetParam(0), limit, "first")}
	if q.After == nil && q.Offset > 0 {
		// Past the end, the previous page is the last one.
		links = append(links, pageLink(base, r.URL, offsetParam(min(max(q.Offset-limit, 0), lastOffset)), limit, "prev"))
	}
	switch {
	case next != "":
		links = append(links, pageLink(base, r.URL, contract.ParamCursor+"="+url.QueryEscape(next), limit, "next"))
	case q.After == nil && q.Offset+limit < total:
		links = append(links, pageLink(base, r.URL, offsetParam(q.Offset+limit), limit, "next"))
	}
	links = append(links, pageLink(base, r.URL, offsetParam(lastOffset), limit, "last"))
	w.Header().Set("Link", strings.Join(links, ", "))
}

func offsetParam(offset int) string { return contract.ParamOffset + "=" + strconv.Itoa(offset) }

// requestBase is the scheme and host the request reached, for absolute
// links.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func pageLink(base string, u *url.URL, start string, limit int, rel string) string {
	return fmt.Sprintf(`<%s%s>; rel="%s"`, base, pageURL(u, start, limit), rel)
}

// pageURL is u's path and query with its start (offset or cursor) and limit
// replaced (their names match case-insensitively, as in the query parser);
// the other parameters keep their order and their encoding.
func pageURL(u *url.URL, start string, limit int) string {
	var params []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(name); err == nil && isPageParam(name) {
			continue
		}
		params = append(params, p)
	}
	params = append(params, start, contract.ParamLimit+"="+strconv.Itoa(limit))
	return u.EscapedPath() + "?" + strings.Join(params, "&")
}

func isPageParam(name string) bool {
	for _, p := range []string{contract.ParamOffset, contract.ParamLimit, contract.ParamCursor} {
		if strings.EqualFold(name, p) {
			return true
		}
	}
	return false
}
