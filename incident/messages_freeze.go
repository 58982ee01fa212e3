package incident

// Detail messages of the freeze period rules (spec §5).
const (
	MsgFreezeStartInFuture MessageKey = "freeze_start_in_future"
	MsgFreezeOpenWhenOver  MessageKey = "freeze_open_when_over"
)

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgFreezeStartInFuture: {"startAt cannot be in the future", "startAt ne peut pas être dans le futur"},
		MsgFreezeOpenWhenOver:  {"the incident is %s: a freeze period needs an endAt", "l'incident est %s : une période de gel exige un endAt"},
	})
}
