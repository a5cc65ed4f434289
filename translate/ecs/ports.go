package ecs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/ir"
)

// appProtocols maps ECS application protocols to Service appProtocol values.
var appProtocols = map[string]string{
	"http":  "http",
	"http2": "kubernetes.io/h2c",
	"grpc":  "grpc",
}

// ports translates portMappings into container ports and Service ports.
// Ranges are expanded, names made IANA-valid, protocols upper-cased, and
// host ports left out (the Service exposes the pod).
func (t *tx) ports(i int, cd *ContainerDefinition, c *corev1.Container) {
	cname := deref(cd.Name)
	for j, pm := range cd.PortMappings {
		p := cpath(i, fmt.Sprintf("portMappings[%d]", j))
		proto := corev1.ProtocolTCP
		switch strings.ToLower(deref(pm.Protocol)) {
		case "", "tcp":
		case "udp":
			proto = corev1.ProtocolUDP
		default:
			t.diags.Errorf(t.pos(p+".protocol"), "ecs/invalid-value", "unknown protocol %q (expected tcp or udp)", deref(pm.Protocol))
			continue
		}
		var numbers []int64
		if r := deref(pm.ContainerPortRange); r != "" {
			lo, hi, ok := parseRange(r)
			if !ok {
				t.diags.Errorf(t.pos(p+".containerPortRange"), "ecs/invalid-value", "containerPortRange %q is not of the form FROM-TO within 1-65535", r)
				continue
			}
			for n := lo; n <= hi; n++ {
				numbers = append(numbers, n)
			}
			t.diags.Warnf(t.pos(p+".containerPortRange"), "ecs/port-range", "container %q: port range %s is expanded into %d ports; Kubernetes has no port ranges", cname, r, len(numbers))
		} else if pm.ContainerPort != nil {
			n := *pm.ContainerPort
			if n < 1 || n > 65535 {
				t.diags.Errorf(t.pos(p+".containerPort"), "ecs/invalid-value", "containerPort %d is outside 1-65535", n)
				continue
			}
			numbers = []int64{n}
		} else {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "port mapping has neither containerPort nor containerPortRange")
			continue
		}
		if hp := deref(pm.HostPort); hp != 0 && (len(numbers) != 1 || hp != numbers[0]) {
			t.diags.Warnf(t.pos(p+".hostPort"), "ecs/host-port", "container %q: static host port %d is not carried over; pods are reached through the Service on port %d", cname, hp, numbers[0])
		}
		name := ""
		if n := deref(pm.Name); n != "" && len(numbers) == 1 {
			name = kname.PortName(n)
			if name != n {
				t.diags.Infof(t.pos(p+".name"), "ecs/port-renamed", "port name %q becomes %q (IANA service names have at most 15 characters: a-z, 0-9 and -); references to it by Service Connect or load balancers must use the new name", n, name)
			}
		}
		app := ""
		if ap := deref(pm.AppProtocol); ap != "" {
			var ok bool
			if app, ok = appProtocols[ap]; !ok {
				t.diags.Errorf(t.pos(p+".appProtocol"), "ecs/invalid-value", "unknown appProtocol %q (expected http, http2 or grpc)", ap)
			}
		}
		for _, n := range numbers {
			t.addPort(c, name, int32(n), proto, app, p)
			if last := len(t.w.Ports) - 1; last >= 0 && t.w.Ports[last].Port == int32(n) {
				t.w.Ports[last].SourceName = deref(pm.Name)
			}
		}
	}
}

func (t *tx) addPort(c *corev1.Container, name string, n int32, proto corev1.Protocol, app, p string) {
	for _, sp := range t.w.Ports {
		if sp.Port == n && sp.Protocol == proto {
			t.diags.Warnf(t.pos(p), "ecs/duplicate-port", "port %d/%s is mapped twice in the task; mapped once", n, proto)
			return
		}
	}
	renamed := ""
	for _, sp := range t.w.Ports {
		if name != "" && sp.Name == name {
			renamed, name = name, ""
		}
	}
	cp := corev1.ContainerPort{Name: name, ContainerPort: n, Protocol: proto}
	c.Ports = append(c.Ports, cp)
	sname := name
	if sname == "" {
		// A generated name must not take one the task already uses.
		base := fmt.Sprintf("%s-%d", strings.ToLower(string(proto)), n)
		sname = kname.PortName(base)
		for k := 2; slices.ContainsFunc(t.w.Ports, func(sp ir.Port) bool { return sp.Name == sname }); k++ {
			sname = kname.PortName(fmt.Sprintf("%s-%d", base, k))
		}
	}
	if renamed != "" {
		t.diags.Warnf(t.pos(p+".name"), "ecs/duplicate-port-name", "port name %q is already used by another port; port %d is named %q on the Service instead", renamed, n, sname)
	}
	t.w.Ports = append(t.w.Ports, ir.Port{Container: c.Name, Name: sname, Port: n, TargetPort: n, Protocol: proto, AppProtocol: app, Origin: t.pos(p)})
}

func parseRange(s string) (int64, int64, bool) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	hi, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if err1 != nil || err2 != nil || lo < 1 || hi > 65535 || lo > hi || hi-lo >= 1000 {
		return 0, 0, false
	}
	return lo, hi, true
}
