package awsimport

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// HTTPClient is what the SDK sends its requests through.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// limiter sends requests through next, at most cap(slots) at once, and
// keeps the body of each successful answer for the call whose context
// asked for it (withCapture): the JSON protocols' answers are written as
// the API sent them, with the members this SDK version does not know.
type limiter struct {
	next  HTTPClient
	slots chan struct{}
}

type captureKey struct{}

// withCapture returns a context whose call's last successful answer body
// (after retries) is stored in *dst.
func withCapture(ctx context.Context, dst *[]byte) context.Context {
	return context.WithValue(ctx, captureKey{}, dst)
}

func (l *limiter) Do(r *http.Request) (*http.Response, error) {
	select {
	case l.slots <- struct{}{}:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	resp, err := l.next.Do(r)
	if err != nil {
		<-l.slots
		return resp, err
	}
	dst, _ := r.Context().Value(captureKey{}).(*[]byte)
	if dst == nil || resp.StatusCode/100 != 2 {
		<-l.slots
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	<-l.slots
	if err != nil {
		return nil, err
	}
	*dst = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}
