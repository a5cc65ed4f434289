package cloudformation

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/source"
)

// nameProps name, per resource type, the property that holds the
// physical name Ref returns (or that the ARN is made of).
var nameProps = map[string]string{
	"AWS::ECS::Cluster":                          "ClusterName",
	"AWS::ECS::Service":                          "ServiceName",
	"AWS::ECS::TaskDefinition":                   "Family",
	"AWS::IAM::Role":                             "RoleName",
	"AWS::Logs::LogGroup":                        "LogGroupName",
	"AWS::ECR::Repository":                       "RepositoryName",
	"AWS::SSM::Parameter":                        "Name",
	"AWS::SecretsManager::Secret":                "Name",
	"AWS::Events::Rule":                          "Name",
	"AWS::CloudWatch::Alarm":                     "AlarmName",
	"AWS::ServiceDiscovery::Service":             "Name",
	"AWS::S3::Bucket":                            "BucketName",
	"AWS::DynamoDB::Table":                       "TableName",
	"AWS::SQS::Queue":                            "QueueName",
	"AWS::ApplicationAutoScaling::ScalingPolicy": "PolicyName",
}

// logicalNamed are the types whose workloads and links need a name: when
// the template leaves it to CloudFormation (which makes one at deploy
// time from the stack name, the logical ID and a random suffix), eksport
// names them after the logical ID, which only names Kubernetes objects
// and links resources inside the run.
var logicalNamed = map[string]bool{
	"AWS::ECS::Cluster":                          true,
	"AWS::ECS::Service":                          true,
	"AWS::ECS::TaskDefinition":                   true,
	"AWS::CloudWatch::Alarm":                     true,
	"AWS::Events::Rule":                          true,
	"AWS::ApplicationAutoScaling::ScalingPolicy": true,
}

// physicalName evaluates the name property of a resource: its value, and
// whether the template gave it.
func (s *stack) physicalName(r *resource) (string, bool) {
	prop := nameProps[r.typ]
	if prop == "" {
		return "", false
	}
	n := child(r.props, prop)
	if n == nil {
		return "", false
	}
	if r.visiting {
		return "", false
	}
	r.visiting = true
	v := s.eval(n, "Resources."+r.id+".Properties."+prop)
	r.visiting = false
	if v.Kind != yaml.ScalarNode || isNoValue(v) || v.Value == "" {
		return "", false
	}
	return v.Value, true
}

// linkName is the name eksport uses for a resource: its physical name, or
// for the types that need one, its logical ID.
func (s *stack) linkName(r *resource) (string, bool) {
	if n, ok := s.physicalName(r); ok {
		return n, true
	}
	if logicalNamed[r.typ] {
		return s.logicalName(r), true
	}
	return "", false
}

// logicalName is the name eksport gives a resource the template leaves
// unnamed: its logical ID, or for the CDK (whose logical IDs end with a
// hash) its construct path without the stack, consecutive repeats and
// "Resource" ("Web/Service/Service" → "Service").
func (s *stack) logicalName(r *resource) string {
	if p := child(child(r.node, "Metadata"), "aws:cdk:path"); p != nil && p.Kind == yaml.ScalarNode {
		parts := strings.Split(p.Value, "/")
		if len(parts) > 1 {
			parts = parts[1:]
		}
		var keep []string
		for _, x := range parts {
			if x == "" || x == "Resource" || len(keep) > 0 && keep[len(keep)-1] == x {
				continue
			}
			keep = append(keep, x)
		}
		if len(keep) > 0 {
			return s.prefix + strings.Join(keep, "-")
		}
	}
	return s.prefix + r.id
}

// identity is an unresolved value standing for a resource's deploy-time
// identity (an ARN with a random part, an ID): it carries the resource's
// own position, so that every reference to the resource gives the same
// token and the resources still link.
func (s *stack) identity(r *resource, name string) *yaml.Node {
	u := Unresolved{Name: name, Pos: s.pos(r.key, "Resources."+r.id), How: deployTime}
	return str(s.run.unres.token(u), r.key)
}

// arn builds an ARN of the run's partition, region and account; an
// unknown part becomes its pseudo parameter's token.
func (s *stack) arn(at *yaml.Node, path, service, region, rest string) string {
	p, _ := s.pseudo("AWS::Partition", at, path)
	acct, _ := s.pseudo("AWS::AccountId", at, path)
	if region == "-" {
		region = ""
	} else {
		r, _ := s.pseudo("AWS::Region", at, path)
		region = r.Value
	}
	return "arn:" + p.Value + ":" + service + ":" + region + ":" + acct.Value + ":" + rest
}

// resourceRef evaluates Ref of a resource of the template.
func (s *stack) resourceRef(r *resource, at *yaml.Node, path string) *yaml.Node {
	name, named := s.linkName(r)
	switch r.typ {
	case "AWS::ECS::TaskDefinition", "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::CloudWatch::Alarm", "AWS::Events::Rule",
		"AWS::Logs::LogGroup", "AWS::ECR::Repository", "AWS::SSM::Parameter", "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::IAM::Role":
		// Ref of a task definition is its ARN, which the ECS front-end
		// links by family; of a service, its ARN, which only links.
		if named {
			return str(name, at)
		}
	case "AWS::ApplicationAutoScaling::ScalableTarget":
		return str(s.targetID(r), at)
	case "AWS::ApplicationAutoScaling::ScalingPolicy":
		return str(s.policyARN(r), at)
	case "AWS::SecretsManager::Secret":
		if named {
			// ECS takes a secret's ARN without its random suffix.
			return str(s.arn(at, path, "secretsmanager", "", "secret:"+name), at)
		}
	}
	return s.identity(r, "!Ref "+r.id)
}

// targetID is what Ref of a scalable target returns:
// ResourceId|ScalableDimension|ServiceNamespace.
func (s *stack) targetID(r *resource) string {
	var parts []string
	for _, k := range []string{"ResourceId", "ScalableDimension", "ServiceNamespace"} {
		v := ""
		if n := child(r.props, k); n != nil && !r.visiting {
			r.visiting = true
			e := s.eval(n, "Resources."+r.id+".Properties."+k)
			r.visiting = false
			v = e.Value
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, "|")
}

// policyARN is what eksport uses as a scaling policy's ARN, which alarms
// name in their actions: the ARN exists only once the policy is made, and
// the alarms of the run link to the policy by this stand-in, which is not
// an ARN and never reaches the output.
func (s *stack) policyARN(r *resource) string {
	return "cloudformation:" + s.file + "#" + r.id
}

// policyTarget is the ScalingTargetId of a scaling policy, evaluated.
func (s *stack) policyTarget(r *resource) string {
	n := child(r.props, "ScalingTargetId")
	if n == nil || r.visiting {
		return ""
	}
	r.visiting = true
	defer func() { r.visiting = false }()
	return s.eval(n, "Resources."+r.id+".Properties.ScalingTargetId").Value
}

// getAtt evaluates Fn::GetAtt.
func (s *stack) getAtt(res, attr string, at *yaml.Node, path string) *yaml.Node {
	r, ok := s.res[res]
	if !ok && s.fragment {
		return s.unresolved(at, path, "!GetAtt "+res+"."+attr, fragmentHow, false)
	}
	if !ok {
		return s.errorf(at, path, "cloudformation/unknown-reference", "Fn::GetAtt %s.%s names no resource of the template%s", res, attr, suggest(res, sortedKeys(s.res)))
	}
	name, named := s.linkName(r)
	switch r.typ + "." + attr {
	case "AWS::ECS::Cluster.Arn":
		if named {
			return str(s.arn(at, path, "ecs", "", "cluster/"+name), at)
		}
	case "AWS::ECS::Service.Name", "AWS::Events::Rule.Arn", "AWS::ECS::TaskDefinition.TaskDefinitionArn",
		"AWS::CloudWatch::Alarm.Arn", "AWS::SSM::Parameter.Value":
		if attr == "Value" {
			break // a parameter's value is never copied
		}
		if named {
			return str(name, at)
		}
	case "AWS::IAM::Role.Arn":
		if named {
			p := "/"
			if pn := child(r.props, "Path"); pn != nil {
				p = s.eval(pn, path).Value
			}
			return str(s.arn(at, path, "iam", "-", "role"+p+name), at)
		}
	case "AWS::ECR::Repository.RepositoryUri":
		if named {
			acct, _ := s.pseudo("AWS::AccountId", at, path)
			reg, _ := s.pseudo("AWS::Region", at, path)
			suffix, _ := s.pseudo("AWS::URLSuffix", at, path)
			return str(acct.Value+".dkr.ecr."+reg.Value+"."+suffix.Value+"/"+name, at)
		}
	case "AWS::Logs::LogGroup.Arn":
		if named {
			return str(s.arn(at, path, "logs", "", "log-group:"+name+":*"), at)
		}
	case "AWS::SecretsManager::Secret.Id":
		return s.resourceRef(r, at, path)
	}
	if r.typ == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.") {
		return s.run.nestedOutput(s, r, strings.TrimPrefix(attr, "Outputs."), at, path)
	}
	if r.typ == "AWS::ElasticLoadBalancingV2::TargetGroup" && attr == "TargetGroupArn" {
		return s.identity(r, "!Ref "+r.id)
	}
	u := Unresolved{Name: "!GetAtt " + res + "." + attr, Pos: s.pos(at, path), How: deployTime}
	return str(s.run.unres.token(u), at)
}

func suggest(name string, names []string) string {
	if m := source.Suggest(name, names); m != "" {
		return "; did you mean " + m + "?"
	}
	return ""
}
