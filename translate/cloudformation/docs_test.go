package cloudformation

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const docsPath = "../../docs/cloudformation.md"

// TestDocs keeps docs/cloudformation.md equal to what Markdown makes from
// the pinned schema and the tables; EKSPORT_UPDATE=1 rewrites it.
func TestDocs(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Source string              `json:"source"`
		Types  map[string][]string `json:"types"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	want := Markdown(s.Types, s.Source)
	got, err := os.ReadFile(docsPath)
	if string(got) == want {
		return
	}
	if os.Getenv("EKSPORT_UPDATE") == "1" {
		if err := os.MkdirAll(filepath.Dir(docsPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(docsPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date (%v); regenerate it with EKSPORT_UPDATE=1 go test ./translate/cloudformation -run TestDocs", docsPath, err)
}
