package ir

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/eksport/eksport/translate/diag"
)

func TestUnresolvedToken(t *testing.T) {
	u := Unresolved{Name: "var.image", Pos: diag.Pos{File: "infra/main.tf", Line: 12, Col: 5, Path: "containerDefinitions[0].image"},
		Defined: diag.Pos{File: "infra/variables.tf", Line: 1, Col: 1}, How: "set it in terraform.tfvars or with --var image=VALUE", Input: true}
	tok := u.Token()
	for _, c := range tok {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			t.Fatalf("token %q holds %q", tok, c)
		}
	}
	s := "registry/app:" + tok + "-" + tok
	got := FindUnresolved(s)
	if len(got) != 2 || got[0] != u || got[1] != u {
		t.Fatalf("FindUnresolved = %+v, want twice %+v", got, u)
	}
	if r := ReplaceUnresolved(s, Unresolved.Placeholder); r != "registry/app:UNRESOLVED_var.image-UNRESOLVED_var.image" {
		t.Fatalf("ReplaceUnresolved = %q", r)
	}
	// A damaged token is left alone.
	bad := UnresolvedPrefix + "zz"
	if r := ReplaceUnresolved(bad, Unresolved.Placeholder); r != bad || len(FindUnresolved(bad)) != 0 {
		t.Fatalf("damaged token replaced: %q", r)
	}
	var diags diag.List
	u.Report(&diags, false)
	u.Report(&diags, true)
	if len(diags) != 2 || diags[0].Severity != diag.Error || diags[0].Pos != u.Pos || diags[1].Severity != diag.Warning ||
		!strings.Contains(diags[0].Message, "var.image") || diags[0].Fix != u.How || len(diags[0].Notes) != 1 {
		t.Fatalf("diagnostics: %+v", diags)
	}
	if p := (Unresolved{Name: "!Ref Image Tag"}).Placeholder(); p != "UNRESOLVED__Ref_Image_Tag" {
		t.Fatalf("Placeholder = %q", p)
	}
}

// TestTokenAsJoined: Token writes what joining the fields with \x1f and
// hex-encoding them wrote.
func TestTokenAsJoined(t *testing.T) {
	joined := func(u Unresolved) string {
		in := "0"
		if u.Input {
			in = "1"
		}
		parts := []string{u.Name, u.How, in}
		for _, p := range []diag.Pos{u.Pos, u.Defined} {
			parts = append(parts, p.File, strconv.Itoa(p.Doc), strconv.Itoa(p.Line), strconv.Itoa(p.Col), p.Path)
		}
		return UnresolvedPrefix + hex.EncodeToString([]byte(strings.Join(parts, "\x1f"))) + "z"
	}
	long := strings.Repeat("ü/", 200)
	for i, u := range []Unresolved{
		{},
		{Name: "var.image", How: "give it a value", Input: true, Pos: diag.Pos{File: "m/main.tf", Line: 3, Col: 17}},
		{Name: "aws_lb.x.arn", Pos: diag.Pos{File: "a.tf", Doc: 2, Line: -1, Col: 1 << 40, Path: "spec.x"}, Defined: diag.Pos{File: "b.tf", Line: 9, Col: 1}},
		{Name: long, How: long, Pos: diag.Pos{File: long, Path: long}, Defined: diag.Pos{File: long}},
	} {
		if got, want := u.Token(), joined(u); got != want {
			t.Errorf("%d: Token() = %q, want %q", i, got, want)
		}
		back := FindUnresolved(u.Token())
		if len(back) != 1 || back[0] != u {
			t.Errorf("%d: read back as %+v", i, back)
		}
	}
}
