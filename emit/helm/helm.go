package helm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/eksport/eksport/emit"
)

// Options name and version the chart.
type Options struct {
	Name        string // chart name; required
	Version     string // chart version; default 0.1.0
	Description string
}

// DefaultVersion is the chart version when the configuration sets none.
const DefaultVersion = "0.1.0"

// Emit returns the chart for the environments' objects: Chart.yaml,
// values.yaml, values-<env>.yaml per named environment, values.schema.json,
// templates/_helpers.tpl, templates/NOTES.txt, a template folder per
// workload (shared objects such as ServiceAccounts directly in
// templates/), and .helmignore.
func Emit(envs []emit.Env, opts Options) (*emit.FileSet, error) {
	if opts.Name == "" {
		return nil, fmt.Errorf("helm: the chart needs a name")
	}
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	if opts.Description == "" {
		opts.Description = "Kubernetes manifests converted by eksport."
	}
	items, err := collect(envs)
	if err != nil {
		return nil, err
	}
	out := &emit.FileSet{}
	out.Add(emit.File{Path: "Chart.yaml", Data: chartYAML(opts)})
	out.Add(emit.File{Path: ".helmignore", Data: []byte(emit.Header + helmignore)})

	// Values of each environment, and the documentation of each key.
	envValues := make([]map[string]any, len(envs))
	for i := range envs {
		envValues[i] = valuesOf(items, i)
	}
	base := envValues[0]
	docs := map[string]string{}
	for _, it := range items {
		for _, s := range it.slots {
			docs[strings.Join(s.key, "\x00")] = s.doc
		}
		if it.presence != nil && it.presence[len(it.presence)-1] == "enabled" {
			docs[strings.Join(it.presence, "\x00")] = "Whether to render the autoscaler."
		} else if it.presence != nil {
			docs[strings.Join(it.presence, "\x00")] = "Whether to render " + it.obj.Kind + " " + it.obj.Name + " (not every environment has it)."
		}
	}
	docs["workloads"] = "One entry per workload (ECS service or task definition family)."
	docs["fields"] = "Fields of shared objects that differ between environments and have no value of\ntheir own, by object and JSON pointer."
	for _, it := range items {
		if it.group != "" {
			docs[strings.Join([]string{"workloads", it.group, "fields"}, "\x00")] = "Fields that differ between environments and have no value of their own, by\nobject and JSON pointer."
		}
	}
	vw := &valuesWriter{docs: docs}
	vw.b.WriteString(emit.Header)
	vw.b.WriteString(valuesIntro(opts.Name, envs))
	vw.mapBody(nil, base, 0)
	out.Add(emit.File{Path: "values.yaml", Data: []byte(vw.b.String())})

	if len(envs) > 1 || envs[0].Name != "" {
		patches, err := envFiles(base, envValues)
		if err != nil {
			return nil, err
		}
		for i, e := range envs {
			w := &valuesWriter{docs: map[string]string{}}
			w.b.WriteString(emit.Header)
			fmt.Fprintf(&w.b, "# The %s environment: every value that differs between environments.\n", e.Name)
			fmt.Fprintf(&w.b, "#   helm upgrade --install %s . -f values-%s.yaml [-f your-own-values.yaml]\n", opts.Name, e.Name)
			if len(patches[i]) == 0 {
				w.b.WriteString("{}\n")
			}
			w.mapBody(nil, patches[i], 0)
			out.Add(emit.File{Path: "values-" + e.Name + ".yaml", Data: []byte(w.b.String())})
		}
	}

	schema, err := marshalSchema(schemaOf(items, base))
	if err != nil {
		return nil, err
	}
	out.Add(emit.File{Path: "values.schema.json", Data: schema})
	out.Add(emit.File{Path: "templates/_helpers.tpl", Data: []byte(emit.TemplateHeader + strings.ReplaceAll(helpers, "CHART", opts.Name))})
	out.Add(emit.File{Path: "templates/NOTES.txt", Data: []byte(emit.TemplateHeader + notes(opts.Name, envs))})
	byNS := false
	for _, e := range envs {
		byNS = byNS || emit.SpansNamespaces(e.Objects)
	}
	for _, it := range items {
		dir := "templates/"
		if it.group != "" {
			dir += it.group + "/"
		}
		out.Add(emit.File{Path: dir + emit.FileName(it.obj, byNS), Data: template(opts.Name, it)})
	}
	return out, nil
}

// collect gathers every object across environments, in install order, and
// decides its slots.
func collect(envs []emit.Env) ([]*item, error) {
	byID := map[string]*item{}
	var all []emit.Object
	for e, env := range envs {
		for _, o := range env.Objects {
			t, err := emit.Tree(o)
			if err != nil {
				return nil, err
			}
			it := byID[o.ID()]
			if it == nil {
				it = &item{obj: o, tmpl: t, vers: make([]map[string]any, len(envs))}
				byID[o.ID()] = it
				all = append(all, o)
			}
			if it.vers[e] != nil {
				return nil, fmt.Errorf("helm: environment %q has %s twice", env.Name, o.ID())
			}
			it.vers[e] = t
		}
	}
	emit.Sort(all)
	groups(byID)
	items := make([]*item, len(all))
	keys := map[string]int{}
	for i, o := range all {
		items[i] = byID[o.ID()]
		keys[items[i].group+"\x00"+o.Kind+"/"+o.Name]++
	}
	ns := commonNamespace(items)
	used := map[string]string{}
	for _, it := range items {
		it.key = it.obj.Kind + "/" + it.obj.Name
		if keys[it.group+"\x00"+it.key] > 1 {
			it.key = it.obj.ID()
		}
		s := &slotter{it: it, used: used}
		s.named(ns)
		base := []string{}
		if it.group != "" {
			base = []string{"workloads", it.group}
		}
		s.fallbacks(base)
	}
	presence(items)
	return items, nil
}

// groups sets the workload each object belongs to ("" for shared
// objects): its app.kubernetes.io/name label, else its app label (as
// manifests written by hand often have), else the name of the workload
// that has its name.
func groups(byID map[string]*item) {
	workloads := map[string]bool{}
	for _, it := range byID {
		md, _ := it.tmpl["metadata"].(map[string]any)
		labels, _ := md["labels"].(map[string]any)
		for _, l := range []string{"app.kubernetes.io/name", "app"} {
			if g, _ := labels[l].(string); g != "" {
				it.group = g
				break
			}
		}
		if _, ok := podTemplate[it.obj.Kind]; ok {
			if it.group == "" {
				it.group = it.obj.Name
			}
			workloads[it.group] = true
		}
	}
	for _, it := range byID {
		if it.group == "" && workloads[it.obj.Name] {
			it.group = it.obj.Name
		}
	}
}

// commonNamespace returns the namespace every namespaced object of every
// environment is in, or "".
func commonNamespace(items []*item) string {
	ns := ""
	for _, it := range items {
		for _, t := range it.present() {
			md, _ := t["metadata"].(map[string]any)
			n, _ := md["namespace"].(string)
			if n == "" {
				continue
			}
			if ns != "" && n != ns {
				return ""
			}
			ns = n
		}
	}
	return ns
}

// autoscalerKinds render behind autoscaling.enabled.
var autoscalerKinds = []string{"HorizontalPodAutoscaler", "ScaledObject", "TriggerAuthentication"}

// presence gives a flag to every object some environment lacks, and one to
// every autoscaler, which users switch off by convention.
func presence(items []*item) {
	pattern := func(it *item) string {
		var b strings.Builder
		for _, v := range it.vers {
			b.WriteByte("01"[boolInt(v != nil)])
		}
		return b.String()
	}
	autoscaling := map[string]string{} // group -> presence pattern of its autoscaler
	for _, it := range items {
		if it.group != "" && it.obj.Name == it.group && slices.Contains(autoscalerKinds[:2], it.obj.Kind) {
			if _, seen := autoscaling[it.group]; !seen {
				autoscaling[it.group] = pattern(it)
			}
		}
	}
	for _, it := range items {
		p := pattern(it)
		if want, ok := autoscaling[it.group]; ok && it.obj.Name == it.group && slices.Contains(autoscalerKinds, it.obj.Kind) && want == p {
			it.presence = []string{"workloads", it.group, "autoscaling", "enabled"}
			continue
		}
		if !strings.Contains(p, "0") {
			continue
		}
		if it.group != "" {
			it.presence = []string{"workloads", it.group, "include", it.key}
		} else {
			it.presence = []string{"include", it.key}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func chartYAML(o Options) []byte {
	return []byte(emit.Header + "apiVersion: v2\n" +
		"name: " + scalarText(o.Name) + "\n" +
		"description: " + scalarText(o.Description) + "\n" +
		"type: application\n" +
		"version: " + scalarText(o.Version) + "\n")
}

const helmignore = `# Files eksport writes beside the chart that are not part of it.
migration-checklist.*
iam/
environments/
.eksport-manifest
`

const helpers = `{{/*
CHART.image writes a container image from its repository, tag and digest.
*/}}
{{- define "CHART.image" -}}
{{- .repository -}}
{{- with .tag }}:{{ . }}{{ end -}}
{{- with .digest }}@{{ . }}{{ end -}}
{{- end }}
`

func valuesIntro(name string, envs []emit.Env) string {
	s := "# Values of the " + name + " chart, written by eksport.\n" +
		"#\n" +
		"# eksport rewrites this file: do not edit it. Put your own settings in a file of\n" +
		"# your own and pass it last:\n"
	if len(envs) > 1 || envs[0].Name != "" {
		s += fmt.Sprintf("#   helm upgrade --install %s . -f values-%s.yaml -f my-values.yaml\n", name, envs[0].Name)
		s += "# These defaults are the " + envs[0].Name + " environment's; values-<env>.yaml holds what each\n# environment changes.\n"
	} else {
		s += fmt.Sprintf("#   helm upgrade --install %s . -f my-values.yaml\n", name)
	}
	return s + "\n"
}

func notes(name string, envs []emit.Env) string {
	where := "migration-checklist.md beside this chart"
	if len(envs) > 1 || envs[0].Name != "" {
		where = "environments/<env>/migration-checklist.md beside this chart"
	}
	return "{{ .Chart.Name }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.\n\n" +
		"These objects were converted to EKS by eksport. Before traffic moves,\n" +
		"work through the migration checklist in " + where + ":\n" +
		"add-ons to install, IAM trust policies to change, secrets to grant, and every\n" +
		"warning about what did not carry over.\n\n" +
		"eksport rewrites values.yaml, values-<env>.yaml and templates/; keep your own\n" +
		"settings in a values file of your own, passed last with -f.\n"
}

// marshalSchema writes the schema as indented JSON whose first key is
// the generated-file comment.
func marshalSchema(s map[string]any) ([]byte, error) {
	s["$comment"] = emit.Marker
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	if !emit.IsGenerated(b.Bytes()) {
		return nil, fmt.Errorf("helm: schema does not start with its comment")
	}
	return b.Bytes(), nil
}
