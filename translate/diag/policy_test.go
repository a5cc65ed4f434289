package diag

import (
	"slices"
	"testing"
)

// The in-place forms must give what the copying forms give, for every
// policy shape: an override that drops a code, one that changes a
// severity, Strict, and none.
func TestPolicyInPlace(t *testing.T) {
	list := func() List {
		var l List
		l.Warnf(Pos{File: "b.json", Line: 3, Col: 1}, "ecs/w", "warning")
		l.Infof(Pos{File: "a.json", Line: 9, Col: 2}, "ecs/i", "info")
		l.Warnf(Pos{File: "a.json", Line: 1, Col: 1}, "ecs/drop", "dropped")
		l.Errorf(Pos{File: "c.json", Line: 1, Col: 1}, "ecs/e", "error")
		l.Warnf(Pos{File: "b.json", Line: 3, Col: 1}, "ecs/w", "warning") // a duplicate, compacted
		return l
	}
	for _, p := range []Policy{
		{},
		{Strict: true},
		{Override: map[string]string{"ecs/drop": "off", "ecs/e": "warning", "ecs/i": "error"}},
		{Strict: true, Override: map[string]string{"ecs/e": "info"}},
	} {
		want := p.Apply(list()).Sorted()
		got := p.ApplyInPlace(list()).SortInPlace()
		if !slices.EqualFunc(got, want, func(a, b Diagnostic) bool { return a.String() == b.String() }) {
			t.Errorf("%+v: in place %v, copying %v", p, got, want)
		}
		if h := p.HasErrors(list()); h != want.HasErrors() {
			t.Errorf("%+v: HasErrors %v, Apply(l).HasErrors() %v", p, h, want.HasErrors())
		}
		if len(want) == len(list()) {
			t.Errorf("%+v: the duplicate was not compacted: %v", p, want)
		}
	}
}
