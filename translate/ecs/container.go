package ecs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/ir"
)

// containers names and translates every container definition, then arranges
// them into init, sidecar and main containers. It returns false when the
// containers cannot be named (missing or duplicate names).
func (t *tx) containers() bool {
	ok := true
	byECS := map[string]int{}
	byKube := map[string]string{}
	for i, cd := range t.td.ContainerDefinitions {
		name := deref(cd.Name)
		if name == "" {
			t.diags.Errorf(t.pos(cpath(i, "")), "ecs/missing-field", "container definition has no name")
			ok = false
			continue
		}
		if j, dup := byECS[name]; dup {
			t.diags.Errorf(t.pos(cpath(i, "name")), "ecs/duplicate-container", "container name %q is used twice (first at %s)", name, cpath(j, ""))
			ok = false
			continue
		}
		byECS[name] = i
		kn := kname.Label(name)
		if kn == "" {
			t.diags.Errorf(t.pos(cpath(i, "name")), "ecs/invalid-name", "container name %q has no letters or digits", name)
			ok = false
			continue
		}
		if other, dup := byKube[kn]; dup {
			t.diags.Errorf(t.pos(cpath(i, "name")), "ecs/name-collision", "containers %q and %q both become %q in Kubernetes", other, name, kn)
			ok = false
			continue
		}
		byKube[kn] = name
		t.names[name] = kn
		if kn != name {
			t.diags.Infof(t.pos(cpath(i, "name")), "ecs/name-sanitized", "container %q becomes %q", name, kn)
		}
	}
	if !ok {
		return false
	}
	for i := range t.td.ContainerDefinitions {
		cd := &t.td.ContainerDefinitions[i]
		t.built[deref(cd.Name)] = t.container(i, cd)
	}
	t.volumesFrom()
	t.arrange()
	return true
}

func (t *tx) container(i int, cd *ContainerDefinition) *corev1.Container {
	name := deref(cd.Name)
	c := &corev1.Container{Name: t.names[name]}
	image := deref(cd.Image)
	switch {
	case image == "":
		t.diags.Errorf(t.pos(cpath(i, "")), "ecs/missing-image", "container %q has no image", name)
	case placeholder(image):
		t.diags.Warnf(t.pos(cpath(i, "image")), "ecs/placeholder", "image %q is a template placeholder; it is kept as written, replace it before applying", image)
	}
	c.Image = image
	for _, s := range cd.EntryPoint {
		c.Command = append(c.Command, escapeExpansion(s))
	}
	for _, s := range cd.Command {
		c.Args = append(c.Args, escapeExpansion(s))
	}
	c.WorkingDir = deref(cd.WorkingDirectory)
	c.Stdin = deref(cd.Interactive)
	c.TTY = deref(cd.PseudoTerminal)
	t.env(i, cd, c)
	t.resources(i, cd, c)
	t.ports(i, cd, c)
	t.probes(i, cd, c)
	t.mounts(i, cd, c)
	t.security(i, cd, c)
	t.podLevel(i, cd)
	t.logging(i, cd)
	if rp := cd.RestartPolicy; rp != nil {
		if deref(rp.Enabled) && len(rp.IgnoredExitCodes) > 0 {
			t.diags.Warnf(t.pos(cpath(i, "restartPolicy.ignoredExitCodes")), "ecs/restart-ignored-exit-codes", "container %q: kubelet restarts the container whatever its exit code; ignoredExitCodes needs container restart rules (ContainerRestartRules, alpha in Kubernetes 1.34, beta in 1.35) and is not emitted", name)
		}
		if rp.Enabled != nil && !*rp.Enabled {
			t.diags.Warnf(t.pos(cpath(i, "restartPolicy.enabled")), "ecs/restart-policy", "container %q: restart policy disabled, but kubelet restarts containers of a Deployment in place", name)
		}
	}
	if deref(cd.DisableNetworking) {
		t.dropped("containerDefinitions[].disableNetworking", cpath(i, "disableNetworking"))
	}
	if vc := deref(cd.VersionConsistency); vc != "" {
		t.diags.Infof(t.pos(cpath(i, "versionConsistency")), "ecs/version-consistency", "versionConsistency %s: Kubernetes resolves the tag on every pull; pin the image by digest for the same guarantee", vc)
	}
	return c
}

var (
	// A credential word as a whole segment of the name (DB_PASSWORD,
	// GITHUB_TOKEN, apiKey), not inside another word (MAX_TOKENS).
	credentialName = regexp.MustCompile(`(?i)(^|[_.-])(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?)([_.-]|$)|[a-z](Password|Secret|Token|ApiKey|AccessKey|PrivateKey)$`)
	// Names that only point at a credential (its ARN, name, file...).
	referenceName = regexp.MustCompile(`(?i)_(ARN|NAME|URL|URI|PATH|FILE|ID|REGION|HEADER|TYPE|ENABLED|TTL|EXPIRY|LENGTH)$`)
)

// looksLikeCredential says whether a plain environment variable probably
// holds a credential: a telling name, a value that is not a reference or a
// template placeholder.
func looksLikeCredential(name, value string) bool {
	if value == "" || !mayNameCredential(name) || !credentialName.MatchString(name) || referenceName.MatchString(name) {
		return false
	}
	return !strings.HasPrefix(value, "arn:") && !placeholder(value) && value != "true" && value != "false"
}

// credentialStems are parts every name credentialName matches holds, in
// upper case. Most variable names hold none, and a search for them is a
// fraction of the expression's backtracking (which was 8% of reading a
// batch).
var credentialStems = []string{"PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL"}

// mayNameCredential is false when credentialName cannot match name: an
// ASCII name without any of credentialStems, letter case aside. A name
// with other characters may match through Unicode case folding (the
// Kelvin sign is a k), and is left to the expression.
func mayNameCredential(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, stem := range credentialStems {
		if containsUpper(name, stem) {
			return true
		}
	}
	return false
}

// containsUpper tells whether ASCII s holds upper-case stem, letter case
// aside.
func containsUpper(s, stem string) bool {
	for i := 0; i+len(stem) <= len(s); i++ {
		j := 0
		for ; j < len(stem); j++ {
			c := s[i+j]
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			if c != stem[j] {
				break
			}
		}
		if j == len(stem) {
			return true
		}
	}
	return false
}

func (t *tx) env(i int, cd *ContainerDefinition, c *corev1.Container) {
	index := map[string]int{}
	for j, kv := range cd.Environment {
		p := cpath(i, fmt.Sprintf("environment[%d]", j))
		name := deref(kv.Name)
		if name == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "environment variable has no name")
			continue
		}
		value := deref(kv.Value)
		if placeholder(value) {
			t.diags.Warnf(t.pos(p+".value"), "ecs/placeholder", "environment variable %s holds a template placeholder; it is kept as written", name)
		}
		ev := corev1.EnvVar{Name: name, Value: escapeExpansion(value)}
		if looksLikeCredential(name, value) {
			// The value never reaches the output; the secrets rule decides
			// where the variable reads it from. Never repeat it here either.
			t.w.PlainCredentials = append(t.w.PlainCredentials, ir.PlainCredential{Container: c.Name, Env: name, Value: ev.Value, Origin: t.pos(p)})
			ev.Value = ""
		}
		if k, dup := index[name]; dup {
			t.diags.Warnf(t.pos(p+".name"), "ecs/duplicate-env", "environment variable %s is set twice; the later value is kept", name)
			c.Env[k] = ev
			continue
		}
		index[name] = len(c.Env)
		c.Env = append(c.Env, ev)
	}
}

// cpuQuantity converts ECS CPU units (1024 per vCPU) to millicores, rounding
// up so that the request is never smaller than what ECS reserved.
func cpuQuantity(units int64) resource.Quantity {
	return *resource.NewMilliQuantity((units*1000+1023)/1024, resource.DecimalSI)
}

func mebibytes(n int64) resource.Quantity {
	return resource.MustParse(strconv.FormatInt(n, 10) + "Mi")
}

func (t *tx) resources(i int, cd *ContainerDefinition, c *corev1.Container) {
	name := deref(cd.Name)
	req, lim := corev1.ResourceList{}, corev1.ResourceList{}
	if cpu := deref(cd.Cpu); cpu > 0 {
		req[corev1.ResourceCPU] = cpuQuantity(cpu)
		if t.windows {
			// On Windows, CPU units are an absolute cap.
			lim[corev1.ResourceCPU] = cpuQuantity(cpu)
		}
	} else if cpu < 0 {
		t.diags.Errorf(t.pos(cpath(i, "cpu")), "ecs/invalid-value", "cpu must not be negative")
	}
	mem, res := deref(cd.Memory), deref(cd.MemoryReservation)
	if mem < 0 || res < 0 {
		t.diags.Errorf(t.pos(cpath(i, "memory")), "ecs/invalid-value", "memory values must not be negative")
		mem, res = max(mem, 0), max(res, 0)
	}
	if mem > 0 && res > mem {
		t.diags.Errorf(t.pos(cpath(i, "memoryReservation")), "ecs/memory-reservation-above-limit", "container %q: memoryReservation %d MiB is above memory %d MiB; ECS rejects this too", name, res, mem)
		res = mem
	}
	if res > 0 {
		req[corev1.ResourceMemory] = mebibytes(res)
	} else if mem > 0 {
		req[corev1.ResourceMemory] = mebibytes(mem)
	}
	if mem > 0 {
		lim[corev1.ResourceMemory] = mebibytes(mem)
	}
	for j, rr := range cd.ResourceRequirements {
		p := cpath(i, fmt.Sprintf("resourceRequirements[%d]", j))
		switch typ := deref(rr.Type); typ {
		case "GPU", "NeuronDevice":
			if rr.Value == nil && rr.SharingStrategy != nil {
				t.diags.Warnf(t.pos(p), "ecs/gpu-sharing", "container %q shares GPUs through %s; configure GPU sharing (MPS or time-slicing) in the NVIDIA device plugin instead", name, "NVIDIA MPS")
				continue
			}
			n, err := strconv.ParseInt(deref(rr.Value), 10, 64)
			if err != nil || n <= 0 {
				t.diags.Errorf(t.pos(p+".value"), "ecs/invalid-value", "GPU count %q is not a positive whole number", deref(rr.Value))
				continue
			}
			q := *resource.NewQuantity(n, resource.DecimalSI)
			res, plugin := corev1.ResourceName("nvidia.com/gpu"), "the NVIDIA device plugin"
			if typ == "NeuronDevice" {
				res, plugin = "aws.amazon.com/neuron", "the AWS Neuron device plugin"
			}
			lim[res] = q
			req[res] = q
			t.diags.Warnf(t.pos(p), "ecs/gpu", "container %q asks for %d %s; the cluster needs matching nodes with %s", name, n, res, plugin)
		case "InferenceAccelerator":
			t.diags.Errorf(t.pos(p), "ecs/inference-accelerator", "Elastic Inference accelerators are retired and have no Kubernetes equivalent")
		default:
			t.diags.Errorf(t.pos(p+".type"), "ecs/invalid-value", "unknown resource type %q (expected GPU, NeuronDevice or InferenceAccelerator)", typ)
		}
	}
	if len(req) > 0 {
		c.Resources.Requests = req
	}
	if len(lim) > 0 {
		c.Resources.Limits = lim
	}
}
