// Package cloudformation is eksport's CloudFormation front-end. It reads
// templates written by hand, by AWS Copilot and by the CDK (cdk.out),
// evaluates their intrinsic functions, parameters, mappings and
// conditions, and hands the ECS-relevant resources to the ECS front-end as
// synthetic documents in the AWS CLI shapes it already decodes
// (register-task-definition, create-service, register-scalable-target,
// put-scaling-policy, put-metric-alarm, describe-target-groups, ...).
// Every node of a synthetic document carries the line and column of the
// template expression that produced it, so that the ECS front-end's
// diagnostics point into the template.
//
// Values that exist only at deploy time (GetAtt of runtime attributes,
// parameters without a value, imports from stacks outside the run) are
// never invented: they travel as unresolved values and are reported with
// the position of the expression that needs them.
package cloudformation
