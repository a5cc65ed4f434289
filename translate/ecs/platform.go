package ecs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// windowsBuilds maps ECS operating system families to the
// node.kubernetes.io/windows-build label of matching nodes.
var windowsBuilds = map[string]string{
	"WINDOWS_SERVER_2016_FULL": "10.0.14393",
	"WINDOWS_SERVER_2019_FULL": "10.0.17763",
	"WINDOWS_SERVER_2019_CORE": "10.0.17763",
	"WINDOWS_SERVER_2022_FULL": "10.0.20348",
	"WINDOWS_SERVER_2022_CORE": "10.0.20348",
	"WINDOWS_SERVER_2025_FULL": "10.0.26100",
	"WINDOWS_SERVER_2025_CORE": "10.0.26100",
	"WINDOWS_SERVER_2004_CORE": "10.0.19041",
	"WINDOWS_SERVER_20H2_CORE": "10.0.19042",
}

func (t *tx) nodeSelector(k, v string) {
	if t.spec.NodeSelector == nil {
		t.spec.NodeSelector = map[string]string{}
	}
	t.spec.NodeSelector[k] = v
}

// platform translates runtimePlatform, the launch type hints and the task's
// network, PID and IPC modes.
func (t *tx) platform() {
	td := t.td
	if rp := td.RuntimePlatform; rp != nil {
		switch arch := deref(rp.CpuArchitecture); arch {
		case "":
		case "X86_64":
			t.nodeSelector("kubernetes.io/arch", "amd64")
		case "ARM64":
			t.nodeSelector("kubernetes.io/arch", "arm64")
		default:
			t.diags.Errorf(t.pos("runtimePlatform.cpuArchitecture"), "ecs/invalid-value", "unknown cpuArchitecture %q (expected X86_64 or ARM64)", arch)
		}
		switch osf := deref(rp.OperatingSystemFamily); {
		case osf == "":
		case osf == "LINUX":
			t.nodeSelector("kubernetes.io/os", "linux")
		case strings.HasPrefix(osf, "WINDOWS_SERVER_"):
			t.windows = true
			t.nodeSelector("kubernetes.io/os", "windows")
			t.spec.OS = &corev1.PodOS{Name: corev1.Windows}
			if b, ok := windowsBuilds[osf]; ok {
				t.nodeSelector("node.kubernetes.io/windows-build", b)
			} else {
				t.diags.Warnf(t.pos("runtimePlatform.operatingSystemFamily"), "ecs/windows-build-unknown", "no known Windows build for %q; only kubernetes.io/os is selected", osf)
			}
			t.diags.Warnf(t.pos("runtimePlatform.operatingSystemFamily"), "ecs/windows", "Windows pods need a Windows node group; EKS Fargate does not run Windows pods")
		default:
			t.diags.Errorf(t.pos("runtimePlatform.operatingSystemFamily"), "ecs/invalid-value", "unknown operatingSystemFamily %q", osf)
		}
	}
	t.inferWindows()
	for i, c := range td.RequiresCompatibilities {
		p := fmt.Sprintf("requiresCompatibilities[%d]", i)
		switch c {
		case "FARGATE":
			t.diags.Infof(t.pos(p), "ecs/fargate", "FARGATE: the pod runs on any EKS node; to run it on EKS Fargate, create a Fargate profile that selects its namespace and labels")
		case "EC2", "EXTERNAL", "MANAGED_INSTANCES":
		default:
			t.diags.Warnf(t.pos(p), "ecs/invalid-value", "unknown compatibility %q", c)
		}
	}
	switch nm := deref(td.NetworkMode); nm {
	case "", "awsvpc", "bridge", "default":
	case "host":
		t.spec.HostNetwork = true
		t.spec.DNSPolicy = corev1.DNSClusterFirstWithHostNet
		t.diags.Warnf(t.pos("networkMode"), "ecs/host-network", "networkMode host becomes hostNetwork: true; pods then compete for node ports and two replicas cannot share a node")
	case "none":
		t.diags.Warnf(t.pos("networkMode"), "ecs/network-none", "networkMode none has no Kubernetes equivalent: the pod gets normal pod networking; restrict it with a NetworkPolicy")
	default:
		t.diags.Errorf(t.pos("networkMode"), "ecs/invalid-value", "unknown networkMode %q", nm)
	}
	switch pm := deref(td.PidMode); {
	case pm == "":
	case t.windows && (pm == "host" || pm == "task"):
		t.linuxOnly("pidMode", "pidMode "+pm)
	case pm == "host":
		t.spec.HostPID = true
		t.diags.Warnf(t.pos("pidMode"), "ecs/host-pid", "pidMode host becomes hostPID: true; Pod Security Admission rejects it outside privileged namespaces")
	case pm == "task":
		t.spec.ShareProcessNamespace = ptr(true)
	default:
		t.diags.Errorf(t.pos("pidMode"), "ecs/invalid-value", "unknown pidMode %q", pm)
	}
	switch im := deref(td.IpcMode); {
	case im == "", im == "task":
	case t.windows && im == "host":
		t.linuxOnly("ipcMode", "ipcMode host")
	case im == "host":
		t.spec.HostIPC = true
		t.diags.Warnf(t.pos("ipcMode"), "ecs/host-ipc", "ipcMode host becomes hostIPC: true; Pod Security Admission rejects it outside privileged namespaces")
	case im == "none":
		t.diags.Warnf(t.pos("ipcMode"), "ecs/ipc-none", "ipcMode none has no equivalent: containers of a pod always share an IPC namespace")
	default:
		t.diags.Errorf(t.pos("ipcMode"), "ecs/invalid-value", "unknown ipcMode %q", im)
	}
	t.placement()
}

// linuxOnly reports a Linux-only setting of a Windows task, which Windows
// pods cannot have (the API server rejects them) and ECS does not apply to
// Windows containers either.
func (t *tx) linuxOnly(p, what string) {
	t.diags.Warnf(t.pos(p), "ecs/windows-linux-only", "%s is Linux-only: Windows pods cannot have it and ECS does not apply it to Windows containers; dropped", what)
}

// cqlAttributes maps ECS cluster query language attributes to node labels.
var cqlAttributes = map[string]string{
	"ecs.instance-type":     "node.kubernetes.io/instance-type",
	"ecs.availability-zone": "topology.kubernetes.io/zone",
	"ecs.os-type":           "kubernetes.io/os",
	"ecs.cpu-architecture":  "kubernetes.io/arch",
}

var andRE = regexp.MustCompile(`(?i)\s+and\s+`)

var cqlTerm = regexp.MustCompile(`^attribute:([A-Za-z0-9_.\-/]+)\s*(==|!=|in|not_in)\s*(.+)$`)

// placement turns memberOf expressions built from simple attribute
// comparisons joined by "and" into required node affinity. Anything else is
// reported, never approximated.
func (t *tx) placement() {
	var reqs []corev1.NodeSelectorRequirement
	for i, pc := range t.td.PlacementConstraints {
		p := fmt.Sprintf("placementConstraints[%d]", i)
		if typ := deref(pc.Type); typ != "memberOf" {
			t.diags.Warnf(t.pos(p+".type"), "ecs/placement-unsupported", "placement constraint type %q is not valid in a task definition; ignored", typ)
			continue
		}
		expr := strings.TrimSpace(deref(pc.Expression))
		terms := andRE.Split(expr, -1)
		var got []corev1.NodeSelectorRequirement
		ok := expr != ""
		for _, term := range terms {
			r, good := cqlRequirement(strings.TrimSpace(term))
			if !good {
				ok = false
				break
			}
			got = append(got, r)
		}
		if !ok {
			t.diags.Warnf(t.pos(p+".expression"), "ecs/placement-unsupported", "placement expression %q cannot be translated to node affinity; add the equivalent nodeAffinity by hand", expr)
			continue
		}
		reqs = append(reqs, got...)
	}
	if len(reqs) == 0 {
		return
	}
	t.spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: reqs}},
		},
	}}
}

func cqlRequirement(term string) (corev1.NodeSelectorRequirement, bool) {
	m := cqlTerm.FindStringSubmatch(term)
	if m == nil {
		return corev1.NodeSelectorRequirement{}, false
	}
	key, ok := cqlAttributes[m[1]]
	if !ok {
		return corev1.NodeSelectorRequirement{}, false
	}
	var values []string
	raw := strings.TrimSpace(m[3])
	if strings.HasPrefix(raw, "[") && strings.HasSuffix(raw, "]") {
		for _, v := range strings.Split(raw[1:len(raw)-1], ",") {
			values = append(values, strings.Trim(strings.TrimSpace(v), `'"`))
		}
	} else {
		values = []string{strings.Trim(raw, `'"`)}
	}
	for i, v := range values {
		if strings.ContainsAny(v, "*") || v == "" {
			return corev1.NodeSelectorRequirement{}, false
		}
		if key == "kubernetes.io/arch" {
			switch strings.ToLower(v) {
			case "x86_64":
				values[i] = "amd64"
			case "arm64":
				values[i] = "arm64"
			}
		}
		if key == "kubernetes.io/os" {
			values[i] = strings.ToLower(v)
		}
	}
	op := corev1.NodeSelectorOpIn
	if m[2] == "!=" || m[2] == "not_in" {
		op = corev1.NodeSelectorOpNotIn
	}
	slices.Sort(values)
	return corev1.NodeSelectorRequirement{Key: key, Operator: op, Values: slices.Compact(values)}, true
}
