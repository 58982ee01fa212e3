package sqlstore_test

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	dropPostgresDatabase()
	closeBench()
	if benchPG.db != nil {
		benchPG.db.Close()
	}
	os.Exit(code)
}
