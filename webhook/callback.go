package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"

	"github.com/incidentd/incidentd/incident"
)

// Callback URL rules (spec §11.2): https only, and no address a server
// should not reach on a subscriber's behalf (loopback, private, link-local,
// multicast, unspecified), checked when a subscription names the URL and
// again on every connection a delivery opens, against the address actually
// dialled, so that a name that resolves elsewhere later (DNS rebinding)
// gains nothing. AllowPrivate lifts both rules (on-premises receivers,
// tests).

// maxCallbackLength bounds a callback URL.
const maxCallbackLength = 2048

// errForbiddenAddress refuses a connection to an address the rules forbid.
var errForbiddenAddress = errors.New("callback address not allowed")

// Resolver finds the addresses of a host name (net.DefaultResolver).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// CheckCallback checks a callback URL against the rules: its shape always,
// its scheme and the addresses its host resolves to unless allowPrivate.
// A refusal is CodeInvalidBodyField naming what is wrong.
func CheckCallback(ctx context.Context, raw string, allowPrivate bool, r Resolver) error {
	u, err := url.Parse(raw)
	if err != nil || len(raw) > maxCallbackLength || !u.IsAbs() || u.Host == "" || u.Hostname() == "" || u.Opaque != "" || u.Fragment != "" {
		return incident.Errorf(incident.CodeInvalidBodyField, MsgCallbackInvalid, raw)
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return incident.Errorf(incident.CodeInvalidBodyField, MsgCallbackNotHTTPS)
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if addr, err := netip.ParseAddr(host); err == nil {
		if !Allowed(addr) {
			return incident.Errorf(incident.CodeInvalidBodyField, MsgCallbackAddress, host, addr.String())
		}
		return nil
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return incident.Errorf(incident.CodeInvalidBodyField, MsgCallbackUnresolved, host)
	}
	for _, a := range addrs {
		if !Allowed(a) {
			return incident.Errorf(incident.CodeInvalidBodyField, MsgCallbackAddress, host, a.Unmap().String())
		}
	}
	return nil
}

// notRoutable are ranges beyond netip's predicates that are not the public
// internet: "this network", shared address space (carrier-grade NAT),
// IETF protocol assignments, and the IPv4 broadcast address.
var notRoutable = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

// Allowed reports whether a delivery may connect to addr.
func Allowed(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsMulticast() || addr.IsUnspecified() || addr.IsInterfaceLocalMulticast() || addr.IsLinkLocalMulticast() {
		return false
	}
	for _, p := range notRoutable {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// dialControl refuses, just before a connection is made, an address the
// rules forbid: it sees the address resolved for this very connection.
func dialControl(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", errForbiddenAddress, address)
	}
	if !Allowed(ap.Addr()) {
		return fmt.Errorf("%w: %s", errForbiddenAddress, ap.Addr().Unmap())
	}
	return nil
}

// newDialer is the dialer of deliveries: with the rules unless
// allowPrivate.
func newDialer(allowPrivate bool) *net.Dialer {
	d := &net.Dialer{Timeout: deliveryTimeout}
	if !allowPrivate {
		d.Control = dialControl
	}
	return d
}
