package judge

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Unit is a set of objects judged together (one Apply call): one rendering
// of one golden case, one kustomization, or one txtar archive.
type Unit struct {
	Name    string
	Files   []string // files whose objects make up the unit
	Objects []Object
	Errors  []Rejection // files that could not be read as objects
}

// Skipped is a file that was looked at and deliberately not judged.
type Skipped struct {
	Path   string
	Reason string
}

var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// GoldenUnits gathers the expected output of every golden case
// (ROOT/golden/*/expected/**): plain manifests are grouped by the first
// folder under expected/ (raw, ...); each folder holding a kustomization is
// rendered with kustomize (krusty) and judged as its own unit, and the files
// under it are not judged one by one (patches are partial objects); Helm
// chart sources are reported as skipped. Files without Kubernetes objects are
// reported as skipped too.
func GoldenUnits(root string) ([]Unit, []Skipped, error) {
	expected, err := filepath.Glob(filepath.Join(root, "golden", "*", "expected"))
	if err != nil {
		return nil, nil, err
	}
	var units []Unit
	var skipped []Skipped
	for _, exp := range expected {
		if st, err := os.Stat(exp); err != nil || !st.IsDir() {
			continue
		}
		caseName := filepath.Base(filepath.Dir(exp))
		kustRoots, chartRoots := map[string]bool{}, map[string]bool{}
		err := filepath.WalkDir(exp, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				for _, k := range kustomizationNames {
					if fileExists(filepath.Join(p, k)) {
						kustRoots[p] = true
					}
				}
				if fileExists(filepath.Join(p, "Chart.yaml")) {
					chartRoots[p] = true
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		byTop := map[string]*Unit{}
		files, err := yamlFiles(exp)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			rel, _ := filepath.Rel(exp, f)
			if r := underAny(f, chartRoots); r != "" {
				skipped = append(skipped, Skipped{f, "Helm chart source (" + rel + "); the judge does not render charts"})
				continue
			}
			if r := underAny(f, kustRoots); r != "" {
				continue // judged through `kustomize build` of r
			}
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, err
			}
			if !HasObjects(data) {
				skipped = append(skipped, Skipped{f, "no Kubernetes objects (no apiVersion and kind)"})
				continue
			}
			top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
			if !strings.Contains(filepath.ToSlash(rel), "/") {
				top = "."
			}
			u := byTop[top]
			if u == nil {
				u = &Unit{Name: caseName + "/" + top}
				byTop[top] = u
			}
			u.Files = append(u.Files, f)
			objs, err := ParseManifests(f, data)
			u.Objects = append(u.Objects, objs...)
			if err != nil {
				u.Errors = append(u.Errors, ParseRejection(f, err))
			}
		}
		tops := make([]string, 0, len(byTop))
		for t := range byTop {
			tops = append(tops, t)
		}
		sort.Strings(tops)
		for _, t := range tops {
			units = append(units, *byTop[t])
		}
		dirs := make([]string, 0, len(kustRoots))
		for d := range kustRoots {
			if underAny(d, chartRoots) == "" {
				dirs = append(dirs, d)
			}
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			rel, _ := filepath.Rel(exp, d)
			u := Unit{Name: caseName + "/" + filepath.ToSlash(rel) + " (kustomize build)", Files: []string{d}}
			out, err := KustomizeBuild(d)
			if err != nil {
				u.Errors = append(u.Errors, Rejection{Where: d, Object: "-", Stage: StageParse, Message: "kustomize build: " + err.Error()})
			} else {
				objs, err := ParseManifests(d+" (kustomize build)", out)
				u.Objects = objs
				if err != nil {
					u.Errors = append(u.Errors, ParseRejection(d, err))
				}
			}
			units = append(units, u)
		}
	}
	return units, skipped, nil
}

// underAny returns the root of roots that p is in (p itself or below), or "".
func underAny(p string, roots map[string]bool) string {
	for d := p; ; d = filepath.Dir(d) {
		if roots[d] {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// KustomizeBuild renders a kustomization folder as `kustomize build` would.
func KustomizeBuild(dir string) ([]byte, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, err
	}
	return m.AsYaml()
}

// TxtarUnits gathers every txtar archive under root in a testdata folder
// (**/testdata/**/*.txtar) with at least one out/*.yaml section; each archive
// is one unit. Archives without such sections are reported as skipped.
func TxtarUnits(root string) ([]Unit, []Skipped, error) {
	var units []Unit
	var skipped []Skipped
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".tools", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".txtar") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if !inTestdata(filepath.ToSlash(rel)) {
			return nil
		}
		objs, n, err := ParseTxtar(p)
		if n == 0 && err == nil {
			skipped = append(skipped, Skipped{p, "txtar archive without out/*.yaml sections"})
			return nil
		}
		u := Unit{Name: filepath.ToSlash(rel), Files: []string{p}, Objects: objs}
		if err != nil {
			u.Errors = append(u.Errors, ParseRejection(p, err))
		}
		units = append(units, u)
		return nil
	})
	return units, skipped, err
}

func inTestdata(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		if p == "testdata" {
			return true
		}
	}
	return false
}

// String describes a unit for logs.
func (u Unit) String() string {
	return fmt.Sprintf("%s (%d files, %d objects)", u.Name, len(u.Files), len(u.Objects))
}
