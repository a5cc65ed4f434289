package secrets

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the secrets rule.
var Rule = &rules.Rule{
	Name:  "secrets",
	Doc:   rules.MustDoc(doc, "secrets"),
	Start: start,
}

// Ref is a parsed ECS secret reference.
type Ref struct {
	Service   string // SecretsManager or ParameterStore
	Key       string // what the operator asks AWS for
	Property  string // json-key
	Version   string // stage, or uuid/<id>
	Stage, ID string
}

// Parse reads an ECS valueFrom. A Secrets Manager ARN may carry
// :json-key:version-stage:version-id after the secret's name; anything that
// is not an ARN is an SSM parameter name.
func Parse(valueFrom string) (Ref, error) {
	parts := strings.Split(valueFrom, ":")
	if len(parts) >= 7 && parts[0] == "arn" && parts[2] == "secretsmanager" {
		if parts[5] != "secret" {
			return Ref{}, fmt.Errorf("%q is not a Secrets Manager secret ARN", valueFrom)
		}
		r := Ref{Service: "SecretsManager", Key: strings.Join(parts[:7], ":")}
		extra := parts[7:]
		if len(extra) > 3 {
			return Ref{}, fmt.Errorf("%q has more than json-key:version-stage:version-id after the secret", valueFrom)
		}
		for len(extra) < 3 {
			extra = append(extra, "")
		}
		r.Property, r.Stage, r.ID = extra[0], extra[1], extra[2]
		switch {
		case r.ID != "":
			r.Version = "uuid/" + r.ID
		case r.Stage != "":
			r.Version = r.Stage
		}
		return r, nil
	}
	if len(parts) >= 6 && parts[0] == "arn" && parts[2] == "ssm" {
		if !strings.HasPrefix(parts[5], "parameter") {
			return Ref{}, fmt.Errorf("%q is not an SSM parameter ARN", valueFrom)
		}
		return Ref{Service: "ParameterStore", Key: valueFrom}, nil
	}
	if strings.HasPrefix(valueFrom, "arn:") {
		return Ref{}, fmt.Errorf("%q is neither a Secrets Manager nor an SSM ARN", valueFrom)
	}
	return Ref{Service: "ParameterStore", Key: valueFrom}, nil
}

func start(p *rules.Pass) rules.Stepper {
	cfg := p.Config.Secrets
	operator := cfg.Provider
	if operator == "" {
		operator = "external-secrets"
	}
	kind := cfg.StoreKind
	if kind == "" {
		kind = "ClusterSecretStore"
	}
	stores := map[string]string{"SecretsManager": cfg.SecretsManagerStore, "ParameterStore": cfg.ParameterStore}
	if stores["SecretsManager"] == "" {
		stores["SecretsManager"] = "aws-secrets-manager"
	}
	if stores["ParameterStore"] == "" {
		stores["ParameterStore"] = "aws-parameter-store"
	}
	refresh := cfg.RefreshInterval
	if refresh == "" {
		refresh = "1h"
	}
	return rules.PerWorkload(func(w *ir.Workload) {
		plainCredentials(p, w, cfg.PlaintextCredentials == "keep")
		envSecrets(p, w, operator, stores, kind, refresh)
		pullSecrets(p, w, stores["SecretsManager"], kind, refresh)
		envFiles(p, w)
	})
}

func suffix(service string) string {
	if service == "SecretsManager" {
		return "secretsmanager"
	}
	return "parameterstore"
}

func envSecrets(p *rules.Pass, w *ir.Workload, operator string, stores map[string]string, kind, refresh string) {
	if len(w.Secrets) == 0 {
		return
	}
	sources := map[string]*ir.SecretSource{}
	var order []string
	// keys remembers which reference each key holds, so that one name used
	// for different values in two containers gets two keys.
	keys := map[string]string{}
	for _, s := range w.Secrets {
		ref, err := Parse(s.ValueFrom)
		if err != nil {
			p.Reportf(s.Origin, diag.Error, "invalid-reference", "%v", err)
			continue
		}
		name := kname.Join(w.Name, suffix(ref.Service))
		if operator == "secrets-store-csi" {
			name = kname.Join(w.Name, "secrets")
		}
		src, ok := sources[name]
		if !ok {
			src = &ir.SecretSource{Name: name, Operator: operator, Service: ref.Service, Store: stores[ref.Service], StoreKind: kind, Refresh: refresh, Origin: s.Origin}
			sources[name] = src
			order = append(order, name)
		}
		if ref.Stage != "" && ref.ID != "" {
			p.Reportf(s.Origin, diag.Warning, "stage-and-id", "%s names both version stage %s and version id %s; ECS read the version only while it carried that stage, %s reads version %s whatever its stages", s.Env, ref.Stage, ref.ID, map[bool]string{true: "the Secrets Store CSI provider", false: "the External Secrets Operator"}[operator == "secrets-store-csi"], ref.ID)
		}
		refID := s.ValueFrom
		key := secretKey(s.Env)
		if key != s.Env {
			p.Reportf(s.Origin, diag.Warning, "key-renamed", "%q is not a valid Secret key (letters, digits, '-', '_' and '.'); the variable reads key %q", s.Env, key)
		}
		if prev, taken := keys[name+"/"+key]; taken && prev != refID {
			key = s.Container + "." + s.Env
		}
		if _, taken := keys[name+"/"+key]; !taken {
			keys[name+"/"+key] = refID
			src.Entries = append(src.Entries, ir.SecretEntry{Key: key, RemoteKey: ref.Key, Property: ref.Property, Version: ref.Version})
		}
		setEnv(w, s.Container, corev1.EnvVar{Name: s.Env, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key,
		}}})
	}
	for _, n := range order {
		src := sources[n]
		w.SecretSources = append(w.SecretSources, *src)
		var what string
		regs := regions(src.Entries)
		if operator == "secrets-store-csi" {
			what = fmt.Sprintf("SecretProviderClass %q syncs Secret %q (needs the Secrets Store CSI driver with the AWS provider and secret syncing on, and a pod to mount it)", n, n)
		} else {
			what = fmt.Sprintf("ExternalSecret %q reads %d value(s) through %s %q into Secret %q (needs the External Secrets Operator)", n, len(src.Entries), src.StoreKind, src.Store, n)
			if len(regs) == 1 {
				what += fmt.Sprintf("; the store must read region %s", regs[0])
			}
		}
		p.Reportf(src.Origin, diag.Info, "external-secret", "%q: %s", w.Name, what)
		if len(regs) > 1 {
			p.Reportf(src.Origin, diag.Warning, "regions", "%q: the references of %q are in several regions (%s), but one store (or SecretProviderClass) reads one region; split them with a store per region", w.Name, n, strings.Join(regs, ", "))
		}
	}
	if operator == "secrets-store-csi" {
		// The AWS provider reads with the pod's own credentials, unlike
		// ECS (the execution role) and the External Secrets Operator.
		sa, role := "default", "no role"
		if w.Identity != nil && w.Template.Spec.ServiceAccountName != "" {
			sa, role = w.Template.Spec.ServiceAccountName, "the task role "+w.Identity.RoleARN
		}
		p.Reportf(w.Secrets[0].Origin, diag.Warning, "csi-pod-identity", "%q: the Secrets Store CSI AWS provider reads the secrets with the pod's own identity, ServiceAccount %q (%s); grant it the secretsmanager:GetSecretValue / ssm:GetParameters (and KMS decrypt) permissions the execution role had, or the pod does not start", w.Name, sa, role)
	}
}

// regions lists the regions the ARN references name, sorted.
func regions(entries []ir.SecretEntry) []string {
	var out []string
	for _, e := range entries {
		parts := strings.Split(e.RemoteKey, ":")
		if len(parts) > 3 && parts[0] == "arn" && parts[3] != "" && !slices.Contains(out, parts[3]) {
			out = append(out, parts[3])
		}
	}
	slices.Sort(out)
	return out
}

// setEnv adds or replaces an environment variable on a container, whether
// it is a main, sidecar or init container.
func setEnv(w *ir.Workload, container string, ev corev1.EnvVar) {
	spec := &w.Template.Spec
	for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for i := range list {
			c := &list[i]
			if c.Name != container {
				continue
			}
			if k := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == ev.Name }); k >= 0 {
				c.Env[k] = ev
			} else {
				c.Env = append(c.Env, ev)
			}
		}
	}
}

// dockerConfig renders .dockerconfigjson from the username and password
// keys ECS requires in a registry credentials secret.
const dockerConfig = `{"auths":{%q:{"username":"{{ .username }}","password":"{{ .password }}","auth":"{{ printf "%%s:%%s" .username .password | b64enc }}"}}}`

func pullSecrets(p *rules.Pass, w *ir.Workload, store, kind, refresh string) {
	seen := map[string]string{}
	for _, ps := range w.PullSecrets {
		ref, err := Parse(ps.CredentialsParameter)
		if err == nil && !strings.HasPrefix(ps.CredentialsParameter, "arn:") {
			// A bare name is a Secrets Manager secret of the task's region
			// here (secrets[] would read it as an SSM parameter).
			ref = Ref{Service: "SecretsManager", Key: ps.CredentialsParameter}
		}
		if err != nil || ref.Service != "SecretsManager" {
			p.Reportf(ps.Origin, diag.Error, "invalid-reference", "repositoryCredentials.credentialsParameter must be a Secrets Manager secret ARN or name, got %q", ps.CredentialsParameter)
			continue
		}
		key := ps.Registry + "|" + ref.Key
		if _, ok := seen[key]; ok {
			continue
		}
		name := kname.Join(w.Name, "registry")
		if len(seen) > 0 {
			name = kname.Join(w.Name, "registry", fmt.Sprint(len(seen)+1))
		}
		seen[key] = name
		w.SecretSources = append(w.SecretSources, ir.SecretSource{
			Name: name, Operator: "external-secrets", Service: "SecretsManager", Store: store, StoreKind: kind, Refresh: refresh,
			Type: string(corev1.SecretTypeDockerConfigJson),
			Entries: []ir.SecretEntry{
				{Key: "password", RemoteKey: ref.Key, Property: "password", Version: ref.Version},
				{Key: "username", RemoteKey: ref.Key, Property: "username", Version: ref.Version},
			},
			Template: map[string]string{corev1.DockerConfigJsonKey: fmt.Sprintf(dockerConfig, ps.Registry)},
			Origin:   ps.Origin,
		})
		w.Template.Spec.ImagePullSecrets = append(w.Template.Spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
		p.Reportf(ps.Origin, diag.Info, "pull-secret", "private registry %s: image pull Secret %q is rendered by an ExternalSecret from the credentials secret (needs the External Secrets Operator)", ps.Registry, name)
	}
}

func envFiles(p *rules.Pass, w *ir.Workload) {
	// One ConfigMap per S3 object, however many containers read it.
	names := map[string]string{}
	for _, ef := range w.EnvFiles {
		name, seen := names[ef.ARN]
		if !seen {
			name = kname.Join(w.Name, "env", fmt.Sprint(len(names)+1))
			names[ef.ARN] = name
			w.ConfigMaps = append(w.ConfigMaps, ir.ConfigMap{Name: name, Source: ef.ARN, Origin: ef.Origin})
			d := p.Reportf(ef.Origin, diag.Warning, "environment-file", "environment file %s becomes ConfigMap %q, emitted empty: eksport does not read S3; fill it from the file before the pods start", ef.ARN, name)
			d.Fix = "kubectl create configmap " + name + " --from-env-file=<downloaded file> --dry-run=client -o yaml, then merge its data"
		}
		// ECS keeps the first file's value when files repeat a variable;
		// in envFrom the last source wins, so the files go in reverse.
		spec := &w.Template.Spec
		for _, list := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
			for k := range list {
				if list[k].Name == ef.Container {
					ref := corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}}}
					list[k].EnvFrom = append([]corev1.EnvFromSource{ref}, list[k].EnvFrom...)
				}
			}
		}
	}
}

// plainCredentials keeps credentials that ECS had in plain environment
// variables out of the output: each variable reads its key of a Secret
// that the user creates (or, better, fills from Secrets Manager), unless the
// configuration says to keep the values.
func plainCredentials(p *rules.Pass, w *ir.Workload, keep bool) {
	if len(w.PlainCredentials) == 0 {
		return
	}
	name := kname.Join(w.Name, "credentials")
	var keys []string
	for _, pc := range w.PlainCredentials {
		if keep {
			setEnv(w, pc.Container, corev1.EnvVar{Name: pc.Env, Value: pc.Value})
			p.Reportf(pc.Origin, diag.Warning, "plaintext-credential", "environment variable %s looks like a credential and is written in plain text, as configured (secrets.plaintextCredentials: keep); move it to Secrets Manager or SSM", pc.Env)
			continue
		}
		key := secretKey(pc.Env)
		if slices.Contains(keys, key) {
			key = pc.Container + "." + pc.Env
		}
		keys = append(keys, key)
		setEnv(w, pc.Container, corev1.EnvVar{Name: pc.Env, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key,
		}}})
		d := p.Reportf(pc.Origin, diag.Warning, "plaintext-credential", "environment variable %s looks like a credential set in plain text; its value is not written: the variable reads key %q of Secret %q, which you create (better: store it in Secrets Manager and reference it as an ECS secret)", pc.Env, key, name)
		d.Fix = "set secrets.plaintextCredentials: keep in the configuration to write the value as it was"
	}
	if !keep {
		w.CredentialSecret = name
		w.CredentialKeys = keys
	}
}

// secretKey makes a Secret data key out of an environment variable name:
// Secret keys allow only letters, digits, '-', '_' and '.'.
func secretKey(env string) string {
	var b strings.Builder
	for _, r := range env {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if strings.Trim(b.String(), "_") == "" {
		return "value"
	}
	return b.String()
}
