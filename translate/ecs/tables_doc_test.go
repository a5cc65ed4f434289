package ecs

import (
	"os"
	"strings"
	"testing"
)

// TestFieldsDocOtherTables keeps the tables of docs/fields.md for the service, scaling,
// alarm, load balancer and EventBridge shapes equal to the tables the code
// uses; EKSPORT_UPDATE=1 rewrites the block.
func TestFieldsDocOtherTables(t *testing.T) {
	const begin, end = "<!-- BEGIN GENERATED: other-fields -->\n", "<!-- END GENERATED: other-fields -->"
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	if strings.Count(readme, begin) != 1 || strings.Count(readme, end) != 1 {
		t.Fatalf("%s: want one %q and one %q", readmePath, strings.TrimSpace(begin), end)
	}
	s := strings.Index(readme, begin) + len(begin)
	e := strings.Index(readme, end)
	want := "\n" + TablesMarkdown() + "\n"
	if readme[s:e] == want {
		return
	}
	if os.Getenv("EKSPORT_UPDATE") == "1" {
		if err := os.WriteFile(readmePath, []byte(readme[:s]+want+readme[e:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the other-fields block is out of date (%s); regenerate it with EKSPORT_UPDATE=1 go test ./translate/ecs -run TestFieldsDocOtherTables", readmePath, firstDifference(readme[s:e], want))
}
