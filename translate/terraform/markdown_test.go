package terraform

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocs: docs/terraform.md is Markdown(); EKSPORT_UPDATE=1 rewrites it.
func TestDocs(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "terraform.md")
	want := Markdown()
	if os.Getenv("EKSPORT_UPDATE") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is not what Markdown() makes; run EKSPORT_UPDATE=1 go test ./translate/terraform -run TestDocs", path)
	}
}
