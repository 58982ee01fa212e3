package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/internal/testcert"
)

// servedSerial is the serial number of the certificate a new TLS
// connection to addr is served.
func servedSerial(t *testing.T, addr string, roots *x509.CertPool) int64 {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: roots})
	if err != nil {
		t.Fatalf("TLS handshake: %v", err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

// The guide's calls work over HTTPS; plain HTTP and TLS 1.1 are refused;
// SIGHUP with a renewed certificate serves it to new connections without
// dropping a request running on an old one.
func TestTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	first, renewed := testcert.New(t, 1), testcert.New(t, 2)
	first.Install(t, certFile, keyFile)
	srv := startServer(t, "--demo", "--database", "sqlite:"+filepath.Join(dir, "demo.db"),
		"--tls-cert", certFile, "--tls-key", keyFile)
	u, err := url.Parse(srv.URL)
	if err != nil || u.Scheme != "https" {
		t.Fatalf("the server announces %q, want an https URL", srv.URL)
	}
	roots := x509.NewCertPool()
	roots.AddCert(first.Leaf)
	roots.AddCert(renewed.Leaf)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}

	followGuide(t, client, srv.URL)

	t.Run("plain HTTP to the TLS port is refused", func(t *testing.T) {
		resp, err := http.Get("http://" + u.Host + "/incident/b2b/v1/status")
		if err != nil {
			return // the connection was closed: refused
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-OAPI-Request-Id") != "" {
			t.Errorf("plain HTTP answered %d %v: it reached the API", resp.StatusCode, resp.Header)
		}
	})
	t.Run("TLS 1.2 at least", func(t *testing.T) {
		conn, err := tls.Dial("tcp", u.Host, &tls.Config{RootCAs: roots, MaxVersion: tls.VersionTLS11})
		if err == nil {
			conn.Close()
			t.Error("a TLS 1.1 handshake succeeded")
		}
	})

	t.Run("SIGHUP serves a renewed certificate without dropping a running request", func(t *testing.T) {
		token := tokenWith(t, client, srv.URL, "demo-client", "demo-secret")
		// A request whose body is half sent, on a connection served the
		// first certificate.
		conn, err := tls.Dial("tcp", u.Host, &tls.Config{RootCAs: roots})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if serial := conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64(); serial != 1 {
			t.Fatalf("served certificate %d, want 1", serial)
		}
		body := `{"description":"Renewal test: line down","impact":"S3","urgency":"U2"}`
		half := len(body) / 2
		fmt.Fprintf(conn, "POST /incident/b2b/v1/incidents HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
			"X-Api-Key: demo-api-key\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			u.Host, token, len(body), body[:half])

		renewed.Install(t, certFile, keyFile)
		if err := srv.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for servedSerial(t, u.Host, roots) != 2 {
			if time.Now().After(deadline) {
				t.Fatal("the renewed certificate is not served 10 s after SIGHUP")
			}
			time.Sleep(50 * time.Millisecond)
		}

		io.WriteString(conn, body[half:])
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("the running request was dropped: %v", err)
		}
		defer resp.Body.Close()
		created, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusCreated || !strings.Contains(string(created), "Renewal test") {
			t.Fatalf("the running request answered %d: %s", resp.StatusCode, created)
		}
		// The guide's client, on a new connection, trusts the renewal.
		client.CloseIdleConnections()
		resp2, _ := getWith(t, client, srv.URL+"/incident/b2b/v1/incidents?limit=1", token, "demo-api-key")
		if resp2.StatusCode != http.StatusOK || resp2.TLS.PeerCertificates[0].SerialNumber.Int64() != 2 {
			t.Errorf("after the renewal: status %d, certificate %d", resp2.StatusCode, resp2.TLS.PeerCertificates[0].SerialNumber)
		}
	})
}
