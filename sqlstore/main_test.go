package sqlstore_test

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	dropPostgresDatabase()
	os.Exit(code)
}
