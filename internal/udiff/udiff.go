package udiff

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// Diff returns a unified diff of a and b with file names aName and bName,
// or "" when they are equal. It is a longest common subsequence over lines,
// printed with hunk headers that patch(1) and git apply understand. A text
// that does not end in a newline is marked as diff(1) does.
func Diff(aName string, a []byte, bName string, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	al := splitLines(string(a))
	bl := splitLines(string(b))
	ops := lcsOps(al, bl)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-Context)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*Context || run == len(ops) {
				end = min(end+Context, len(ops))
				break
			}
			end = run
		}
		hunk := ops[start:end]
		aStart, aCount, bStart, bCount := hunkRange(hunk)
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", rng(aStart, aCount), rng(bStart, bCount))
		for _, o := range hunk {
			text, noEOL := strings.CutSuffix(o.text, noNewline)
			fmt.Fprintf(&out, "%c%s\n", o.kind, text)
			if noEOL {
				out.WriteString("\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(h []op) (aStart, aCount, bStart, bCount int) {
	aStart, bStart = h[0].a+1, h[0].b+1
	for _, o := range h {
		if o.kind != '+' {
			aCount++
		}
		if o.kind != '-' {
			bCount++
		}
	}
	// An empty range names the line before it, as diff -u does.
	if aCount == 0 {
		aStart--
	}
	if bCount == 0 {
		bStart--
	}
	return
}

func rng(start, count int) string {
	if count == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

// noNewline marks a last line that has no newline, so that it differs from
// the same text with one (as diff -u shows it).
const noNewline = "\x00"

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if !strings.HasSuffix(s, "\n") {
		lines[len(lines)-1] += noNewline
	}
	return lines
}

type op struct {
	kind rune
	text string
	a, b int // line indexes in a and b (the next line, for the other side)
}

func lcsOps(a, b []string) []op {
	// Common prefix and suffix first: most diffs touch a few lines of
	// long files, and the quadratic table is then small.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', a[i], i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case ma[i] == mb[j]:
			ops = append(ops, op{' ', ma[i], pre + i, pre + j})
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			ops = append(ops, op{'-', ma[i], pre + i, pre + j})
			i++
		default:
			ops = append(ops, op{'+', mb[j], pre + i, pre + j})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, op{'-', ma[i], pre + i, pre + j})
	}
	for ; j < m; j++ {
		ops = append(ops, op{'+', mb[j], pre + i, pre + j})
	}
	for k := 0; k < suf; k++ {
		ops = append(ops, op{' ', a[len(a)-suf+k], len(a) - suf + k, len(b) - suf + k})
	}
	return ops
}
