package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(good, []byte(`{"family":"a","containerDefinitions":[{"name":"a","image":"a"}]}`), 0o644)
	os.WriteFile(bad, []byte(`{"family":"a","containerDefinitions":[{"name":"a"}]}`), 0o644)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, ExitUsage},
		{[]string{"bogus"}, ExitUsage},
		{[]string{"convert"}, ExitUsage},
		{[]string{"convert", "--diag-format", "xml", good}, ExitUsage},
		{[]string{"convert", "--diag", "nonsense", good}, ExitUsage},
		{[]string{"convert", "--format", "pdf", good}, ExitUsage},
		{[]string{"convert", "--no-such-flag", good}, ExitUsage},
		{[]string{"convert", good}, ExitOK},
		{[]string{"convert", bad}, ExitInput},
		{[]string{"convert", good, bad}, ExitInput},
		{[]string{"version"}, ExitOK},
		{[]string{"rules"}, ExitOK},
		{[]string{"--version"}, ExitOK},
		{[]string{"help"}, ExitOK},
		{[]string{"convert", "--help"}, ExitOK},
		{[]string{"completion", "bash"}, ExitOK},
		{[]string{"explain", "ecs/ulimits-dropped"}, ExitOK},
		{[]string{"explain", "ecs/no-such-code"}, ExitUsage},
		{[]string{"explain"}, ExitUsage},
		{[]string{"version", "extra"}, ExitUsage},
	} {
		var out, errb bytes.Buffer
		if got := Main(tc.args, strings.NewReader(""), &out, &errb); got != tc.want {
			t.Errorf("eksport %s: exit %d, want %d\nstderr: %s", strings.Join(tc.args, " "), got, tc.want, errb.String())
		}
	}
}

func TestSafeRel(t *testing.T) {
	for p, want := range map[string]bool{
		"a.yaml": true, "ns/a.yaml": true, "../a.yaml": false, "/etc/passwd": false,
		"a/../../b": false, "": false, "a\x00b": false, `a\b`: false,
	} {
		if got := safeRel(p); got != want {
			t.Errorf("safeRel(%q) = %v, want %v", p, got, want)
		}
	}
}
