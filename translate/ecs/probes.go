package ecs

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ECS health check defaults; Kubernetes' own (10 s period, 1 s timeout)
// differ, so every value is written out.
const (
	defaultInterval = 30
	defaultTimeout  = 5
	defaultRetries  = 3
)

// probes turns an ECS health check into liveness and readiness probes, and
// its startPeriod into a startup probe (a startPeriod is a grace period, not
// an initial delay).
func (t *tx) probes(i int, cd *ContainerDefinition, c *corev1.Container) {
	hc := cd.HealthCheck
	if hc == nil {
		return
	}
	p := cpath(i, "healthCheck")
	if len(hc.Command) == 0 {
		t.diags.Errorf(t.pos(p), "ecs/missing-field", "health check has no command")
		return
	}
	var cmd []string
	switch hc.Command[0] {
	case "CMD-SHELL":
		script := strings.Join(hc.Command[1:], " ")
		if t.windows {
			cmd = []string{"cmd", "/S", "/C", script}
		} else {
			cmd = []string{"/bin/sh", "-c", script}
		}
	case "CMD":
		cmd = hc.Command[1:]
	case "NONE":
		t.diags.Infof(t.pos(p+".command"), "ecs/health-check-none", "health check NONE disables the image's health check; no probes are emitted")
		return
	default:
		// Docker runs no check whose type is not CMD, CMD-SHELL or NONE (it
		// logs "unknown healthcheck type" and leaves the container without
		// one). An exec probe running "HTTP" would never succeed and
		// restart the pod forever, so there is no probe, as on ECS.
		d := t.diags.Warnf(t.pos(p+".command[0]"), "ecs/health-check-form", "health check type %q is not CMD, CMD-SHELL or NONE: Docker ignores such a check, so no probes are emitted", hc.Command[0])
		d.Fix = `write the check as ["CMD-SHELL", "..."] (for example curl -f http://localhost:8080/health), or add an httpGet probe by hand`
		return
	}
	if len(cmd) == 0 || strings.TrimSpace(strings.Join(cmd, "")) == "" {
		t.diags.Errorf(t.pos(p+".command"), "ecs/missing-field", "health check command is empty")
		return
	}
	interval := int32(defaultInterval)
	if hc.Interval != nil {
		interval = int32(*hc.Interval)
	}
	timeout := int32(defaultTimeout)
	if hc.Timeout != nil {
		timeout = int32(*hc.Timeout)
	}
	retries := int32(defaultRetries)
	if hc.Retries != nil {
		retries = int32(*hc.Retries)
	}
	if interval < 1 || timeout < 1 || retries < 1 {
		t.diags.Errorf(t.pos(p), "ecs/invalid-value", "health check interval, timeout and retries must be positive")
		return
	}
	probe := func(failures int32) *corev1.Probe {
		return &corev1.Probe{
			ProbeHandler:     corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: cmd}},
			PeriodSeconds:    interval,
			TimeoutSeconds:   timeout,
			FailureThreshold: failures,
		}
	}
	c.LivenessProbe = probe(retries)
	c.ReadinessProbe = probe(retries)
	if sp := deref(hc.StartPeriod); sp > 0 {
		n := (int32(sp) + interval - 1) / interval
		c.StartupProbe = probe(n + retries)
	}
	// The note that the health check became probes is given by arrange,
	// once it knows the container is not an init container (which cannot
	// have probes).
}
