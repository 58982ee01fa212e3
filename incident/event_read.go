package incident

import "context"

// Reading events through a filter: the store reads within the scope, in
// cursor order; the filter runs in memory, over batches.

// EventScanBatch is how many events one read of the store asks for when a
// filter may drop some; EventScanMax bounds the events one ReadEvents looks
// at: past it, it returns what it found and a cursor beyond what it looked
// at, so that a filter matching nothing never reads the whole retention in
// one call.
const (
	EventScanBatch = 500
	EventScanMax   = 20000
)

// ReadEvents reads the events after the cursor that the scope may see and
// the filter keeps, oldest first, until it has limit of them, reaches the
// end (atEnd), or has looked at EventScanMax events. next is the cursor
// after the last event returned, or after the last one looked at when the
// filter dropped it: a reader that goes on from next misses nothing and
// sees nothing twice.
func ReadEvents(ctx context.Context, store EventStore, scope Scope, f EventFilter, after string, limit int) (events []Event, next string, atEnd bool, err error) {
	batch := limit
	if len(f.Types) > 0 || f.Incident != nil {
		batch = max(limit, EventScanBatch)
	}
	for scanned := 0; scanned < EventScanMax; {
		page, pageNext, err := store.Events(ctx, scope, after, batch)
		if err != nil {
			return nil, after, false, err
		}
		scanned += len(page)
		for i := range page {
			if !f.Matches(&page[i], scope) {
				continue
			}
			events = append(events, page[i])
			if len(events) == limit {
				return events, page[i].Cursor, false, nil
			}
		}
		after = pageNext
		if len(page) < batch {
			return events, after, true, nil
		}
	}
	return events, after, false, nil
}
