package emit

import "testing"

func TestIsGenerated(t *testing.T) {
	for data, want := range map[string]bool{
		Header + "kind: x\n":                      true,
		"# " + Marker:                             true,
		"# " + Marker + "\r\nkind: x\r\n":         true,
		TemplateHeader + "x":                      true,
		"{{/* " + Marker + " */}}\n":              true,
		"<!-- " + Marker + " -->\n# Checklist\n":  true,
		"{\n" + JSONComment + "\n  \"a\": 1\n}\n": true,
		"{\n  \"a\": 1\n}\n":                      false,
		"# my notes\n# " + Marker + "\n":          false,
		"kind: x\n":                               false,
		"":                                        false,
	} {
		if got := IsGenerated([]byte(data)); got != want {
			t.Errorf("IsGenerated(%q) = %v, want %v", data, got, want)
		}
	}
}
