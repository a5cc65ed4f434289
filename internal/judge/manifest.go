package judge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"golang.org/x/tools/txtar"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Object is one Kubernetes object read from a manifest, with where it came
// from so that a rejection can point at it.
type Object struct {
	Source  string // file path
	Section string // txtar section name, if Source is an archive
	Line    int    // 1-based line where the document starts in Source
	Raw     []byte // the document as written (YAML or JSON), sent to the server as is
	Obj     *unstructured.Unstructured
}

// Where returns "file:line" (plus the txtar section, if any).
func (o Object) Where() string {
	w := o.Source
	if o.Line > 0 {
		w = fmt.Sprintf("%s:%d", w, o.Line)
	}
	if o.Section != "" {
		w += " [" + o.Section + "]"
	}
	return w
}

// ID returns "Kind namespace/name" (or "Kind name" without a namespace).
func (o Object) ID() string {
	if o.Obj == nil {
		return "?"
	}
	name := o.Obj.GetName()
	if name == "" {
		name = "<no name>"
	}
	if ns := o.Obj.GetNamespace(); ns != "" {
		name = ns + "/" + name
	}
	return o.Obj.GetKind() + " " + name
}

var docSep = regexp.MustCompile(`^---(\s.*)?$`)

type document struct {
	line int
	data []byte
}

// splitDocuments splits multi-document YAML on `---` lines, keeping the
// 1-based line at which each document's text starts.
func splitDocuments(data []byte) []document {
	var docs []document
	var cur bytes.Buffer
	start := 1
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i, l := range lines {
		trimmed := strings.TrimRight(string(l), "\r\n")
		if docSep.MatchString(trimmed) {
			docs = append(docs, document{line: start, data: bytes.Clone(cur.Bytes())})
			cur.Reset()
			start = i + 2
			continue
		}
		if trimmed == "..." { // explicit document end
			continue
		}
		cur.Write(l)
	}
	docs = append(docs, document{line: start, data: bytes.Clone(cur.Bytes())})
	return docs
}

// firstContentLine returns the line of the first non-blank, non-comment line
// of a document that starts at line start.
func firstContentLine(d document) int {
	for i, l := range strings.Split(string(d.data), "\n") {
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasPrefix(t, "#") {
			return d.line + i
		}
	}
	return d.line
}

// ParseError reports a document that is not a readable Kubernetes object.
type ParseError struct {
	Source string
	Line   int
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg) }

// ParseManifests reads every object of a multi-document YAML (or JSON)
// manifest. Empty and comment-only documents are skipped; `kind: *List`
// documents are expanded into their items. A document without apiVersion and
// kind, or with invalid YAML (including duplicate keys), is an error.
func ParseManifests(source string, data []byte) ([]Object, error) {
	var objs []Object
	for _, d := range splitDocuments(data) {
		line := firstContentLine(d)
		j, err := yaml.YAMLToJSONStrict(d.data)
		if err != nil {
			return objs, &ParseError{source, line, "invalid YAML: " + err.Error()}
		}
		j = bytes.TrimSpace(j)
		if len(j) == 0 || string(j) == "null" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(j, &m); err != nil {
			return objs, &ParseError{source, line, "document is not a mapping: " + err.Error()}
		}
		u := &unstructured.Unstructured{Object: m}
		if u.GetAPIVersion() == "" || u.GetKind() == "" {
			return objs, &ParseError{source, line, "document has no apiVersion and kind; not a Kubernetes object"}
		}
		if items, ok := m["items"].([]any); ok && strings.HasSuffix(u.GetKind(), "List") {
			for i, it := range items {
				im, ok := it.(map[string]any)
				if !ok {
					return objs, &ParseError{source, line, fmt.Sprintf("items[%d] is not an object", i)}
				}
				raw, _ := json.Marshal(im)
				iu := &unstructured.Unstructured{Object: im}
				if iu.GetAPIVersion() == "" || iu.GetKind() == "" {
					return objs, &ParseError{source, line, fmt.Sprintf("items[%d] has no apiVersion and kind", i)}
				}
				objs = append(objs, Object{Source: source, Line: line, Raw: raw, Obj: iu})
			}
			continue
		}
		objs = append(objs, Object{Source: source, Line: line, Raw: d.data, Obj: u})
	}
	return objs, nil
}

// ParseFile reads a manifest file with ParseManifests.
func ParseFile(path string) ([]Object, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseManifests(path, data)
}

// HasObjects reports whether data holds at least one YAML document with both
// apiVersion and kind (so it is meant to be a Kubernetes manifest). Documents
// that do not parse are ignored here; ParseManifests reports them.
func HasObjects(data []byte) bool {
	for _, d := range splitDocuments(data) {
		var m map[string]any
		if err := yaml.Unmarshal(d.data, &m); err != nil {
			continue
		}
		if m["apiVersion"] != nil && m["kind"] != nil {
			return true
		}
	}
	return false
}

// TxtarSection matches the sections of a txtar archive that hold manifests:
// out/<anything>.yaml (or .yml).
var TxtarSection = regexp.MustCompile(`^out/.+\.ya?ml$`)

// ParseTxtar reads the manifest sections (TxtarSection) of a txtar archive.
// Lines are reported relative to the archive file. It returns the objects
// and the number of manifest sections.
func ParseTxtar(path string) ([]Object, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	ar := txtar.Parse(data)
	starts := sectionLines(data, ar)
	var objs []Object
	n := 0
	for i, f := range ar.Files {
		if !TxtarSection.MatchString(f.Name) {
			continue
		}
		n++
		got, err := ParseManifests(path, f.Data)
		for j := range got {
			got[j].Section = f.Name
			got[j].Line += starts[i] - 1
		}
		objs = append(objs, got...)
		if err != nil {
			if pe, ok := err.(*ParseError); ok {
				pe.Line += starts[i] - 1
				pe.Msg = "[" + f.Name + "] " + pe.Msg
			}
			return objs, n, err
		}
	}
	return objs, n, nil
}

// sectionLines returns, for each file of ar, the 1-based line of the archive
// where its content starts.
func sectionLines(data []byte, ar *txtar.Archive) []int {
	starts := make([]int, len(ar.Files))
	lines := strings.Split(string(data), "\n")
	next := 0
	for i, l := range lines {
		if next >= len(ar.Files) {
			break
		}
		if strings.TrimSpace(l) == "-- "+ar.Files[next].Name+" --" {
			starts[next] = i + 2
			next++
		}
	}
	return starts
}

// kindOrder is the order in which a set of objects is applied, so that an
// object's dependencies (namespace, service account, CRD) exist first. Kinds
// not listed come last, in their original order.
var kindOrder = map[string]int{}

func init() {
	for i, k := range []string{
		"Namespace", "CustomResourceDefinition", "PriorityClass", "NetworkPolicy",
		"ResourceQuota", "LimitRange", "PodDisruptionBudget", "ServiceAccount",
		"Secret", "ConfigMap", "StorageClass", "PersistentVolume",
		"PersistentVolumeClaim", "ClusterRole", "ClusterRoleBinding", "Role",
		"RoleBinding", "Service", "DaemonSet", "Pod", "ReplicationController",
		"ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet",
		"Job", "CronJob", "IngressClassParams", "IngressClass", "Ingress",
	} {
		kindOrder[k] = i
	}
}

func orderOf(kind string) int {
	if i, ok := kindOrder[kind]; ok {
		return i
	}
	return len(kindOrder)
}
