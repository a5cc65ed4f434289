package judge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
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
		ru.NodeGroups = ConfigNodeGroups(filepath.Join(root, "golden", caseName, "eksport.yaml"))
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

// ConfigNodeGroups reads cluster.nodeGroups from an eksport configuration
// file and returns them as the judge's node groups: labelled as
// translate/config's NodeLabels and NodeTaints say (the judge's nodeFor
// adds the EKS labels the same way), general purpose instances of the
// group's architecture, no nodes at start and up to 20 (Cluster
// Autoscaler's part). nil when the file is missing, unreadable or
// declares none (the cluster's own groups then stand for the default
// ones).
func ConfigNodeGroups(path string) []NodeGroup {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var c struct {
		Cluster struct {
			NodeGroups []struct {
				Name    string            `json:"name"`
				Arch    string            `json:"arch"`
				OS      string            `json:"os"`
				Fargate bool              `json:"fargate"`
				Labels  map[string]string `json:"labels"`
				Taints  []corev1.Taint    `json:"taints"`
			} `json:"nodeGroups"`
		} `json:"cluster"`
	}
	if yaml.Unmarshal(data, &c) != nil {
		return nil
	}
	var out []NodeGroup
	for _, d := range c.Cluster.NodeGroups {
		g := NodeGroup{Name: d.Name, Arch: d.Arch, OS: d.OS, Fargate: d.Fargate, Labels: d.Labels, Taints: d.Taints,
			InstanceType: "m5.xlarge", CapacityType: "ON_DEMAND", MaxNodes: 20,
			Allocatable: map[string]string{"cpu": "3920m", "memory": "14918Mi", "pods": "58", "ephemeral-storage": "76Gi"}}
		if g.Arch == "" {
			g.Arch = "amd64"
		}
		if g.OS == "" {
			g.OS = "linux"
		}
		switch {
		case g.Fargate:
			g.InstanceType = ""
			g.Allocatable = map[string]string{"cpu": "16", "memory": "120Gi", "pods": "1", "ephemeral-storage": "20Gi"}
		case g.Arch == "arm64":
			g.InstanceType = "m6g.xlarge"
		}
		if g.OS == "windows" {
			g.Allocatable["pods"] = "29"
		}
		if g.Name != "" {
			out = append(out, g)
		}
	}
	return out
}
