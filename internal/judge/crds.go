package judge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// CRDModule is a Go module whose zip carries CRD manifests.
type CRDModule struct {
	Path    string   // module path
	Version string   // exact version (the proxy does not always serve @latest)
	Globs   []string // CRD files inside the module, relative to its root
}

// CRDModules are the third-party CRDs eksport's output may use. They are read
// from the Go module cache (go mod download), never copied into the project.
var CRDModules = []CRDModule{
	{Path: "github.com/kedacore/keda/v2", Version: "v2.21.0", Globs: []string{"config/crd/bases/keda.sh_*.yaml"}},
	{Path: "github.com/external-secrets/external-secrets", Version: "v1.3.2", Globs: []string{"config/crds/bases/*.yaml"}},
	{Path: "sigs.k8s.io/secrets-store-csi-driver", Version: "v1.6.0", Globs: []string{"config/crd/bases/*.yaml"}},
	{Path: "sigs.k8s.io/karpenter", Version: "v1.15.0", Globs: []string{"pkg/apis/crds/*.yaml"}},
	// EC2NodeClass (karpenter.k8s.aws), which NodePools reference on AWS.
	{Path: "github.com/aws/karpenter-provider-aws", Version: "v1.15.0", Globs: []string{"pkg/apis/crds/karpenter.k8s.aws_*.yaml"}},
}

// OwnCRDDir is where the project keeps CRDs no module ships, relative to the
// repository root.
const OwnCRDDir = "schemas/crds"

// CRD is one CustomResourceDefinition to install.
type CRD struct {
	Source string // file it was read from
	Name   string // metadata.name
	Obj    *unstructured.Unstructured
}

// moduleDir downloads a module (into the module cache, if not there yet) and
// returns its folder. GOTOOLCHAIN=auto: some modules (Karpenter) declare a
// newer go version than the local toolchain.
func moduleDir(ctx context.Context, path, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", path+"@"+version)
	cmd.Dir = os.TempDir() // outside any module: never touches a go.mod
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=auto", "GOFLAGS=", "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct {
		Dir   string
		Error string
	}
	_ = json.Unmarshal(out, &info)
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", path, version, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %v\n%s", path, version, err, stderr.String())
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: no Dir in %s", path, version, out)
	}
	return info.Dir, nil
}

// CollectCRDs gathers every CRD to install: CRDModules from the module cache
// and every YAML file under ROOT/schemas/crds. Duplicate names are an error.
func CollectCRDs(ctx context.Context, root string) ([]CRD, error) {
	var files []string
	for _, m := range CRDModules {
		dir, err := moduleDir(ctx, m.Path, m.Version)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, g := range m.Globs {
			matches, err := filepath.Glob(filepath.Join(dir, g))
			if err != nil {
				return nil, err
			}
			sort.Strings(matches)
			files = append(files, matches...)
			n += len(matches)
		}
		if n == 0 {
			return nil, fmt.Errorf("no CRD files match %v in %s@%s", m.Globs, m.Path, m.Version)
		}
	}
	own, err := yamlFiles(filepath.Join(root, OwnCRDDir))
	if err != nil {
		return nil, err
	}
	files = append(files, own...)

	var crds []CRD
	seen := map[string]string{}
	for _, f := range files {
		objs, err := ParseFile(f)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if o.Obj.GroupVersionKind().GroupKind() != crdGK {
				continue // kustomization.yaml and the like
			}
			name := o.Obj.GetName()
			if prev, dup := seen[name]; dup {
				return nil, fmt.Errorf("CRD %s defined twice: %s and %s", name, prev, f)
			}
			seen[name] = f
			crds = append(crds, CRD{Source: f, Name: name, Obj: o.Obj})
		}
	}
	return crds, nil
}

// yamlFiles lists *.yaml and *.yml files under dir (none if dir is missing).
func yamlFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// InstallCRDs applies the CRDs and waits until every one is Established.
func (s *Server) InstallCRDs(ctx context.Context, crds []CRD) error {
	start := time.Now()
	var names []string
	for _, c := range crds {
		body, err := json.Marshal(c.Obj.Object)
		if err != nil {
			return err
		}
		_, err = s.dyn.Resource(crdGVR).Patch(ctx, c.Name, types.ApplyPatchType, body,
			metav1.PatchOptions{FieldManager: setupManager, Force: ptr(true)})
		if err != nil {
			return fmt.Errorf("install CRD %s from %s: %s", c.Name, c.Source, message(err))
		}
		names = append(names, c.Name)
	}
	if err := s.waitEstablished(ctx, names, 2*time.Minute); err != nil {
		return err
	}
	if err := s.waitDiscovery(ctx, crds, time.Minute); err != nil {
		return err
	}
	s.warnings.drain()
	s.logf("judge: installed %d CRDs in %s", len(crds), time.Since(start).Round(time.Millisecond))
	return nil
}

// waitEstablished polls until the named CRDs have Established=True.
func (s *Server) waitEstablished(ctx context.Context, names []string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		list, err := s.dyn.Resource(crdGVR).List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		established := map[string]bool{}
		problems := map[string]string{}
		for _, it := range list.Items {
			conds, _, _ := unstructured.NestedSlice(it.Object, "status", "conditions")
			for _, c := range conds {
				cm, _ := c.(map[string]any)
				if cm["type"] == "Established" && cm["status"] == "True" {
					established[it.GetName()] = true
				}
				if cm["type"] == "NamesAccepted" && cm["status"] == "False" {
					problems[it.GetName()] = fmt.Sprint(cm["message"])
				}
			}
		}
		var missing []string
		for _, n := range names {
			if p := problems[n]; p != "" {
				return fmt.Errorf("CRD %s: names not accepted: %s", n, p)
			}
			if !established[n] {
				missing = append(missing, n)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("CRDs not Established after %s: %s", timeout, strings.Join(missing, ", "))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitDiscovery waits until discovery serves every served version of the
// CRDs, so that the first lookups of their kinds do not race it.
func (s *Server) waitDiscovery(ctx context.Context, crds []CRD, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		s.mapper.Reset()
		var missing []string
		for _, c := range crds {
			group, _, _ := unstructured.NestedString(c.Obj.Object, "spec", "group")
			kind, _, _ := unstructured.NestedString(c.Obj.Object, "spec", "names", "kind")
			versions, _, _ := unstructured.NestedSlice(c.Obj.Object, "spec", "versions")
			for _, v := range versions {
				vm, _ := v.(map[string]any)
				if served, _ := vm["served"].(bool); !served {
					continue
				}
				name, _ := vm["name"].(string)
				if _, err := s.mapper.RESTMapping(schema.GroupKind{Group: group, Kind: kind}, name); err != nil {
					missing = append(missing, group+"/"+name+" "+kind)
				}
			}
		}
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("discovery does not serve %s after %s", strings.Join(missing, ", "), timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
