package auth

import "time"

// Helpers of the internal tests that the external tests, which run on the
// real store, share.
var (
	IsRandomString  = isRandomString
	NewRandomString = newRandomString
	Basic           = basic
	T0              = t0
)

type FakeClock = fakeClock

func NewFakeClock(t time.Time) *FakeClock { return &fakeClock{now: t} }
