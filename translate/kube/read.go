package kube

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// Detect reports whether a document is a Kubernetes object (it has
// apiVersion and kind).
func Detect(doc *source.Doc) bool {
	n := doc.Root
	if n.Kind != yaml.MappingNode {
		return false
	}
	var api, kind bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "apiVersion":
			api = true
		case "kind":
			kind = true
		}
	}
	return api && kind
}

// Set collects the Kubernetes objects of a run in input order, and the
// kOps cluster specs beside them.
type Set struct {
	Objects []*ir.KubeObject
	Kops    ir.Kops
	// seen maps kind/namespace/name to the first definition, to refuse
	// an object defined twice (the second would silently win on apply).
	seen map[string]diag.Pos
}

// Add reads a document: an object, or a List whose items are objects.
func (s *Set) Add(doc *source.Doc, diags *diag.List) {
	root := doc.Root
	kind := scalar(child(root, "kind"))
	if items := child(root, "items"); strings.HasSuffix(kind, "List") && items != nil {
		if items.Kind != yaml.SequenceNode {
			if items.Tag != "!!null" {
				diags.Errorf(doc.Pos(items, "items"), "kube/invalid", "%s items must be a list", kind)
			}
			return
		}
		for i, it := range items.Content {
			s.add(doc, it, fmt.Sprintf("items[%d]", i), diags)
		}
		return
	}
	s.add(doc, root, "", diags)
}

func (s *Set) add(doc *source.Doc, n *yaml.Node, path string, diags *diag.List) {
	pos := doc.Pos(n, path)
	if n.Kind != yaml.MappingNode {
		diags.Errorf(pos, "kube/invalid", "List item is not an object")
		return
	}
	r := &reader{doc: doc, base: path, fields: map[string]diag.Pos{}}
	v, err := r.value(n, "", 0)
	if err != nil {
		diags.Errorf(err.pos, err.code, "%s", err.msg).Notes = err.notes
		return
	}
	m := v.(map[string]any)
	o := &ir.KubeObject{Object: m, Origin: pos, Fields: r.fields}
	if o.APIVersion() == "" {
		diags.Errorf(o.At("apiVersion"), "kube/invalid", "object has no apiVersion")
		return
	}
	if o.Kind() == "" {
		diags.Errorf(o.At("kind"), "kube/invalid", "object has no kind")
		return
	}
	if isKops(o) {
		s.addKops(o, diags)
		return
	}
	if !checkObject(o, diags) {
		return
	}
	clean(o, diags)
	if s.seen == nil {
		s.seen = map[string]diag.Pos{}
	}
	key := o.Kind() + "/" + o.Namespace() + "/" + o.Name()
	if first, dup := s.seen[key]; dup {
		diags.Errorf(o.At("metadata.name"), "kube/duplicate", "%s is defined twice (first at %s); kubectl would apply only the last one", o.ID(), first)
		return
	}
	s.seen[key] = o.At("metadata.name")
	o.Order = len(s.Objects)
	s.Objects = append(s.Objects, o)
}

// reader converts one object's nodes into generic values and records the
// position of every field.
type reader struct {
	doc    *source.Doc
	base   string // path of the object inside the document
	fields map[string]diag.Pos
}

type readError struct {
	pos   diag.Pos
	code  string
	msg   string
	notes []string
}

func (r *reader) errorf(n *yaml.Node, path, code, format string, args ...any) *readError {
	return &readError{pos: r.doc.Pos(n, ir.JoinPath(r.base, path)), code: code, msg: fmt.Sprintf(format, args...)}
}

// value converts a node into JSON-compatible Go values, resolving aliases
// and keeping numbers exact.
func (r *reader) value(n *yaml.Node, path string, depth int) (any, *readError) {
	if depth > source.MaxDepth {
		return nil, r.errorf(n, path, "kube/invalid", "document nests deeper than %d levels", source.MaxDepth)
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				e := r.errorf(k, path, "kube/template", "a key is itself a map or list, which is how an unquoted template placeholder such as {{ .Value }} reads in YAML")
				e.notes = []string{"render the template (helm template, kustomize build, your own tool) and convert its output"}
				return nil, e
			}
			if k.Tag == "!!merge" {
				return nil, r.errorf(k, path, "kube/invalid", "YAML merge keys (<<) are not supported in manifests")
			}
			kp := ir.Path(path, k.Value)
			if _, dup := m[k.Value]; dup {
				return nil, r.errorf(k, kp, "kube/invalid", "duplicate key %q", k.Value)
			}
			r.fields[kp] = r.doc.Pos(k, "")
			v, err := r.value(n.Content[i+1], kp, depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			ip := ir.Path(path, i)
			r.fields[ip] = r.doc.Pos(c, "")
			v, err := r.value(c, ip, depth+1)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, r.errorf(n, path, "kube/invalid", "%v", err)
			}
			return b, nil
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				return i, nil
			}
			var i int64
			if err := n.Decode(&i); err != nil {
				return nil, r.errorf(n, path, "kube/invalid", "%v", err)
			}
			return i, nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, r.errorf(n, path, "kube/invalid", "%v", err)
			}
			return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return n.Value, nil
	}
	return nil, r.errorf(n, path, "kube/invalid", "unsupported YAML node")
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// SetNamespace puts every object that names a namespace into ns (the run's
// --namespace or configuration namespace), as lowering does for the
// objects it makes. Objects without one are cluster-scoped or left to the
// namespace they are applied in. References to namespaced objects move
// with them: the ServiceAccount subjects of bindings and the claims that
// volumes are bound to.
func SetNamespace(objs []*ir.KubeObject, ns string) {
	if ns == "" {
		return
	}
	for _, o := range objs {
		if o.Namespace() != "" {
			o.Metadata()["namespace"] = ns
		}
		for _, s := range ir.Slice(o.Object["subjects"]) {
			if sm, ok := s.(map[string]any); ok && ir.Str(sm["kind"]) == "ServiceAccount" && ir.Str(sm["namespace"]) != "" {
				sm["namespace"] = ns
			}
		}
		if ref := ir.MapAt(o.Object, "spec", "claimRef"); o.Kind() == "PersistentVolume" && ir.Str(ref["namespace"]) != "" {
			ref["namespace"] = ns
		}
	}
}
