package bench

import (
	"net/url"
	"testing"
)

// BenchmarkHTTP measures the same reads through the real server: routing,
// authentication (token and API key), the store, JSON and the network
// stack of 127.0.0.1, one request at a time.
func BenchmarkHTTP(b *testing.B) {
	e := setup(b)
	b.Run("medium/guide-filter", func(b *testing.B) {
		measure(b, e.httpList(e.medium, guideQuery))
	})
	b.Run("medium/sorted-page", func(b *testing.B) {
		measure(b, e.httpList(e.medium, sortedPage))
	})
	b.Run("medium/get-by-id", func(b *testing.B) {
		next := e.nextID()
		measure(b, func() error {
			_, err := e.get(e.medium, listPath+"/"+url.PathEscape(next()))
			return err
		})
	})
	b.Run("large/guide-filter", func(b *testing.B) {
		measure(b, e.httpList(e.large, guideQuery))
	})
	b.Run("large/sorted-page", func(b *testing.B) {
		measure(b, e.httpList(e.large, sortedPage))
	})
}
