package golden

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
)

// FromDir reads an end-to-end application: the files under dir/input and
// dir/eksport.yaml. When the configuration names environments, the files
// under each environment's paths (relative to dir, where eksport.yaml is)
// are that environment's inputs and the other files are shared by all.
// File names are relative to dir, slash-separated.
func FromDir(tb testing.TB, dir string) Case {
	tb.Helper()
	c := Case{}
	err := filepath.WalkDir(filepath.Join(dir, "input"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		c.Inputs = append(c.Inputs, eksport.File{Name: filepath.ToSlash(rel), Data: data})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "eksport.yaml"))
	if err != nil {
		return c
	}
	c.Config = data
	cfg, _ := config.Parse("eksport.yaml", data)
	names := make([]string, 0, len(cfg.Environments))
	for n := range cfg.Environments {
		names = append(names, n)
	}
	slices.Sort(names)
	taken := map[string]bool{}
	for _, n := range names {
		env := eksport.Environment{Name: n}
		for _, root := range cfg.Environments[n] {
			root = path.Clean(root)
			for _, f := range c.Inputs {
				if f.Name == root || strings.HasPrefix(f.Name, root+"/") {
					env.Files = append(env.Files, f)
					taken[f.Name] = true
				}
			}
		}
		if len(env.Files) == 0 {
			tb.Fatalf("%s: environment %s names no input files", dir, n)
		}
		c.Environments = append(c.Environments, env)
	}
	c.Inputs = slices.DeleteFunc(c.Inputs, func(f eksport.File) bool { return taken[f.Name] })
	return c
}
