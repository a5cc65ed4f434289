package ecs

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/internal/kname"
)

// safeSysctls are the sysctls kubelet allows without --allowed-unsafe-sysctls.
var safeSysctls = []string{
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ping_group_range",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_rmem", // since Kubernetes 1.32
	"net.ipv4.tcp_syncookies",
	"net.ipv4.tcp_wmem", // since Kubernetes 1.32
}

// sysctlName and searchDomain are the Pod API's rules for sysctl names and
// DNS search domains.
var (
	sysctlName   = regexp.MustCompile(`^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`)
	searchDomain = regexp.MustCompile(`^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$`)
)

// maxNameservers is the Pod API's limit, which is also glibc's MAXNS.
const maxNameservers = 3

// podLevel gathers the container settings that Kubernetes holds once per
// pod: sysctls, DNS, /etc/hosts entries, the hostname, the stop timeout and
// Docker labels. Where containers disagree, the first wins and the rest are
// reported.
func (t *tx) podLevel(i int, cd *ContainerDefinition) {
	if t.windows && len(cd.SystemControls) > 0 {
		t.linuxOnly(cpath(i, "systemControls"), "systemControls")
	}
	for j, sc := range cd.SystemControls {
		if t.windows {
			break
		}
		p := cpath(i, fmt.Sprintf("systemControls[%d]", j))
		key, val := deref(sc.Namespace), deref(sc.Value)
		if key == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "system control has no namespace (the sysctl name)")
			continue
		}
		if !sysctlName.MatchString(key) {
			t.diags.Errorf(t.pos(p+".namespace"), "ecs/invalid-value", "%q is not a sysctl name (such as net.ipv4.tcp_keepalive_time)", key)
			continue
		}
		if t.spec.HostNetwork && strings.HasPrefix(key, "net.") {
			t.diags.Warnf(t.pos(p), "ecs/sysctl-host-network", "sysctl %s cannot be set with host networking: it would change the node's own value (Docker refuses it too); dropped", key)
			continue
		}
		dup := false
		for _, s := range t.sysctls {
			if s.Name == key {
				dup = true
				if s.Value != val {
					t.diags.Warnf(t.pos(p), "ecs/sysctl-conflict", "sysctl %s is set to %q and %q in different containers; pods have one value, %q is kept", key, s.Value, val, s.Value)
				}
			}
		}
		if dup {
			continue
		}
		t.sysctls = append(t.sysctls, corev1.Sysctl{Name: key, Value: val})
		if !slices.Contains(safeSysctls, key) {
			t.diags.Warnf(t.pos(p), "ecs/unsafe-sysctl", "sysctl %s is not in Kubernetes' safe set: nodes must allow it with kubelet --allowed-unsafe-sysctls (impossible on EKS Fargate)", key)
		}
	}
	for j, h := range cd.ExtraHosts {
		p := cpath(i, fmt.Sprintf("extraHosts[%d]", j))
		ip, host := deref(h.IpAddress), deref(h.Hostname)
		if ip == "" || host == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "extra host needs both hostname and ipAddress")
			continue
		}
		if ip == "host-gateway" {
			t.diags.Warnf(t.pos(p+".ipAddress"), "ecs/extra-host-gateway", "host-gateway (Docker's name for the host's address) has no pod equivalent; %s is not added to /etc/hosts: use the node's address from the downward API (status.hostIP) instead", host)
			continue
		}
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			t.diags.Errorf(t.pos(p+".ipAddress"), "ecs/invalid-value", "%q is not an IP address", ip)
			continue
		}
		// Host names are case-insensitive; the Pod API wants them lower-case.
		if lower := strings.ToLower(host); len(validation.IsDNS1123Subdomain(lower)) > 0 {
			t.diags.Errorf(t.pos(p+".hostname"), "ecs/invalid-value", "%q is not a valid host name (letters, digits, '-' and '.')", host)
			continue
		} else {
			host = lower
		}
		t.addHostAlias(addr.String(), host)
	}
	if len(cd.DnsServers) > 0 || len(cd.DnsSearchDomains) > 0 {
		hadServers := t.spec.DNSConfig != nil && len(t.spec.DNSConfig.Nameservers) > 0
		if t.spec.DNSConfig == nil {
			t.spec.DNSConfig = &corev1.PodDNSConfig{}
		}
		for j, s := range cd.DnsServers {
			if _, err := netip.ParseAddr(s); err != nil {
				t.diags.Errorf(t.pos(cpath(i, fmt.Sprintf("dnsServers[%d]", j))), "ecs/invalid-value", "DNS server %q is not an IP address", s)
				continue
			}
			if slices.Contains(t.spec.DNSConfig.Nameservers, s) {
				continue
			}
			if len(t.spec.DNSConfig.Nameservers) == maxNameservers {
				t.diags.Warnf(t.pos(cpath(i, fmt.Sprintf("dnsServers[%d]", j))), "ecs/dns-servers-limit", "a pod has at most %d DNS servers (the resolver reads no more on ECS either); %s is dropped", maxNameservers, s)
				continue
			}
			t.spec.DNSConfig.Nameservers = append(t.spec.DNSConfig.Nameservers, s)
		}
		for j, s := range cd.DnsSearchDomains {
			// Domain names are case-insensitive; the Pod API wants them
			// lower-case, without the trailing dot.
			s = strings.TrimSuffix(strings.ToLower(s), ".")
			if !searchDomain.MatchString(s) {
				t.diags.Errorf(t.pos(cpath(i, fmt.Sprintf("dnsSearchDomains[%d]", j))), "ecs/invalid-value", "DNS search domain %q is not a domain name", cd.DnsSearchDomains[j])
				continue
			}
			if !slices.Contains(t.spec.DNSConfig.Searches, s) {
				t.spec.DNSConfig.Searches = append(t.spec.DNSConfig.Searches, s)
			}
		}
		if len(cd.DnsServers) > 0 && !hadServers {
			t.spec.DNSPolicy = corev1.DNSNone
			t.diags.Warnf(t.pos(cpath(i, "dnsServers")), "ecs/dns-servers", "DNS servers replace cluster DNS for the whole pod (dnsPolicy: None): Service names no longer resolve inside it")
		}
		if len(t.td.ContainerDefinitions) > 1 {
			t.diags.Infof(t.pos(cpath(i, "")), "ecs/dns-pod-level", "DNS settings apply to every container of the pod")
		}
	}
	if hn := deref(cd.Hostname); hn != "" {
		label := kname.Label(hn)
		switch {
		case t.spec.Hostname == "":
			t.spec.Hostname = label
			if label != hn {
				t.diags.Warnf(t.pos(cpath(i, "hostname")), "ecs/hostname", "hostname %q becomes %q (a DNS label)", hn, label)
			}
		case t.spec.Hostname != label:
			t.diags.Warnf(t.pos(cpath(i, "hostname")), "ecs/hostname", "pods have one hostname; %q is kept and %q dropped", t.spec.Hostname, hn)
		}
	}
	if st := cd.StopTimeout; st != nil {
		if *st < 0 {
			t.diags.Errorf(t.pos(cpath(i, "stopTimeout")), "ecs/invalid-value", "stopTimeout must not be negative")
		} else if t.spec.TerminationGracePeriodSeconds == nil || *t.spec.TerminationGracePeriodSeconds < *st {
			t.spec.TerminationGracePeriodSeconds = ptr(*st)
		}
	}
	keys := slices.AppendSeq(make([]string, 0, len(cd.DockerLabels)), maps.Keys(cd.DockerLabels))
	slices.Sort(keys)
	for _, k := range keys {
		v := cd.DockerLabels[k]
		p := cpath(i, "dockerLabels."+k)
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			t.diags.Warnf(t.pos(p), "ecs/docker-label-invalid", "Docker label %q is not a valid annotation key; dropped", k)
			continue
		}
		if t.annotations == nil {
			t.annotations = map[string]string{}
		}
		if old, ok := t.annotations[k]; ok && old != v {
			t.diags.Warnf(t.pos(p), "ecs/docker-label-conflict", "Docker label %q differs between containers; the first value is kept", k)
			continue
		}
		t.annotations[k] = v
	}
	if len(cd.DockerLabels) > 0 {
		t.diags.Infof(t.pos(cpath(i, "dockerLabels")), "ecs/docker-labels", "Docker labels become pod annotations (Kubernetes has no container labels)")
	}
}

func (t *tx) addHostAlias(ip, host string) {
	for k := range t.hostAliases {
		if t.hostAliases[k].IP == ip {
			if !slices.Contains(t.hostAliases[k].Hostnames, host) {
				t.hostAliases[k].Hostnames = append(t.hostAliases[k].Hostnames, host)
			}
			return
		}
	}
	t.hostAliases = append(t.hostAliases, corev1.HostAlias{IP: ip, Hostnames: []string{host}})
}

// logging reports what replaces the container's log driver: stdout and
// stderr go to kubelet's files and a cluster agent ships them.
func (t *tx) logging(i int, cd *ContainerDefinition) {
	name := deref(cd.Name)
	if fl := cd.FirelensConfiguration; fl != nil {
		t.diags.Warnf(t.pos(cpath(i, "firelensConfiguration")), "ecs/firelens", "container %q is a FireLens %s log router; it is kept as a container, but on EKS logs are usually shipped by a node-level agent (Fluent Bit DaemonSet or the CloudWatch Observability add-on) and this container can go", name, deref(fl.Type))
	}
	lc := cd.LogConfiguration
	if lc == nil {
		return
	}
	driver := deref(lc.LogDriver)
	where := ""
	if g := lc.Options["awslogs-group"]; g != "" {
		where = fmt.Sprintf(" (log group %s)", g)
	}
	switch driver {
	case "awslogs":
		t.diags.Warnf(t.pos(cpath(i, "logConfiguration")), "ecs/log-driver", "container %q logs to CloudWatch through awslogs%s; on EKS, container output goes to the node and needs Fluent Bit or the CloudWatch Observability add-on to reach CloudWatch", name, where)
	case "awsfirelens":
		t.diags.Warnf(t.pos(cpath(i, "logConfiguration")), "ecs/log-driver", "container %q routes logs through FireLens (output %s); configure the same output in the cluster's Fluent Bit", name, lc.Options["Name"])
	case "":
		t.diags.Errorf(t.pos(cpath(i, "logConfiguration")), "ecs/missing-field", "log configuration has no logDriver")
	default:
		t.diags.Warnf(t.pos(cpath(i, "logConfiguration")), "ecs/log-driver", "container %q uses the %s log driver; Kubernetes has no per-container log driver, ship the logs with a node-level agent", name, driver)
	}
}
