package awsimport

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

// cloudMap reads the Cloud Map service a service registers in.
func (im *importer) cloudMap(ctx context.Context, p *pending, owner, dir, arn string) {
	if arn == "" {
		return
	}
	var raw []byte
	_, err := im.sd.GetService(withCapture(ctx, &raw), &servicediscovery.GetServiceInput{Id: aws.String(arn)})
	if notFound(err, "ServiceNotFound") {
		im.warnf(owner, "GetService", "import/cloud-map-not-found", "Cloud Map service %s does not exist; the service is imported without it", arn)
		return
	}
	if err != nil {
		im.apiFailed(owner, "GetService", err)
		p.failed = true
		return
	}
	doc, err := decode(raw)
	if err != nil {
		im.errorf(owner, "GetService", "import/bad-answer", "the answer is not JSON: %v", err)
		p.failed = true
		return
	}
	m, _ := doc.(map[string]any)
	svc, _ := m["Service"].(map[string]any)
	drop(svc, cloudMapVolatile...)
	p.put(dir+"/service-discovery/"+fileName(str(svc, "Name"))+"."+fileName(str(svc, "Id"))+".json", m)
}

// eventBuses lists the region's event buses (read once for all clusters).
func (im *importer) eventBuses(ctx context.Context) ([]string, error) {
	v, err := im.memo.do("event buses", func() (any, error) {
		var buses []string
		var token *string
		for {
			out, err := im.events.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, b := range out.EventBuses {
				buses = append(buses, aws.ToString(b.Name))
			}
			if aws.ToString(out.NextToken) == "" {
				break
			}
			token = out.NextToken
		}
		if !slices.Contains(buses, "default") {
			buses = append(buses, "default")
		}
		slices.Sort(buses)
		return buses, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil
}

// eventRules reads the EventBridge rules, on every event bus, with a
// target on the cluster, and the task definitions they run.
func (im *importer) eventRules(ctx context.Context, cluster string) {
	buses, err := im.eventBuses(ctx)
	if err != nil {
		if ctx.Err() == nil {
			im.apiFailed(cluster, "ListEventBuses", err)
		}
		return
	}
	for _, bus := range buses {
		var names []string
		var token *string
		for {
			out, err := im.events.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{TargetArn: aws.String(cluster), EventBusName: aws.String(bus), NextToken: token})
			if err != nil {
				if ctx.Err() == nil {
					im.apiFailed(cluster, "ListRuleNamesByTarget", fmt.Errorf("event bus %s: %w", bus, err))
				}
				break
			}
			names = append(names, out.RuleNames...)
			if aws.ToString(out.NextToken) == "" {
				break
			}
			token = out.NextToken
		}
		slices.Sort(names)
		for _, name := range slices.Compact(names) {
			im.eventRule(ctx, cluster, bus, name)
		}
	}
}

// eventRule reads one rule and its targets on the cluster.
func (im *importer) eventRule(ctx context.Context, cluster, bus, name string) {
	dir := clusterDir(cluster)
	owner := "rule/" + name
	file := fileName(name)
	if bus != "default" {
		owner = "rule/" + bus + "/" + name
		file = fileName(bus) + "." + file
	}
	var p pending
	var raw []byte
	_, err := im.events.DescribeRule(withCapture(ctx, &raw), &eventbridge.DescribeRuleInput{Name: aws.String(name), EventBusName: aws.String(bus)})
	if err != nil {
		im.apiFailed(owner, "DescribeRule", err)
		return
	}
	rule, err := decode(raw)
	if err != nil {
		im.errorf(owner, "DescribeRule", "import/bad-answer", "the answer is not JSON: %v", err)
		return
	}
	targets, err := rawPages(ctx, "Targets", func(ctx context.Context, token *string) (*string, error) {
		out, err := im.events.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(name), EventBusName: aws.String(bus), NextToken: token})
		if err != nil {
			return nil, err
		}
		return out.NextToken, nil
	})
	if err != nil {
		im.apiFailed(owner, "ListTargetsByRule", err)
		return
	}
	// The rule's targets on the cluster, and those that are not ECS
	// tasks, which the conversion notes as not migrated
	// (events/not-ecs-target), as it does for the rule's other forms; an
	// ECS task on another cluster is that cluster's to import.
	var keep []any
	for _, t := range targets {
		ep, isTask := t["EcsParameters"].(map[string]any)
		if isTask && str(t, "Arn") != cluster {
			continue
		}
		keep = append(keep, t)
		if isTask {
			im.taskDefinition(ctx, &p, owner, dir, str(ep, "TaskDefinitionArn"))
		}
	}
	if len(keep) < len(targets) {
		im.warnf(owner, "ListTargetsByRule", "import/other-targets", "rule %q has %d ECS task target(s) on another cluster, which are not imported with this cluster", name, len(targets)-len(keep))
	}
	p.put(dir+"/scheduled-tasks/"+file+".json", map[string]any{"Rule": rule, "Targets": keep})
	if p.failed {
		im.errorf(owner, "", "import/rule-skipped", "rule %q was not written: its task definition could not be read", name)
	}
	im.commit(owner, &p)
}

// schedules reads the EventBridge Scheduler schedules whose target is the
// cluster, and the task definitions they run.
func (im *importer) schedules(ctx context.Context, cluster string) {
	dir := clusterDir(cluster)
	type ref struct{ group, name string }
	var refs []ref
	pg := scheduler.NewListSchedulesPaginator(im.sched, &scheduler.ListSchedulesInput{})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if err != nil {
			if ctx.Err() == nil {
				im.apiFailed(cluster, "ListSchedules", err)
			}
			return
		}
		for _, s := range out.Schedules {
			if s.Target != nil && aws.ToString(s.Target.Arn) == cluster {
				refs = append(refs, ref{aws.ToString(s.GroupName), aws.ToString(s.Name)})
			}
		}
	}
	slices.SortFunc(refs, func(a, b ref) int { return strings.Compare(a.group+"/"+a.name, b.group+"/"+b.name) })
	for _, r := range refs {
		owner := "schedule/" + r.group + "/" + r.name
		var p pending
		var raw []byte
		_, err := im.sched.GetSchedule(withCapture(ctx, &raw), &scheduler.GetScheduleInput{Name: aws.String(r.name), GroupName: aws.String(r.group)})
		if err != nil {
			im.apiFailed(owner, "GetSchedule", err)
			continue
		}
		doc, err := decode(raw)
		if err != nil {
			im.errorf(owner, "GetSchedule", "import/bad-answer", "the answer is not JSON: %v", err)
			continue
		}
		m, _ := doc.(map[string]any)
		drop(m, scheduleVolatile...)
		if t, ok := m["Target"].(map[string]any); ok {
			if ep, ok := t["EcsParameters"].(map[string]any); ok {
				im.taskDefinition(ctx, &p, owner, dir, str(ep, "TaskDefinitionArn"))
			}
		}
		group := r.group
		if group == "" {
			group = "default"
		}
		p.put(dir+"/schedules/"+fileName(group)+"."+fileName(r.name)+".json", m)
		if p.failed {
			im.errorf(owner, "", "import/schedule-skipped", "schedule %q was not written: its task definition could not be read", r.name)
		}
		im.commit(owner, &p)
	}
}
