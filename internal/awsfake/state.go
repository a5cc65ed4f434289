package awsfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

type obj = map[string]any

// State is what the server serves: the resources of one account and region.
type State struct {
	Region, Account string
	clusters        []string // ARNs, sorted
	services        []obj
	taskDefs        map[string]obj // family -> register-input or describe shape (taskDefinition)
	taskDefTags     map[string][]any
	taskDefARN      map[string]string // family -> ARN of the revision served
	targets         []obj
	policies        []obj
	actions         []obj
	alarms          []obj
	targetGroups    []obj
	listeners       []obj
	elbRules        []obj
	eventRules      []eventRule
	schedules       []obj
	cloudMap        []obj

	// Indexes made by finish, so that a region of thousands of services
	// is served in time linear in the requests: the state does not
	// change once loaded.
	serviceARNs map[string][]any // cluster ARN -> its services' ARNs, sorted
	serviceKey  map[string]obj   // cluster ARN NUL service ARN or name -> the last service loaded so
	byResource  map[string][]obj // "targets"|"policies"|"actions" NUL namespace NUL resource id -> in load order
}

func keyOf(parts ...string) string { return strings.Join(parts, "\x00") }

type eventRule struct {
	rule    obj
	targets []any
}

// Load reads every .json file under dir. The documents are the outputs of
// the AWS CLI (describe-services, describe-task-definition or a
// registration input, describe-scalable-targets, describe-scaling-policies,
// describe-scheduled-actions, describe-alarms, describe-target-groups,
// describe-listeners, describe-rules, an EventBridge {Rule, Targets} pair,
// get-schedule, servicediscovery get-service).
func Load(dir string) (*State, error) { return LoadDirs(dir) }

func (st *State) load(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var root obj
		if err := dec.Decode(&root); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		if err := st.add(root); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		return nil
	})
}

func list(v any) []obj {
	var out []obj
	l, _ := v.([]any)
	for _, e := range l {
		if m, ok := e.(obj); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(m obj, k string) string {
	s, _ := m[k].(string)
	return s
}

func (st *State) add(root obj) error {
	has := func(k string) bool { _, ok := root[k]; return ok }
	switch {
	case has("services"):
		st.services = append(st.services, list(root["services"])...)
	case has("service"):
		if m, ok := root["service"].(obj); ok {
			st.services = append(st.services, m)
		}
	case has("taskDefinition"):
		td, _ := root["taskDefinition"].(obj)
		fam := str(td, "family")
		st.taskDefs[fam] = td
		if tags, ok := root["tags"].([]any); ok {
			st.taskDefTags[fam] = tags
		}
		if arn := str(td, "taskDefinitionArn"); arn != "" {
			st.taskDefARN[fam] = arn
		}
	case has("containerDefinitions"):
		st.taskDefs[str(root, "family")] = root
	case has("ScalableTargets"):
		st.targets = append(st.targets, list(root["ScalableTargets"])...)
	case has("ScalingPolicies"):
		st.policies = append(st.policies, list(root["ScalingPolicies"])...)
	case has("ScheduledActions"):
		st.actions = append(st.actions, list(root["ScheduledActions"])...)
	case has("MetricAlarms"):
		st.alarms = append(st.alarms, list(root["MetricAlarms"])...)
	case has("TargetGroups"):
		st.targetGroups = append(st.targetGroups, list(root["TargetGroups"])...)
	case has("Listeners"):
		st.listeners = append(st.listeners, list(root["Listeners"])...)
	case has("Rules") && !has("Targets"):
		st.elbRules = append(st.elbRules, list(root["Rules"])...)
	case has("Rule") && has("Targets"):
		r, _ := root["Rule"].(obj)
		t, _ := root["Targets"].([]any)
		st.eventRules = append(st.eventRules, eventRule{rule: r, targets: t})
	case has("Target") && has("ScheduleExpression"):
		st.schedules = append(st.schedules, root)
	case has("Service"):
		if m, ok := root["Service"].(obj); ok {
			st.cloudMap = append(st.cloudMap, m)
		}
	default:
		return fmt.Errorf("awsfake does not know this document")
	}
	return nil
}

// finish derives what the documents imply: the clusters, the region and
// account, and the ARN of each task definition's revision from the
// references that name it.
func (st *State) finish() {
	seen := map[string]bool{}
	st.serviceARNs, st.serviceKey, st.byResource = map[string][]any{}, map[string]obj{}, map[string][]obj{}
	for _, s := range st.services {
		c := str(s, "clusterArn")
		st.serviceARNs[c] = append(st.serviceARNs[c], str(s, "serviceArn"))
		st.serviceKey[keyOf(c, str(s, "serviceArn"))] = s
		st.serviceKey[keyOf(c, str(s, "serviceName"))] = s
		if c != "" && !seen[c] {
			seen[c] = true
			st.clusters = append(st.clusters, c)
		}
		if st.Region == "" {
			if parts := strings.Split(c, ":"); len(parts) > 5 {
				st.Region, st.Account = parts[3], parts[4]
			}
		}
		st.reference(str(s, "taskDefinition"))
	}
	for _, r := range st.eventRules {
		for _, t := range list(r.targets) {
			if ep, ok := t["EcsParameters"].(obj); ok {
				st.reference(str(ep, "TaskDefinitionArn"))
			}
		}
	}
	for _, s := range st.schedules {
		if t, ok := s["Target"].(obj); ok {
			if ep, ok := t["EcsParameters"].(obj); ok {
				st.reference(str(ep, "TaskDefinitionArn"))
			}
		}
	}
	slices.Sort(st.clusters)
	for _, arns := range st.serviceARNs {
		slices.SortFunc(arns, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	}
	for kind, from := range map[string][]obj{"targets": st.targets, "policies": st.policies, "actions": st.actions} {
		for _, o := range from {
			k := keyOf(kind, str(o, "ServiceNamespace"), str(o, "ResourceId"))
			st.byResource[k] = append(st.byResource[k], o)
		}
	}
}

func (st *State) reference(arn string) {
	i := strings.Index(arn, ":task-definition/")
	if i < 0 {
		return
	}
	famRev := arn[i+len(":task-definition/"):]
	fam, _, _ := strings.Cut(famRev, ":")
	if _, ok := st.taskDefARN[fam]; !ok && strings.Contains(famRev, ":") {
		st.taskDefARN[fam] = arn
	}
}

// clusterName is the last part of a cluster ARN.
func clusterName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

func (st *State) clusterARN(nameOrARN string) string {
	for _, c := range st.clusters {
		if c == nameOrARN || clusterName(c) == nameOrARN {
			return c
		}
	}
	return ""
}

// LoadDirs reads several folders into one state (Load of each).
func LoadDirs(dirs ...string) (*State, error) {
	st := &State{taskDefs: map[string]obj{}, taskDefTags: map[string][]any{}, taskDefARN: map[string]string{}}
	for _, dir := range dirs {
		if err := st.load(dir); err != nil {
			return nil, err
		}
	}
	st.finish()
	return st, nil
}
