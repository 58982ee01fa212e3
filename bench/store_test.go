package bench

import (
	"context"
	"testing"
)

// BenchmarkStore measures the store alone: the SQL of a page and its exact
// count, or of one incident, without HTTP, JSON or authentication.
func BenchmarkStore(b *testing.B) {
	e := setup(b)
	b.Run("medium/guide-filter", func(b *testing.B) {
		measure(b, e.storeList(e.medium, parse(b, guideQuery, e.medium)))
	})
	b.Run("medium/sorted-page", func(b *testing.B) {
		measure(b, e.storeList(e.medium, parse(b, sortedPage, e.medium)))
	})
	b.Run("medium/get-by-id", func(b *testing.B) {
		next := e.nextID()
		measure(b, func() error {
			_, err := e.db.GetIncident(context.Background(), e.medium.scope, next())
			return err
		})
	})
	b.Run("large/guide-filter", func(b *testing.B) {
		measure(b, e.storeList(e.large, parse(b, guideQuery, e.large)))
	})
	b.Run("large/sorted-page", func(b *testing.B) {
		measure(b, e.storeList(e.large, parse(b, sortedPage, e.large)))
	})
}
