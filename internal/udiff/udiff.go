package udiff

import (
	"fmt"
	"strings"

	gudiff "github.com/aymanbagabas/go-udiff"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// MaxLines bounds the files that are diffed line by line: when either
// side has more lines, Diff prints a one-line summary instead of hunks, as
// git does for a large binary change. go-udiff's search is bounded in the
// number of edits it explores, so time stays linear below the limit too;
// the limit bounds the memory of the line tables and of the diff text.
const MaxLines = 50000

// Diff returns a unified diff of a and b with file names aName and bName,
// or "" when they are equal. The hunks come from go-udiff (the Go team's
// diff, with a bounded longest-common-subsequence search); headers and the
// "\ No newline at end of file" marker are what patch(1) and git apply
// understand.
func Diff(aName string, a []byte, bName string, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	if la, lb := lineCount(a), lineCount(b); la > MaxLines || lb > MaxLines {
		return Summary(aName, a, bName, b)
	}
	before, after := string(a), string(b)
	out, err := gudiff.ToUnified(aName, bName, before, gudiff.Lines(before, after), Context)
	if err != nil {
		// The edits come from the same texts: an error is a bug in the
		// library, and a summary is still a true answer.
		return Summary(aName, a, bName, b)
	}
	return out
}

// Summary is the one-line form of a diff too large to print: the line
// counts of both sides and how many lines of b are not in a, counted as a
// multiset (linear time, one table of a's distinct lines).
func Summary(aName string, a []byte, bName string, b []byte) string {
	seen := map[string]int{}
	forEachLine(a, func(l string) { seen[l]++ })
	changed := 0
	forEachLine(b, func(l string) {
		if seen[l] > 0 {
			seen[l]--
			return
		}
		changed++
	})
	removed := 0
	for _, n := range seen {
		removed += n
	}
	return fmt.Sprintf("--- %s\n+++ %s\n# changed: %d lines added, %d removed (%d lines before, %d after; over %d lines, not shown)\n",
		aName, bName, changed, removed, lineCount(a), lineCount(b), MaxLines)
}

func lineCount(s []byte) int {
	n := 0
	forEachLine(s, func(string) { n++ })
	return n
}

// forEachLine calls f with each line of s, without its newline; a last
// line without one counts too.
func forEachLine(s []byte, f func(string)) {
	text := string(s)
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		f(line)
		text = rest
	}
}
