package awsimport

import (
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"orders-api":   "orders-api",
		"web_1.v2":     "web_1.v2",
		".hidden":      "_hidden-",
		"a/b":          "a_b-",
		"High CPU (5)": "High_CPU__5_-",
		"":             "_-",
	} {
		got := fileName(in)
		if !strings.HasPrefix(got, want) || (strings.HasSuffix(want, "-") != (len(got) == len(want)+8)) {
			t.Errorf("fileName(%q) = %q, want %q (plus a checksum when changed)", in, got, want)
		}
	}
	if fileName("a/b") == fileName("a:b") {
		t.Errorf("two names that differ only in unsafe characters share a file")
	}
	if n := fileName(strings.Repeat("x", 300)); len(n) > 120 {
		t.Errorf("long name kept at %d characters", len(n))
	}
}

func TestNormalizeService(t *testing.T) {
	doc, err := decode([]byte(`{"serviceName": "s", "runningCount": 2, "events": [{"id": "1"}],
		"deployments": [{"id": "d2", "status": "PRIMARY", "taskDefinition": "td:2", "runningCount": 1},
		                {"id": "d1", "status": "ACTIVE", "taskDefinition": "td:1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	svc := doc.(map[string]any)
	normalizeService(svc)
	data, _ := encode(svc)
	want := `{
  "deployments": [
    {
      "status": "PRIMARY",
      "taskDefinition": "td:2"
    }
  ],
  "serviceName": "s"
}
`
	if string(data) != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
}
