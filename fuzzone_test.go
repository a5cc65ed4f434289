package eksport_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestFuzzOneTellsFlakeFromFinding holds .ci/fuzz-one, which make fuzz
// runs every target through, to its one tolerance: a run that ends on Go
// 1.26's bare "context deadline exceeded" (golang/go#75804) found nothing
// and passes; a run with any failure of the target's own fails.
func TestFuzzOneTellsFlakeFromFinding(t *testing.T) {
	cases := []struct {
		name, output string
		status       int
		pass         bool
	}{
		{"clean", "fuzz: elapsed: 3s, now fuzzing with 2 workers\nPASS\nok  \tx\t8.1s\n", 0, true},
		{"deadline race", "fuzz: elapsed: 3s, now fuzzing with 2 workers\n--- FAIL: FuzzX (8.28s)\n    context deadline exceeded\nFAIL\nexit status 1\nFAIL\tx\t8.3s\n", 1, true},
		{"finding", "fuzz: elapsed: 3s\n--- FAIL: FuzzX (8.28s)\n    --- FAIL: FuzzX (0.00s)\n        x_test.go:12: boom\n    Failing input written to testdata/fuzz/FuzzX/abc\nFAIL\nexit status 1\n", 1, false},
		{"finding at the deadline", "--- FAIL: FuzzX (8.28s)\n    x_test.go:12: boom\n    context deadline exceeded\nFAIL\nexit status 1\n", 1, false},
		{"panic", "panic: runtime error\n\ngoroutine 1 [running]:\nFAIL\tx\t0.1s\n", 2, false},
		{"build failure", "# x\n./x.go:3:1: syntax error\nFAIL\tx [build failed]\n", 1, false},
	}
	for _, c := range cases {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		os.WriteFile(out, []byte(c.output), 0o644)
		fakeGo := filepath.Join(dir, "go")
		script := "#!/bin/sh\ncat " + out + "\nexit " + string(rune('0'+c.status)) + "\n"
		if err := os.WriteFile(fakeGo, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		err := exec.Command("bash", ".ci/fuzz-one", "FuzzX", "./x", "1s", fakeGo).Run()
		if pass := err == nil; pass != c.pass {
			t.Errorf("%s: passed %v, want %v (%v)", c.name, pass, c.pass, err)
		}
	}
}
