// Package tlscert serves TLS with a certificate and key read from files and
// read again on demand (SIGHUP), so that a renewed certificate is taken
// without a restart and without dropping a connection: each handshake asks
// for the certificate in force, established connections keep theirs.
package tlscert

import (
	"crypto/tls"
	"fmt"
	"sync/atomic"
)

// Reloader holds the certificate in force.
type Reloader struct {
	certFile, keyFile string
	current           atomic.Pointer[tls.Certificate]
}

// Load reads the certificate chain and key (PEM files) a first time.
func Load(certFile, keyFile string) (*Reloader, error) {
	r := &Reloader{certFile: certFile, keyFile: keyFile}
	if err := r.Reload(); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload reads the files again. On failure (a half-written file, a key
// that does not match) the certificate in force stays.
func (r *Reloader) Reload() error {
	cert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("TLS certificate %s and key %s: %w", r.certFile, r.keyFile, err)
	}
	r.current.Store(&cert)
	return nil
}

// Leaf is the certificate in force, for the log: its subject and expiry.
func (r *Reloader) Leaf() (subject, notAfter string) {
	c := r.current.Load()
	if c.Leaf == nil {
		return "", ""
	}
	return c.Leaf.Subject.String(), c.Leaf.NotAfter.UTC().Format("2006-01-02T15:04:05Z")
}

// ServerConfig is the TLS configuration of the server: the certificate in
// force at each handshake, TLS 1.2 at least, Go's defaults otherwise
// (cipher suites, curves, TLS 1.3).
func (r *Reloader) ServerConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return r.current.Load(), nil
		},
	}
}
