package source

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// The decimal fast path reads an integer as YAML does, and leaves every
// other form (hexadecimal, octal, underscores, signs, out of range) to
// YAML.
func TestDecimalIntAgreesWithYAML(t *testing.T) {
	fast := 0
	for _, v := range []string{"0", "7", "-7", "42", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
		"007", "0x1F", "0o17", "1_000", "+5", "-", "", "1e3", "12a", "١٢"} {
		var viaYAML int64
		yerr := yaml.Unmarshal([]byte(v), &viaYAML)
		got, ok := decimalInt(v)
		if !ok {
			continue
		}
		fast++
		if yerr != nil || got != viaYAML {
			t.Errorf("%q: fast path read %d, YAML %d (%v)", v, got, viaYAML, yerr)
		}
	}
	if fast != 7 {
		t.Errorf("the fast path took %d values, want the 7 plain decimals in range", fast)
	}
}
