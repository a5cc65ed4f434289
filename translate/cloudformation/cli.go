package cloudformation

import (
	"reflect"
	"strings"

	"github.com/eksport/eksport/translate/ecs"
)

// cliShapes are the CLI types the properties of each converted resource
// type become, by top-level property ("" for every other property).
var cliShapes = map[string]map[string]reflect.Type{
	"AWS::ECS::TaskDefinition":                    {"": reflect.TypeOf(ecs.TaskDefinition{})},
	"AWS::ECS::Service":                           {"": reflect.TypeOf(ecs.Service{})},
	"AWS::ApplicationAutoScaling::ScalableTarget": {"": reflect.TypeOf(ecs.ScalableTarget{}), "ScheduledActions": reflect.TypeOf([]ecs.ScheduledAction{})},
	"AWS::ApplicationAutoScaling::ScalingPolicy":  {"": reflect.TypeOf(ecs.ScalingPolicy{})},
	"AWS::CloudWatch::Alarm":                      {"": reflect.TypeOf(ecs.MetricAlarm{})},
	"AWS::ElasticLoadBalancingV2::TargetGroup":    {"": reflect.TypeOf(ecs.TargetGroup{})},
	"AWS::ElasticLoadBalancingV2::Listener":       {"": reflect.TypeOf(ecs.Listener{})},
	"AWS::ElasticLoadBalancingV2::ListenerRule":   {"": reflect.TypeOf(ecs.ELBRule{})},
	"AWS::Events::Rule":                           {"": reflect.TypeOf(ecs.EventRule{}), "Targets": reflect.TypeOf([]ecs.Target{})},
	"AWS::Scheduler::Schedule":                    {"": reflect.TypeOf(ecs.Schedule{})},
}

// CLIPath returns the AWS CLI member a property path of a converted
// resource type becomes ("ContainerDefinitions[].Image" →
// "containerDefinitions[].image"), and false when the CLI shape has none.
func CLIPath(typ, path string) (string, bool) {
	shapes := cliShapes[typ]
	if shapes == nil {
		return "", false
	}
	top, rest, _ := strings.Cut(path, ".")
	topName := strings.TrimSuffix(top, "[]")
	if t, ok := shapes[topName]; ok {
		if rest == "" && top == topName {
			return topName, true
		}
		p, ok := walkType(t, strings.TrimPrefix(path, topName))
		return topName + p, ok
	}
	t, ok := shapes[""]
	if !ok {
		return "", false
	}
	if n, ok := typeRenames[typ][topName]; ok {
		path = n + strings.TrimPrefix(path, topName)
	}
	p, ok := walkType(t, "."+path)
	return strings.TrimPrefix(p, "."), ok
}

// walkType follows ".A[].B" through a Go type by the shaper's rules.
func walkType(t reflect.Type, path string) (string, bool) {
	var out strings.Builder
	for path != "" {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case strings.HasPrefix(path, "[]"):
			if t.Kind() != reflect.Slice {
				return out.String(), false
			}
			t = t.Elem()
			out.WriteString("[]")
			path = path[2:]
			continue
		case path[0] == '.':
			path = path[1:]
		}
		name := path
		if i := strings.IndexAny(path, ".["); i >= 0 {
			name, path = path[:i], path[i:]
		} else {
			path = ""
		}
		switch t.Kind() {
		case reflect.Map:
			// The keys of a map are the user's; what is under them is
			// the map's value.
			out.WriteString("{}")
			t = t.Elem()
			continue
		case reflect.Struct:
		default:
			return out.String(), false
		}
		if r, ok := renames[name]; ok {
			name = r
		}
		f, ok := fieldsOf(t).byFold[strings.ToLower(name)]
		if !ok {
			return out.String(), false
		}
		jn, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out.WriteString("." + jn)
		t = f.Type
	}
	return out.String(), true
}
