package report

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The report's JSON files are written directly rather than through
// encoding/json, whose reflection and second indenting pass made them the
// larger part of the report on a large batch. The writer gives the bytes
// an encoding/json Encoder gives with SetIndent("", "  ") and
// SetEscapeHTML(false), trailing newline included: fields in struct
// order, omitempty where a tag says so, map keys sorted, nil slices and
// maps as null, empty ones as [] and {}, and strings escaped as
// encoding/json escapes them. Tests hold it to encoding/json.

// jsonWriter appends indented JSON to b.
type jsonWriter struct {
	b []byte
	// out, when set, takes b's bytes between array elements once b has
	// grown past spillSize, so that a large document is never held whole.
	out   *spill
	depth int
	// scratch holds a warning's text while it is written.
	scratch []byte
	// empty says that the innermost open object or array has no member
	// yet.
	empty bool
}

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.empty = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.empty {
		w.newline()
	}
	w.b = append(w.b, c)
	w.empty = false
}

// elem starts a member of an array.
func (w *jsonWriter) elem() {
	w.b = w.out.check(w.b)
	if !w.empty {
		w.b = append(w.b, ',')
	}
	w.empty = false
	w.newline()
}

// key starts a member of an object.
func (w *jsonWriter) key(k string) {
	w.elem()
	w.b = appendJSONString(w.b, k)
	w.b = append(w.b, ':', ' ')
}

func (w *jsonWriter) str(s string) { w.b = appendJSONString(w.b, s) }

func (w *jsonWriter) strings(list []string) {
	if list == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.open('[')
	for _, s := range list {
		w.elem()
		w.str(s)
	}
	w.close(']')
}

// refs writes a workload's warnings as strings holds their text.
func (w *jsonWriter) refs(list []warnRef) {
	w.open('[')
	for _, r := range list {
		w.elem()
		w.scratch = appendDiag(w.scratch[:0], r.d, r.withPath)
		w.b = appendJSONString(w.b, unsafe.String(unsafe.SliceData(w.scratch), len(w.scratch)))
	}
	w.close(']')
}

// value writes the values the trust policies hold in their maps and
// interfaces.
func (w *jsonWriter) value(v any) error {
	switch x := v.(type) {
	case nil:
		w.b = append(w.b, "null"...)
	case string:
		w.str(x)
	case []string:
		w.strings(x)
	case map[string]any:
		if x == nil {
			w.b = append(w.b, "null"...)
			return nil
		}
		keys := slices.AppendSeq(make([]string, 0, len(x)), maps.Keys(x))
		slices.Sort(keys)
		w.open('{')
		for _, k := range keys {
			w.key(k)
			if err := w.value(x[k]); err != nil {
				return err
			}
		}
		w.close('}')
	default:
		return fmt.Errorf("report: no JSON writer for %T", v)
	}
	return nil
}

// details writes the notes and fixes of a workload's warnings.
func (w *jsonWriter) details(list []warnDetail) {
	w.open('[')
	for _, d := range list {
		w.elem()
		w.open('{')
		w.key("warning")
		w.b = strconv.AppendInt(w.b, int64(d.Warning), 10)
		if len(d.Notes) > 0 { // omitempty
			w.key("notes")
			w.strings(d.Notes)
		}
		if d.Fix != "" { // omitempty
			w.key("fix")
			w.str(d.Fix)
		}
		w.close('}')
	}
	w.close(']')
}

// end finishes a document as Encoder.Encode does, with a newline.
func (w *jsonWriter) end() []byte {
	return append(w.b, '\n')
}

// writeChecklist writes c as marshal would.
func writeChecklist(c *checklist) []byte {
	return c.jsonTo(&jsonWriter{b: make([]byte, 0, c.jsonSize())})
}

// jsonTo writes c with w and returns what is left in w's buffer.
func (c *checklist) jsonTo(w *jsonWriter) []byte {
	w.open('{')
	w.key("addOns")
	if c.AddOns == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, a := range c.AddOns {
			w.elem()
			w.open('{')
			w.key("name")
			w.str(a.Name)
			w.key("why")
			w.str(a.Why)
			w.key("objects")
			w.strings(a.Objects)
			w.close('}')
		}
		w.close(']')
	}
	w.key("iamRoles")
	if c.Roles == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, r := range c.Roles {
			w.elem()
			w.open('{')
			w.key("roleArn")
			w.str(r.RoleARN)
			w.key("serviceAccounts")
			w.strings(r.ServiceAccounts)
			w.key("trustPolicy")
			w.str(r.TrustPolicy)
			w.key("mode")
			w.str(r.Mode)
			w.close('}')
		}
		w.close(']')
	}
	w.key("secretsToRead")
	w.strings(c.Secrets)
	w.key("objectsToCreate")
	w.strings(c.Create)
	w.key("warnings")
	if c.Warnings == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, ww := range c.Warnings {
			w.elem()
			w.open('{')
			w.key("workload")
			w.str(ww.Workload)
			w.key("warnings")
			if ww.refs != nil {
				w.refs(ww.refs)
			} else {
				w.strings(ww.Warnings)
			}
			if len(ww.Details) > 0 { // omitempty
				w.key("details")
				w.details(ww.Details)
			}
			w.close('}')
		}
		w.close(']')
	}
	w.key("diagnosticCounts")
	if c.Counts == nil {
		w.b = append(w.b, "null"...)
	} else {
		keys := slices.AppendSeq(make([]string, 0, len(c.Counts)), maps.Keys(c.Counts))
		slices.Sort(keys)
		w.open('{')
		for _, k := range keys {
			w.key(k)
			w.b = strconv.AppendInt(w.b, int64(c.Counts[k]), 10)
		}
		w.close('}')
	}
	w.close('}')
	return w.end()
}

// jsonSize estimates the size of c's JSON, so that its buffer is
// allocated once: the strings unescaped, plus the indentation, quotes
// and punctuation around each.
func (c *checklist) jsonSize() int {
	const (
		item = 16 // an array member: newline, indentation, quotes, comma
		obj  = 64 // an object in a list: its keys and braces
	)
	n := 256
	strs := func(list []string) {
		for _, s := range list {
			n += len(s) + item
		}
	}
	for _, a := range c.AddOns {
		n += obj + len(a.Name) + len(a.Why)
		strs(a.Objects)
	}
	for _, r := range c.Roles {
		n += obj + len(r.RoleARN) + len(r.TrustPolicy) + len(r.Mode)
		strs(r.ServiceAccounts)
	}
	strs(c.Secrets)
	strs(c.Create)
	for _, ww := range c.Warnings {
		n += obj + len(ww.Workload)
		strs(ww.Warnings)
		for _, d := range ww.Details {
			n += obj + len(d.Fix)
			strs(d.Notes)
		}
	}
	n += len(c.Counts) * 32
	return n
}

// writeAssociations writes the Pod Identity associations as marshal
// would.
func writeAssociations(list []association) []byte {
	w := jsonWriter{b: make([]byte, 0, 64+len(list)*256)}
	if list == nil {
		w.b = append(w.b, "null"...)
		return w.end()
	}
	w.open('[')
	for _, a := range list {
		w.elem()
		w.open('{')
		w.key("clusterName")
		w.str(a.ClusterName)
		w.key("namespace")
		w.str(a.Namespace)
		w.key("serviceAccount")
		w.str(a.ServiceAccount)
		w.key("roleArn")
		w.str(a.RoleARN)
		w.close('}')
	}
	w.close(']')
	return w.end()
}

// writePolicy writes a trust policy as marshal would.
func writePolicy(doc policyDoc) ([]byte, error) {
	w := jsonWriter{b: make([]byte, 0, 512)}
	w.open('{')
	w.key("Version")
	w.str(doc.Version)
	w.key("Statement")
	if doc.Statement == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, st := range doc.Statement {
			w.elem()
			w.open('{')
			w.key("Sid")
			w.str(st.Sid)
			w.key("Effect")
			w.str(st.Effect)
			w.key("Principal")
			if err := w.value(st.Principal); err != nil {
				return nil, err
			}
			w.key("Action")
			if err := w.value(st.Action); err != nil {
				return nil, err
			}
			if len(st.Condition) > 0 { // omitempty
				w.key("Condition")
				if err := w.value(st.Condition); err != nil {
					return nil, err
				}
			}
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	return w.end(), nil
}

// jsonSafe says which bytes a JSON string holds as they are: ASCII but
// for the control characters, " and \ (with SetEscapeHTML(false), <, >
// and & are). The bytes of other characters are looked at as UTF-8.
var jsonSafe = func() (t [256]bool) {
	for b := range utf8.RuneSelf {
		t[b] = b >= 0x20 && b != '"' && b != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// Eight bytes at a time (SWAR): a word whose bytes are all safe is copied
// without looking at each.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// safe8 reports whether the 8 bytes of x are all jsonSafe.
func safe8(x uint64) bool {
	q, bs := x^('"'*ones), x^('\\'*ones) // zero bytes where x has " or \
	ctl := (x - 0x20*ones) &^ x          // high bit set at (or above) a byte below 0x20
	quote := (q - ones) &^ q             // high bit set at (or above) a zero byte of q
	slash := (bs - ones) &^ bs
	// x's own high bits catch the bytes of 0x80 and up, which also make
	// the three tests above unreliable.
	return (x|ctl|quote|slash)&highs == 0
}

// appendJSONString appends s quoted as encoding/json quotes it without
// HTML escaping: " and \ escaped, \b \f \n \r \t by name, the other
// control characters as \u00xx, U+2028 and U+2029 as \u2028 and \u2029,
// and each byte that is not part of valid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			t := s[i : i+8]
			x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
				uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
			if safe8(x) {
				i += 8
				continue
			}
		}
		b := s[i]
		if jsonSafe[b] {
			i++
			continue
		}
		if b < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
