package main

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// bareCommand is the hidden subcommand that runs the bare server: the
// command starts itself again with it, so that the bare server is a process
// of its own, as incidentd is.
const bareCommand = "bare"

// answer is a response of incidentd as it went over the wire, for the
// request of uri.
type answer struct {
	URI string
	// IfNoneMatch is the condition of the request, empty for none.
	IfNoneMatch string
	Status      int
	Header      http.Header
	Body        []byte
}

// capture asks incidentd once for every path of the kinds and keeps its
// answers. Date is left out: net/http writes the current one.
func capture(ctx context.Context, client *http.Client, base string, creds credentials, kinds []kind) ([]answer, error) {
	var answers []answer
	for i := range kinds {
		k := &kinds[i]
		for _, path := range k.paths {
			a, err := ask(ctx, client, base, creds, path, "", http.StatusOK)
			if err != nil {
				return nil, err
			}
			if k.conditional {
				if k.etags == nil {
					k.etags = map[string]string{}
				}
				k.etags[path] = a.Header.Get("ETag")
				if a, err = ask(ctx, client, base, creds, path, k.etags[path], http.StatusNotModified); err != nil {
					return nil, err
				}
			}
			answers = append(answers, a)
		}
	}
	return answers, nil
}

// ask asks incidentd for a path, with a condition when etag is not empty,
// and keeps its answer, which must have the status want.
func ask(ctx context.Context, client *http.Client, base string, creds credentials, path, etag string, want int) (answer, error) {
	req, err := creds.request(ctx, base+path)
	if err != nil {
		return answer{}, err
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return answer{}, err
	}
	if resp.StatusCode != want {
		return answer{}, fmt.Errorf("GET %s (If-None-Match %q): %s: %s", path, etag, resp.Status, tail(string(body), 500))
	}
	h := resp.Header.Clone()
	h.Del("Date")
	return answer{URI: path, IfNoneMatch: etag, Status: resp.StatusCode, Header: h, Body: body}, nil
}

// replay is the bare server's handler: the answer kept for the request's
// URI, verbatim, and nothing else. incidentd sets Content-Length and writes
// a body at once; written back the same way, the answer goes over the wire
// as the same bytes, but for the date.
func replay(answers []answer) http.Handler {
	byURI := make(map[string]*answer, len(answers))
	for i := range answers {
		byURI[answers[i].URI+"\x00"+answers[i].IfNoneMatch] = &answers[i]
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := byURI[r.URL.RequestURI()+"\x00"+r.Header.Get("If-None-Match")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		for name, values := range a.Header {
			h[name] = values
		}
		w.WriteHeader(a.Status)
		w.Write(a.Body)
	})
}

// startBare writes the answers to a file of work and starts the bare
// server on them.
func startBare(ctx context.Context, answers []answer, work string) (*process, error) {
	path := filepath.Join(work, "answers.gob")
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	err = gob.NewEncoder(f).Encode(answers)
	if err = errors.Join(err, f.Close()); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, bareCommand, "--answers", path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd}
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		if a == "" {
			p.stop()
			return nil, errors.New("the bare server exited before listening")
		}
		p.side = side{name: "bare", url: "http://" + a, pid: cmd.Process.Pid}
		return p, nil
	case <-time.After(time.Minute):
		p.stop()
		return nil, errors.New("the bare server did not listen within a minute")
	}
}

// serveBare is the bare server process: it serves the answers of the file
// given by --answers on a port of the loopback address, which it prints
// first.
func serveBare(args []string) error {
	fs := flag.NewFlagSet(bareCommand, flag.ContinueOnError)
	path := fs.String("answers", "", "file of the answers to serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*path)
	if err != nil {
		return err
	}
	var answers []answer
	err = gob.NewDecoder(f).Decode(&answers)
	f.Close()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: replay(answers), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
