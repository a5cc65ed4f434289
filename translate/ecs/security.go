package ecs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var numericUser = regexp.MustCompile(`^(\d+)(?::(\d+))?$`)

// security translates privileges, capabilities, the user and Docker
// security options into the container's securityContext.
func (t *tx) security(i int, cd *ContainerDefinition, c *corev1.Container) {
	sc := &corev1.SecurityContext{}
	set := false
	name := deref(cd.Name)
	if t.windows {
		t.windowsSecurity(i, cd, c)
		return
	}
	if deref(cd.Privileged) {
		sc.Privileged = ptr(true)
		set = true
		t.diags.Warnf(t.pos(cpath(i, "privileged")), "ecs/privileged", "container %q is privileged; it needs a namespace with the privileged Pod Security level and cannot run on EKS Fargate", name)
	}
	if deref(cd.ReadonlyRootFilesystem) {
		sc.ReadOnlyRootFilesystem = ptr(true)
		set = true
	}
	if lp := cd.LinuxParameters; lp != nil {
		if caps := lp.Capabilities; caps != nil && (len(caps.Add) > 0 || len(caps.Drop) > 0) {
			sc.Capabilities = &corev1.Capabilities{}
			for _, a := range caps.Add {
				sc.Capabilities.Add = append(sc.Capabilities.Add, corev1.Capability(strings.TrimPrefix(strings.ToUpper(a), "CAP_")))
			}
			for _, d := range caps.Drop {
				sc.Capabilities.Drop = append(sc.Capabilities.Drop, corev1.Capability(strings.TrimPrefix(strings.ToUpper(d), "CAP_")))
			}
			set = true
		}
		if deref(lp.InitProcessEnabled) {
			t.spec.ShareProcessNamespace = ptr(true)
			t.diags.Warnf(t.pos(cpath(i, "linuxParameters.initProcessEnabled")), "ecs/init-process", "container %q: initProcessEnabled becomes shareProcessNamespace: true, so the pod's pause process reaps zombies; containers of the pod then see each other's processes", name)
		}
	}
	if u := deref(cd.User); u != "" {
		if m := numericUser.FindStringSubmatch(u); m != nil {
			uid, _ := strconv.ParseInt(m[1], 10, 64)
			sc.RunAsUser = &uid
			if m[2] != "" {
				gid, _ := strconv.ParseInt(m[2], 10, 64)
				sc.RunAsGroup = &gid
			}
			if uid != 0 {
				sc.RunAsNonRoot = ptr(true)
			}
			set = true
		} else {
			t.diags.Warnf(t.pos(cpath(i, "user")), "ecs/user-name", "container %q runs as user %q; Kubernetes needs a numeric uid (runAsUser), so the image's default user applies until you set one", name, u)
		}
	}
	for j, spec := range cd.CredentialSpecs {
		f, _ := TaskDefinitionTable.Lookup("containerDefinitions[].credentialSpecs[]")
		t.diags.Warnf(t.pos(cpath(i, fmt.Sprintf("credentialSpecs[%d]", j))), TaskDefinitionTable.Code(f), "%s", gmsaDropped(spec))
	}
	for j, opt := range cd.DockerSecurityOptions {
		p := cpath(i, fmt.Sprintf("dockerSecurityOptions[%d]", j))
		switch {
		case opt == "no-new-privileges" || opt == "no-new-privileges:true":
			sc.AllowPrivilegeEscalation = ptr(false)
			set = true
		case strings.HasPrefix(opt, "apparmor:"):
			prof := strings.TrimPrefix(opt, "apparmor:")
			switch prof {
			case "unconfined":
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
			case "runtime/default", "docker-default":
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
			default:
				sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: ptr(prof)}
				t.diags.Warnf(t.pos(p), "ecs/apparmor-profile", "AppArmor profile %q must be loaded on every node", prof)
			}
			set = true
		case strings.HasPrefix(opt, "label:"):
			if sc.SELinuxOptions == nil {
				sc.SELinuxOptions = &corev1.SELinuxOptions{}
			}
			k, v, _ := strings.Cut(strings.TrimPrefix(opt, "label:"), ":")
			switch k {
			case "user":
				sc.SELinuxOptions.User = v
			case "role":
				sc.SELinuxOptions.Role = v
			case "type":
				sc.SELinuxOptions.Type = v
			case "level":
				sc.SELinuxOptions.Level = v
			default:
				t.diags.Warnf(t.pos(p), "ecs/security-option", "Docker security option %q has no Kubernetes equivalent; dropped", opt)
			}
			set = true
		default:
			t.diags.Warnf(t.pos(p), "ecs/security-option", "Docker security option %q has no Kubernetes equivalent; dropped", opt)
		}
	}
	if sc.SELinuxOptions != nil && *sc.SELinuxOptions == (corev1.SELinuxOptions{}) {
		sc.SELinuxOptions = nil
	}
	if set {
		c.SecurityContext = sc
	}
}

// windowsSecurity translates the security settings of a Windows container:
// the user becomes runAsUserName, and the Linux-only settings, which the API
// server refuses on Windows pods, are reported and dropped.
func (t *tx) windowsSecurity(i int, cd *ContainerDefinition, c *corev1.Container) {
	if u := deref(cd.User); u != "" {
		c.SecurityContext = &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: ptr(u)}}
	}
	if deref(cd.Privileged) {
		t.linuxOnly(cpath(i, "privileged"), "privileged")
	}
	if deref(cd.ReadonlyRootFilesystem) {
		t.linuxOnly(cpath(i, "readonlyRootFilesystem"), "readonlyRootFilesystem")
	}
	for j, spec := range cd.CredentialSpecs {
		f, _ := TaskDefinitionTable.Lookup("containerDefinitions[].credentialSpecs[]")
		t.diags.Warnf(t.pos(cpath(i, fmt.Sprintf("credentialSpecs[%d]", j))), TaskDefinitionTable.Code(f), "%s", gmsaDropped(spec))
	}
	for j, opt := range cd.DockerSecurityOptions {
		p := cpath(i, fmt.Sprintf("dockerSecurityOptions[%d]", j))
		if opt == "no-new-privileges" || opt == "no-new-privileges:true" || strings.HasPrefix(opt, "apparmor:") || strings.HasPrefix(opt, "label:") {
			t.linuxOnly(p, fmt.Sprintf("Docker security option %q", opt))
			continue
		}
		if strings.HasPrefix(opt, "credentialspec:") {
			t.diags.Warnf(t.pos(p), "ecs/credential-spec", "%s", gmsaDropped(strings.TrimPrefix(opt, "credentialspec:")))
			continue
		}
		t.diags.Warnf(t.pos(p), "ecs/security-option", "Docker security option %q has no Kubernetes equivalent; dropped", opt)
	}
}

// gmsaDropped says what a gMSA credential spec needs on Kubernetes, which
// has gMSA but not as a field of the pod alone.
func gmsaDropped(spec string) string {
	return fmt.Sprintf("gMSA credential spec %q is not carried over: Kubernetes runs gMSA through the windows-gmsa admission webhook, a GMSACredentialSpec resource made from the spec and securityContext.windowsOptions.gmsaCredentialSpecName, which eksport does not generate; dropped", spec)
}
