package secrets

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

func TestParse(t *testing.T) {
	const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"
	for _, tc := range []struct {
		in   string
		want Ref
	}{
		{arn, Ref{Service: "SecretsManager", Key: arn}},
		{arn + ":password::", Ref{Service: "SecretsManager", Key: arn, Property: "password"}},
		{arn + "::AWSPREVIOUS:", Ref{Service: "SecretsManager", Key: arn, Version: "AWSPREVIOUS", Stage: "AWSPREVIOUS"}},
		{arn + ":::0f8fad5b", Ref{Service: "SecretsManager", Key: arn, Version: "uuid/0f8fad5b", ID: "0f8fad5b"}},
		{arn + ":k:AWSCURRENT:0f8fad5b", Ref{Service: "SecretsManager", Key: arn, Property: "k", Version: "uuid/0f8fad5b", Stage: "AWSCURRENT", ID: "0f8fad5b"}},
		{"/app/prod/token", Ref{Service: "ParameterStore", Key: "/app/prod/token"}},
		{"token", Ref{Service: "ParameterStore", Key: "token"}},
		{"arn:aws:ssm:eu-west-1:123456789012:parameter/app/token", Ref{Service: "ParameterStore", Key: "arn:aws:ssm:eu-west-1:123456789012:parameter/app/token"}},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{arn + ":a:b:c:d", "arn:aws:s3:::bucket/key", "arn:aws:secretsmanager:eu-west-1:123456789012:other:x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// A registry credentials secret may be named instead of given by ARN (in
// the task's region); it is a Secrets Manager secret, not an SSM parameter.
func TestPullSecretByName(t *testing.T) {
	w := &ir.Workload{Name: "etl", Template: &corev1.PodTemplateSpec{}, PullSecrets: []ir.PullSecret{{Container: "load", Registry: "registry.example.com", CredentialsParameter: "dockerhub-bot"}}}
	var diags diag.List
	p := &rules.Pass{Rule: Rule, Model: &ir.Model{Workloads: []*ir.Workload{w}}, Config: config.Config{}, Diags: &diags}
	if err := Rule.Apply(p); err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() || len(w.SecretSources) != 1 {
		t.Fatalf("got %d sources, diagnostics %v", len(w.SecretSources), diags)
	}
	src := w.SecretSources[0]
	if src.Service != "SecretsManager" || src.Store != "aws-secrets-manager" || src.Entries[0].RemoteKey != "dockerhub-bot" {
		t.Errorf("got %+v", src)
	}
}
