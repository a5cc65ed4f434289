package awsimport

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	ecs2k "github.com/eksport/eksport/translate/ecs"
)

// service reads one service and what it refers to.
func (im *importer) service(ctx context.Context, cluster string, svc map[string]any) {
	defer im.progress()
	arn, name := str(svc, "serviceArn"), str(svc, "serviceName")
	dir := clusterDir(cluster)
	if status := str(svc, "status"); status != "" && status != "ACTIVE" {
		im.warnf(arn, "DescribeServices", "import/inactive-service", "service %q is %s (being deleted); not imported", name, status)
		return
	}
	var p pending
	normalizeService(svc)
	p.put(dir+"/services/"+fileName(name)+".json", map[string]any{"services": []any{svc}})

	td := serviceTaskDef(svc)
	im.taskDefinition(ctx, &p, arn, dir, td)
	if td != "" {
		im.memo.release(taskDefKey(td))
	}
	im.scaling(ctx, &p, arn, dir, name, "service/"+arnLast(cluster)+"/"+name)
	var tgs []string
	for _, lb := range objects(svc["loadBalancers"]) {
		if tg := str(lb, "targetGroupArn"); tg != "" && !slices.Contains(tgs, tg) {
			tgs = append(tgs, tg)
		}
	}
	im.loadBalancing(ctx, &p, arn, dir, tgs)
	for _, reg := range objects(svc["serviceRegistries"]) {
		im.cloudMap(ctx, &p, arn, dir, str(reg, "registryArn"))
	}
	if p.failed {
		im.errorf(arn, "", "import/service-skipped", "service %q was not written: what it needs could not be read (see the errors above); its files from an earlier import are kept", name)
	}
	im.commit(arn, &p)
}

// serviceTaskDef is the task definition a service runs, "" when it
// names none.
func serviceTaskDef(svc map[string]any) string {
	if td := str(svc, "taskDefinition"); td != "" {
		return td
	}
	// A service with the EXTERNAL deployment controller names its task
	// definition in its task sets.
	td := ""
	for _, ts := range objects(svc["taskSets"]) {
		if str(ts, "status") == "PRIMARY" {
			td = str(ts, "taskDefinition")
		}
	}
	return td
}

// importsTaskDef reports whether service reads its task definition (as
// service does): an active service that names one.
func importsTaskDef(svc map[string]any) bool {
	status := str(svc, "status")
	return (status == "" || status == "ACTIVE") && serviceTaskDef(svc) != ""
}

func taskDefKey(ref string) string { return "td " + ref }

// taskDefinition reads a task definition revision with its tags.
func (im *importer) taskDefinition(ctx context.Context, p *pending, owner, dir, ref string) {
	if ref == "" {
		return
	}
	v, err := im.memo.do(taskDefKey(ref), func() (any, error) {
		var raw []byte
		_, err := im.ecs.DescribeTaskDefinition(withCapture(ctx, &raw), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(ref), Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags}})
		if err != nil {
			return nil, err
		}
		return decode(raw)
	})
	if err != nil {
		if ctx.Err() == nil {
			im.errorf(owner, "DescribeTaskDefinition", "import/api-error", "task definition %s: %s", ref, describe(err))
		}
		p.failed = true
		return
	}
	doc := deepCopy(v).(map[string]any)
	td, _ := doc["taskDefinition"].(map[string]any)
	drop(td, taskDefVolatile...)
	im.mu.Lock()
	first := !im.warned[str(td, "taskDefinitionArn")]
	im.warned[str(td, "taskDefinitionArn")] = true
	im.mu.Unlock()
	for _, c := range objects(td["containerDefinitions"]) {
		for _, e := range objects(c["environment"]) {
			if first && ecs2k.LooksLikeCredential(str(e, "name"), str(e, "value")) {
				im.warnf(str(td, "taskDefinitionArn"), "DescribeTaskDefinition", "import/plaintext-credential",
					"container %q: environment variable %s looks like a credential set in plain text, and the imported file holds its value as the API returned it: keep the folder out of version control, or move the value to Secrets Manager and reference it as an ECS secret", str(c, "name"), str(e, "name"))
			}
		}
	}
	p.put(dir+"/task-definitions/"+fileName(str(td, "family"))+"-"+numText(td["revision"])+".json", doc)
}

func numText(v any) string {
	return fmt.Sprint(v)
}

// scaling reads a service's scalable target, policies, scheduled actions
// and the alarms its step policies use.
func (im *importer) scaling(ctx context.Context, p *pending, owner, dir, name, resourceID string) {
	base := dir + "/autoscaling/" + fileName(name)
	targets, err := rawPages(ctx, "ScalableTargets", func(ctx context.Context, token *string) (*string, error) {
		out, err := im.aas.DescribeScalableTargets(ctx, &aas.DescribeScalableTargetsInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceIds: []string{resourceID}, NextToken: token})
		if err != nil {
			return nil, err
		}
		return out.NextToken, nil
	})
	if err != nil {
		im.apiFailed(owner, "DescribeScalableTargets", err)
		p.failed = true
		return
	}
	if len(targets) == 0 {
		return
	}
	for _, t := range targets {
		drop(t, aasVolatile...)
	}
	p.put(base+".scalable-target.json", map[string]any{"ScalableTargets": anys(targets)})
	policies, err := rawPages(ctx, "ScalingPolicies", func(ctx context.Context, token *string) (*string, error) {
		out, err := im.aas.DescribeScalingPolicies(ctx, &aas.DescribeScalingPoliciesInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resourceID), NextToken: token})
		if err != nil {
			return nil, err
		}
		return out.NextToken, nil
	})
	if err != nil {
		im.apiFailed(owner, "DescribeScalingPolicies", err)
		p.failed = true
		return
	}
	var alarms []string
	for _, pol := range policies {
		drop(pol, aasVolatile...)
		p.put(base+".policy."+fileName(str(pol, "PolicyName"))+".json", map[string]any{"ScalingPolicies": []any{pol}})
		if str(pol, "PolicyType") != "StepScaling" {
			continue // target tracking alarms are managed by the policy
		}
		for _, a := range objects(pol["Alarms"]) {
			if n := str(a, "AlarmName"); n != "" && !slices.Contains(alarms, n) {
				alarms = append(alarms, n)
			}
		}
	}
	actions, err := rawPages(ctx, "ScheduledActions", func(ctx context.Context, token *string) (*string, error) {
		out, err := im.aas.DescribeScheduledActions(ctx, &aas.DescribeScheduledActionsInput{ServiceNamespace: aastypes.ServiceNamespaceEcs, ResourceId: aws.String(resourceID), NextToken: token})
		if err != nil {
			return nil, err
		}
		return out.NextToken, nil
	})
	if err != nil {
		im.apiFailed(owner, "DescribeScheduledActions", err)
		p.failed = true
		return
	}
	for _, a := range actions {
		drop(a, aasVolatile...)
		p.put(base+".scheduled-action."+fileName(str(a, "ScheduledActionName"))+".json", map[string]any{"ScheduledActions": []any{a}})
	}
	im.alarms(ctx, p, owner, dir, alarms)
}

// rawPages follows a JSON operation's pages, keeping the answer of each as
// sent, and returns the items under key.
func rawPages(ctx context.Context, key string, call func(ctx context.Context, token *string) (*string, error)) ([]map[string]any, error) {
	var items []map[string]any
	var token *string
	for {
		var raw []byte
		next, err := call(withCapture(ctx, &raw), token)
		if err != nil {
			return nil, err
		}
		doc, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("the answer is not JSON: %v", err)
		}
		m, _ := doc.(map[string]any)
		items = append(items, objects(m[key])...)
		if aws.ToString(next) == "" {
			return items, nil
		}
		if token != nil && *token == *next {
			return nil, fmt.Errorf("the API returned the same page token twice (%s)", *next)
		}
		token = next
	}
}

func anys[T any](l []T) []any {
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// alarms reads the CloudWatch alarms step scaling policies name.
func (im *importer) alarms(ctx context.Context, p *pending, owner, dir string, names []string) {
	slices.Sort(names)
	found := map[string]bool{}
	for batch := range slices.Chunk(names, 100) {
		pg := cloudwatch.NewDescribeAlarmsPaginator(im.cw, &cloudwatch.DescribeAlarmsInput{AlarmNames: batch})
		for pg.HasMorePages() {
			out, err := pg.NextPage(ctx)
			if err != nil {
				im.apiFailed(owner, "DescribeAlarms", err)
				p.failed = true
				return
			}
			for _, a := range out.MetricAlarms {
				doc, err := fromSDK(a)
				if err != nil {
					im.errorf(owner, "DescribeAlarms", "import/encode", "alarm %s: %v", aws.ToString(a.AlarmName), err)
					p.failed = true
					return
				}
				drop(doc, alarmVolatile...)
				found[aws.ToString(a.AlarmName)] = true
				p.put(dir+"/alarms/"+fileName(aws.ToString(a.AlarmName))+".json", map[string]any{"MetricAlarms": []any{doc}})
			}
		}
	}
	for _, n := range names {
		if !found[n] {
			im.warnf(owner, "DescribeAlarms", "import/alarm-not-found", "step scaling alarm %q does not exist; the policy is imported without it", n)
		}
	}
}
