package incident

// MsgStorageUnavailable is the detail of CodeUnavailable when the database
// does not answer (connection refused or lost, database busy or full).
const MsgStorageUnavailable MessageKey = "storage_unavailable"

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgStorageUnavailable: {"the database is temporarily unavailable", "la base de données est momentanément indisponible"},
	})
}
