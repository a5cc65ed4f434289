package ecs

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// Shape is what an input document looks like.
type Shape int

const (
	Unknown Shape = iota
	RegisterInput
	DescribeOutput
	ContainerList
)

// Detect names the shape of a document, and for documents that are not task
// definitions a short description of what they look like instead.
func Detect(doc *source.Doc) (Shape, string) {
	root := doc.Root
	switch root.Kind {
	case yaml.SequenceNode:
		if len(root.Content) > 0 && hasAny(root.Content[0], "image", "name", "portMappings", "essential") {
			return ContainerList, ""
		}
		return Unknown, "a list that is not a list of container definitions"
	case yaml.MappingNode:
	default:
		return Unknown, "a single value, not an object"
	}
	switch {
	case hasAny(root, "taskDefinition") && child(root, "taskDefinition") != nil && child(root, "taskDefinition").Kind == yaml.MappingNode:
		return DescribeOutput, ""
	case hasAny(root, "examples") && hasAny(root, "version"):
		return Unknown, "a botocore API examples file (documentation), not an input; take the input or output of one example"
	case hasAny(root, "TargetValue", "PredefinedMetricSpecification", "CustomizedMetricSpecification"):
		return Unknown, "a target tracking configuration on its own (the file given to --target-tracking-scaling-policy-configuration); eksport needs the whole put-scaling-policy input (PolicyName, ResourceId, PolicyType) or describe-scaling-policies output"
	case hasAny(root, "containerDefinitions"):
		return RegisterInput, ""
	case hasAny(root, "apiVersion") && hasAny(root, "kind"):
		return Unknown, "a Kubernetes manifest"
	case hasAny(root, "AWSTemplateFormatVersion", "Resources"):
		return Unknown, "a CloudFormation template; export the task definition with aws ecs describe-task-definition"
	case hasAny(root, "services", "serviceName", "service"):
		return Unknown, "an ECS service (create-service or describe-services)"
	case hasAny(root, "ScalingPolicies", "ScalableTargets", "ScheduledActions", "PolicyName", "ResourceId", "ServiceNamespace"):
		return Unknown, "an Application Auto Scaling document"
	case hasAny(root, "MetricAlarms", "AlarmName"):
		return Unknown, "a CloudWatch alarm"
	case hasAny(root, "taskDefinitionArns"):
		return Unknown, "a list-task-definitions output (ARNs only); use describe-task-definition"
	case hasAny(root, "family", "cpu", "memory", "networkMode"):
		return RegisterInput, ""
	case cloudFormationResources(root):
		return Unknown, "CloudFormation resources (Type: AWS::...); deploy the stack and export the resources with the AWS CLI (describe-task-definition, describe-services, describe-scaling-policies)"
	}
	return Unknown, "an object without containerDefinitions"
}

func hasAny(n *yaml.Node, keys ...string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		for _, k := range keys {
			if n.Content[i].Value == k {
				return true
			}
		}
	}
	return false
}

// Input is a decoded task definition with the decoder that remembers where
// each field was.
type Input struct {
	TD    *TaskDefinition
	Dec   *source.Decoder
	Doc   *source.Doc
	Shape Shape
	// Base is the path prefix of the task definition inside the document
	// ("taskDefinition" for describe output).
	Base string
	// prepared is the translation Prepare made, which Build uses.
	prepared *taskDef
	// decodeErrors are the errors decoding reported (a value of the wrong
	// type, left out of TD): the workload is built unless the run's
	// policy keeps one of them an error.
	decodeErrors diag.List
}

// P returns the position of a path relative to the task definition.
func (in *Input) P(rel string) diag.Pos {
	full := rel
	if in.Base != "" {
		full = in.Base + "." + rel
		if rel == "" {
			full = in.Base
		}
	}
	return in.Dec.Pos(full)
}

// Read decodes a document of a known shape. ok is false when decoding found
// errors; diagnostics say which.
func Read(doc *source.Doc, shape Shape, diags *diag.List) (*Input, bool) {
	dec := source.NewDecoder(doc, diags, "ecs")
	in := &Input{Dec: dec, Doc: doc, Shape: shape}
	before := len(*diags)
	var ok bool
	defer func() {
		if !ok {
			for _, d := range (*diags)[before:] {
				if d.Severity == diag.Error {
					in.decodeErrors = append(in.decodeErrors, d)
				}
			}
		}
	}()
	switch shape {
	case DescribeOutput:
		var out DescribeTaskDefinitionOutput
		ok = dec.Decode(doc.Root, "", "", &out)
		if out.TaskDefinition == nil {
			diags.Errorf(doc.Pos(doc.Root, "taskDefinition"), "ecs/missing-field", "taskDefinition is empty")
			return nil, false
		}
		in.TD, in.Base = out.TaskDefinition, "taskDefinition"
		in.TD.Tags = append(in.TD.Tags, out.Tags...)
	case ContainerList:
		td := &TaskDefinition{}
		ok = dec.Decode(doc.Root, "containerDefinitions", "containerDefinitions[]", &td.ContainerDefinitions)
		base := strings.TrimSuffix(path.Base(doc.File), path.Ext(doc.File))
		td.Family = &base
		diags.Warnf(doc.Pos(doc.Root, ""), "ecs/bare-container-list", "file holds only a list of container definitions; treated as a task definition with family %q and no task-level settings", base)
		in.TD = td
	default:
		td := &TaskDefinition{}
		ok = dec.Decode(doc.Root, "", "", td)
		in.TD = td
	}
	return in, ok
}

// cloudFormationResources recognises a fragment of a template's Resources:
// logical IDs mapping to {Type: AWS::..., Properties: ...}.
func cloudFormationResources(n *yaml.Node) bool {
	for i := 1; i < len(n.Content); i += 2 {
		if t := child(n.Content[i], "Type"); t != nil && t.Kind == yaml.ScalarNode && strings.HasPrefix(t.Value, "AWS::") {
			return true
		}
	}
	return false
}
