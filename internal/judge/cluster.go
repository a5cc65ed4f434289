package judge

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

// ClusterSpec describes the simulated EKS cluster's nodes: node groups as EKS
// managed node groups label them, Fargate-like nodes, and the zones they are
// spread over. cluster.yaml beside this file is the default.
type ClusterSpec struct {
	Region     string      `json:"region"`
	Zones      []string    `json:"zones"`
	NodeGroups []NodeGroup `json:"nodeGroups"`
}

// NodeGroup is a set of identical nodes.
type NodeGroup struct {
	Name         string            `json:"name"`
	InstanceType string            `json:"instanceType"`
	Arch         string            `json:"arch"`         // amd64 (default) or arm64
	OS           string            `json:"os"`           // linux (default) or windows
	WindowsBuild string            `json:"windowsBuild"` // node.kubernetes.io/windows-build
	Fargate      bool              `json:"fargate"`      // eks.amazonaws.com/compute-type: fargate and its taint
	CapacityType string            `json:"capacityType"` // ON_DEMAND (default) or SPOT
	Nodes        int               `json:"nodes"`        // nodes at start (may be 0)
	MaxNodes     int               `json:"maxNodes"`     // the judge adds nodes up to this, as Cluster Autoscaler would
	Allocatable  map[string]string `json:"allocatable"`  // cpu, memory, pods, nvidia.com/gpu, ...
	Labels       map[string]string `json:"labels"`
	Taints       []corev1.Taint    `json:"taints"`
}

//go:embed cluster.yaml
var defaultClusterYAML []byte

// DefaultCluster returns the cluster of cluster.yaml, or of the file named by
// $EKSPORT_JUDGE_CLUSTER.
func DefaultCluster() (ClusterSpec, error) {
	data := defaultClusterYAML
	name := "cluster.yaml"
	if p := os.Getenv("EKSPORT_JUDGE_CLUSTER"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return ClusterSpec{}, err
		}
		data, name = b, p
	}
	return ParseCluster(name, data)
}

// ParseCluster reads a cluster description strictly (an unknown key is an
// error) and checks it.
func ParseCluster(name string, data []byte) (ClusterSpec, error) {
	var c ClusterSpec
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return c, fmt.Errorf("%s: %v", name, err)
	}
	if len(c.Zones) == 0 {
		return c, fmt.Errorf("%s: zones: at least one zone", name)
	}
	seen := map[string]bool{}
	for i := range c.NodeGroups {
		g := &c.NodeGroups[i]
		where := fmt.Sprintf("%s: nodeGroups[%d]", name, i)
		if g.Name == "" || seen[g.Name] {
			return c, fmt.Errorf("%s: a node group needs a unique name", where)
		}
		seen[g.Name] = true
		if g.Arch == "" {
			g.Arch = "amd64"
		}
		if g.OS == "" {
			g.OS = "linux"
		}
		if g.CapacityType == "" {
			g.CapacityType = "ON_DEMAND"
		}
		if g.MaxNodes < g.Nodes {
			g.MaxNodes = g.Nodes
		}
		if g.MaxNodes == 0 {
			return c, fmt.Errorf("%s (%s): no nodes and maxNodes 0: the group can never hold a pod", where, g.Name)
		}
		for _, k := range []string{"cpu", "memory", "pods"} {
			if g.Allocatable[k] == "" {
				return c, fmt.Errorf("%s (%s): allocatable.%s is required", where, g.Name, k)
			}
		}
		for k, v := range g.Allocatable {
			if _, err := resource.ParseQuantity(v); err != nil {
				return c, fmt.Errorf("%s (%s): allocatable.%s: %v", where, g.Name, k, err)
			}
		}
	}
	return c, nil
}

// nodeAnnotation marks the nodes kwok plays the kubelet of.
const nodeAnnotation = "kwok.x-k8s.io/node"

// fargateTaint is the taint EKS puts on Fargate nodes.
var fargateTaint = corev1.Taint{Key: "eks.amazonaws.com/compute-type", Value: "fargate", Effect: corev1.TaintEffectNoSchedule}

// nodeFor returns the i-th node of a group, labelled as EKS labels it.
func (c ClusterSpec) nodeFor(g NodeGroup, i int) *corev1.Node {
	zone := c.Zones[i%len(c.Zones)]
	name := fmt.Sprintf("%s-%d", g.Name, i)
	labels := map[string]string{
		"kubernetes.io/arch":                       g.Arch,
		"kubernetes.io/os":                         g.OS,
		"kubernetes.io/hostname":                   name,
		"topology.kubernetes.io/zone":              zone,
		"topology.kubernetes.io/region":            c.Region,
		"failure-domain.beta.kubernetes.io/zone":   zone,
		"node.kubernetes.io/instance-type":         g.InstanceType,
		"beta.kubernetes.io/arch":                  g.Arch,
		"beta.kubernetes.io/os":                    g.OS,
		"beta.kubernetes.io/instance-type":         g.InstanceType,
		"failure-domain.beta.kubernetes.io/region": c.Region,
	}
	if g.InstanceType == "" {
		for _, k := range []string{"node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"} {
			delete(labels, k)
		}
	}
	var taints []corev1.Taint
	if g.Fargate {
		labels["eks.amazonaws.com/compute-type"] = "fargate"
		taints = append(taints, fargateTaint)
	} else if g.Labels["karpenter.sh/nodepool"] == "" {
		labels["eks.amazonaws.com/nodegroup"] = g.Name
		labels["eks.amazonaws.com/capacityType"] = g.CapacityType
	}
	if g.WindowsBuild != "" {
		labels["node.kubernetes.io/windows-build"] = g.WindowsBuild
	}
	for k, v := range g.Labels {
		labels[k] = v
	}
	taints = append(taints, g.Taints...)
	alloc := corev1.ResourceList{}
	for k, v := range g.Allocatable {
		alloc[corev1.ResourceName(k)] = resource.MustParse(v)
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      labels,
			Annotations: map[string]string{nodeAnnotation: "fake", "node.alpha.kubernetes.io/ttl": "0"},
		},
		Spec: corev1.NodeSpec{Taints: taints, ProviderID: fmt.Sprintf("aws:///%s/i-judge%s", zone, strings.ReplaceAll(name, "-", ""))},
		Status: corev1.NodeStatus{
			Capacity:    alloc,
			Allocatable: alloc,
			NodeInfo:    corev1.NodeSystemInfo{Architecture: g.Arch, OperatingSystem: g.OS, KubeletVersion: "v1.35.4"},
		},
	}
}

// controlPlane is what StartControlPlane adds to a Server.
type controlPlane struct {
	client  kubernetes.Interface
	spec    ClusterSpec
	nodes   map[string]int // node group -> nodes created
	started time.Duration
	extra   []string // nodes made for Karpenter NodePools
	units   int      // units run so far (their namespaces are u<N>-...)
}

// StartControlPlane turns the server into a simulated EKS cluster:
// kube-controller-manager, kube-scheduler and kwok (the kubelet of fake
// nodes) on loopback ports, and the nodes of spec. From then on objects are
// acted on: Deployments get pods, pods get nodes. It is a no-op the second
// time. The processes stop with the server.
func (s *Server) StartControlPlane(ctx context.Context, tools Tools, spec ClusterSpec) error {
	if s.cp != nil {
		return nil
	}
	start := time.Now()
	kubeconfig := filepath.Join(s.Dir, "admin.kubeconfig")
	ca := filepath.Join(s.Dir, "certs", "apiserver.crt")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: judge
  cluster:
    server: %s
    certificate-authority: %s
users:
- name: admin
  user:
    token: %s
contexts:
- name: judge
  context: {cluster: judge, user: admin}
current-context: judge
`, s.Host, ca, s.Token)
	if err := os.WriteFile(kubeconfig, []byte(kc), 0o600); err != nil {
		return err
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	auth := []string{"--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig}
	kcm, err := s.spawn("kube-controller-manager", tools.KubeControllerManager, append(auth,
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(ports[0]),
		"--cert-dir="+filepath.Join(s.Dir, "kcm-certs"),
		"--controllers=*",
		"--use-service-account-credentials=true",
		"--service-account-private-key-file="+filepath.Join(s.Dir, "sa.key"),
		"--root-ca-file="+ca,
		"--leader-elect=false",
		"--horizontal-pod-autoscaler-sync-period=2s",
		"--pvclaimbinder-sync-period=2s",
		"--concurrent-deployment-syncs=10",
		"--concurrent-replicaset-syncs=10",
		"--concurrent-statefulset-syncs=10",
		"--profiling=false",
		"--v=1",
	)...)
	if err != nil {
		return err
	}
	sched, err := s.spawn("kube-scheduler", tools.KubeScheduler, append(auth,
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(ports[1]),
		"--cert-dir="+filepath.Join(s.Dir, "sched-certs"),
		"--leader-elect=false",
		"--profiling=false",
		"--v=1",
	)...)
	if err != nil {
		return err
	}
	if _, err := s.spawn("kwok", tools.Kwok,
		"--kubeconfig="+kubeconfig,
		"--config="+tools.KwokStages,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector="+nodeAnnotation+"=fake",
		"--node-lease-duration-seconds=40",
		"--cidr=10.244.0.0/16",
		"--node-ip=10.0.0.1",
	); err != nil {
		return err
	}
	probe := insecureProbe()
	for _, p := range []struct {
		p    *proc
		port int
	}{{kcm, ports[0]}, {sched, ports[1]}} {
		if err := waitHTTP(ctx, p.p, probe, fmt.Sprintf("https://127.0.0.1:%d/healthz", p.port), s.Token, 90*time.Second); err != nil {
			return fmt.Errorf("%s did not become healthy: %v\n%s", p.p.name, err, tailFile(p.p.log, 30))
		}
	}
	client, err := kubernetes.NewForConfig(s.Config)
	if err != nil {
		return err
	}
	cp := &controlPlane{client: client, spec: spec, nodes: map[string]int{}}
	s.cp = cp
	for _, g := range spec.NodeGroups {
		for range g.Nodes {
			if err := s.addNode(ctx, g); err != nil {
				return err
			}
		}
	}
	if err := s.waitNodesReady(ctx, 60*time.Second); err != nil {
		return err
	}
	cp.started = time.Since(start)
	s.logf("judge: control plane (kube-controller-manager, kube-scheduler, kwok) and %d nodes ready in %s", s.nodeCount(), cp.started.Round(time.Millisecond))
	return nil
}

func insecureProbe() *http.Client {
	p := &http.Client{Timeout: 2 * time.Second}
	p.Transport = insecureTransport()
	return p
}

func (s *Server) nodeCount() int {
	n := len(s.cp.extra)
	for _, c := range s.cp.nodes {
		n += c
	}
	return n
}

// addNode creates the next node of a group.
func (s *Server) addNode(ctx context.Context, g NodeGroup) error {
	return s.addNodeIn(ctx, g, "")
}

// addNodeIn creates the next node of a group in a given zone (its own
// rotation through the cluster's zones when zone is "").
func (s *Server) addNodeIn(ctx context.Context, g NodeGroup, zone string) error {
	i := s.cp.nodes[g.Name]
	n := s.cp.spec.nodeFor(g, i)
	if zone != "" {
		region := strings.TrimRight(zone, "abcdefghijklmnopqrstuvwxyz")
		for _, k := range []string{"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"} {
			n.Labels[k] = zone
		}
		for _, k := range []string{"topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"} {
			n.Labels[k] = region
		}
	}
	if _, err := s.cp.client.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{FieldManager: setupManager}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create node %s: %w", n.Name, err)
	}
	s.cp.nodes[g.Name] = i + 1
	return nil
}

// waitNodesReady waits until kwok reports every node Ready.
func (s *Server) waitNodesReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		nodes, err := s.cp.client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		var notReady []string
		for _, n := range nodes.Items {
			if !nodeReady(&n) {
				notReady = append(notReady, n.Name)
			}
		}
		if len(notReady) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			sort.Strings(notReady)
			return fmt.Errorf("nodes not Ready after %s: %s\n%s", timeout, strings.Join(notReady, ", "), s.Logs(20))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
