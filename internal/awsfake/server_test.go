package awsfake

import (
	"net/http"
	"strings"
	"testing"
)

// TestUnsigned: a request without a SigV4 signature is refused and
// recorded, and no operation is served.
func TestUnsigned(t *testing.T) {
	srv := Start(&State{taskDefs: map[string]obj{}})
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", resp.StatusCode)
	}
	if len(srv.Unsigned()) != 1 || len(srv.Operations()) != 0 {
		t.Errorf("unsigned %v, operations %v", srv.Unsigned(), srv.Operations())
	}
}

// TestPage: tokens walk a list one page at a time, and a token the
// server did not give is refused.
func TestPage(t *testing.T) {
	s := &Server{PageSize: 2}
	items := []any{"a", "b", "c"}
	got, next, e := s.page(items, obj{}, "NextToken", "MaxResults")
	if e != nil || len(got) != 2 || next == "" {
		t.Fatalf("first page %v %q %v", got, next, e)
	}
	got, next, e = s.page(items, obj{"NextToken": next}, "NextToken", "MaxResults")
	if e != nil || len(got) != 1 || got[0] != "c" || next != "" {
		t.Fatalf("last page %v %q %v", got, next, e)
	}
	if _, _, e := s.page(items, obj{"NextToken": "bogus"}, "NextToken", "MaxResults"); e == nil || e.code != "InvalidNextTokenException" {
		t.Errorf("a bogus token was accepted")
	}
}
