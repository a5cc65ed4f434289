package translate

import "github.com/eksport/eksport/translate/cloudformation"

// cloudFormationOptions completes the CloudFormation options of a run
// with the configuration's region and account.
func cloudFormationOptions(opts Options) cloudformation.Options {
	o := opts.CloudFormation
	if o.Region == "" {
		o.Region = opts.Config.Region
	}
	if o.AccountID == "" {
		o.AccountID = opts.Config.Cluster.AccountID
	}
	return o
}
