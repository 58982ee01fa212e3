package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/metrics"
)

// attachmentsDir is where attachment bytes go: the configured directory,
// else beside a SQLite database file (incidentd.db: incidentd-attachments),
// else ./attachments. With several servers on one PostgreSQL database the
// directory must be one they share.
func attachmentsDir(cfg *Config) string {
	if cfg.AttachmentsDir != "" {
		return cfg.AttachmentsDir
	}
	if path, ok := strings.CutPrefix(cfg.DatabaseURL, "sqlite:"); ok && path != ":memory:" {
		path = strings.TrimPrefix(path, "//")
		stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		return filepath.Join(filepath.Dir(path), stem+"-attachments")
	}
	return "attachments"
}

// attachmentTypes splits the comma-separated allow-list of media types.
func attachmentTypes(list string) ([]string, error) {
	var types []string
	for _, t := range strings.Split(list, ",") {
		t = strings.ToLower(strings.TrimSpace(t))
		major, minor, ok := strings.Cut(t, "/")
		if !ok || major == "" || minor == "" || strings.ContainsAny(t, " ;") {
			return nil, fmt.Errorf("attachment-types: %q is not a media type (type/subtype or type/*)", t)
		}
		types = append(types, t)
	}
	return types, nil
}

// sweepAttachments removes, now and then every interval until ctx ends,
// the attachment bytes that no metadata names: those of uploads refused
// after their bytes were stored, and the unfinished files of a server that
// died during an upload. Every server may sweep the same directory: a
// blob an upload is committing is locked until its metadata is.
func sweepAttachments(ctx context.Context, logger *slog.Logger, m *metrics.Metrics, store blob.Store, referenced func(context.Context, string) (bool, error), interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		swept, err := store.Sweep(ctx, referenced)
		if ctx.Err() == nil {
			m.JobRun(jobAttachmentSweep, err, time.Now())
		}
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("attachment sweep", "err", err)
		case swept.Blobs+swept.Unfinished > 0:
			logger.Info("removed unreferenced attachment files", "blobs", swept.Blobs, "unfinished", swept.Unfinished)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
