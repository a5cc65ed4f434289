package eksport

import (
	"github.com/eksport/eksport/translate/cloudformation"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// cloudFormationOptions completes the CloudFormation options of a run
// with the configuration's region and account.
func cloudFormationOptions(opts Options, policy diag.Policy) cloudformation.Options {
	o := opts.CloudFormation
	o.Policy = policy
	if o.Region == "" {
		o.Region = opts.Config.Region
	}
	if o.AccountID == "" {
		o.AccountID = opts.Config.Cluster.AccountID
	}
	o.Placeholders = opts.Placeholders
	return o
}

// readableTokens shows the deploy-time values that diagnostics quote (a
// log group, a security group named in a warning) by their placeholder
// instead of their token.
func readableTokens(diags diag.List) {
	show := func(s string) string {
		return ir.ReplaceUnresolved(s, func(u ir.Unresolved) string { return u.Placeholder() })
	}
	for i := range diags {
		d := &diags[i]
		d.Message, d.Fix = show(d.Message), show(d.Fix)
		for j := range d.Notes {
			d.Notes[j] = show(d.Notes[j])
		}
	}
}
