// Package report writes what the user still has to do after a run: the new
// IAM trust policy of every role, the EKS Pod Identity associations when
// that mode is chosen, and a migration checklist (Markdown and JSON) of the
// add-ons the emitted objects need, the roles, the secrets the operator must
// read, and every warning grouped by workload. Everything is derived from
// the objects actually emitted and the final diagnostics, so the checklist
// cannot promise what the manifests do not hold.
package report

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
)

// Role is a task role and the ServiceAccounts that carry it.
type Role struct {
	ARN             string
	PodIdentity     bool
	ServiceAccounts []ServiceAccount
	// Keep names the trust statement the old platform needs while it
	// still runs; empty means ECS's (ecs-tasks.amazonaws.com).
	Keep string
}

// ServiceAccount is an account bound to a role.
type ServiceAccount struct {
	Namespace, Name string
	Workloads       []string
}

// Cluster is the target cluster from the configuration.
type Cluster struct {
	Name, AccountID, OIDCIssuer string
}

// Workload names a workload and the diagnostics that belong to it.
type Workload struct {
	Name   string
	Covers func(diag.Pos) bool
}

// Input is what the report is made from.
type Input struct {
	// Objects are the emitted objects, in the run's order. Collected,
	// when set, is used instead.
	Objects []emit.Object
	// Collected holds what the report needs from the objects, fed to it
	// one object at a time, so that a run need not keep them all.
	Collected   *Collector
	Diagnostics diag.List
	Roles       []Role
	Cluster     Cluster
	Workloads   []Workload
	// Owner, when set, names the workload a diagnostic belongs to ("" for
	// none) in one lookup; it must agree with the first of Workloads whose
	// Covers says yes, which costs a scan of every workload per
	// diagnostic, quadratic in a large batch.
	Owner func(diag.Pos) string
	// DroppedInfo counts the Info diagnostics the run did not keep
	// (eksport.Options.DropInfo): the checklist's counts include them.
	DroppedInfo int
}

// Files returns the report files: iam/<account>.trust-policy.json per
// ServiceAccount role, iam/pod-identity-associations.json in Pod Identity
// mode, and migration-checklist.md / .json.
func Files(in Input) ([]emit.File, error) {
	files, err := IAMFiles(in)
	if err != nil {
		return nil, err
	}
	c := build(in, false)
	// The two forms of a large checklist are written side by side.
	var md []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		md = c.markdown()
	}()
	js := c.json()
	<-done
	return append(files, emit.File{Path: "migration-checklist.md", Data: md}, emit.File{Path: "migration-checklist.json", Data: js}), nil
}

// IAMFiles returns the report's IAM documents: what Files returns but the
// checklist.
func IAMFiles(in Input) ([]emit.File, error) {
	var files []emit.File
	var assoc []association
	for _, r := range in.Roles {
		doc, err := trustPolicy(r, in.Cluster)
		if err != nil {
			return nil, err
		}
		files = append(files, emit.File{Path: "iam/" + r.ServiceAccounts[0].Name + ".trust-policy.json", Data: doc})
		if r.PodIdentity {
			for _, sa := range r.ServiceAccounts {
				assoc = append(assoc, association{ClusterName: orPlaceholder(in.Cluster.Name, "CLUSTER_NAME"), Namespace: ns(sa.Namespace), ServiceAccount: sa.Name, RoleARN: r.ARN})
			}
		}
	}
	if len(assoc) > 0 {
		b := writeAssociations(assoc)
		if written != nil {
			written(&assoc, b)
		}
		files = append(files, emit.File{Path: "iam/pod-identity-associations.json", Data: b})
	}
	return files, nil
}

// Checklist hands the checklist's two forms, Markdown then JSON, to put as
// files that write themselves (emit.File.Write): a batch's checklist is
// tens of megabytes, and is never held whole. With IAMFiles, it is Files.
func Checklist(in Input, put func(emit.File) error) error {
	if written != nil {
		// Tests hold the JSON writer to encoding/json on the checklist
		// as a whole (the streamed form holds no warning's text).
		c := build(in, false)
		c.json()
	}
	c := build(in, true)
	md := func(w io.Writer) error {
		out := &spill{w: w}
		return out.finish(c.markdownTo(out, make([]byte, 0, 2*spillSize)))
	}
	if err := put(emit.File{Path: "migration-checklist.md", Write: md}); err != nil {
		return err
	}
	js := func(w io.Writer) error {
		out := &spill{w: w}
		return out.finish(c.jsonTo(&jsonWriter{b: make([]byte, 0, 2*spillSize), out: out}))
	}
	return put(emit.File{Path: "migration-checklist.json", Write: js})
}

// spillSize is how much a streamed document holds before handing its
// bytes over.
const spillSize = 64 << 10

// spill takes a document's bytes as it is written. Its methods do nothing
// on a nil spill, which leaves the whole document in the buffer.
type spill struct {
	w   io.Writer
	err error
}

// check hands b over once it holds spillSize bytes, and returns what the
// writer may go on appending to.
func (s *spill) check(b []byte) []byte {
	if s == nil || len(b) < spillSize {
		return b
	}
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
	return b[:0]
}

// finish hands over the rest and returns the first error.
func (s *spill) finish(b []byte) error {
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
	return s.err
}

// json is the checklist's JSON form.
func (c *checklist) json() []byte {
	js := writeChecklist(c)
	if written != nil {
		written(c, js)
	}
	return js
}

type association struct {
	ClusterName    string `json:"clusterName"`
	Namespace      string `json:"namespace"`
	ServiceAccount string `json:"serviceAccount"`
	RoleARN        string `json:"roleArn"`
}

// written, when set (by tests), is shown each value Files writes as JSON
// (a pointer to it) and the bytes written, to hold them to encoding/json.
var written func(v any, data []byte)

func ns(s string) string {
	if s == "" {
		return "default"
	}
	return s
}

func orPlaceholder(v, placeholder string) string {
	if v == "" {
		return placeholder
	}
	return v
}

// trustPolicy writes the policy that lets the cluster's pods assume the
// role: the cluster's OIDC provider for IRSA, pods.eks.amazonaws.com for
// Pod Identity.
func trustPolicy(r Role, c Cluster) ([]byte, error) {
	doc := policy(r, c)
	b, err := writePolicy(doc)
	if err == nil && written != nil {
		written(&doc, b)
	}
	return b, err
}

// policy is the trust policy document of trustPolicy.
func policy(r Role, c Cluster) policyDoc {
	var st statement
	if r.PodIdentity {
		st = statement{Sid: "EksPodIdentity", Effect: "Allow", Principal: map[string]any{"Service": "pods.eks.amazonaws.com"}, Action: []string{"sts:AssumeRole", "sts:TagSession"}}
	} else {
		// IAM trusts an OIDC provider of the role's own account only (a
		// role in another account than the cluster needs the provider
		// created there); the configured account is the fallback.
		account := ""
		if parts := strings.Split(r.ARN, ":"); len(parts) > 4 && parts[4] != "" {
			account = parts[4]
		}
		if account == "" || account == "ACCOUNT_ID" {
			account = c.AccountID
		}
		issuer := strings.TrimPrefix(orPlaceholder(c.OIDCIssuer, "https://oidc.eks.REGION.amazonaws.com/id/CLUSTER_OIDC_ID"), "https://")
		var subjects []string
		for _, sa := range r.ServiceAccounts {
			subjects = append(subjects, "system:serviceaccount:"+ns(sa.Namespace)+":"+sa.Name)
		}
		slices.Sort(subjects)
		var sub any = subjects
		if len(subjects) == 1 {
			sub = subjects[0]
		}
		st = statement{
			Sid: "EksIrsa", Effect: "Allow",
			Principal: map[string]any{"Federated": "arn:aws:iam::" + orPlaceholder(account, "ACCOUNT_ID") + ":oidc-provider/" + issuer},
			Action:    "sts:AssumeRoleWithWebIdentity",
			Condition: map[string]any{"StringEquals": map[string]any{issuer + ":aud": "sts.amazonaws.com", issuer + ":sub": sub}},
		}
	}
	// IAM's own order: Version, then Statement.
	return policyDoc{"2012-10-17", []statement{st}}
}

// policyDoc is an IAM policy document; the tags say what writePolicy
// writes.
type policyDoc struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    any            `json:"Action"`
	Condition map[string]any `json:"Condition,omitempty"`
}

// checklist is the migration checklist, in the JSON form; markdown renders
// the same content.
type checklist struct {
	AddOns   []addOn        `json:"addOns"`
	Roles    []roleEntry    `json:"iamRoles"`
	Secrets  []string       `json:"secretsToRead"`
	Create   []string       `json:"objectsToCreate"`
	Warnings []workWarns    `json:"warnings"`
	Counts   map[string]int `json:"diagnosticCounts"`
}

type addOn struct {
	Name    string   `json:"name"`
	Why     string   `json:"why"`
	Objects []string `json:"objects"`
}

type roleEntry struct {
	RoleARN         string   `json:"roleArn"`
	ServiceAccounts []string `json:"serviceAccounts"`
	TrustPolicy     string   `json:"trustPolicy"`
	Mode            string   `json:"mode"`
	keep            string
}

type workWarns struct {
	Workload string   `json:"workload"`
	Warnings []string `json:"warnings"`
	// refs, set instead of Warnings for a checklist written as it is made
	// (Checklist), are the diagnostics whose text Warnings would hold:
	// their text is made as it is written, not held.
	refs []warnRef
	// Details holds the notes and fix of the warnings that have any, in
	// the order of Warnings; the others have no entry.
	Details []warnDetail `json:"details,omitempty"`
}

// warnRef is one warning of a workload, to be written as diagLine.
type warnRef struct {
	d        *diag.Diagnostic
	withPath bool
}

// warnDetail is the follow-up of one warning of a workload: the notes and
// fix of its diagnostic, as the command line prints them under it.
type warnDetail struct {
	Warning int      `json:"warning"` // the index in the workload's Warnings
	Notes   []string `json:"notes,omitempty"`
	Fix     string   `json:"fix,omitempty"`
}

// addOnRules says which add-on an object needs. The rules read what they
// need from the object itself (a typed object's fields, else its generic
// tree), never its printed form.
var addOnRules = []struct {
	name, why string
	match     func(*view) bool
}{
	{"AWS Load Balancer Controller", "registers pods in target groups and provisions load balancers", func(o *view) bool {
		return o.Kind == "TargetGroupBinding" || (o.Kind == "Ingress" && ingressClass(o) == "alb") || (o.Kind == "Service" && mentions(o, "service.k8s.aws/nlb"))
	}},
	{"Karpenter", "provisions nodes for the NodePools (their EC2NodeClass must exist)", func(o *view) bool {
		return o.Kind == "NodePool" && strings.HasPrefix(o.APIVersion, "karpenter.sh/")
	}},
	{"KEDA", "runs the ScaledObjects' scalers", func(o *view) bool { return strings.HasPrefix(o.APIVersion, "keda.sh/") }},
	{"metrics-server", "feeds CPU and memory utilization to the HorizontalPodAutoscalers", func(o *view) bool { return o.Kind == "HorizontalPodAutoscaler" }},
	{"External Secrets Operator", "fills Secrets from Secrets Manager and Parameter Store; its identity needs read access to the secrets listed below", func(o *view) bool { return o.Kind == "ExternalSecret" }},
	{"Secrets Store CSI driver with the AWS provider", "mounts the SecretProviderClasses' secrets and syncs them into Secrets (install the driver with secret syncing on: Helm value syncSecret.enabled=true)", func(o *view) bool { return o.Kind == "SecretProviderClass" }},
	{"Amazon EFS CSI driver", "mounts the EFS file systems", func(o *view) bool {
		return o.Kind == "PersistentVolume" && csiDriver(o) == "efs.csi.aws.com"
	}},
	{"Amazon EBS CSI driver", "provisions the EBS volumes", func(o *view) bool {
		return (o.Kind == "StorageClass" && provisioner(o) == "ebs.csi.aws.com") || (o.Kind == "PersistentVolume" && csiDriver(o) == "ebs.csi.aws.com")
	}},
}

func build(in Input, lazy bool) checklist {
	col := in.Collected
	if col == nil {
		col = collect(in.Objects)
	}
	c := checklist{Counts: map[string]int{}, AddOns: []addOn{}, Roles: []roleEntry{}, Secrets: []string{}, Create: []string{}, Warnings: []workWarns{}}
	for i, r := range addOnRules {
		if i >= len(col.addOns) || len(col.addOns[i]) == 0 {
			continue
		}
		why := r.why
		if r.name == "External Secrets Operator" {
			why += "; create the stores the ExternalSecrets name (provider aws): " + strings.Join(sortedKeys(col.stores), ", ")
		}
		c.AddOns = append(c.AddOns, addOn{Name: r.name, Why: why, Objects: slices.Clone(col.addOns[i])})
	}
	// Pod Identity leaves no trace in the manifests (the accounts are
	// plain), so its agent is derived from the roles.
	var plain []string
	for _, r := range in.Roles {
		if r.PodIdentity {
			for _, sa := range r.ServiceAccounts {
				plain = append(plain, emit.Object{APIVersion: "v1", Kind: "ServiceAccount", Namespace: sa.Namespace, Name: sa.Name}.ID())
			}
		}
	}
	if len(plain) > 0 {
		slices.Sort(plain)
		c.AddOns = append(c.AddOns, addOn{Name: "Amazon EKS Pod Identity Agent", Why: "gives the pods of the associated ServiceAccounts their roles' credentials (create the associations in iam/pod-identity-associations.json)", Objects: plain})
	}
	for _, r := range in.Roles {
		e := roleEntry{RoleARN: r.ARN, TrustPolicy: "iam/" + r.ServiceAccounts[0].Name + ".trust-policy.json", Mode: "IRSA", keep: r.Keep}
		if e.keep == "" {
			e.keep = "the ecs-tasks.amazonaws.com statement while ECS still runs the service"
		}
		if r.PodIdentity {
			e.Mode = "EKS Pod Identity"
		}
		for _, sa := range r.ServiceAccounts {
			e.ServiceAccounts = append(e.ServiceAccounts, ns(sa.Namespace)+"/"+sa.Name+" ("+strings.Join(sa.Workloads, ", ")+")")
		}
		c.Roles = append(c.Roles, e)
	}
	// The diagnostics, the larger part of a batch's checklist, are
	// grouped while the secrets are sorted.
	var wg sync.WaitGroup
	wg.Go(func() { c.Warnings = warnings(in, c.Counts, lazy) })
	c.Secrets = sortedKeys(col.secrets)
	if missing := col.missing(); len(missing) > 0 {
		c.Create = withKinds(missing)
	}
	wg.Wait()
	return c
}

// remoteKeys reads the AWS references out of an ExternalSecret or
// SecretProviderClass built as a map.
func remoteKeys(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	spec, _ := m["spec"].(map[string]any)
	var out []string
	if data, ok := spec["data"].([]any); ok {
		for _, d := range data {
			if ref, ok := d.(map[string]any)["remoteRef"].(map[string]any); ok {
				if k, ok := ref["key"].(string); ok {
					out = append(out, k)
				}
			}
		}
	}
	if params, ok := spec["parameters"].(map[string]any); ok {
		if objs, ok := params["objects"].(string); ok {
			for _, line := range strings.Split(objs, "\n") {
				if k, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- ")), "objectName: "); ok {
					out = append(out, strings.Trim(k, `"'`))
				}
			}
		}
	}
	return out
}

func (c checklist) markdown() []byte {
	return c.markdownTo(nil, make([]byte, 0, c.markdownSize()))
}

// markdownTo appends the Markdown form to b, handing b's bytes to out
// (when not nil) between entries once it has grown past spillSize, and
// returns what is left.
func (c checklist) markdownTo(out *spill, b []byte) []byte {
	b = append(b, "<!-- Code generated by eksport. DO NOT EDIT. -->\n# Migration checklist\n\n"...)
	b = append(b, "What to do around the generated manifests before traffic moves to EKS.\n\n## Add-ons the manifests need\n\n"...)
	if len(c.AddOns) == 0 {
		b = append(b, "None.\n"...)
	}
	for _, a := range c.AddOns {
		b = out.check(b)
		b = append(b, "- [ ] **"...)
		b = append(b, a.Name...)
		b = append(b, "**: "...)
		b = append(b, a.Why...)
		b = append(b, " ("...)
		b = appendJoin(b, a.Objects, ", ")
		b = append(b, ")\n"...)
	}
	b = append(b, "\n## IAM roles\n\n"...)
	if len(c.Roles) == 0 {
		b = append(b, "None.\n"...)
	}
	for _, r := range c.Roles {
		b = out.check(b)
		b = append(b, "- [ ] `"...)
		b = append(b, r.RoleARN...)
		b = append(b, "` ("...)
		b = append(b, r.Mode...)
		b = append(b, "): add the statement in `"...)
		b = append(b, r.TrustPolicy...)
		b = append(b, "` to the role's trust policy (keep "...)
		b = append(b, r.keep...)
		b = append(b, "); used by "...)
		b = appendJoin(b, r.ServiceAccounts, "; ")
		b = append(b, '\n')
	}
	if slices.ContainsFunc(c.Roles, func(r roleEntry) bool { return r.Mode == "IRSA" }) {
		b = append(b, "- [ ] IRSA: the account of each role above needs an IAM OIDC identity provider for the cluster's issuer (`eksctl utils associate-iam-oidc-provider`)\n"...)
	}
	b = append(b, "\n## Secrets the operator must be allowed to read\n\n"...)
	if len(c.Secrets) == 0 {
		b = append(b, "None.\n"...)
	}
	for _, s := range c.Secrets {
		b = out.check(b)
		b = append(b, "- [ ] `"...)
		b = append(b, s...)
		b = append(b, "`\n"...)
	}
	b = append(b, "\n## Objects to create yourself\n\n"...)
	if len(c.Create) == 0 {
		b = append(b, "None.\n"...)
	}
	for _, s := range c.Create {
		b = out.check(b)
		b = append(b, "- [ ] "...)
		b = append(b, s...)
		b = append(b, '\n')
	}
	b = append(b, "\n## Warnings by workload\n"...)
	if len(c.Warnings) == 0 {
		b = append(b, "\nNone.\n"...)
	}
	for _, w := range c.Warnings {
		b = append(b, "\n### "...)
		b = append(b, w.Workload...)
		b = append(b, "\n\n"...)
		details := w.Details
		for i := range max(len(w.Warnings), len(w.refs)) {
			b = out.check(b)
			b = append(b, "- [ ] "...)
			if w.refs != nil {
				b = appendDiag(b, w.refs[i].d, w.refs[i].withPath)
			} else {
				b = append(b, w.Warnings[i]...)
			}
			b = append(b, '\n')
			for len(details) > 0 && details[0].Warning <= i {
				if details[0].Warning == i {
					b = details[0].markdown(b)
				}
				details = details[1:]
			}
		}
	}
	return b
}

// markdown appends the notes and fix as sub-items of their warning.
func (d *warnDetail) markdown(b []byte) []byte {
	for _, n := range d.Notes {
		b = append(b, "  - note: "...)
		b = append(b, n...)
		b = append(b, '\n')
	}
	if d.Fix != "" {
		b = append(b, "  - fix: "...)
		b = append(b, d.Fix...)
		b = append(b, '\n')
	}
	return b
}

// markdownSize is the size of the Markdown checklist, or a little more,
// so that its buffer is allocated once.
func (c checklist) markdownSize() int {
	n := 1024
	for _, a := range c.AddOns {
		n += 16 + len(a.Name) + len(a.Why)
		for _, o := range a.Objects {
			n += len(o) + 2
		}
	}
	for _, r := range c.Roles {
		n += 128 + len(r.RoleARN) + len(r.Mode) + len(r.TrustPolicy) + len(r.keep)
		for _, sa := range r.ServiceAccounts {
			n += len(sa) + 2
		}
	}
	for _, s := range c.Secrets {
		n += len(s) + 9
	}
	for _, s := range c.Create {
		n += len(s) + 7
	}
	for _, w := range c.Warnings {
		n += len(w.Workload) + 8
		for _, m := range w.Warnings {
			n += len(m) + 7
		}
		for _, d := range w.Details {
			for _, note := range d.Notes {
				n += len(note) + 11
			}
			n += len(d.Fix) + 10
		}
	}
	return n
}

// appendJoin appends strings.Join(list, sep).
func appendJoin(b []byte, list []string, sep string) []byte {
	for i, s := range list {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, s...)
	}
	return b
}

// warnings counts the diagnostics by severity into counts and returns
// the warnings and errors (as their String) grouped by the workload they
// belong to, in the order of workloads' names and then of in.Diagnostics,
// each group with the notes and fix of its warnings that have them.
// A batch's checklist holds tens of thousands of them: their text is
// written into one string that each is a part of.
//
// lazy leaves the text out: each group's refs say which diagnostics to
// write, and the writers make their text as they go.
func warnings(in Input, counts map[string]int, lazy bool) []workWarns {
	type warning struct {
		group    int  // in groups
		withPath bool // the message is prefixed with the field path
	}
	var groups []workWarns
	var lens []int // the number of warnings of each group
	index := map[string]int{}
	warns := make([]warning, 0, len(in.Diagnostics))
	var bySeverity [diag.Error + 1]int
	size := 0
	for i := range in.Diagnostics {
		d := &in.Diagnostics[i]
		if d.Severity >= diag.Info && d.Severity <= diag.Error {
			bySeverity[d.Severity]++
		} else {
			counts[d.Severity.String()]++
		}
		if d.Severity < diag.Warning {
			continue
		}
		owner := "(other inputs)"
		if in.Owner != nil {
			if o := in.Owner(d.Pos); o != "" {
				owner = o
			}
		} else {
			for _, w := range in.Workloads {
				if w.Covers(d.Pos) {
					owner = w.Name
					break
				}
			}
		}
		g, ok := index[owner]
		if !ok {
			g = len(groups)
			index[owner] = g
			groups = append(groups, workWarns{Workload: owner})
			lens = append(lens, 0)
		}
		if len(d.Notes) > 0 || d.Fix != "" {
			groups[g].Details = append(groups[g].Details, warnDetail{Warning: lens[g], Notes: d.Notes, Fix: d.Fix})
		}
		lens[g]++
		w := warning{group: g, withPath: d.Pos.Path != "" && !strings.Contains(d.Message, d.Pos.Path)}
		warns = append(warns, w)
		size += diagLen(d, w.withPath)
	}
	bySeverity[diag.Info] += in.DroppedInfo
	for sev, n := range bySeverity {
		if n > 0 {
			counts[diag.Severity(sev).String()] += n
		}
	}
	if lazy {
		for g := range groups {
			groups[g].refs = make([]warnRef, 0, lens[g])
		}
		j := 0
		for i := range in.Diagnostics {
			if d := &in.Diagnostics[i]; d.Severity >= diag.Warning {
				groups[warns[j].group].refs = append(groups[warns[j].group].refs, warnRef{d, warns[j].withPath})
				j++
			}
		}
	} else {
		for g := range groups {
			groups[g].Warnings = make([]string, 0, lens[g])
		}
		var text strings.Builder
		text.Grow(size)
		ends := make([]int, len(warns))
		j := 0
		for i := range in.Diagnostics {
			if d := &in.Diagnostics[i]; d.Severity >= diag.Warning {
				writeDiag(&text, d, warns[j].withPath)
				ends[j] = text.Len()
				j++
			}
		}
		all, start := text.String(), 0
		for j, w := range warns {
			groups[w.group].Warnings = append(groups[w.group].Warnings, all[start:ends[j]])
			start = ends[j]
		}
	}
	slices.SortFunc(groups, func(a, b workWarns) int { return strings.Compare(a.Workload, b.Workload) })
	if groups == nil {
		groups = []workWarns{}
	}
	return groups
}

// diagLen is the length of d.String(); withPath says whether the message
// is prefixed with the field path.
func diagLen(d *diag.Diagnostic, withPath bool) int {
	n := len(d.Pos.File)
	if d.Pos.File == "" {
		n = len("<input>")
	}
	if d.Pos.Line > 0 {
		n += 1 + digits(d.Pos.Line)
		if d.Pos.Col > 0 {
			n += 1 + digits(d.Pos.Col)
		}
	}
	n += len(": ") + len(d.Severity.String()) + len(": ") + len(d.Message) + len(" [") + len(d.Code) + len("]")
	if withPath {
		n += len(d.Pos.Path) + len(": ")
	}
	return n
}

// digits is the number of decimal digits of n > 0.
func digits(n int) int {
	k := 1
	for ; n >= 10; n /= 10 {
		k++
	}
	return k
}

// writeDiag writes d.String(), the message prefixed with the field path
// when withPath says so (as String decides).
func writeDiag(b *strings.Builder, d *diag.Diagnostic, withPath bool) {
	var buf [512]byte
	b.Write(appendDiag(buf[:0], d, withPath))
}

// appendDiag appends what writeDiag writes.
func appendDiag(b []byte, d *diag.Diagnostic, withPath bool) []byte {
	if d.Pos.File == "" {
		b = append(b, "<input>"...)
	} else {
		b = append(b, d.Pos.File...)
	}
	if d.Pos.Line > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(d.Pos.Line), 10)
		if d.Pos.Col > 0 {
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(d.Pos.Col), 10)
		}
	}
	b = append(b, ": "...)
	b = append(b, d.Severity.String()...)
	b = append(b, ": "...)
	if withPath {
		b = append(b, d.Pos.Path...)
		b = append(b, ": "...)
	}
	b = append(b, d.Message...)
	b = append(b, " ["...)
	b = append(b, d.Code...)
	return append(b, ']')
}

// diagString is d.String() as the checklist writes it.
func diagString(d diag.Diagnostic) string {
	withPath := d.Pos.Path != "" && !strings.Contains(d.Message, d.Pos.Path)
	var b strings.Builder
	b.Grow(diagLen(&d, withPath))
	writeDiag(&b, &d, withPath)
	return b.String()
}

// noKeyRefs are the built-in kinds whose schema has no secretKeyRef
// anywhere (only pod templates do), so that typed objects of these kinds
// need not be encoded to be searched.
var noKeyRefs = map[string]bool{
	"v1/Service": true, "v1/ServiceAccount": true, "v1/ConfigMap": true, "v1/PersistentVolumeClaim": true,
	"v1/PersistentVolume": true, "v1/Namespace": true, "autoscaling/v2/HorizontalPodAutoscaler": true,
	"policy/v1/PodDisruptionBudget": true, "networking.k8s.io/v1/Ingress": true, "storage.k8s.io/v1/StorageClass": true,
}

func walk(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "secretKeyRef" {
				if ref, ok := e.(map[string]any); ok {
					f(ref)
				}
				continue
			}
			walk(e, f)
		}
	case []any:
		for _, e := range x {
			walk(e, f)
		}
	}
}

// withKinds names the kind on each line of the objects to create: the
// collector writes a Secret as "namespace/name" or "namespace/name: keys",
// the other kinds as "Kind namespace/name". The lines stay sorted.
func withKinds(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if kind, _, ok := strings.Cut(l, " "); ok && !strings.ContainsAny(kind, "/:") {
			out[i] = l
			continue
		}
		out[i] = "Secret " + l
	}
	slices.Sort(out)
	return out
}
