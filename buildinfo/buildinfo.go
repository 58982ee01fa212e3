// Package buildinfo tells which build of incidentd is running: the module
// version and the source revision Go records in every binary it builds,
// unless the build named them itself with -ldflags.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Info describes the running build.
type Info struct {
	// Version is the module version: a release tag (v1.2.0) for
	// "go install …@v1.2.0", a pseudo-version for a build from a clone
	// (v0.0.0-20261126175949-9055bf9e0d51, with +dirty when the tree had
	// changes), or "dev" when Go recorded none.
	Version string
	// Revision is the VCS revision built, or "unknown".
	Revision string
	// Modified reports a build from a tree with uncommitted changes.
	Modified bool
	// GoVersion is the Go release that built the binary.
	GoVersion string
}

// Read returns the running build's Info. A non-empty version or revision,
// set at build time with -ldflags "-X main.version=… -X main.commit=…",
// wins over what Go recorded.
func Read(version, revision string) Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(bi, version, revision)
}

// fromBuildInfo derives the Info from what Go recorded (nil when nothing
// was) and the overrides.
func fromBuildInfo(bi *debug.BuildInfo, version, revision string) Info {
	info := Info{Version: "dev", Revision: "unknown", GoVersion: runtime.Version()}
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			info.Version = v
		}
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Revision = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		info.Version = version
	}
	if revision != "" {
		info.Revision = revision
	}
	return info
}

// String is the one-line description "incidentd version" prints.
func (i Info) String() string {
	s := "incidentd " + i.Version + " (revision " + i.Revision
	if i.Modified {
		s += ", modified"
	}
	return s + ", " + i.GoVersion + ")"
}
