package judge

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wants returns the "# want: TEXT" lines of a test manifest.
func wants(data []byte) []string {
	var w []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "# want:"); ok {
			w = append(w, strings.TrimSpace(rest))
		}
	}
	return w
}

// judgeFile parses and applies one file as a unit; parse errors come back as
// rejections too.
func judgeFile(t *testing.T, s *Server, path string) *Result {
	t.Helper()
	objs, err := ParseFile(path)
	if err != nil {
		return &Result{Objects: len(objs), Rejections: []Rejection{ParseRejection(path, err)}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return s.Apply(ctx, objs)
}

// TestJudgeRejectsBad proves the judge can fail: each known-bad manifest must
// be refused with the expected server message, and the good ones accepted.
func TestJudgeRejectsBad(t *testing.T) {
	s := server(t)
	bad, _ := filepath.Glob("testdata/judge/bad/*.yaml")
	good, _ := filepath.Glob("testdata/judge/good/*.yaml")
	if len(bad) == 0 || len(good) == 0 {
		t.Fatal("no testdata/judge/{bad,good}/*.yaml")
	}
	for _, f := range bad {
		t.Run("bad/"+filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want := wants(data)
			if len(want) == 0 {
				t.Fatalf("%s has no '# want:' line", f)
			}
			res := judgeFile(t, s, f)
			if len(res.Rejections) == 0 {
				t.Fatalf("accepted %d objects; want a rejection containing %q", res.Objects, want)
			}
			for _, w := range want {
				found := false
				for _, rj := range res.Rejections {
					if strings.Contains(rj.Message, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no rejection mentions %q; got:\n%v", w, res.Err())
				}
			}
			for _, rj := range res.Rejections {
				t.Logf("rejected as expected: %s", rj)
			}
		})
	}
	for _, f := range good {
		t.Run("good/"+filepath.Base(f), func(t *testing.T) {
			res := judgeFile(t, s, f)
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			for _, w := range res.Warnings {
				t.Logf("warning: %s", w)
			}
			t.Logf("accepted %d objects in %s (%s per object: dry run, apply, re-apply, delete)",
				res.Accepted, res.Elapsed.Round(time.Millisecond), (res.Elapsed / time.Duration(max(res.Objects, 1))).Round(time.Millisecond))
		})
	}
	// Judging the same good unit twice must give the same verdict: cleanup
	// leaves nothing behind that changes the next unit's outcome.
	t.Run("good/again", func(t *testing.T) {
		for _, f := range good {
			if err := judgeFile(t, s, f).Err(); err != nil {
				t.Fatalf("second judging of %s: %v", f, err)
			}
		}
	})
}
