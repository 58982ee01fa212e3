package auth

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// verifyWait is how long a secret verification waits for its turn before
// the request is refused (429, code 53): under a flood of token requests,
// waiting longer would only hold more of them.
const verifyWait = 2 * time.Second

// DefaultMaxConcurrentVerifications is the bound on secret verifications
// at once when the options do not say: half the processors, at least one,
// so that the rest stays for authenticated calls.
func DefaultMaxConcurrentVerifications() int {
	return max(1, runtime.GOMAXPROCS(0)/2)
}

// verifySecret checks a secret against its hash when a verification slot
// is free; a slot not found within verifyWait refuses the request.
func (s *Service) verifySecret(ctx context.Context, secret, hash string) (bool, *OAuthError) {
	wait := time.NewTimer(verifyWait)
	defer wait.Stop()
	select {
	case s.verifySlots <- struct{}{}:
	case <-wait.C:
		return false, tryLaterAnswer(&TryLater{Err: incident.Errorf(incident.CodeTooManyRequests, MsgTooManyVerifications), After: time.Second})
	case <-ctx.Done():
		return false, serverError(ctx.Err())
	}
	defer func() { <-s.verifySlots }()
	return verifyAtLowPriority(secret, hash), nil
}

// verifyAtLowPriority runs VerifySecret on an OS thread of its own at a
// lower scheduling priority: when token requests flood in, their PBKDF2
// work takes mostly the processor time that authenticated calls leave.
// The goroutine stays locked to its thread, so the thread, reniced, ends
// with it rather than serving other goroutines.
func verifyAtLowPriority(secret, hash string) bool {
	done := make(chan bool, 1)
	go func() {
		runtime.LockOSThread()
		lowerThreadPriority()
		done <- VerifySecret(secret, hash)
	}()
	return <-done
}

// tryLater is the OAuthError of a refusal: not a judgement of the grant,
// so answered in the API's error shape (429, code 53, Retry-After).
func tryLaterAnswer(r *TryLater) *OAuthError {
	return &OAuthError{Status: http.StatusTooManyRequests, Code: ErrTemporarilyUnavailable, Description: "try again later", Cause: r}
}
