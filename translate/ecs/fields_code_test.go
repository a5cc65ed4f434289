package ecs

import "testing"

func TestCodeSlugs(t *testing.T) {
	for path, want := range map[string]string{
		"containerDefinitions[].ulimits[]": "ulimits",
		"enableECSManagedTags":             "enable-ecs-managed-tags",
		"dockerLabels{}":                   "docker-labels",
		"GraphQLOperation":                 "graph-ql-operation",
		"taskRoleArn":                      "task-role-arn",
		"PolicyARN":                        "policy-arn",
	} {
		if got := lastSegment(path); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", path, got, want)
		}
	}
}
