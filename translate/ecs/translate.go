package ecs

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// tx holds the state of translating one task definition.
type tx struct {
	in    *Input
	td    *TaskDefinition
	diags *diag.List
	w     *ir.Workload
	spec  *corev1.PodSpec

	windows bool
	// names maps ECS container names to Kubernetes container names.
	names map[string]string
	// volumes maps ECS volume names to pod volume names.
	volumes map[string]string
	// built holds the translated containers by ECS name, before they are
	// split into init, sidecar and main containers.
	built map[string]*corev1.Container
	// shared holds each container's task-volume mounts, which volumesFrom
	// copies.
	shared map[string][]corev1.VolumeMount
	// pod-level settings gathered from the containers
	sysctls     []corev1.Sysctl
	hostAliases []corev1.HostAlias
	annotations map[string]string
	// launchVolume is the ECS name of the configuredAtLaunch volume.
	launchVolume string
}

// Translate turns a decoded task definition into a workload: a Deployment
// with one replica and its Service ports. It returns nil when the task
// definition has errors that leave nothing sensible to emit.
func Translate(in *Input, diags *diag.List) *ir.Workload {
	reportFields(in, diags)
	t := &tx{in: in, td: in.TD, diags: diags, names: map[string]string{}, volumes: map[string]string{}, built: map[string]*corev1.Container{}, shared: map[string][]corev1.VolumeMount{}}
	return t.run()
}

func (t *tx) pos(rel string) diag.Pos { return t.in.P(rel) }

func (t *tx) run() *ir.Workload {
	td := t.td
	family := deref(td.Family)
	if family == "" {
		t.diags.Errorf(t.pos(""), "ecs/missing-family", "task definition has no family; it names the workload")
		return nil
	}
	if marker := nameTemplate(family); marker != "" {
		d := t.diags.Errorf(t.pos("family"), "ecs/template", "family %q holds %s template syntax: it is a template, not a name", family, marker)
		d.Notes = []string{"render the template (the pipeline that fills it in) and convert its output"}
		return nil
	}
	name := kname.Label(family)
	if name == "" {
		t.diags.Errorf(t.pos("family"), "ecs/invalid-name", "family %q has no letters or digits to build a Kubernetes name from", family)
		return nil
	}
	if name != family {
		t.diags.Infof(t.pos("family"), "ecs/name-sanitized", "family %q becomes the Kubernetes name %q", family, name)
	}
	if len(td.ContainerDefinitions) == 0 {
		t.diags.Errorf(t.pos("containerDefinitions"), "ecs/no-containers", "task definition has no container definitions")
		return nil
	}
	one := int32(1)
	// The workload points at its family, which names it (a bare container
	// list has none and points at the file).
	origin := t.pos("")
	if p := t.pos("family"); p.Line != origin.Line || p.Col != origin.Col {
		origin = p
	}
	t.w = &ir.Workload{
		Template: &corev1.PodTemplateSpec{},
		Name:     name,
		Source:   family,
		Kind:     ir.Deployment,
		Origin:   origin,
		Replicas: &one,
	}
	t.spec = &t.w.Template.Spec
	t.platform()
	t.volumesDecl()
	if !t.containers() {
		return nil
	}
	t.task()
	t.tags()
	t.identity()
	t.w.Sources = []ir.Source{{File: t.in.Doc.File, Doc: t.in.Doc.Index}}
	shareResources(t.spec)
	return t.w
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

// escapeExpansion protects a literal string from Kubernetes' expansion in
// command, args and env values, which ECS does not do: there "$(VAR)" is
// replaced and "$$" becomes "$". A run of "$" that is followed by "(" or is
// longer than one is doubled, so "$(date)" stays "$(date)" and a shell's "$$"
// (its pid) stays "$$"; a lone "$" ("$HOME", a trailing "$") is left alone,
// as Kubernetes leaves it.
func escapeExpansion(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '$' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '$' {
			j++
		}
		run := s[i:j]
		if len(run) > 1 || (j < len(s) && s[j] == '(') {
			run += run
		}
		b.WriteString(run)
		i = j
	}
	return b.String()
}

// placeholder reports whether s looks like a template variable that a
// pipeline fills in later (<IMAGE1_NAME>, ${TAG}, {{ .Image }}).
func placeholder(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "{{") ||
		(strings.Contains(s, "<") && strings.Contains(s, ">"))
}

// nameTemplate names the template language of a family or service name,
// or returns "" when it has none. Such names allow only letters, digits,
// hyphens and underscores, so any of these markers is a placeholder that a
// pipeline fills in, never a name to sanitize.
func nameTemplate(s string) string {
	switch {
	case strings.Contains(s, "<%"):
		return "ERB"
	case strings.Contains(s, "{{"):
		return "Go/Helm"
	case strings.Contains(s, "${") || strings.Contains(s, "$("):
		return "shell/envsubst"
	case strings.Contains(s, "#{"):
		return "Ruby/Octopus"
	case strings.Contains(s, "<") && strings.Contains(s, ">"):
		return "<PLACEHOLDER>"
	}
	return ""
}

func cpath(i int, rest string) string {
	if rest == "" {
		return fmt.Sprintf("containerDefinitions[%d]", i)
	}
	return fmt.Sprintf("containerDefinitions[%d].%s", i, rest)
}
