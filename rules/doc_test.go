package rules

import (
	"strings"
	"testing"
)

func TestMustDoc(t *testing.T) {
	src := "// Copyright line, not the package comment.\n\n// Package x holds the x rule.\n//\n// # Rule x\n//\n// Does one thing,\n// well.\n//\n// Details.\n//\n// # Other\n//\n// Not the rule's.\npackage x\n"
	if got, want := MustDoc(src, "x"), "Does one thing,\nwell.\n\nDetails."; got != want {
		t.Errorf("MustDoc = %q, want %q", got, want)
	}
	if got := Summary(MustDoc(src, "x")); got != "Does one thing, well." {
		t.Errorf("Summary = %q", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `needs a "# Rule y" section`) {
			t.Errorf("MustDoc without the heading: panic %v", r)
		}
	}()
	MustDoc(src, "y")
}
