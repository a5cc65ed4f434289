// Package kname turns names from other systems into valid Kubernetes names,
// deterministically: the same input always gives the same name, and a name
// that had to be shortened carries a short hash of the original so that two
// long names do not collapse into one.
package kname

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// Label returns s as an RFC 1035 label (lower-case letters, digits and '-',
// starting with a letter, at most 63 characters), usable for Services,
// containers, volumes and workload names alike. It returns "" only when s
// has no letter or digit at all.
func Label(s string) string {
	return clean(s, 63, "x-")
}

// PortName returns s as an IANA service name (at most 15 characters, lower
// case alphanumerics and '-', at least one letter, no "--").
func PortName(s string) string {
	n := clean(s, 15, "p-")
	if n != "" && !strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz") {
		n = clean("p-"+n, 15, "p-")
	}
	return n
}

func clean(s string, limit int, digitPrefix string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := b.String()
	if out == "" {
		return ""
	}
	if out[0] >= '0' && out[0] <= '9' {
		out = digitPrefix + out
	}
	if len(out) > limit {
		h := fnv.New32a()
		h.Write([]byte(s))
		suffix := fmt.Sprintf("%08x", h.Sum32())[:5]
		if limit < 20 {
			suffix = suffix[:4]
		}
		out = strings.TrimRight(out[:limit-len(suffix)-1], "-") + "-" + suffix
	}
	return out
}

// Join builds a label from parts ("web", "tmpfs", "0"), shortening as Label
// does.
func Join(parts ...string) string {
	return Label(strings.Join(parts, "-"))
}

// Shorten cuts a label to at most n characters, keeping it unique with a
// short hash of the whole, as Label does at 63.
func Shorten(label string, n int) string {
	if len(label) <= n {
		return label
	}
	h := fnv.New32a()
	h.Write([]byte(label))
	suffix := fmt.Sprintf("%08x", h.Sum32())[:5]
	return strings.TrimRight(label[:n-len(suffix)-1], "-") + "-" + suffix
}

// Hash is a short, stable hash of s, for names that must differ.
func Hash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%08x", h.Sum32())[:6]
}
