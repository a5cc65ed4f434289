package identity

import (
	"slices"
	"strings"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the identity rule.
var Rule = &rules.Rule{
	Name:  "identity",
	Doc:   rules.MustDoc(doc, "identity"),
	Start: start,
}

// RoleName reads the role name (without path) out of a role ARN or name.
func RoleName(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	if i := strings.LastIndex(arn, ":"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// AccountOf reads the account out of an IAM ARN; empty when there is none.
func AccountOf(arn string) string {
	if parts := strings.Split(arn, ":"); len(parts) > 4 && parts[0] == "arn" {
		return parts[4]
	}
	return ""
}

// identity assigns ServiceAccounts workload by workload: the first
// workload of a role (per namespace) names its account.
type identity struct {
	p           *rules.Pass
	podIdentity bool
	accounts    map[accountKey]int // index in Model.ServiceAccounts
	names       map[string]string  // namespace/name -> role ARN
}

type accountKey struct{ ns, arn string }

func start(p *rules.Pass) rules.Stepper {
	return &identity{p: p, podIdentity: p.Config.Identity.Mode == "pod-identity", accounts: map[accountKey]int{}, names: map[string]string{}}
}

func (r *identity) Workload(w *ir.Workload) bool {
	p := r.p
	if w.ExecutionRole != "" {
		executionRole(p, w)
	}
	id := w.Identity
	if id == nil {
		return true
	}
	arn := id.RoleARN
	if !strings.HasPrefix(arn, "arn:") {
		acct := p.Config.Cluster.AccountID
		if acct == "" {
			acct = "ACCOUNT_ID"
			d := p.Reportf(id.Origin, diag.Warning, "role-placeholder", "task role %q is a name and the configuration has no cluster.accountId: the role ARN is written as arn:aws:iam::ACCOUNT_ID:role/%s, a placeholder the pods cannot assume", arn, arn)
			d.Fix = "set cluster.accountId in the configuration, or give taskRoleArn as a full ARN"
		}
		arn = "arn:aws:iam::" + acct + ":role/" + arn
	}
	k := accountKey{w.Namespace, arn}
	if i, ok := r.accounts[k]; ok {
		sa := &p.Model.ServiceAccounts[i]
		sa.Workloads = append(sa.Workloads, w.Name)
		id.ServiceAccount = sa.Name
		w.Template.Spec.ServiceAccountName = sa.Name
		return true
	}
	name := kname.Label(RoleName(arn))
	if name == "" {
		name = "task-role"
	}
	// Two roles with the same name (other accounts or paths) must not
	// share an account: the second gets a hash of its ARN.
	if other, taken := r.names[w.Namespace+"/"+name]; taken && other != arn {
		name = kname.Shorten(kname.Join(name, "x"+kname.Hash(arn)), 63)
		p.Reportf(id.Origin, diag.Warning, "name-clash", "roles %s and %s have the same name; the second gets ServiceAccount %q", other, arn, name)
	}
	r.names[w.Namespace+"/"+name] = arn
	r.accounts[k] = len(p.Model.ServiceAccounts)
	p.Model.ServiceAccounts = append(p.Model.ServiceAccounts, ir.ServiceAccount{
		Name: name, Namespace: w.Namespace, RoleARN: arn, PodIdentity: r.podIdentity, Workloads: []string{w.Name}, Origin: id.Origin,
	})
	id.ServiceAccount = name
	w.Template.Spec.ServiceAccountName = name
	return true
}

// Finish reports what each account's role needs, and sorts the accounts.
func (r *identity) Finish() error {
	p, podIdentity := r.p, r.podIdentity
	cluster := p.Config.Cluster
	for _, sa := range p.Model.ServiceAccounts {
		how := "IRSA: the account carries eks.amazonaws.com/role-arn"
		if sa.PodIdentity {
			how = "EKS Pod Identity: create the association listed in the checklist"
		}
		d := p.Reportf(sa.Origin, diag.Warning, "trust-policy", "role %s is used by %s through ServiceAccount %q (%s); its trust policy must allow the cluster before the pods can assume it", sa.RoleARN, strings.Join(sa.Workloads, ", "), sa.Name, how)
		d.Fix = "apply the trust policy written to iam/" + sa.Name + ".trust-policy.json"
		if sa.Namespace == "" {
			d.Notes = append(d.Notes, "the manifests name no namespace, so the trust policy and the checklist assume \"default\"; set namespace in the configuration if they are applied elsewhere")
		}
		// The trust policy can only name an OIDC provider of the role's own
		// account, and Pod Identity wants the role in the cluster's account.
		acct := AccountOf(sa.RoleARN)
		if cluster.AccountID == "" || acct == "" || acct == "ACCOUNT_ID" || acct == cluster.AccountID {
			continue
		}
		if sa.PodIdentity {
			p.Reportf(sa.Origin, diag.Warning, "cross-account", "role %s is in account %s, not the cluster's account %s: an EKS Pod Identity association takes a role of the cluster's account; associate a role of account %s and let it assume this one (the association's targetRoleArn)", sa.RoleARN, acct, cluster.AccountID, cluster.AccountID)
		} else {
			p.Reportf(sa.Origin, diag.Warning, "cross-account", "role %s is in account %s, not the cluster's account %s: its trust policy names an IAM OIDC provider for the cluster's issuer in account %s, which must be created there", sa.RoleARN, acct, cluster.AccountID, acct)
		}
	}
	if len(p.Model.ServiceAccounts) > 0 {
		origin := p.Model.ServiceAccounts[0].Origin
		switch {
		case podIdentity && cluster.Name == "":
			p.Reportf(origin, diag.Warning, "cluster-unknown", "the Pod Identity associations name the cluster, but the configuration has no cluster.name; iam/pod-identity-associations.json holds the placeholder CLUSTER_NAME")
		case !podIdentity && cluster.OIDCIssuer == "":
			p.Reportf(origin, diag.Warning, "cluster-unknown", "the trust policies name the cluster's OIDC provider, but the configuration has no cluster.oidcIssuer; they hold the placeholder issuer oidc.eks.REGION.amazonaws.com/id/CLUSTER_OIDC_ID")
		}
	}
	slices.SortStableFunc(p.Model.ServiceAccounts, func(a, b ir.ServiceAccount) int {
		return strings.Compare(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
	return nil
}

func executionRole(p *rules.Pass, w *ir.Workload) {
	var duties []string
	for _, c := range w.Template.Spec.Containers {
		if strings.Contains(c.Image, ".dkr.ecr.") {
			duties = append(duties, "pulling "+c.Image+" from ECR: the node role needs ecr:GetAuthorizationToken and ecr:BatchGetImage (AmazonEC2ContainerRegistryReadOnly)")
			break
		}
	}
	switch {
	case len(w.Secrets) > 0 && p.Config.Secrets.Provider == "secrets-store-csi":
		duties = append(duties, "reading the task's secrets: the Secrets Store CSI AWS provider reads them as the pod's own ServiceAccount, whose role needs the secretsmanager:GetSecretValue / ssm:GetParameters permissions the execution role had")
		if len(w.PullSecrets) > 0 {
			duties = append(duties, "reading the registry credentials: the External Secrets Operator's identity needs secretsmanager:GetSecretValue on them")
		}
	case len(w.Secrets) > 0 || len(w.PullSecrets) > 0:
		duties = append(duties, "reading the task's secrets: the External Secrets Operator's identity needs the secretsmanager:GetSecretValue / ssm:GetParameters permissions the execution role had")
	}
	duties = append(duties, "shipping logs: the cluster's log agent (Fluent Bit or the CloudWatch Observability add-on) needs logs:CreateLogStream and logs:PutLogEvents")
	d := p.Reportf(w.Origin, diag.Warning, "execution-role", "%q: the execution role %s has no pod equivalent; its duties move elsewhere", w.Name, w.ExecutionRole)
	d.Notes = duties
}
