package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// deliveryTimeout is how long a receiver has to answer (spec §11.3).
const deliveryTimeout = 10 * time.Second

// maxAnswerBytes is how much of a receiver's answer is read, so that the
// connection can serve the next delivery; the rest is dropped.
const maxAnswerBytes = 64 << 10

// newClient is the HTTP client of deliveries: no proxy from the
// environment (it would dial in our place, past the address rules), no
// redirect followed (a 3xx is a failure: the subscriber names the URL), 10
// seconds for the whole exchange.
func newClient(allowPrivate bool) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:           newDialer(allowPrivate).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   deliveryTimeout,
			ResponseHeaderTimeout: deliveryTimeout,
		},
		Timeout: deliveryTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// errNotHTTPS refuses a stored http callback once private callbacks are no
// longer allowed.
var errNotHTTPS = errors.New("the callback is not an https URL")

// send posts one event, signed, to the subscription's callback; it returns
// the receiver's status, or the error that kept it from answering.
func (d *Dispatcher) send(ctx context.Context, s *Subscription, e *incident.Event, at time.Time) (int, error) {
	if u, err := url.Parse(s.Callback); err != nil || (u.Scheme != "https" && !d.AllowPrivate) {
		return 0, errNotHTTPS
	}
	body := d.Render(nil, e, s.Role())
	sig, err := Sign(s.Secret, e.ID, at, body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Callback, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "incidentd-webhook")
	req.Header[HeaderID] = []string{e.ID}
	req.Header[HeaderTimestamp] = []string{strconv.FormatInt(at.Unix(), 10)}
	req.Header[HeaderSignature] = []string{sig}
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswerBytes))
	resp.Body.Close()
	return resp.StatusCode, nil
}
