package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// writePage answers one page of a paged list (spec §4), its items already
// rendered as a JSON array: the count headers and the Link header.
func writePage(w http.ResponseWriter, r *http.Request, q incident.Query, body []byte, total, count int) error {
	setCountHeaders(w, total, count)
	setPageLinks(w, r, q.Offset, q.Limit, total)
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

// setPageLinks sets the Link header (RFC 8288) of a paged list: first, prev
// (not on the first page), next (not on the last) and last, each the
// request's relative URL with its other parameters kept as written.
func setPageLinks(w http.ResponseWriter, r *http.Request, offset, limit, total int) {
	if limit <= 0 {
		return // nothing to page through
	}
	lastOffset := 0
	if total > 0 {
		lastOffset = (total - 1) / limit * limit
	}
	links := []string{pageLink(r.URL, 0, limit, "first")}
	if offset > 0 {
		// Past the end, the previous page is the last one.
		links = append(links, pageLink(r.URL, min(max(offset-limit, 0), lastOffset), limit, "prev"))
	}
	if offset+limit < total {
		links = append(links, pageLink(r.URL, offset+limit, limit, "next"))
	}
	links = append(links, pageLink(r.URL, lastOffset, limit, "last"))
	w.Header().Set("Link", strings.Join(links, ", "))
}

func pageLink(u *url.URL, offset, limit int, rel string) string {
	return fmt.Sprintf(`<%s>; rel="%s"`, pageURL(u, offset, limit), rel)
}

// pageURL is u's path and query with offset and limit replaced (their names
// match case-insensitively, as in the query parser); the other parameters
// keep their order and their encoding.
func pageURL(u *url.URL, offset, limit int) string {
	var params []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(name); err == nil && (strings.EqualFold(name, "offset") || strings.EqualFold(name, "limit")) {
			continue
		}
		params = append(params, p)
	}
	params = append(params, "offset="+strconv.Itoa(offset), "limit="+strconv.Itoa(limit))
	return u.EscapedPath() + "?" + strings.Join(params, "&")
}
