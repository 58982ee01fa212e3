package main

import (
	"slices"
	"testing"
)

func TestAttachmentsDir(t *testing.T) {
	for _, tc := range []struct{ dir, database, want string }{
		{"", "sqlite:incidentd.db", "incidentd-attachments"},
		{"", "sqlite:/var/lib/incidentd/prod.sqlite", "/var/lib/incidentd/prod-attachments"},
		{"", "sqlite:///srv/data.db", "/srv/data-attachments"},
		{"", "sqlite::memory:", "attachments"},
		{"", "postgres://db/incidentd", "attachments"},
		{"/mnt/shared/files", "postgres://db/incidentd", "/mnt/shared/files"},
		{"files", "sqlite:incidentd.db", "files"},
	} {
		cfg := Config{AttachmentsDir: tc.dir, DatabaseURL: tc.database}
		if got := attachmentsDir(&cfg); got != tc.want {
			t.Errorf("dir %q, database %q: %q, want %q", tc.dir, tc.database, got, tc.want)
		}
	}
}

func TestAttachmentTypesFlag(t *testing.T) {
	got, err := attachmentTypes(" text/plain, Image/* ,application/pdf")
	if err != nil || !slices.Equal(got, []string{"text/plain", "image/*", "application/pdf"}) {
		t.Errorf("%q %v", got, err)
	}
	for _, bad := range []string{"", "text", "text/", "/plain", "text/plain,", "text/plain; charset=utf-8", "a b/c"} {
		if _, err := attachmentTypes(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	cfg := Config{}
	fs := newFlagSet("serve")
	bindConfig(fs, &cfg)
	if err := parseConfig(fs, []string{"--attachment-types", "text"}, cfg.validate); err == nil {
		t.Error("serve accepted an invalid allow-list")
	}
}
