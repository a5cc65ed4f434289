// Package awsimport reads a running ECS cluster through the AWS API and
// returns one JSON file per resource, in the shapes eksport convert reads:
// the services, their task definitions, scaling, alarms, target groups with
// the listeners and rules that forward to them, the Cloud Map services they
// register in, and the EventBridge rules and Scheduler schedules that run
// tasks on the cluster. It only reads (docs/import.md lists every action),
// and never asks for a secret value.
package awsimport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/smithy-go"

	"github.com/eksport/eksport/translate/diag"
	ecs2k "github.com/eksport/eksport/translate/ecs"
)

// Options select what to import.
type Options struct {
	// Clusters are names or ARNs; empty means every cluster of the region.
	Clusters []string
	// Services, when set, keeps only the services of these names (or ARNs);
	// scheduled tasks are then left out.
	Services []string
	// Concurrency bounds the requests in flight (8 when zero).
	Concurrency int
	// Progress, when set, is called as services finish: done of total.
	Progress func(done, total int)
}

// File is one imported resource.
type File struct {
	Path string // slash-separated, relative to the output folder
	Data []byte
}

// Result is what an import read. Files are sorted by path. Diagnostics
// with errors name what could not be read; the rest was read.
type Result struct {
	// Clusters are the folders of the clusters read (the first element of
	// the files' paths).
	Clusters    []string
	Files       []File
	Diagnostics diag.List
}

// HTTPClientFor wraps the client the SDK would use so that at most n
// requests are in flight and answers can be kept as sent.
func HTTPClientFor(next HTTPClient, n int) HTTPClient {
	if n <= 0 {
		n = 8
	}
	if next == nil {
		next = awshttp.NewBuildableClient()
	}
	return &limiter{next: next, slots: make(chan struct{}, n)}
}

type importer struct {
	ecs    *ecs.Client
	aas    *aas.Client
	cw     *cloudwatch.Client
	elb    *elb.Client
	events *eventbridge.Client
	sched  *scheduler.Client
	sd     *servicediscovery.Client

	opts Options

	mu    sync.Mutex
	files map[string][]byte
	owner map[string]string
	// warned are the task definitions whose credentials were reported.
	warned map[string]bool
	diags  diag.List
	done   int
	total  int

	memo memo
}

// Import reads the clusters cfg reaches. cfg.HTTPClient must come from
// HTTPClientFor (config.WithHTTPClient), which bounds the requests and
// keeps the answers. An error is returned only when the run was stopped
// (ctx) or cfg is unusable; what AWS refused is in the diagnostics.
func Import(ctx context.Context, cfg aws.Config, opts Options) (*Result, error) {
	if _, ok := cfg.HTTPClient.(*limiter); !ok {
		return nil, errors.New("awsimport: the configuration's HTTP client must come from HTTPClientFor")
	}
	im := &importer{
		ecs:    ecs.NewFromConfig(cfg),
		aas:    aas.NewFromConfig(cfg),
		cw:     cloudwatch.NewFromConfig(cfg),
		elb:    elb.NewFromConfig(cfg),
		events: eventbridge.NewFromConfig(cfg),
		sched:  scheduler.NewFromConfig(cfg),
		sd:     servicediscovery.NewFromConfig(cfg),
		opts:   opts,
		files:  map[string][]byte{},
		owner:  map[string]string{},
		warned: map[string]bool{},
		memo:   memo{m: map[string]*memoCall{}},
	}
	clusters, err := im.clusters(ctx)
	if err != nil {
		return nil, err
	}
	type work struct {
		cluster string
		svcs    []map[string]any
	}
	var all []work
	for _, c := range clusters {
		svcs, err := im.services(ctx, c)
		if err != nil {
			return nil, err
		}
		all = append(all, work{c, svcs})
		im.total += len(svcs)
	}
	var wg sync.WaitGroup
	for _, w := range all {
		for _, svc := range w.svcs {
			wg.Go(func() { im.service(ctx, w.cluster, svc) })
		}
		if len(opts.Services) == 0 {
			wg.Go(func() { im.eventRules(ctx, w.cluster) })
			wg.Go(func() { im.schedules(ctx, w.cluster) })
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Diagnostics: im.diags.Sorted()}
	for _, c := range clusters {
		res.Clusters = append(res.Clusters, clusterDir(c))
	}
	for p, data := range im.files {
		res.Files = append(res.Files, File{Path: p, Data: data})
	}
	slices.SortFunc(res.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return res, nil
}

func (im *importer) errorf(resource, op, code, format string, args ...any) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.diags.Errorf(diag.Pos{File: resource, Path: op}, code, format, args...)
}

func (im *importer) warnf(resource, op, code, format string, args ...any) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.diags.Warnf(diag.Pos{File: resource, Path: op}, code, format, args...)
}

// apiFailed reports a refused call: the error code and message AWS gave.
func (im *importer) apiFailed(resource, op string, err error) {
	im.errorf(resource, op, "import/api-error", "%s", describe(err))
}

func describe(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("%s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return fmt.Sprintf("HTTP %d: %v", re.HTTPStatusCode(), re.Err)
	}
	return err.Error()
}

func notFound(err error, codes ...string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && slices.Contains(codes, ae.ErrorCode())
}

// clusters resolves the clusters to read to their ARNs.
func (im *importer) clusters(ctx context.Context) ([]string, error) {
	names := im.opts.Clusters
	if len(names) == 0 {
		p := ecs.NewListClustersPaginator(im.ecs, &ecs.ListClustersInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				im.apiFailed("ecs", "ListClusters", err)
				return nil, nil
			}
			names = append(names, out.ClusterArns...)
		}
	}
	var arns []string
	for batch := range slices.Chunk(names, 100) {
		out, err := im.ecs.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			im.apiFailed(strings.Join(batch, ","), "DescribeClusters", err)
			continue
		}
		for _, c := range out.Clusters {
			arns = append(arns, aws.ToString(c.ClusterArn))
		}
		for _, f := range out.Failures {
			im.errorf(aws.ToString(f.Arn), "DescribeClusters", "import/cluster-not-found", "cluster not found (%s)", aws.ToString(f.Reason))
		}
	}
	slices.Sort(arns)
	return slices.Compact(arns), nil
}

// services lists and describes a cluster's services (those --service
// names, when given).
func (im *importer) services(ctx context.Context, cluster string) ([]map[string]any, error) {
	var arns []string
	p := ecs.NewListServicesPaginator(im.ecs, &ecs.ListServicesInput{Cluster: aws.String(cluster)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			im.apiFailed(cluster, "ListServices", err)
			return nil, nil
		}
		arns = append(arns, out.ServiceArns...)
	}
	if f := im.opts.Services; len(f) > 0 {
		found := map[string]bool{}
		arns = slices.DeleteFunc(arns, func(a string) bool {
			for _, n := range f {
				if a == n || arnLast(a) == n {
					found[n] = true
					return false
				}
			}
			return true
		})
		for _, n := range f {
			if !found[n] {
				im.errorf(cluster, "ListServices", "import/service-not-found", "the cluster has no service %q", n)
			}
		}
	}
	slices.Sort(arns)
	var svcs []map[string]any
	for batch := range slices.Chunk(arns, 10) {
		var raw []byte
		out, err := im.ecs.DescribeServices(withCapture(ctx, &raw), &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batch, Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags}})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			for _, a := range batch {
				im.apiFailed(a, "DescribeServices", err)
			}
			continue
		}
		for _, f := range out.Failures {
			im.errorf(aws.ToString(f.Arn), "DescribeServices", "import/describe-failure", "the service could not be described (%s%s)", aws.ToString(f.Reason), detail(aws.ToString(f.Detail)))
		}
		doc, err := decode(raw)
		if err != nil {
			im.errorf(cluster, "DescribeServices", "import/bad-answer", "the answer is not JSON: %v", err)
			continue
		}
		m, _ := doc.(map[string]any)
		svcs = append(svcs, objects(m["services"])...)
	}
	slices.SortFunc(svcs, func(a, b map[string]any) int { return strings.Compare(str(a, "serviceArn"), str(b, "serviceArn")) })
	return svcs, nil
}

func detail(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// clusterDir is the folder of a cluster's files.
func clusterDir(cluster string) string { return fileName(arnLast(cluster)) }

// pending is the files of one service or scheduled task, written only
// when everything they need was read.
type pending struct {
	files  map[string]any
	failed bool
}

func (p *pending) put(path string, doc any) {
	if p.files == nil {
		p.files = map[string]any{}
	}
	p.files[path] = doc
}

// commit adds a unit's files to the result; owner names the unit in the
// diagnostic when two units write one path with different contents.
func (im *importer) commit(owner string, p *pending) {
	if p.failed {
		return
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	paths := make([]string, 0, len(p.files))
	for path := range p.files {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		data, err := encode(p.files[path])
		if err != nil {
			im.diags.Errorf(diag.Pos{File: owner}, "import/encode", "cannot encode %s: %v", path, err)
			continue
		}
		if old, ok := im.files[path]; ok && string(old) != string(data) {
			im.diags.Errorf(diag.Pos{File: owner}, "import/name-collision", "%s and %s both make %s with different contents; %s is kept", im.owner[path], owner, path, im.owner[path])
			continue
		}
		if _, ok := im.files[path]; !ok {
			im.files[path] = data
			im.owner[path] = owner
		}
	}
}

func (im *importer) progress() {
	// Called under the lock: one call at a time, in order.
	im.mu.Lock()
	defer im.mu.Unlock()
	im.done++
	if im.opts.Progress != nil {
		im.opts.Progress(im.done, im.total)
	}
}

// service reads one service and what it refers to.
func (im *importer) service(ctx context.Context, cluster string, svc map[string]any) {
	defer im.progress()
	arn, name := str(svc, "serviceArn"), str(svc, "serviceName")
	dir := clusterDir(cluster)
	var p pending
	normalizeService(svc)
	p.put(dir+"/services/"+fileName(name)+".json", map[string]any{"services": []any{svc}})

	im.taskDefinition(ctx, &p, arn, dir, str(svc, "taskDefinition"))
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

// taskDefinition reads a task definition revision with its tags.
func (im *importer) taskDefinition(ctx context.Context, p *pending, owner, dir, ref string) {
	if ref == "" {
		return
	}
	v, err := im.memo.do("td "+ref, func() (any, error) {
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

// loadBalancing reads a service's target groups and the listeners and
// listener rules that forward to them.
func (im *importer) loadBalancing(ctx context.Context, p *pending, owner, dir string, tgs []string) {
	for _, tgARN := range tgs {
		out, err := im.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{tgARN}})
		if notFound(err, "TargetGroupNotFound") {
			im.warnf(owner, "DescribeTargetGroups", "import/target-group-not-found", "target group %s does not exist; the service is imported without it", tgARN)
			continue
		}
		if err != nil {
			im.apiFailed(owner, "DescribeTargetGroups", err)
			p.failed = true
			return
		}
		for _, tg := range out.TargetGroups {
			doc, err := fromSDK(tg)
			if err != nil {
				im.errorf(owner, "DescribeTargetGroups", "import/encode", "%v", err)
				p.failed = true
				return
			}
			p.put(dir+"/load-balancing/target-group."+fileName(aws.ToString(tg.TargetGroupName))+".json", map[string]any{"TargetGroups": []any{doc}})
			for _, lb := range tg.LoadBalancerArns {
				if err := im.listeners(ctx, p, dir, lb, tgARN); err != nil {
					im.apiFailed(owner, "DescribeListeners", err)
					p.failed = true
					return
				}
			}
		}
	}
}

// forwardsTo reports whether an action (as JSON) sends traffic to tg.
func forwardsTo(actions any, tg string) bool {
	for _, a := range objects(actions) {
		if str(a, "TargetGroupArn") == tg {
			return true
		}
		if fc, ok := a["ForwardConfig"].(map[string]any); ok {
			for _, t := range objects(fc["TargetGroups"]) {
				if str(t, "TargetGroupArn") == tg {
					return true
				}
			}
		}
	}
	return false
}

type lbListeners struct {
	listeners []map[string]any
	rules     map[string][]map[string]any // listener ARN -> rules
}

func (im *importer) listeners(ctx context.Context, p *pending, dir, lbARN, tg string) error {
	v, err := im.memo.do("lb "+lbARN, func() (any, error) {
		res := &lbListeners{rules: map[string][]map[string]any{}}
		pg := elb.NewDescribeListenersPaginator(im.elb, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(lbARN)})
		for pg.HasMorePages() {
			out, err := pg.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, l := range out.Listeners {
				doc, err := fromSDK(l)
				if err != nil {
					return nil, err
				}
				dropDeep(doc, "ClientSecret")
				res.listeners = append(res.listeners, doc)
				rp := elb.NewDescribeRulesPaginator(im.elb, &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
				for rp.HasMorePages() {
					rout, err := rp.NextPage(ctx)
					if err != nil {
						return nil, err
					}
					for _, r := range rout.Rules {
						doc, err := fromSDK(r)
						if err != nil {
							return nil, err
						}
						dropDeep(doc, "ClientSecret")
						res.rules[aws.ToString(l.ListenerArn)] = append(res.rules[aws.ToString(l.ListenerArn)], doc)
					}
				}
			}
		}
		return res, nil
	})
	if err != nil {
		return err
	}
	res := v.(*lbListeners)
	for _, l := range res.listeners {
		larn := str(l, "ListenerArn")
		var rules []any
		for _, r := range res.rules[larn] {
			if r["IsDefault"] == true {
				continue // the default rule is the listener's default action
			}
			if forwardsTo(r["Actions"], tg) {
				rules = append(rules, deepCopy(r))
			}
		}
		if !forwardsTo(l["DefaultActions"], tg) && len(rules) == 0 {
			continue
		}
		id := listenerID(larn)
		p.put(dir+"/load-balancing/listener."+id+".json", map[string]any{"Listeners": []any{deepCopy(l)}})
		for _, r := range rules {
			rm := r.(map[string]any)
			p.put(dir+"/load-balancing/listener."+id+".rule."+fileName(arnLast(str(rm, "RuleArn")))+".json", map[string]any{"Rules": []any{rm}})
		}
	}
	return nil
}

// listenerID names a listener by its load balancer's name and its own id:
// arn:...:listener/app/NAME/LBID/ID → NAME.ID.
func listenerID(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 4 {
		return fileName(parts[len(parts)-3]) + "." + fileName(parts[len(parts)-1])
	}
	return fileName(arnLast(arn))
}

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
	var keep []any
	for _, t := range targets {
		if str(t, "Arn") != cluster {
			continue
		}
		keep = append(keep, t)
		if ep, ok := t["EcsParameters"].(map[string]any); ok {
			im.taskDefinition(ctx, &p, owner, dir, str(ep, "TaskDefinitionArn"))
		}
	}
	if len(keep) < len(targets) {
		im.warnf(owner, "ListTargetsByRule", "import/other-targets", "rule %q has %d target(s) outside the cluster; only its targets on the cluster are imported", name, len(targets)-len(keep))
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

// memo runs each keyed read once, however many services share it.
type memo struct {
	mu sync.Mutex
	m  map[string]*memoCall
}

type memoCall struct {
	done chan struct{}
	val  any
	err  error
}

func (m *memo) do(key string, fn func() (any, error)) (any, error) {
	m.mu.Lock()
	if c, ok := m.m[key]; ok {
		m.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	c := &memoCall{done: make(chan struct{})}
	m.m[key] = c
	m.mu.Unlock()
	c.val, c.err = fn()
	close(c.done)
	return c.val, c.err
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}
