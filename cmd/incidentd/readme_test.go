package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReadme runs every command of the README, as a reader pasting them in
// order would, against a server started as the README's first command
// says:
//
//   - every ```sh block runs in bash (set -eo pipefail), in one scratch
//     directory, with the binary under test first in PATH as incidentd,
//     the variables a block sets carried to the next;
//   - the one "incidentd serve" command (or "go run ./cmd/incidentd serve")
//     is the server, started by the test in that directory on a free port,
//     whose address then replaces 127.0.0.1:8080 in every block;
//   - a block whose commands fail fails the test, and so does any request
//     the server answered other than 2xx, unless the block announces that
//     status with "→ NNN" in a comment, in which case it must occur;
//   - the commands the test cannot run are listed in notRun, with why; a
//     block holding "git clone" runs in the repository instead, which is
//     what the clone would be.
func TestReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the README's commands need %s, not found: %v", tool, err)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shellBlocks(string(readme))
	serveArgs := readmeServer(t, blocks)

	bin := binary(t)
	work := t.TempDir()
	srv := startServerIn(t, work, serveArgs...)
	host := strings.TrimPrefix(srv.URL, "http://")
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cleanBuild(t, filepath.Join(repo, "incidentd"))

	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	ran := 0
	for i, block := range blocks {
		script, runnable, inRepo := runnableScript(block)
		if !runnable {
			continue
		}
		ran++
		dir := work
		if inRepo {
			dir = repo
		}
		script = strings.ReplaceAll(script, "127.0.0.1:8080", host)
		before := len(requestLines(srv))
		env = runBlock(t, i, script, dir, env)
		sentinel := fmt.Sprintf("readme-block-%d", i)
		got := blockStatuses(t, srv, before, sentinel)
		checkStatuses(t, i, block, got)
	}
	if ran < 8 {
		t.Fatalf("only %d README blocks ran: the README's code blocks were not found", ran)
	}
}

// notRun are the README commands the test cannot run, and why.
var notRun = map[string]string{
	"go test":    "it is this very run",
	"go install": "it fetches the published module from the network",
	"git clone":  "it fetches the repository from the network; the block runs in the repository instead",
}

// shellBlocks are the ```sh code blocks of a Markdown text.
func shellBlocks(markdown string) []string {
	var blocks []string
	var current *strings.Builder
	for _, line := range strings.Split(markdown, "\n") {
		switch {
		case current == nil && strings.TrimSpace(line) == "```sh":
			current = &strings.Builder{}
		case current != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, current.String())
			current = nil
		case current != nil:
			current.WriteString(line + "\n")
		}
	}
	return blocks
}

// commands splits a block into its commands: lines joined where a line
// ends with a backslash or a quote is left open.
func commands(block string) []string {
	var out []string
	var current strings.Builder
	for _, line := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		current.WriteString(line)
		text := current.String()
		if strings.HasSuffix(line, "\\") || strings.Count(text, "'")%2 == 1 {
			current.WriteString("\n")
			continue
		}
		out = append(out, text)
		current.Reset()
	}
	return out
}

var serveCommand = regexp.MustCompile(`^(?:go run \./cmd/incidentd|incidentd) serve\b([^#]*)`)

// readmeServer finds the README's one serve command and returns its
// arguments.
func readmeServer(t *testing.T, blocks []string) []string {
	t.Helper()
	var found [][]string
	for _, block := range blocks {
		for _, cmd := range commands(block) {
			if m := serveCommand.FindStringSubmatch(strings.TrimSpace(cmd)); m != nil {
				found = append(found, strings.Fields(m[1]))
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("the README has %d serve commands, want 1: %v", len(found), found)
	}
	return found[0]
}

// runnableScript is the block with the commands the test does not run
// replaced by a note; runnable is false when nothing is left to run.
func runnableScript(block string) (script string, runnable, inRepo bool) {
	var out strings.Builder
	for _, cmd := range commands(block) {
		trimmed := strings.TrimSpace(cmd)
		skip := serveCommand.MatchString(trimmed)
		for prefix := range notRun {
			if strings.HasPrefix(trimmed, prefix+" ") {
				skip = true
				inRepo = inRepo || prefix == "git clone"
			}
		}
		if skip {
			out.WriteString(": not run by the test: " + strconv.Quote(trimmed) + "\n")
			continue
		}
		if trimmed != "" && !strings.HasPrefix(trimmed, "#") {
			runnable = true
		}
		out.WriteString(cmd + "\n")
	}
	return out.String(), runnable, inRepo
}

// runBlock runs a block's script in dir with env and returns the
// environment it leaves, for the next block.
func runBlock(t *testing.T, i int, script, dir string, env []string) []string {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "env")
	full := "set -eo pipefail\nset -a\n" + script + "env -0 > " + strconv.Quote(envFile) + "\n"
	cmd := exec.Command("bash", "-c", full)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README block %d failed: %v\n--- block:\n%s--- output:\n%s", i, err, script, out)
	}
	t.Logf("README block %d:\n%s", i, out)
	data, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
}

// requestLine is a line of the server's request log.
type requestLine struct {
	RequestID string `json:"requestId"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Status    int    `json:"status"`
}

func requestLines(s *server) []requestLine {
	var lines []requestLine
	sc := bufio.NewScanner(strings.NewReader(s.stderr.String()))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg string `json:"msg"`
			requestLine
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "request" {
			lines = append(lines, line.requestLine)
		}
	}
	return lines
}

// blockStatuses are the requests the server logged since the first
// before, up to a sentinel request the test sends once the block is done:
// the block's requests were all answered before it was sent.
func blockStatuses(t *testing.T, s *server, before int, sentinel string) []requestLine {
	t.Helper()
	req := mustGet(t, s.URL+"/livez")
	req.Header.Set("X-Request-Id", sentinel)
	do(t, req)
	deadline := time.Now().Add(10 * time.Second)
	for {
		lines := requestLines(s)[before:]
		if i := slices.IndexFunc(lines, func(l requestLine) bool { return l.RequestID == sentinel }); i >= 0 {
			return slices.Delete(lines, i, i+1)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not log the request %s", sentinel)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var announcedStatus = regexp.MustCompile(`→ (\d{3})`)

// checkStatuses fails on a request answered other than 2xx that the block
// does not announce, and on an announced status that did not occur.
func checkStatuses(t *testing.T, i int, block string, got []requestLine) {
	t.Helper()
	announced := map[int]bool{}
	for _, m := range announcedStatus.FindAllStringSubmatch(block, -1) {
		n, _ := strconv.Atoi(m[1])
		announced[n] = false
	}
	if strings.Contains(block, "curl ") && len(got) == 0 {
		t.Errorf("README block %d calls curl but no request reached the server:\n%s", i, block)
	}
	for _, l := range got {
		if _, ok := announced[l.Status]; ok {
			announced[l.Status] = true
			continue
		}
		if l.Status < 200 || l.Status > 299 {
			t.Errorf("README block %d: %s %s answered %d, which the README does not announce:\n%s", i, l.Method, l.Path, l.Status, block)
		}
	}
	for status, seen := range announced {
		if !seen {
			t.Errorf("README block %d announces %d, which no request answered:\n%s", i, status, block)
		}
	}
}

// cleanBuild removes, at the end of the test, the binary the README's
// build command writes into the repository, unless it was there before.
func cleanBuild(t *testing.T, path string) {
	if _, err := os.Stat(path); err == nil {
		return
	}
	t.Cleanup(func() { os.Remove(path) })
}
