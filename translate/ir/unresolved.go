package ir

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/eksport/eksport/translate/diag"
)

// Unresolved is a value that exists only at apply or deploy time: a
// Terraform data source, computed attribute or variable without a value; a
// CloudFormation GetAtt of a runtime attribute, a parameter without a
// value or an import from a stack outside the run. Front-ends never invent
// such a value: they put Token() where the value goes, and the run reports
// every token that reaches the output (FindUnresolved), at the position
// the token carries, or replaces it with Placeholder when the user asked
// for placeholders.
type Unresolved struct {
	// Name is the value as the user writes it: var.image,
	// aws_lb.main.dns_name, !Ref ImageTag.
	Name string
	// Pos is where the value is needed: the expression that produced it.
	Pos diag.Pos
	// Defined, when known, is where the variable or parameter is declared.
	Defined diag.Pos
	// How says how to give the value ("in terraform.tfvars, with --var
	// image=VALUE or in the configuration file"); empty for values no
	// input can give (computed attributes).
	How string
	// Input is true for an input variable or parameter, which a Helm
	// chart may take as a required value.
	Input bool
}

// UnresolvedPrefix starts every token. Tokens are made of lower-case
// letters, digits and '-' only, so that they survive YAML and JSON
// quoting, lower-casing and the DNS-name sanitizing of names; a token
// ends at the first 'z' after the prefix.
const UnresolvedPrefix = "eksport-unresolved-"

const unresolvedEnd = 'z'

// Token is the string that stands for the value in the front-end's
// output. It carries every field, so that any stage can report it.
func (u Unresolved) Token() string {
	// The fields joined by \x1f, hex-encoded: written at once (tokens are
	// made for every reference to such a value).
	var buf [256]byte
	raw := append(buf[:0], u.Name...)
	raw = append(raw, 0x1f)
	raw = append(raw, u.How...)
	raw = append(raw, 0x1f)
	if u.Input {
		raw = append(raw, '1')
	} else {
		raw = append(raw, '0')
	}
	for _, p := range [2]diag.Pos{u.Pos, u.Defined} {
		raw = append(raw, 0x1f)
		raw = append(raw, p.File...)
		raw = append(raw, 0x1f)
		raw = strconv.AppendInt(raw, int64(p.Doc), 10)
		raw = append(raw, 0x1f)
		raw = strconv.AppendInt(raw, int64(p.Line), 10)
		raw = append(raw, 0x1f)
		raw = strconv.AppendInt(raw, int64(p.Col), 10)
		raw = append(raw, 0x1f)
		raw = append(raw, p.Path...)
	}
	const digits = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(UnresolvedPrefix) + 2*len(raw) + 1)
	b.WriteString(UnresolvedPrefix)
	for _, c := range raw {
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&0x0f])
	}
	b.WriteByte(unresolvedEnd)
	return b.String()
}

// HasUnresolved reports whether s holds a token; it is cheap.
func HasUnresolved(s string) bool { return strings.Contains(s, UnresolvedPrefix) }

// FindUnresolved returns the values whose tokens s holds, in order.
func FindUnresolved(s string) []Unresolved {
	var out []Unresolved
	ReplaceUnresolved(s, func(u Unresolved) string {
		out = append(out, u)
		return ""
	})
	return out
}

// ReplaceUnresolved replaces each well-formed token in s by f's result.
func ReplaceUnresolved(s string, f func(Unresolved) string) string {
	if !HasUnresolved(s) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, UnresolvedPrefix)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+len(UnresolvedPrefix):]
		j := strings.IndexByte(rest, byte(unresolvedEnd))
		var u Unresolved
		ok := j >= 0
		if ok {
			u, ok = decodeUnresolved(rest[:j])
		}
		if !ok {
			b.WriteString(UnresolvedPrefix)
			s = rest
			continue
		}
		b.WriteString(f(u))
		s = rest[j+1:]
	}
}

func decodeUnresolved(h string) (Unresolved, bool) {
	raw, err := hex.DecodeString(h)
	if err != nil {
		return Unresolved{}, false
	}
	parts := strings.Split(string(raw), "\x1f")
	if len(parts) != 13 {
		return Unresolved{}, false
	}
	u := Unresolved{Name: parts[0], How: parts[1], Input: parts[2] == "1"}
	for k, p := range []*diag.Pos{&u.Pos, &u.Defined} {
		q := parts[3+5*k:]
		p.File, p.Path = q[0], q[4]
		var errs [3]error
		p.Doc, errs[0] = strconv.Atoi(q[1])
		p.Line, errs[1] = strconv.Atoi(q[2])
		p.Col, errs[2] = strconv.Atoi(q[3])
		for _, e := range errs {
			if e != nil {
				return Unresolved{}, false
			}
		}
	}
	return u, true
}

// Placeholder is the visible text that replaces a token when the user
// asks for placeholders (--placeholders): UNRESOLVED_ and the name, with
// characters other than letters, digits, '_', '-' and '.' as '_'.
func (u Unresolved) Placeholder() string {
	b := []byte("UNRESOLVED_" + u.Name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Report adds the diagnostic for an unresolved value that reached the
// output: an error, or with placeholders a warning saying the output
// holds Placeholder instead.
func (u Unresolved) Report(diags *diag.List, placeholders bool) {
	what := fmt.Sprintf("%s has no value before apply time", u.Name)
	if u.Input {
		what = fmt.Sprintf("%s has no value", u.Name)
	}
	var d *diag.Diagnostic
	if placeholders {
		d = diags.Warnf(u.Pos, "unresolved/placeholder", "%s; the output holds the placeholder %s instead", what, u.Placeholder())
	} else {
		d = diags.Errorf(u.Pos, "unresolved/value", "%s; eksport never invents it", what)
	}
	if u.How != "" {
		d.Fix = u.How
	} else {
		d.Fix = "replace the reference by the value it has once applied, or convert a plan file (terraform show -json) where it is known; --placeholders writes a visible placeholder instead"
	}
	if u.Defined.File != "" {
		d.Notes = append(d.Notes, fmt.Sprintf("%s is declared at %s", u.Name, u.Defined))
	}
}

// Readable replaces each token in a message by the value's name, as
// ${var.image}.
func Readable(s string) string {
	return ReplaceUnresolved(s, func(u Unresolved) string { return "${" + u.Name + "}" })
}
