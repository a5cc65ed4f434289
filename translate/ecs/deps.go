package ecs

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

type role int

const (
	mainRole    role = iota
	sidecarRole      // others wait for it to START or be HEALTHY: native sidecar
	initRole         // others wait for it to COMPLETE or SUCCEED: init container
)

// arrange maps ECS start-up dependencies onto Kubernetes' container kinds:
// a container others wait to start (START, HEALTHY) becomes a native sidecar
// (an init container with restartPolicy Always, gated by its startupProbe
// for HEALTHY); one they wait to finish (COMPLETE, SUCCESS) becomes an init
// container. Init containers and sidecars run in a topological order of the
// dependency graph; everything else runs as a main container.
func (t *tx) arrange() {
	cds := t.td.ContainerDefinitions
	roles := map[string]role{}
	healthy := map[string]bool{}
	waits := map[string][]string{} // container -> containers it waits for
	for i, cd := range cds {
		name := deref(cd.Name)
		for j, dep := range cd.DependsOn {
			p := cpath(i, fmt.Sprintf("dependsOn[%d]", j))
			target := deref(dep.ContainerName)
			if _, ok := t.built[target]; !ok {
				t.diags.Errorf(t.pos(p+".containerName"), "ecs/unknown-container", "container %q depends on %q, which the task definition does not have", name, target)
				continue
			}
			if target == name {
				t.diags.Errorf(t.pos(p+".containerName"), "ecs/dependency-cycle", "container %q depends on itself", name)
				continue
			}
			switch cond := deref(dep.Condition); cond {
			case "START":
				if roles[target] != initRole {
					roles[target] = sidecarRole
				}
			case "HEALTHY":
				if roles[target] != initRole {
					roles[target] = sidecarRole
				}
				healthy[target] = true
			case "COMPLETE", "SUCCESS":
				roles[target] = initRole
				if cond == "COMPLETE" {
					t.diags.Warnf(t.pos(p+".condition"), "ecs/depends-on-complete", "container %q waits for %q to exit with any code; as an init container it must exit with code 0 or the pod does not start", name, target)
				}
			default:
				t.diags.Errorf(t.pos(p+".condition"), "ecs/invalid-value", "unknown dependency condition %q (expected START, COMPLETE, SUCCESS or HEALTHY)", cond)
				continue
			}
			waits[name] = append(waits[name], target)
		}
		if cd.StartTimeout != nil && len(cd.DependsOn) > 0 {
			t.diags.Warnf(t.pos(cpath(i, "startTimeout")), "ecs/start-timeout", "container %q: Kubernetes has no time limit on waiting for dependencies; the dependencies' startup probes bound the wait instead", name)
		}
	}
	// Sidecars and init containers start before main containers, so they
	// cannot wait for one.
	for _, cd := range cds {
		name := deref(cd.Name)
		if roles[name] == mainRole {
			continue
		}
		kept := waits[name][:0]
		for _, target := range waits[name] {
			if roles[target] == mainRole {
				t.diags.Warnf(t.pos(cpath(slices.IndexFunc(cds, func(c ContainerDefinition) bool { return deref(c.Name) == name }), "dependsOn")), "ecs/depends-on-main", "container %q waits for main container %q, but it must itself start first in Kubernetes; the dependency is dropped", name, target)
				continue
			}
			kept = append(kept, target)
		}
		waits[name] = kept
	}
	order, ok := t.topoOrder(roles, waits)
	if !ok {
		return
	}
	for _, name := range order {
		c := t.built[name]
		i := slices.IndexFunc(cds, func(cd ContainerDefinition) bool { return deref(cd.Name) == name })
		switch roles[name] {
		case sidecarRole:
			c.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways)
			if healthy[name] {
				if c.ReadinessProbe == nil {
					t.diags.Warnf(t.pos(cpath(i, "")), "ecs/healthy-without-check", "others wait for container %q to be HEALTHY, but it has no health check; they wait only for it to start", name)
				} else if c.StartupProbe == nil {
					sp := *c.ReadinessProbe
					c.StartupProbe = &sp
				}
			}
			why := "start"
			if healthy[name] {
				why = "be healthy"
			}
			t.diags.Infof(t.pos(cpath(i, "")), "ecs/sidecar", "container %q becomes a native sidecar (init container with restartPolicy Always) because others wait for it to %s", name, why)
		case initRole:
			if c.LivenessProbe != nil || c.ReadinessProbe != nil || c.StartupProbe != nil {
				t.diags.Warnf(t.pos(cpath(i, "healthCheck")), "ecs/init-probe", "container %q runs to completion as an init container, which cannot have probes; its health check is dropped", name)
				c.LivenessProbe, c.ReadinessProbe, c.StartupProbe = nil, nil, nil
			}
			if len(c.Ports) > 0 {
				t.diags.Warnf(t.pos(cpath(i, "portMappings")), "ecs/init-ports", "container %q runs to completion as an init container; its ports are still exposed by the Service but nothing listens after it exits", name)
			}
		}
		t.probeNote(i, c)
		t.spec.InitContainers = append(t.spec.InitContainers, *c)
	}
	for i, cd := range cds {
		name := deref(cd.Name)
		if roles[name] != mainRole {
			continue
		}
		t.probeNote(i, t.built[name])
		if cd.Essential != nil && !*cd.Essential {
			t.diags.Warnf(t.pos(cpath(i, "essential")), "ecs/non-essential", "container %q is not essential: kubelet restarts it when it exits, where ECS would leave it stopped and keep the task running", name)
		}
		t.spec.Containers = append(t.spec.Containers, *t.built[name])
	}
}

// probeNote says what became of a container's health check that was kept.
func (t *tx) probeNote(i int, c *corev1.Container) {
	if c.LivenessProbe != nil {
		t.diags.Infof(t.pos(cpath(i, "healthCheck")), "ecs/health-check", "health check becomes liveness and readiness probes: a failing container is restarted in place and taken out of Service endpoints, where ECS replaces the whole task")
	}
}

// topoOrder returns the init and sidecar containers in an order where each
// comes after everything it waits for; ties keep the input order.
func (t *tx) topoOrder(roles map[string]role, waits map[string][]string) ([]string, bool) {
	var order, stack []string
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var visit func(name string, from int) bool
	visit = func(name string, from int) bool {
		switch state[name] {
		case 1:
			cycle := append(slices.Clone(stack[slices.Index(stack, name):]), name)
			t.diags.Errorf(t.pos(cpath(from, "dependsOn")), "ecs/dependency-cycle", "container dependencies form a cycle, so none of them can start: %s", strings.Join(cycle, " waits for "))
			return false
		case 2:
			return true
		}
		state[name] = 1
		stack = append(stack, name)
		for _, d := range waits[name] {
			if !visit(d, from) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = 2
		if roles[name] != mainRole {
			order = append(order, name)
		}
		return true
	}
	for i, cd := range t.td.ContainerDefinitions {
		if !visit(deref(cd.Name), i) {
			return nil, false
		}
	}
	return order, true
}
