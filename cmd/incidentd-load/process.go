package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// side is one of the two measured servers.
type side struct {
	name string
	url  string // http://127.0.0.1:port
	pid  int
}

// process is a server started by the command, stopped at its end.
type process struct {
	side
	cmd *exec.Cmd
}

func (p *process) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
	}
}

// buildIncidentd builds the incidentd of this module into dir.
func buildIncidentd(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "incidentd")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/incidentd/incidentd/cmd/incidentd").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building incidentd (run from the module, or give --incidentd): %v\n%s", err, out)
	}
	return bin, nil
}

// incidentdProcess is the measured incidentd.
type incidentdProcess struct {
	process
	dialect  string
	debugURL string // profiling endpoints, when asked for
}

// startIncidentd runs "incidentd serve" on the database with its default
// flags but for the rate limit, which a load from one client exceeds by
// design, and returns once it listens. Its log goes to a file of work,
// shown when the server fails to start.
func startIncidentd(ctx context.Context, bin string, cfg config, work string) (*incidentdProcess, error) {
	args := []string{"serve", "--database", cfg.database, "--addr", "127.0.0.1:0",
		"--rate-limit", "1e9", "--rate-burst", "1000000000"}
	var debugAddr string
	if cfg.profileDir != "" {
		var err error
		if debugAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		args = append(args, "--debug-addr", debugAddr)
	}
	args = append(args, cfg.serveArgs...)
	logPath := filepath.Join(work, "incidentd.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = logFile
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	started := make(chan serving, 1)
	go watchLog(stderr, logFile, started)
	p := &incidentdProcess{process: process{cmd: cmd}}
	select {
	case s, ok := <-started:
		if !ok {
			p.stop()
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("incidentd exited before listening:\n%s", tail(string(log), 2000))
		}
		p.side = side{name: "incidentd", url: "http://" + s.Addr, pid: cmd.Process.Pid}
		p.dialect = s.Database
	case <-time.After(10 * time.Minute): // a migration of a large database takes a while
		p.stop()
		return nil, errors.New("incidentd did not listen within 10 minutes")
	}
	if debugAddr != "" {
		p.debugURL = "http://" + debugAddr
	}
	return p, nil
}

// serving is the log line incidentd writes once it listens.
type serving struct {
	Msg      string `json:"msg"`
	Addr     string `json:"addr"`
	Database string `json:"database"`
}

// watchLog copies the server's JSON log to w, sends the serving line on
// started, and closes started when the log ends.
func watchLog(r io.Reader, w io.Writer, started chan<- serving) {
	defer close(started)
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		w.Write(line)
		var s serving
		if json.Unmarshal(line, &s) == nil && s.Msg == "serving" {
			started <- s
			break
		}
		if err != nil {
			return
		}
	}
	// Request logs from here on: copied without reading them.
	io.Copy(w, br)
}

// freeAddr is a free port of the loopback address.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// clockTicks is USER_HZ, the unit of the CPU times of /proc/PID/stat: 100
// on every Linux architecture Go supports.
const clockTicks = 100

// cpuTime is the CPU time a process has used so far, user and system.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces:
	// fields are counted after its closing one. utime and stime are
	// fields 14 and 15.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// memory is a process's resident set: now and its peak.
type memory struct {
	rss, peak int64 // bytes
}

func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return memory{}, fmt.Errorf("/proc/%d/status %s: %w", pid, name, err)
		}
		if name == "VmRSS" {
			m.rss = kib << 10
		} else {
			m.peak = kib << 10
		}
	}
	return m, nil
}
