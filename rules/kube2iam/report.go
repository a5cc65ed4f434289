package kube2iam

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// bindLike adds account name as a subject wherever the account it
// replaces (from) is bound, so that moving pods to a new account keeps
// their Kubernetes permissions.
func (ps *pass) bindLike(ns, from, name string, at diag.Pos) {
	var extended []string
	for _, o := range ps.Model.Objects {
		if o.Drop || (o.Kind() != "RoleBinding" && o.Kind() != "ClusterRoleBinding") {
			continue
		}
		subjects := ir.Slice(o.Object["subjects"])
		found, present := false, false
		for _, s := range subjects {
			sm, _ := s.(map[string]any)
			if ir.Str(sm["kind"]) != "ServiceAccount" {
				continue
			}
			sns := ir.Str(sm["namespace"])
			if sns == "" {
				sns = o.Namespace()
			}
			if sns != ns {
				continue
			}
			switch ir.Str(sm["name"]) {
			case from:
				found = true
			case name:
				present = true
			}
		}
		if !found || present {
			continue
		}
		subject := map[string]any{"kind": "ServiceAccount", "name": name}
		if ns != "" {
			subject["namespace"] = ns
		}
		o.Object["subjects"] = append(subjects, subject)
		extended = append(extended, o.Kind()+" "+o.Name())
	}
	if len(extended) > 0 {
		ps.Reportf(at, diag.Info, "bindings", "ServiceAccount %q is added to the bindings of %q: %s", name, from, strings.Join(extended, ", "))
	}
}

// restrictions checks the roles used in each namespace against the
// namespace's kiam or kube2iam restriction.
func (ps *pass) restrictions(pods []*pod) {
	for _, o := range ps.Model.Objects {
		if o.Drop || o.Kind() != "Namespace" {
			continue
		}
		ann := o.Annotations()
		for _, k := range []string{PermittedNamespace, AllowedRoles} {
			v, ok := ann[k]
			if !ok {
				continue
			}
			at := o.At(ir.Path("metadata", "annotations", k))
			allowed, err := ps.matcher(k, ir.Str(v))
			if err != "" {
				ps.Reportf(at, diag.Warning, "restriction-invalid", "namespace %q: %s %q cannot be read: %s", o.Name(), k, ir.Str(v), err)
			} else {
				for _, pd := range pods {
					if pd.arn == "" || (pd.ns != o.Name() && !(pd.ns == "" && o.Name() == "default")) {
						continue
					}
					if !allowed(pd.role, pd.arn) {
						d := ps.Reportf(pd.at, diag.Warning, "not-permitted", "%s uses role %s, which namespace %q does not permit (%s: %s); kiam (and kube2iam with --namespace-restrictions) refused it credentials, but IRSA grants them once the role trusts the ServiceAccount", pd.o.ID(), pd.arn, o.Name(), k, ir.Str(v))
						d.Fix = "remove the annotation or do not apply the role's new trust policy"
					}
				}
				ps.Reportf(at, diag.Info, "namespace-restriction", "namespace %q restricted roles with %s; IRSA has no namespace restriction: each role's trust policy lists the ServiceAccounts that may assume it", o.Name(), k)
			}
			if !ps.keep {
				delete(ann, k)
				ir.DeleteEmpty(o.Object, "metadata", "annotations")
			}
		}
	}
}

// matcher reads a namespace restriction: kiam's permitted annotation is a
// regular expression over the role as annotated (anchored, as kiam
// anchors it); kube2iam's allowed-roles is a JSON list of roles or globs,
// matched against the resolved ARN.
func (ps *pass) matcher(k, v string) (func(role, arn string) bool, string) {
	if k == PermittedNamespace {
		re, err := regexp.Compile("^(?:" + v + ")$")
		if err != nil {
			return nil, err.Error()
		}
		return func(role, arn string) bool { return re.MatchString(role) || re.MatchString(arn) }, ""
	}
	var list []string
	if err := json.Unmarshal([]byte(v), &list); err != nil {
		return nil, "not a JSON list of roles"
	}
	var res []*regexp.Regexp
	for _, pat := range list {
		if !strings.HasPrefix(pat, "arn:") && ps.Config.Kube2iam.BaseRoleARN != "" {
			pat = ps.Config.Kube2iam.BaseRoleARN + strings.TrimPrefix(pat, "/")
		}
		res = append(res, regexp.MustCompile("^"+strings.ReplaceAll(regexp.QuoteMeta(pat), `\*`, ".*")+"$"))
	}
	return func(role, arn string) bool {
		return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(arn) || re.MatchString(role) })
	}, ""
}

// agents reports the kube2iam and kiam agents themselves: with IRSA, EKS
// needs neither.
func (ps *pass) agents() {
	for _, o := range ps.Model.Objects {
		tmpl, path := o.PodTemplate()
		if o.Drop || tmpl == nil {
			continue
		}
		for i, c := range ir.Slice(ir.MapAt(tmpl, "spec")["containers"]) {
			cm, _ := c.(map[string]any)
			img := ir.Str(cm["image"])
			name := ""
			switch {
			case strings.Contains(img, "kube2iam"):
				name = "kube2iam"
			case strings.Contains(img, "uswitch/kiam") || strings.Contains(img, "/kiam:"):
				name = "kiam"
			default:
				continue
			}
			d := ps.Reportf(o.At(ir.Path(path, "spec", "containers", i, "image")), diag.Warning, "agent", "%s runs the %s agent, which EKS does not need: pods get their roles through IRSA", o.ID(), name)
			d.Fix = "leave it out of the EKS cluster (keep it on the kOps cluster while both run); its iptables rule would also intercept the instance metadata API that IRSA-less pods and the VPC CNI rely on"
			break
		}
	}
}

// report writes the trust-policy reminder for every account and adds the
// accounts to the model.
func (ps *pass) report() {
	for _, sa := range ps.sas {
		how := "IRSA: the account carries " + IRSAAnnotation
		if sa.PodIdentity {
			how = "EKS Pod Identity: create the association listed in the checklist"
		}
		users := "no workload among the inputs"
		if len(sa.Workloads) > 0 {
			users = strings.Join(sa.Workloads, ", ")
		}
		d := ps.Reportf(sa.Origin, diag.Warning, "trust-policy", "role %s is used by %s through ServiceAccount %q (%s); its trust policy must allow the cluster before the pods can assume it", sa.RoleARN, users, sa.Name, how)
		d.Fix = "apply the trust policy written to iam/" + sa.Name + ".trust-policy.json"
	}
	if len(ps.sas) > 0 && !ps.podIdentity && (ps.Config.Cluster.OIDCIssuer == "" || ps.Config.Cluster.AccountID == "") {
		ps.Reportf(ps.sas[0].Origin, diag.Warning, "cluster-unknown", "the trust policies name the cluster's OIDC provider, but the configuration lacks cluster.oidcIssuer or cluster.accountId; they hold placeholders to replace")
	}
	ps.Model.ServiceAccounts = append(ps.Model.ServiceAccounts, ps.sas...)
	slices.SortStableFunc(ps.Model.ServiceAccounts, func(a, b ir.ServiceAccount) int {
		return strings.Compare(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
}
