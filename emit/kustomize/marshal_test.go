package kustomize

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
)

// The kustomizations and patches are written by emit's YAML writer; these
// tests hold them to what sigs.k8s.io/yaml writes of the same structs,
// which is what they were written with before.

type jsonImage struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

type jsonReplica struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

type jsonPatchRef struct {
	Path   string `json:"path"`
	Target struct {
		Group     string `json:"group,omitempty"`
		Version   string `json:"version"`
		Kind      string `json:"kind"`
		Name      string `json:"name"`
		Namespace string `json:"namespace,omitempty"`
	} `json:"target"`
}

// libraryKustomization is kustomization.marshal with sigs.k8s.io/yaml.
func libraryKustomization(t *testing.T, k kustomization, comment string) []byte {
	var b bytes.Buffer
	b.WriteString(emit.Header + comment + kustomizationHeader)
	var images []jsonImage
	for _, im := range k.Images {
		images = append(images, jsonImage(im))
	}
	var replicas []jsonReplica
	for _, r := range k.Replicas {
		replicas = append(replicas, jsonReplica(r))
	}
	var patches []jsonPatchRef
	for _, p := range k.Patches {
		var r jsonPatchRef
		r.Path = p.Path
		r.Target.Group, r.Target.Version, r.Target.Kind, r.Target.Name, r.Target.Namespace = p.Target.Group, p.Target.Version, p.Target.Kind, p.Target.Name, p.Target.Namespace
		patches = append(patches, r)
	}
	for _, sec := range []struct {
		key string
		v   any
		n   int
	}{{"resources", k.Resources, len(k.Resources)}, {"images", images, len(images)}, {"replicas", replicas, len(replicas)}, {"patches", patches, len(patches)}} {
		if sec.n == 0 {
			continue
		}
		data, err := yaml.Marshal(map[string]any{sec.key: sec.v})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.Bytes()
}

func TestKustomizationAsTheLibraryWritesIt(t *testing.T) {
	long := strings.Repeat("a-long-name-", 12)
	for _, k := range []kustomization{
		{Resources: []string{"../../base"}},
		{Resources: []string{"../../base", "web-deployment.yaml", "shop/web-service.yaml", "_cluster/x-namespace.yaml", "yes", "1.0", long}},
		{
			Resources: []string{"../../base", "web-hpa.yaml"},
			Images: []image{
				{Name: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop-web", NewTag: "1.4.3"},
				{Name: "nginx", NewName: "registry.example.com/nginx", NewTag: "1.27", Digest: "sha256:" + strings.Repeat("0f", 32)},
				{Name: "busybox", Digest: "sha256:abc"},
				{Name: "on", NewTag: "true"},
				{Name: "x" + long, NewTag: "0755"},
			},
			Replicas: []replica{{Name: "web", Count: 3}, {Name: "worker", Count: 0}, {Name: "null", Count: 9007199254740993}},
			Patches: []patchRef{
				{Path: "patches/web-deployment.yaml", Target: target{Group: "apps", Version: "v1", Kind: "Deployment", Name: "web", Namespace: "shop"}},
				{Path: "patches/web-serviceaccount.yaml", Target: target{Version: "v1", Kind: "ServiceAccount", Name: "web"}},
				{Path: "patches/" + long + ".yaml", Target: target{Version: "", Kind: "Thing", Name: "~"}},
			},
		},
	} {
		got, err := k.marshal("# A comment.\n")
		if err != nil {
			t.Fatal(err)
		}
		if want := libraryKustomization(t, k, "# A comment.\n"); !bytes.Equal(got, want) {
			t.Errorf("emit writes\n%s\nsigs.k8s.io/yaml writes\n%s", got, want)
		}
	}
}

func TestPatchesAsTheLibraryWritesThem(t *testing.T) {
	value := func(s string) any {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, ops := range [][]op{
		{{Op: "replace", Path: "/spec/template/spec/containers/0/env/2/value", Value: "two"}},
		{{Op: "remove", Path: "/metadata/annotations/a~1b"}, {Op: "add", Path: "/spec/replicas", Value: json.Number("3")}},
		{{Op: "replace", Path: "/data/k", Value: ""}, {Op: "replace", Path: "/data/b", Value: false}, {Op: "replace", Path: "/data/n", Value: nil}},
		{{Op: "replace", Path: "/spec/template/spec/containers", Value: value(`[{"name": "web", "image": "nginx:1.27", "args": ["--port", "8080", "yes", "0x1F", "` + strings.Repeat("word ", 30) + `"], "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}}, "env": [{"name": "MULTI", "value": "line one\nline two\n"}, {"name": "N", "value": "1e3"}]}]`)}},
		{{Op: "replace", Path: "/spec", Value: value(`{"n": 1.5, "big": 12345678901234567890, "e": 1e400, "empty": {}, "list": [], "nested": {"a": {"b": [1, 2, {"c": "d"}]}}}`)}},
		{{Op: "replace", Path: "/data/" + strings.Repeat("k", 100), Value: "a: colon, # hash, 'quotes' and \"double\" ünïcödé " + strings.Repeat("x", 90)}},
	} {
		got, err := marshalOps(ops)
		if err != nil {
			t.Fatal(err)
		}
		want, err := yaml.Marshal(ops)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("emit writes\n%s\nsigs.k8s.io/yaml writes\n%s", got, want)
		}
	}
}

// TestObjectFileNumbers: an object's file, written from its tree as read
// (numbers as json.Number), is what emit.MarshalObjectFile writes of the
// object, as a run without environments has it, whatever the numbers:
// integers past 2^53 and past int64 stay as the input has them, and the
// file's object is the tree itself, not a copy.
func TestObjectFileNumbers(t *testing.T) {
	for _, c := range []struct {
		number, written string
	}{
		{"0", "0"}, {"-3", "-3"}, {"9007199254740992", "9007199254740992"},
		{"9007199254740993", "9007199254740993"}, {"-9007199254740993", "-9007199254740993"},
		{"18446744073709551615", "18446744073709551615"},
		{"1.5", "1.5"}, {"1e3", "1000"}, {"0.1", "0.1"},
	} {
		js := `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "labels": {"n": "x"}}, "spec": {"list": [1, ` + c.number + `], "n": ` + c.number + `}}`
		o := &object{Kept: &emit.Kept{Object: emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: "a"}, JSON: []byte(js)}}
		tree, err := o.tree()
		if err != nil {
			t.Fatal(err)
		}
		f, err := o.file(tree)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := emit.MarshalObjectFile(emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: "a", Value: tree})
		if err != nil {
			t.Fatal(err)
		}
		if string(f.Data) != string(want) {
			t.Errorf("%s: the file is\n%s\nMarshalObjectFile writes\n%s", c.number, f.Data, want)
		}
		if !strings.Contains(string(f.Data), "  \"n\": "+c.written+"\n") {
			t.Errorf("%s: the file does not hold n: %s:\n%s", c.number, c.written, f.Data)
		}
		if got := f.Objects[0].Value.(map[string]any); !sameMap(got, tree) {
			t.Errorf("%s: the file's object is a copy of the tree", c.number)
		}
	}
}

// sameMap says whether a and b are the same map (not equal ones).
func sameMap(a, b map[string]any) bool {
	a["\x00probe"] = true
	defer delete(a, "\x00probe")
	_, ok := b["\x00probe"]
	return ok
}
