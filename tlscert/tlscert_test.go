package tlscert

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/internal/testcert"
)

func served(t *testing.T, r *Reloader) int64 {
	t.Helper()
	cert, err := r.ServerConfig().GetCertificate(&tls.ClientHelloInfo{})
	if err != nil {
		t.Fatal(err)
	}
	return cert.Leaf.SerialNumber.Int64()
}

// Reload takes a renewed pair; a broken one leaves the previous in force.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	first, renewed := testcert.New(t, 1), testcert.New(t, 2)
	first.Install(t, certFile, keyFile)
	r, err := Load(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if cfg := r.ServerConfig(); cfg.MinVersion != tls.VersionTLS12 {
		t.Errorf("MinVersion %x, want TLS 1.2", cfg.MinVersion)
	}
	if served(t, r) != 1 {
		t.Fatal("the first certificate is not served")
	}

	// A certificate whose key is another's, then a half-written file.
	if err := os.WriteFile(keyFile, renewed.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if r.Reload() == nil {
		t.Error("a certificate with another's key was taken")
	}
	if err := os.WriteFile(certFile, renewed.CertPEM[:len(renewed.CertPEM)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if r.Reload() == nil {
		t.Error("a truncated certificate was taken")
	}
	if served(t, r) != 1 {
		t.Error("a failed reload replaced the certificate in force")
	}

	renewed.Install(t, certFile, keyFile)
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if served(t, r) != 2 {
		t.Error("the renewed certificate is not served")
	}
	if subject, notAfter := r.Leaf(); subject != "CN=incidentd test 2" || notAfter == "" {
		t.Errorf("Leaf: %q %q", subject, notAfter)
	}
	if _, err := Load(filepath.Join(dir, "missing.crt"), keyFile); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}
