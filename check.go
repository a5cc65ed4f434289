package eksport

import (
	"cmp"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
)

// checkObjects reports objects that cannot be written safely, whatever
// stage made them. Their names, namespaces and kinds become file and
// folder names, so a name such as ../x or /etc/x, or one holding NUL, must
// stop the run with a positioned error rather than reach the command
// line's last-resort guard; and two objects with the same identity would
// silently overwrite each other's file.
func checkObjects(objs []emit.Object, diags *diag.List) {
	type identity struct{ ns, kind, name string }
	// The objects are visited through their indexes and known by index:
	// a batch's tens of thousands of objects are neither copied nor held
	// twice at the end of the run.
	first := make(map[identity]int32, len(objs))
	badNS := map[string]bool{}
	kinds := map[string]string{} // kind -> lower case, made once per kind
	// The object that comes first in the inputs is the one kept in the
	// message; the others are reported where they come from.
	order := make([]int32, len(objs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &objs[i].Origin, &objs[j].Origin
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Doc, b.Doc),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	for _, i := range order {
		o := &objs[i]
		pos := o.Origin
		if pos.File == "" {
			pos = diag.Pos{File: "<input>", Line: 1, Col: 1}
		}
		if !validKind(o.Kind) {
			diags.Errorf(pos, "emit/invalid-kind", "%s: kind %q is not a Kubernetes kind (letters and digits, starting with a letter)", o.ID(), o.Kind)
			continue
		}
		if msg := nameProblem(o.Name); msg != "" {
			diags.Errorf(pos, "emit/invalid-name", "%s %q: %s", o.Kind, o.Name, msg)
			continue
		}
		if o.Namespace != "" && len(validation.IsDNS1123Label(o.Namespace)) > 0 {
			if !badNS[o.Namespace] {
				badNS[o.Namespace] = true
				diags.Errorf(pos, "emit/invalid-namespace", "namespace %q is not a DNS label (lower-case letters, digits and '-', at most 63 characters)", o.Namespace)
			}
			continue
		}
		// Files are named after namespace, name and kind, on file systems
		// that may ignore case.
		kind, ok := kinds[o.Kind]
		if !ok {
			kind = strings.ToLower(o.Kind)
			kinds[o.Kind] = kind
		}
		id := identity{o.Namespace, kind, strings.ToLower(o.Name)}
		if prev, dup := first[id]; dup {
			d := diags.Errorf(pos, "emit/collision", "%s is produced twice (first from %s); the second would overwrite the first", o.ID(), objs[prev].Origin)
			d.Fix = "rename one of them, or convert them into different namespaces"
			continue
		}
		first[id] = i
	}
}

// writable tells whether checkObjects accepts the object on its own (its
// identity aside): whether its file name is safe to make.
func writable(o emit.Object) bool {
	return validKind(o.Kind) && nameProblem(o.Name) == "" &&
		(o.Namespace == "" || len(validation.IsDNS1123Label(o.Namespace)) == 0)
}

func validKind(k string) bool {
	if k == "" || !(k[0] >= 'A' && k[0] <= 'Z' || k[0] >= 'a' && k[0] <= 'z') {
		return false
	}
	for _, c := range k {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// nameProblem applies the API server's rule for every object name (a path
// segment: not "." or "..", no "/" or "%") plus what file names need (no
// control characters or backslashes), or returns "".
func nameProblem(name string) string {
	switch {
	case name == "":
		return "the object has no name"
	case name == "." || name == "..":
		return "a name may not be \".\" or \"..\""
	case len(name) > validation.DNS1123SubdomainMaxLength:
		return "a name is at most 253 characters"
	case strings.ContainsAny(name, "/%\\"):
		return "a name may not contain '/', '\\' or '%'; it would point outside the output folder"
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f {
			return "a name may not contain control characters"
		}
	}
	return ""
}
