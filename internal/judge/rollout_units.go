package judge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// checklistObjects reads objectsToCreate from a migration-checklist.json
// ("Secret namespace/name: KEY, KEY", "ServiceAccount namespace/name"
// lines); nil when there is none.
func checklistObjects(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var c struct {
		Create []string `json:"objectsToCreate"`
	}
	if json.Unmarshal(data, &c) != nil {
		return nil
	}
	return c.Create
}

// GoldenRolloutUnit is the rollout unit of a golden unit: its objects, the
// case's input folder and the checklist written beside them (for a chart
// rendered with values-<env>.yaml, the one under environments/<env>/).
func GoldenRolloutUnit(root string, u Unit) *RolloutUnit {
	ru := &RolloutUnit{Name: u.Name, Objects: u.Objects, Input: u.Name}
	if len(u.Files) == 0 {
		return ru
	}
	first := u.Files[0]
	rel, err := filepath.Rel(filepath.Join(root, "golden"), first)
	if err == nil && !strings.HasPrefix(rel, "..") {
		caseName := strings.Split(filepath.ToSlash(rel), "/")[0]
		ru.Input = filepath.ToSlash(filepath.Join("golden", caseName, "input"))
	}
	dir := first
	if st, err := os.Stat(first); err == nil && !st.IsDir() {
		dir = filepath.Dir(first)
	}
	if len(u.Files) > 1 {
		env := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(u.Files[1]), "values-"), ".yaml")
		if s := checklistObjects(filepath.Join(dir, "environments", env, "migration-checklist.json")); s != nil {
			ru.ObjectsToCreate = s
			return ru
		}
	}
	for d := dir; strings.HasPrefix(d, root) && d != root; d = filepath.Dir(d) {
		p := filepath.Join(d, "migration-checklist.json")
		if _, err := os.Stat(p); err == nil {
			ru.ObjectsToCreate = checklistObjects(p)
			break
		}
		if filepath.Base(d) == "expected" {
			break
		}
	}
	return ru
}
