package agree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/lint"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// Files is a file tree in memory: slash-separated relative paths to
// contents.
type Files map[string][]byte

// ReadDir reads every file under dir.
func ReadDir(dir string) (Files, error) {
	out := Files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	return out, err
}

// Sub returns the files under prefix/, with the prefix taken off.
func (f Files) Sub(prefix string) Files {
	out := Files{}
	for name, data := range f {
		if rest, ok := strings.CutPrefix(name, prefix+"/"); ok {
			out[rest] = data
		}
	}
	return out
}

// Names returns the file names in order.
func (f Files) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Object is one parsed Kubernetes object.
type Object map[string]any

// Key is "Kind namespace/name".
func (o Object) Key() string {
	md, _ := o["metadata"].(map[string]any)
	ns, _ := md["namespace"].(string)
	name, _ := md["name"].(string)
	kind, _ := o["kind"].(string)
	return kind + " " + ns + "/" + name
}

// Parse reads the objects of a multi-document YAML stream, dropping empty
// documents and null fields (which the API server treats as absent).
func Parse(data []byte) ([]Object, error) {
	var out []Object
	for _, doc := range splitDocs(data) {
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, err
		}
		if s := strings.TrimSpace(string(js)); s == "null" || s == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			return nil, err
		}
		dropNulls(m)
		out = append(out, m)
	}
	return out, nil
}

func splitDocs(data []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.TrimRight(line, "\r\n") == "---" {
			docs = append(docs, bytes.Clone(cur.Bytes()))
			cur.Reset()
			continue
		}
		cur.WriteString(line)
	}
	return append(docs, cur.Bytes())
}

func dropNulls(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			dropNulls(e)
		}
	case []any:
		for _, e := range x {
			dropNulls(e)
		}
	}
}

// ObjectsOf parses the manifests among files: every .yaml and .yml file
// holding objects with apiVersion and kind.
func ObjectsOf(files Files) ([]Object, error) {
	var out []Object
	for _, n := range files.Names() {
		if ext := path.Ext(n); ext != ".yaml" && ext != ".yml" {
			continue
		}
		objs, err := Parse(files[n])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		for _, o := range objs {
			if o["apiVersion"] == nil || o["kind"] == nil {
				return nil, fmt.Errorf("%s: a document without apiVersion and kind", n)
			}
		}
		out = append(out, objs...)
	}
	return out, nil
}

// KustomizeBuild runs `kustomize build dir` over an in-memory copy of
// files.
func KustomizeBuild(files Files, dir string) ([]Object, error) {
	mem := filesys.MakeFsInMemory()
	for _, n := range files.Names() {
		if err := mem.MkdirAll(path.Dir("/work/" + n)); err != nil {
			return nil, err
		}
		if err := mem.WriteFile("/work/"+n, files[n]); err != nil {
			return nil, err
		}
	}
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(mem, "/work/"+dir)
	if err != nil {
		return nil, err
	}
	out, err := m.AsYaml()
	if err != nil {
		return nil, err
	}
	return Parse(out)
}

// LoadChart loads a chart from files in memory, honouring its .helmignore
// as `helm` does for a chart folder.
func LoadChart(files Files) (*chart.Chart, error) {
	var bf []*archive.BufferedFile
	ignore := ignored(files[".helmignore"])
	for _, n := range files.Names() {
		if ignore(n) {
			continue
		}
		bf = append(bf, &archive.BufferedFile{Name: n, Data: files[n]})
	}
	return loader.LoadFiles(bf)
}

// ignored reads the simple patterns eksport writes in .helmignore: a name
// pattern, or a folder ending in /.
func ignored(helmignore []byte) func(string) bool {
	var pats []string
	for _, l := range strings.Split(string(helmignore), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			pats = append(pats, l)
		}
	}
	return func(name string) bool {
		for _, p := range pats {
			if dir, ok := strings.CutSuffix(p, "/"); ok {
				if strings.HasPrefix(name, dir+"/") {
					return true
				}
				continue
			}
			if ok, _ := path.Match(p, path.Base(name)); ok {
				return true
			}
		}
		return false
	}
}

// Values reads values files and merges them in order, as `helm template
// -f a -f b` does.
func Values(files ...[]byte) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range files {
		v, err := common.ReadValues(f)
		if err != nil {
			return nil, err
		}
		out = mergeMaps(out, v)
	}
	return out, nil
}

func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bv, ok := v.(map[string]any); ok {
			if av, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(av, bv)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// HelmTemplate renders a chart with user values as `helm template` does
// (release "agree" in namespace "default"), validating the values against
// the chart's schema, and returns the objects of its manifests.
func HelmTemplate(ch *chart.Chart, vals map[string]any) ([]Object, error) {
	rv, err := util.ToRenderValuesWithSchemaValidation(ch, vals, common.ReleaseOptions{Name: "agree", Namespace: "default", IsInstall: true}, nil, false)
	if err != nil {
		return nil, err
	}
	var e engine.Engine
	e.Strict = false
	rendered, err := e.Render(ch, rv)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(rendered))
	for n := range rendered {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Object
	for _, n := range names {
		if path.Base(n) == "NOTES.txt" || strings.HasPrefix(path.Base(n), "_") {
			continue
		}
		objs, err := Parse([]byte(rendered[n]))
		if err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", n, err, rendered[n])
		}
		out = append(out, objs...)
	}
	return out, nil
}

// Lint runs helm lint --strict on a chart folder with the given values
// files and returns every message of warning severity or worse.
func Lint(dir string, valueFiles ...[]byte) ([]string, error) {
	vals, err := Values(valueFiles...)
	if err != nil {
		return nil, err
	}
	l := lint.RunAll(dir, vals, "default")
	var out []string
	for _, m := range l.Messages {
		if m.Severity >= support.WarningSev {
			out = append(out, m.Error())
		}
	}
	return out, nil
}

// Compare returns the differences between two sets of objects, keyed by
// kind, namespace and name: objects only one side has, and fields that
// differ.
func Compare(wantName string, want []Object, gotName string, got []Object) []string {
	index := func(objs []Object) (map[string]Object, []string) {
		m := map[string]Object{}
		var dups []string
		for _, o := range objs {
			if _, ok := m[o.Key()]; ok {
				dups = append(dups, o.Key())
			}
			m[o.Key()] = o
		}
		return m, dups
	}
	w, wd := index(want)
	g, gd := index(got)
	var out []string
	for _, d := range wd {
		out = append(out, fmt.Sprintf("%s holds %s twice", wantName, d))
	}
	for _, d := range gd {
		out = append(out, fmt.Sprintf("%s holds %s twice", gotName, d))
	}
	var keys []string
	for k := range w {
		keys = append(keys, k)
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		wo, inW := w[k]
		gotO, inG := g[k]
		switch {
		case !inG:
			out = append(out, fmt.Sprintf("%s: in %s, missing from %s", k, wantName, gotName))
		case !inW:
			out = append(out, fmt.Sprintf("%s: in %s, not in %s", k, gotName, wantName))
		default:
			for _, d := range fieldDiff("", map[string]any(wo), map[string]any(gotO)) {
				out = append(out, fmt.Sprintf("%s: %s: %s has %s, %s has %s", k, d[0], wantName, d[1], gotName, d[2]))
			}
		}
	}
	return out
}

// fieldDiff lists the paths where a and b differ, with both values.
func fieldDiff(p string, a, b any) [][3]string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		var out [][3]string
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		slices.Sort(sorted)
		for _, k := range sorted {
			av, ain := am[k]
			bv, bin := bm[k]
			switch {
			case !ain:
				out = append(out, [3]string{p + "." + k, "nothing", js(bv)})
			case !bin:
				out = append(out, [3]string{p + "." + k, js(av), "nothing"})
			default:
				out = append(out, fieldDiff(p+"."+k, av, bv)...)
			}
		}
		return out
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		var out [][3]string
		for i := range al {
			out = append(out, fieldDiff(fmt.Sprintf("%s[%d]", p, i), al[i], bl[i])...)
		}
		return out
	}
	if js(a) != js(b) {
		return [][3]string{{p, js(a), js(b)}}
	}
	return nil
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
