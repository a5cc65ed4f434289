package kname

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
)

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"shop_Web":      "shop-web",
		"web":           "web",
		"2048-game":     "x-2048-game",
		"__a__b__":      "a-b",
		"Über.Service":  "ber-service",
		"":              "",
		"___":           "",
		"UPPER-lower-9": "upper-lower-9",
	} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("a", 80)
	l1, l2 := Label(long), Label(long+"b")
	if len(l1) > 63 || l1 == l2 {
		t.Errorf("long names: %q %q", l1, l2)
	}
	for _, s := range []string{long, "shop_Web", "2048", "a_" + long} {
		if errs := validation.IsDNS1035Label(Label(s)); len(errs) > 0 {
			t.Errorf("Label(%q) = %q invalid: %v", s, Label(s), errs)
		}
	}
}

func TestPortName(t *testing.T) {
	for in, want := range map[string]string{
		"http":                         "http",
		"web_http_8080":                "web-http-8080",
		"8080":                         "p-8080",
		"a-very-long-port-name-indeed": "",
	} {
		got := PortName(in)
		if want != "" && got != want {
			t.Errorf("PortName(%q) = %q, want %q", in, got, want)
		}
		if errs := validation.IsValidPortName(got); len(errs) > 0 {
			t.Errorf("PortName(%q) = %q invalid: %v", in, got, errs)
		}
	}
}
