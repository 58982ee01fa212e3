package main

import (
	"net"
	"net/http"
	"path/filepath"
	"testing"
)

// TestDebugAddr checks that --debug-addr serves the profiling endpoints on
// their own address, and that the API's address does not.
func TestDebugAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	debugAddr := ln.Addr().String()
	ln.Close()
	srv := startServer(t, "--database", "sqlite:"+filepath.Join(t.TempDir(), "d.db"), "--debug-addr", debugAddr)
	if resp, body := get(t, "http://"+debugAddr+"/debug/pprof/cmdline", "", ""); resp.StatusCode != http.StatusOK || len(body) == 0 {
		t.Errorf("profiling endpoint: %s, %q", resp.Status, body)
	}
	if resp, _ := get(t, srv.URL+"/debug/pprof/cmdline", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the API's address answers the profiling endpoint: %s", resp.Status)
	}
}
