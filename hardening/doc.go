// Package hardening holds the suite that attacks a running incidentd the
// way an audit did, and checks that every attack now fails: one tenant
// stalling the others with unread exports, secret guessing and spraying at
// the token endpoint, requests that make the server do too much or log too
// much, answers outside the API's error format, a full disk. It keeps the
// probes that found nothing (isolation between customers, durability of
// acknowledged writes, a corpus of malformed requests in testdata) as
// regression tests.
//
// The tests build the incidentd binary and run it as a process, on SQLite
// and, when INCIDENTD_TEST_POSTGRES names a server, on PostgreSQL. The
// load tests run a few seconds each; INCIDENTD_HARDENING_LONG=1 runs them
// for the durations of the acceptance criteria (20 s of stalled exports,
// 10 s of each spraying attack) and logs their figures.
package hardening
