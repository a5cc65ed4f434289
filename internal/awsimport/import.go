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
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/smithy-go"

	"github.com/eksport/eksport/translate/diag"
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
	res, _, err := importWith(ctx, cfg, opts)
	return res, err
}

// importWith is Import, and the importer it used (for tests).
func importWith(ctx context.Context, cfg aws.Config, opts Options) (*Result, *importer, error) {
	if _, ok := cfg.HTTPClient.(*limiter); !ok {
		return nil, nil, errors.New("awsimport: the configuration's HTTP client must come from HTTPClientFor")
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
		return nil, nil, err
	}
	type work struct {
		cluster string
		svcs    []map[string]any
	}
	var all []work
	for _, c := range clusters {
		svcs, err := im.services(ctx, c)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, work{c, svcs})
		im.total += len(svcs)
	}
	// A task definition's answer is kept only until the last service that
	// runs it has read it.
	for _, w := range all {
		for _, svc := range w.svcs {
			if importsTaskDef(svc) {
				im.memo.expect(taskDefKey(serviceTaskDef(svc)))
			}
		}
	}
	// The services are read by a bounded number of workers, twice the
	// requests allowed in flight so that the limiter always has work: one
	// goroutine per service would hold thousands of stacks (and their
	// services) waiting for a slot. Each service's description is let go
	// once its worker has written it.
	workers := make(chan struct{}, 2*cap(cfg.HTTPClient.(*limiter).slots))
	var wg sync.WaitGroup
	for _, w := range all {
		for i, svc := range w.svcs {
			w.svcs[i] = nil
			workers <- struct{}{}
			wg.Go(func() {
				defer func() { <-workers }()
				im.service(ctx, w.cluster, svc)
			})
		}
		if len(opts.Services) == 0 {
			wg.Go(func() { im.eventRules(ctx, w.cluster) })
			wg.Go(func() { im.schedules(ctx, w.cluster) })
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res := &Result{Diagnostics: im.diags.Sorted()}
	for _, c := range clusters {
		res.Clusters = append(res.Clusters, clusterDir(c))
	}
	for p, data := range im.files {
		res.Files = append(res.Files, File{Path: p, Data: data})
	}
	slices.SortFunc(res.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return res, im, nil
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
