package ecs

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The task definition table of docs/fields.md is generated from TaskDefinitionFields. This test
// fails when the two differ; run it with EKSPORT_UPDATE=1 to rewrite the
// block:
//
//	EKSPORT_UPDATE=1 go test ./translate/ecs -run TestFieldsDocTaskDefinition
//
// (An environment variable rather than a -update flag, so that it cannot
// clash with flags other tests of this package define.)

const (
	readmePath        = "../../docs/fields.md"
	readmeBeginMarker = "<!-- BEGIN GENERATED: ecs-fields -->\n"
	readmeEndMarker   = "<!-- END GENERATED: ecs-fields -->"
)

func TestFieldsDocTaskDefinition(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	if n := strings.Count(readme, readmeBeginMarker); n != 1 {
		t.Fatalf("%s: want exactly one line %q, found %d", readmePath, strings.TrimSpace(readmeBeginMarker), n)
	}
	if n := strings.Count(readme, readmeEndMarker); n != 1 {
		t.Fatalf("%s: want exactly one %q, found %d", readmePath, readmeEndMarker, n)
	}
	start := strings.Index(readme, readmeBeginMarker) + len(readmeBeginMarker)
	end := strings.Index(readme, readmeEndMarker)
	if end < start {
		t.Fatalf("%s: the END marker comes before the BEGIN marker", readmePath)
	}
	if end > 0 && readme[end-1] != '\n' {
		t.Fatalf("%s: the END marker must start a line", readmePath)
	}
	got := readme[start:end]
	want := "\n" + FieldsMarkdown() + "\n"
	if got == want {
		return
	}
	if os.Getenv("EKSPORT_UPDATE") == "1" {
		updated := readme[:start] + want + readme[end:]
		if err := os.WriteFile(readmePath, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the generated ecs-fields block of %s", readmePath)
		return
	}
	t.Errorf("%s: the ecs-fields block is out of date (%s); regenerate it with\n\tEKSPORT_UPDATE=1 go test ./translate/ecs -run TestFieldsDocTaskDefinition",
		readmePath, firstDifference(got, want))
}

// firstDifference describes the first line where got and want differ,
// counting lines from the BEGIN marker.
func firstDifference(got, want string) string {
	g := strings.Split(got, "\n")
	w := strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if i >= len(g) || i >= len(w) || gl != wl {
			return fmt.Sprintf("first difference %d lines below the BEGIN marker:\n\tREADME: %q\n\twant:   %q", i+1, gl, wl)
		}
	}
	return "they differ"
}
