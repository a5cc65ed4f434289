package emit

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestAppendWord holds appendWord to appendScalar, as a value and as a
// key, on every string of up to three characters from the characters it
// takes (and a few it does not), and on longer random ones.
func TestAppendWord(t *testing.T) {
	const alphabet = "abefinoxyzABEFINOXYZtTlLuU0159./_-: #%'\""
	check := func(s string) {
		for _, value := range []bool{true, false} {
			got, ok := appendWord([]byte("x:"), s, value)
			if !ok {
				continue
			}
			want, wok := appendScalar([]byte("x:"), s, 2, 2, value)
			if !wok || !bytes.Equal(got, want) {
				t.Fatalf("%q (value %v): appendWord writes %q, appendScalar %q (%v)", s, value, got, want, wok)
			}
		}
	}
	words := 0
	var rec func(prefix string)
	rec = func(prefix string) {
		check(prefix)
		if _, ok := appendWord(nil, prefix, false); ok {
			words++
		}
		if len(prefix) == 3 {
			return
		}
		for i := range len(alphabet) {
			rec(prefix + alphabet[i:i+1])
		}
	}
	rec("")
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
	// Strings built to look like numbers, dates and times.
	tokens := []string{"0", "1", "7", "9", "12", "59", "2001", "-", "--", ".", ":", "e", "E", "x", "X", "o", "b", "B", "T", "t", "Z", "_", "/", "%", "inf", "Inf", "nan", "NaN", "a", "f", "F", "z", "k", "Mi"}
	for range 300000 {
		var b []byte
		for range 1 + rng.IntN(7) {
			b = append(b, tokens[rng.IntN(len(tokens))]...)
		}
		check(string(b))
	}
	for _, s := range []string{"yes", "No", "off", "ON", "null", "Null", "true", "y", "n", "-.inf", ".NaN", ".inf", "2006-01-02", "2006-1-2", "1e3", "0x1F", "0o17", "0b101", "-0b11", "1_000", "---x", "...x", "---z", "...z", "...", "---", "-", "--", "-z", ".z", "10.0.0.0/16", "1.2.3", "1..", "..5", "-1.2.3", "0x1.2", "1e3.5", ".5.", "2006-01-02/x", "1/2", "-/", "./", "12-34", "2006-01-02", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z", "2001-12-14T21:59:43", "1:20", "190:20:30.15", "1_0:20", "-1:20", "1:2a", "1:2T", "1:2Z", "1e:2", "100%", "%x", "x%", "x:", "x:y", "a:b:", "1:", "0_x1", "0_b1", "-0_x1", "-c", "-0x1f", "0X1F", "0O7", "0B1", "08", "09.5", "0777", "123456789012345678", "1234567890123456789", "99999999999999999999", "", ".", "256Mi", "500m", "0.5", "1Gi", "-1e3m", "0xG", "app.kubernetes.io/name", "_x", "/x", "-infinity", ".infinity", "1infinity", "12:30"} {
		check(s)
	}
	if words < 1000 {
		t.Fatalf("appendWord took only %d strings", words)
	}
}
