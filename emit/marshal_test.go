package emit

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/eksport/eksport/internal/fuzzcount"
	yaml2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

var marshalSeeds = []string{
	`{"esc": "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u003c\\u0026\\u003e \\u00e9 \\ud83d\\ude00 \\ud83d x \\ude00 \\u2028", "n": [-0, 0.5, -1.5e-7, 1E+2, 123456789012345678901], "dup": 1, "dup": 2}`,
	`{"a": 1, "b": 1.5, "c": -0, "d": 1e21, "e": 1e-7, "f": 123456789012345678901234, "g": 9223372036854775807, "h": 18446744073709551615, "i": 0.000001}`,
	`{"s": ["", "yes", "no", "on", "off", "null", "~", "1", "1.0", "0x10", "0o7", "1_000", "1e3", ".5", "-", "- a", "a: b", "#x", "x #y", "2006-01-02", "2006-01-02T15:04:05Z", "<<", "=", "@x", "%x", "!x", "*x", "&x", "|", ">", "'", "\"", "\t", " lead", "trail ", "multi\nline", "multi\nline\n", "\u2028", "caf\u00e9", "<&>"]}`,
	`{"yes": 1, "80": {"true": "false"}, "*x": "'q'", "a b": "c: d", "x #y": "#z", "- a": ["- b", "a\\b", "say \"hi\"", "it's", " lead", "trail ", "1:20", "0b101", "+.inf", "2001-12-14"], "k": [{"1e3": "1e3", ".5": ".5", "0x1F": "0o17"}, {}, []]}`,
	`{"deep": {"deeper": {"list": ["a long sentence with \"quotes\" and \\ backslashes  and  double  spaces that goes past the eighty column limit of the emitter", "true but long enough to be quoted by the encoder and then folded at a space past column eighty", "*starts with an indicator, so single quotes, and it's long enough to fold past column eighty"]}}, "k": "x                                                                                          y"}`,
	`{"long": "a long sentence that goes on and on past the eighty column limit of the emitter so that it gets folded somewhere along the way, maybe twice over"}`,
	`{"nested": {"list": [{"a": [], "b": {}}, [1, [2, [3]]], null, true, false], "empty": {}, "keys": {"10": 1, "9": 2, "a10": 3, "a9": 4, "B": 5, "b": 6, "": 7, "-": 8}}}`,
	`{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "web"}}, "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27", "command": ["/bin/sh", "-c", "echo $(HOME) && exit 0"], "resources": {"limits": {"memory": "256Mi", "cpu": "500m"}}}]}}}}`,
}

// TestMarshalTreeMatchesSigsYAML checks MarshalTree against the encoder
// it replaces, byte for byte.
func TestMarshalTreeMatchesSigsYAML(t *testing.T) {
	for _, s := range marshalSeeds {
		checkMarshalTree(t, []byte(s))
	}
}

// FuzzMarshalTree compares MarshalTree with sigs.k8s.io/yaml.Marshal on
// arbitrary JSON objects.
func FuzzMarshalTree(f *testing.F) {
	for _, s := range marshalSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcount.Exec()
		checkMarshalTree(t, data)
	})
}

func checkMarshalTree(t *testing.T, data []byte) {
	sameTrees(t, data)
	var want, got map[string]any
	if json.Unmarshal(data, &want) != nil || json.Unmarshal(data, &got) != nil {
		return
	}
	// The fast path, when it applies, is the encoder's output exactly.
	var fresh map[string]any
	_ = json.Unmarshal(data, &fresh)
	if fast, ok := appendFast(nil, fresh); ok {
		_ = json.Unmarshal(data, &fresh)
		slow, err := yaml2.Marshal(yamlValue(fresh))
		if err != nil || !bytes.Equal(fast, slow) {
			t.Fatalf("%s: fast path differs from the encoder (%v):\nencoder:\n%s\nfast:\n%s", data, err, slow, fast)
		}
	}
	w, werr := yaml.Marshal(want)
	g, gerr := MarshalTree(got)
	if gerr != nil {
		t.Fatalf("MarshalTree: %v", gerr)
	}
	if werr == nil && bytes.Equal(w, g) {
		return
	}
	// Where the bytes differ, MarshalTree's must read back as the value,
	// and sigs.k8s.io/yaml's must not (it fails, or loses characters: it
	// re-parses its JSON text, and its parser rejects C1 controls and
	// folds U+0085 and U+2028 as line breaks), unless the key order is
	// one its encoder cannot decide.
	if !readsBack(g, want) {
		t.Fatalf("%s: MarshalTree output does not read back:\n%s", data, g)
	}
	if werr == nil && readsBack(w, want) && consistentKeys(want) {
		t.Errorf("%s:\nsigs.k8s.io/yaml:\n%s\nMarshalTree:\n%s", data, w, g)
	}
}

func readsBack(y []byte, want map[string]any) bool {
	var back map[string]any
	if err := yaml.Unmarshal(y, &back); err != nil {
		return false
	}
	a, _ := json.Marshal(back)
	b, _ := json.Marshal(positiveZero(want))
	return bytes.Equal(a, b)
}

// positiveZero replaces -0 by 0, as YAML reads the -0 that JSON writes.
func positiveZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = positiveZero(e)
		}
	case []any:
		for i, e := range x {
			x[i] = positiveZero(e)
		}
	case float64:
		if x == 0 {
			return 0.0
		}
	}
	return v
}

// consistentKeys reports whether every map's keys are totally ordered by
// the encoder's comparison; only then is sigs.k8s.io/yaml's own output
// the same on every run, and comparable byte for byte.
func consistentKeys(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		var keys []string
		for k, e := range x {
			keys = append(keys, k)
			if !consistentKeys(e) {
				return false
			}
		}
		for _, a := range keys {
			for _, b := range keys {
				if a != b && keyLess(a, b) == keyLess(b, a) {
					return false
				}
				for _, c := range keys {
					if keyLess(a, b) && keyLess(b, c) && !keyLess(a, c) {
						return false
					}
				}
			}
		}
	case []any:
		for _, e := range x {
			if !consistentKeys(e) {
				return false
			}
		}
	}
	return true
}

// TestMarshalTreeKeyOrderIsStable: keys the encoder cannot order
// consistently still come out the same way every time.
func TestMarshalTreeKeyOrderIsStable(t *testing.T) {
	m := map[string]any{}
	for _, k := range []string{"a0", "a00", "a000", "0a", "00a", "a01", "a1", "a001", "1", "01", "001", "10", "010"} {
		m[k] = 1
	}
	first, err := MarshalTree(m)
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if again, _ := MarshalTree(m); !bytes.Equal(first, again) {
			t.Fatalf("order changed:\n%s\n%s", first, again)
		}
	}
}

// sameTrees holds decodeTree to encoding/json, with and without UseNumber.
func sameTrees(t *testing.T, data []byte) {
	var want map[string]any
	werr := json.Unmarshal(data, &want)
	got, gerr := decodeTree(data, false)
	if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(want, got) {
		t.Fatalf("%q: decodeTree gives %#v (%v), encoding/json %#v (%v)", data, got, gerr, want, werr)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var wantN map[string]any
	werr = dec.Decode(&wantN)
	gotN, gerr := decodeTree(data, true)
	if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(wantN, gotN) {
		t.Fatalf("%q: decodeTree with numbers gives %#v (%v), encoding/json %#v (%v)", data, gotN, gerr, wantN, werr)
	}
}
