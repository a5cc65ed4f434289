package kube2iam

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the kube2iam rule.
var Rule = &rules.Rule{
	Name: "kube2iam",
	Doc:  rules.MustDoc(doc, "kube2iam"),
	Run:  run,
}

// The annotations kube2iam and kiam read.
const (
	RoleAnnotation     = "iam.amazonaws.com/role"
	ExternalID         = "iam.amazonaws.com/external-id"
	PermittedNamespace = "iam.amazonaws.com/permitted"     // kiam: a regular expression
	AllowedRoles       = "iam.amazonaws.com/allowed-roles" // kube2iam: a JSON list of roles or globs
	IRSAAnnotation     = "eks.amazonaws.com/role-arn"
)

var roleARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\x21-\x7e]+$`)

// pod is one pod template and the identity it runs as.
type pod struct {
	o       *ir.KubeObject
	tmpl    map[string]any
	path    string // of the template inside the object
	ns      string
	account string // serviceAccountName, "default" when unset
	role    string // annotation as written
	arn     string // resolved; "" when the pod has no role
	at      diag.Pos
}

// pass carries one run of the rule.
type pass struct {
	*rules.Pass
	keep        bool
	podIdentity bool
	accounts    map[string]*ir.KubeObject // namespace/name -> input ServiceAccount
	made        map[string]int            // namespace/name -> index in sas
	sas         []ir.ServiceAccount
}

func run(p *rules.Pass) error {
	ps := &pass{Pass: p, keep: p.Config.Kube2iam.Keep, podIdentity: p.Config.Identity.Mode == "pod-identity", accounts: map[string]*ir.KubeObject{}, made: map[string]int{}}
	for _, o := range p.Model.Objects {
		if o.Kind() == "ServiceAccount" && o.APIVersion() == "v1" && !o.Drop {
			ps.accounts[key(o.Namespace(), o.Name())] = o
		}
	}
	ps.accountRoles()
	pods := ps.pods()
	// Which roles run under each account decides whether an account can
	// take its pods' role or must be split.
	usage := map[string][]string{}
	for _, pd := range pods {
		k := key(pd.ns, pd.account)
		if !slices.Contains(usage[k], pd.arn) {
			usage[k] = append(usage[k], pd.arn)
		}
	}
	for k, o := range ps.accounts {
		if arn := ir.Str(o.Annotations()[IRSAAnnotation]); arn != "" && !slices.Contains(usage[k], arn) {
			usage[k] = append(usage[k], arn)
		}
	}
	for k, i := range ps.made {
		if arn := ps.sas[i].RoleARN; !slices.Contains(usage[k], arn) {
			usage[k] = append(usage[k], arn)
		}
	}
	for _, roles := range usage {
		slices.Sort(roles)
	}
	for _, pd := range pods {
		if pd.arn != "" {
			ps.wire(pd, usage[key(pd.ns, pd.account)])
		} else if i, ok := ps.made[key(pd.ns, pd.account)]; ok {
			// A pod without a role of its own runs as an account that
			// has one.
			ps.sas[i].Workloads = append(ps.sas[i].Workloads, pd.o.Kind()+"/"+pd.o.Name())
		}
	}
	ps.restrictions(pods)
	ps.agents()
	ps.report()
	return nil
}

func key(ns, name string) string { return ns + "/" + name }

// pods collects every pod template with its role, resolving role names.
func (ps *pass) pods() []*pod {
	var out []*pod
	for _, o := range ps.Model.Objects {
		if o.Drop {
			continue
		}
		tmpl, path := o.PodTemplate()
		if tmpl == nil {
			continue
		}
		spec := ir.MapAt(tmpl, "spec")
		pd := &pod{o: o, tmpl: tmpl, path: path, ns: o.Namespace(), account: ir.Str(spec["serviceAccountName"])}
		if pd.account == "" {
			pd.account = ir.Str(spec["serviceAccount"])
		}
		if pd.account == "" {
			pd.account = "default"
		}
		ann := ir.MapAt(tmpl, "metadata", "annotations")
		if id, ok := ann[ExternalID]; ok {
			d := ps.Reportf(o.At(ir.Path(path, "metadata", "annotations", ExternalID)), diag.Warning, "external-id", "%s: the external ID %q has no IRSA equivalent; the role's new trust policy trusts the cluster's OIDC provider and the ServiceAccount instead", o.ID(), ir.Str(id))
			d.Fix = "drop the sts:ExternalId condition from the role's trust policy once kube2iam no longer assumes it"
			if !ps.keep {
				delete(ann, ExternalID)
			}
		}
		if role := strings.TrimSpace(ir.Str(ann[RoleAnnotation])); role != "" {
			pd.role = role
			pd.at = o.At(ir.Path(path, "metadata", "annotations", RoleAnnotation))
			pd.arn = ps.resolve(role, pd.at, o.ID())
			if pd.arn == "" {
				continue // reported; leave the pod out of the usage count
			}
		}
		out = append(out, pd)
	}
	return out
}

// resolve turns a role annotation into a role ARN, or reports why it
// cannot and returns "".
func (ps *pass) resolve(role string, at diag.Pos, who string) string {
	arn := role
	if !strings.HasPrefix(role, "arn:") {
		base := ps.Config.Kube2iam.BaseRoleARN
		if base == "" {
			d := ps.Reportf(at, diag.Error, "unresolved-role", "%s: role %q is a name, not an ARN, and kube2iam.baseRoleARN is not set", who, role)
			d.Fix = "set kube2iam.baseRoleARN in the configuration (as kube2iam's --base-role-arn, for example arn:aws:iam::111122223333:role/), or write the role's full ARN in the annotation"
			return ""
		}
		arn = base + strings.TrimPrefix(role, "/")
	}
	if !roleARN.MatchString(arn) {
		ps.Reportf(at, diag.Error, "invalid-role", "%s: %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", who, arn)
		return ""
	}
	return arn
}

// accountRoles turns iam.amazonaws.com/role on ServiceAccounts (a
// convention some kube2iam setups used) into the IRSA annotation.
func (ps *pass) accountRoles() {
	for _, o := range ps.Model.Objects {
		if o.Drop || o.Kind() != "ServiceAccount" {
			continue
		}
		ann := o.Annotations()
		role := strings.TrimSpace(ir.Str(ann[RoleAnnotation]))
		if role == "" {
			continue
		}
		at := o.At(ir.Path("metadata", "annotations", RoleAnnotation))
		arn := ps.resolve(role, at, o.ID())
		if arn == "" {
			continue
		}
		if existing := ir.Str(ann[IRSAAnnotation]); existing != "" && existing != arn {
			ps.Reportf(at, diag.Error, "conflicting-roles", "%s names role %s for kube2iam and %s for IRSA", o.ID(), arn, existing)
			continue
		}
		ps.claim(o, arn, at, nil)
		if !ps.keep {
			delete(ann, RoleAnnotation)
			ir.DeleteEmpty(o.Object, "metadata", "annotations")
		}
	}
}

// wire gives a pod with a role the account that carries it.
func (ps *pass) wire(pd *pod, roles []string) {
	spec := ir.Ensure(pd.tmpl, "spec")
	who := pd.o.Kind() + "/" + pd.o.Name()
	var name string
	in, inInput := ps.accounts[key(pd.ns, pd.account)]
	switch {
	case pd.account != "default" && len(roles) == 1:
		// The account serves only this role: it takes the role.
		name = pd.account
		if !inInput {
			in = ps.newAccount(pd.ns, name, nil, pd.at)
			ps.Reportf(pd.at, diag.Info, "account-created", "%s: ServiceAccount %q is not among the inputs; it is written with the role annotation (merge it with your own definition if you have one)", pd.o.ID(), name)
		}
		ps.claim(in, pd.arn, pd.at, []string{who})
	default:
		name = ps.splitName(pd)
		if _, done := ps.made[key(pd.ns, name)]; !done {
			acct := ps.newAccount(pd.ns, name, in, pd.at)
			ps.claim(acct, pd.arn, pd.at, nil)
			ps.bindLike(pd.ns, pd.account, name, pd.at)
			if pd.account != "default" {
				var others []string
				for _, r := range roles {
					if r != pd.arn {
						others = append(others, orNone(r))
					}
				}
				ps.Reportf(pd.at, diag.Warning, "shared-account", "ServiceAccount %q is shared with pods of another role (%s); the pods of role %s run as ServiceAccount %q instead, with the same RBAC bindings", pd.account, strings.Join(others, ", "), pd.arn, name)
			}
		}
		sa := &ps.sas[ps.made[key(pd.ns, name)]]
		if !slices.Contains(sa.Workloads, who) {
			sa.Workloads = append(sa.Workloads, who)
		}
	}
	spec["serviceAccountName"] = name
	delete(spec, "serviceAccount")
	if !ps.keep {
		ann := ir.MapAt(pd.tmpl, "metadata", "annotations")
		delete(ann, RoleAnnotation)
		ir.DeleteEmpty(pd.tmpl, "metadata", "annotations")
	}
}

func orNone(arn string) string {
	if arn == "" {
		return "none"
	}
	return arn
}

// splitName names the account for pods of one role that cannot keep
// theirs: the role's name, prefixed with the account they leave when
// another account has that name, made unique within the namespace.
func (ps *pass) splitName(pd *pod) string {
	role := kname.Label(roleName(pd.arn))
	if role == "" {
		role = "role"
	}
	name := role
	if _, taken := ps.accounts[key(pd.ns, name)]; taken && pd.account != "default" {
		if idx, ok := ps.made[key(pd.ns, name)]; !ok || ps.sas[idx].RoleARN != pd.arn {
			name = kname.Shorten(kname.Join(pd.account, role), 63)
		}
	}
	for i := 0; ; i++ {
		candidate := name
		if i > 0 {
			candidate = kname.Shorten(kname.Join(name, "x"+kname.Hash(pd.arn+strings.Repeat("'", i))), 63)
		}
		k := key(pd.ns, candidate)
		if idx, ok := ps.made[k]; ok {
			if ps.sas[idx].RoleARN == pd.arn {
				return candidate
			}
			ps.Reportf(pd.at, diag.Info, "name-clash", "roles %s and %s would both give ServiceAccount %q; the second gets another name", ps.sas[idx].RoleARN, pd.arn, candidate)
			continue
		}
		if _, taken := ps.accounts[k]; !taken {
			return candidate
		}
	}
}

// roleName reads the role name (without path) out of a role ARN.
func roleName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

// newAccount makes a ServiceAccount manifest; like is the account it
// replaces for some pods, whose labels, pull secrets and token mounting it
// copies.
func (ps *pass) newAccount(ns, name string, like *ir.KubeObject, at diag.Pos) *ir.KubeObject {
	md := map[string]any{"name": name}
	if ns != "" {
		md["namespace"] = ns
	}
	labels := map[string]any{}
	obj := map[string]any{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": md}
	if like != nil {
		maps.Copy(labels, ir.MapAt(like.Object, "metadata", "labels"))
		for _, f := range []string{"imagePullSecrets", "automountServiceAccountToken"} {
			if v, ok := like.Object[f]; ok {
				obj[f] = v
			}
		}
	}
	labels["app.kubernetes.io/managed-by"] = "eksport"
	md["labels"] = labels
	o := &ir.KubeObject{Object: obj, Origin: at, Generated: true, Order: len(ps.Model.Objects)}
	ps.Model.Objects = append(ps.Model.Objects, o)
	ps.accounts[key(ns, name)] = o
	return o
}

// claim gives an account manifest its role: the IRSA annotation (not in
// Pod Identity mode, where an association binds it) and an entry in the
// model's ServiceAccounts for trust policies and the checklist.
func (ps *pass) claim(o *ir.KubeObject, arn string, at diag.Pos, workloads []string) {
	k := key(o.Namespace(), o.Name())
	if idx, ok := ps.made[k]; ok {
		sa := &ps.sas[idx]
		for _, w := range workloads {
			if !slices.Contains(sa.Workloads, w) {
				sa.Workloads = append(sa.Workloads, w)
			}
		}
		return
	}
	if !ps.podIdentity {
		ann := ir.Ensure(o.Object, "metadata", "annotations")
		ann[IRSAAnnotation] = arn
	}
	ps.made[k] = len(ps.sas)
	ps.sas = append(ps.sas, ir.ServiceAccount{Name: o.Name(), Namespace: o.Namespace(), RoleARN: arn, PodIdentity: ps.podIdentity, Workloads: workloads, Origin: at, Manifest: true})
}
