package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	clone := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/incidentd/incidentd", Version: "v0.0.0-20261126175949-9055bf9e0d51+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "9055bf9e0d518e101d03488091590b5cb515bc8b"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	release := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}
	devel := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	tests := []struct {
		name              string
		bi                *debug.BuildInfo
		version, revision string
		want              Info
	}{
		{"clone", clone, "", "", Info{"v0.0.0-20261126175949-9055bf9e0d51+dirty", "9055bf9e0d518e101d03488091590b5cb515bc8b", true, "go1.26.8"}},
		{"go install of a release", release, "", "", Info{"v1.4.0", "unknown", false, "go1.26.8"}},
		{"without VCS stamping", devel, "", "", Info{"dev", "unknown", false, "go1.26.8"}},
		{"ldflags win", clone, "v2.0.0", "abc1234", Info{"v2.0.0", "abc1234", true, "go1.26.8"}},
		{"one ldflag", release, "", "abc1234", Info{"v1.4.0", "abc1234", false, "go1.26.8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fromBuildInfo(tc.bi, tc.version, tc.revision); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := fromBuildInfo(nil, "", ""); got.Version != "dev" || got.Revision != "unknown" || !strings.HasPrefix(got.GoVersion, "go") {
		t.Errorf("without build information: %+v", got)
	}
}

func TestString(t *testing.T) {
	got := Info{"v1.4.0", "9055bf9", true, "go1.26.8"}.String()
	if want := "incidentd v1.4.0 (revision 9055bf9, modified, go1.26.8)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
