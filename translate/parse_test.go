package translate

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// Build stops at a cancelled context, wherever the parse workers are, and
// leaves no worker waiting to deliver.
func TestBuildCancelled(t *testing.T) {
	td := func(i int) []byte {
		return fmt.Appendf(nil, `{"family": "app-%d", "containerDefinitions": [{"name": "web", "image": "nginx", "essential": true, "memory": 128}]}`, i)
	}
	for _, cancelAt := range []int{-1, 0, 5, 150} {
		ctx, cancel := context.WithCancel(context.Background())
		var files []File
		for i := range 200 {
			files = append(files, File{Name: fmt.Sprintf("td-%03d.json", i), Read: func() ([]byte, error) {
				if i == cancelAt {
					cancel()
				}
				return td(i), nil
			}})
		}
		if cancelAt < 0 {
			cancel()
		}
		done := make(chan error, 1)
		go func() {
			_, _, err := Build(ctx, files, Options{})
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled at file %d: Build returned %v, want context.Canceled", cancelAt, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("cancelled at file %d: Build did not return", cancelAt)
		}
		cancel()
	}
	// Not cancelled: every file is read.
	var files []File
	for i := range 50 {
		files = append(files, File{Name: fmt.Sprintf("td-%03d.json", i), Data: td(i)})
	}
	m, diags, err := Build(context.Background(), files, Options{})
	if err != nil || diags.HasErrors() || len(m.Workloads) != 50 {
		t.Fatalf("Build: %d workloads, %v, %v", len(m.Workloads), diags, err)
	}
}
