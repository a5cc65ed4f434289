package judge

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
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

// Renderers turn chart and kustomization folders into manifests.
type Renderers struct {
	// Helm renders a chart with values files, as helm template does.
	Helm func(chart string, valueFiles []string) ([]byte, error)
	// Kustomize builds a kustomization folder, as kustomize build does.
	Kustomize func(dir string) ([]byte, error)
}

// DefaultRenderers runs the helm binary named by $EKSPORT_HELM (default
// ROOT/.tools/bin/helm, built by `make format-tools`), and the kustomize
// binary named by $EKSPORT_KUSTOMIZE, or kustomize's own packages (krusty)
// when that is unset: the judge then judges what the real tools render.
func DefaultRenderers(root string) Renderers {
	helm := os.Getenv("EKSPORT_HELM")
	if helm == "" {
		helm = filepath.Join(root, ".tools", "bin", "helm")
	}
	r := Renderers{
		Helm: func(chart string, valueFiles []string) ([]byte, error) {
			if _, err := os.Stat(helm); err != nil {
				return nil, fmt.Errorf("no helm binary at %s (make format-tools builds it; or set EKSPORT_HELM)", helm)
			}
			args := []string{"template", "judge", chart}
			for _, f := range valueFiles {
				args = append(args, "-f", f)
			}
			return run(helm, args...)
		},
		Kustomize: KustomizeBuild,
	}
	if k := os.Getenv("EKSPORT_KUSTOMIZE"); k != "" {
		r.Kustomize = func(dir string) ([]byte, error) { return run(k, "build", dir) }
	}
	return r
}

func run(bin string, args ...string) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v: %s", filepath.Base(bin), strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// environments returns the environment names a golden case's eksport.yaml
// declares (raw output then has a folder per environment).
func environments(caseDir string) map[string]bool {
	data, err := os.ReadFile(filepath.Join(caseDir, "eksport.yaml"))
	if err != nil {
		return nil
	}
	var cfg struct {
		Environments map[string]any `json:"environments"`
	}
	if yaml.Unmarshal(data, &cfg) != nil {
		return nil
	}
	out := map[string]bool{}
	for n := range cfg.Environments {
		out[n] = true
	}
	return out
}

// GoldenUnits gathers the expected output of every golden case
// (ROOT/golden/*/expected/**): plain manifests are grouped by the first
// folder under expected/ (raw, ...), and by environment folder (raw/<env>)
// when the case's eksport.yaml names environments; each folder holding a
// kustomization is built and judged as its own unit, and the files under it
// are not judged one by one (patches are partial objects); each Helm chart
// is rendered once per values-<env>.yaml (once with its defaults when it has
// none) and judged as a unit, its sources not one by one. Files without
// Kubernetes objects are reported as skipped.
func GoldenUnits(root string, render Renderers) ([]Unit, []Skipped, error) {
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
		envs := environments(filepath.Dir(exp))
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
				continue // judged through `helm template` of r
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
			parts := strings.Split(filepath.ToSlash(rel), "/")
			top := parts[0]
			switch {
			case len(parts) == 1:
				top = "."
			case len(parts) > 2 && top == "raw" && envs[parts[1]]:
				top = "raw/" + parts[1] // one environment's objects
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
			out, err := render.Kustomize(d)
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
		charts := make([]string, 0, len(chartRoots))
		for d := range chartRoots {
			charts = append(charts, d)
		}
		sort.Strings(charts)
		for _, d := range charts {
			units = append(units, chartUnits(caseName, exp, d, render)...)
		}
	}
	return units, skipped, nil
}

// chartUnits renders a chart once per values-<env>.yaml, or once with its
// defaults when it has none.
func chartUnits(caseName, exp, dir string, render Renderers) []Unit {
	rel, _ := filepath.Rel(exp, dir)
	valueFiles, _ := filepath.Glob(filepath.Join(dir, "values-*.yaml"))
	sort.Strings(valueFiles)
	runs := [][]string{nil}
	if len(valueFiles) > 0 {
		runs = nil
		for _, f := range valueFiles {
			runs = append(runs, []string{f})
		}
	}
	var units []Unit
	for _, vf := range runs {
		label := "helm template"
		for _, f := range vf {
			label += " -f " + filepath.Base(f)
		}
		u := Unit{Name: caseName + "/" + filepath.ToSlash(rel) + " (" + label + ")", Files: append([]string{dir}, vf...)}
		out, err := render.Helm(dir, vf)
		if err != nil {
			u.Errors = append(u.Errors, Rejection{Where: dir, Object: "-", Stage: StageParse, Message: err.Error()})
		} else {
			objs, err := ParseManifests(dir+" ("+label+")", out)
			u.Objects = objs
			if err != nil {
				u.Errors = append(u.Errors, ParseRejection(dir, err))
			}
		}
		units = append(units, u)
	}
	return units
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
