package eksport

import (
	"github.com/eksport/eksport/translate/cloudformation"
	"github.com/eksport/eksport/translate/diag"
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
