package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testCertificate is a self-signed certificate for 127.0.0.1, made by the
// test.
type testCertificate struct {
	leaf            *x509.Certificate
	certPEM, keyPEM []byte
}

func newTestCertificate(t *testing.T, serial int64) testCertificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: fmt.Sprintf("incidentd test %d", serial)},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return testCertificate{
		leaf:    leaf,
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	}
}

// install writes the certificate and its key where the server reads them,
// each file replaced at once as a renewal tool does.
func (c testCertificate) install(t *testing.T, certFile, keyFile string) {
	t.Helper()
	for file, data := range map[string][]byte{certFile: c.certPEM, keyFile: c.keyPEM} {
		tmp := file + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
}

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
	first, renewed := newTestCertificate(t, 1), newTestCertificate(t, 2)
	first.install(t, certFile, keyFile)
	srv := startServer(t, "--demo", "--database", "sqlite:"+filepath.Join(dir, "demo.db"),
		"--tls-cert", certFile, "--tls-key", keyFile)
	u, err := url.Parse(srv.URL)
	if err != nil || u.Scheme != "https" {
		t.Fatalf("the server announces %q, want an https URL", srv.URL)
	}
	roots := x509.NewCertPool()
	roots.AddCert(first.leaf)
	roots.AddCert(renewed.leaf)
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

		renewed.install(t, certFile, keyFile)
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
