package ecs

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"
)

// Windows task definitions often leave runtimePlatform out (it only became
// required for Fargate), and ECS places them by the container instances'
// AMI. Their containers say Windows all the same: images built on
// Windows base images, C:\ paths, PowerShell or cmd commands, named
// pipes. Without a node selector such a pod lands on a Linux node and
// never pulls.

var (
	windowsImageRE = regexp.MustCompile(`(?i)(mcr\.microsoft\.com/(windows|powershell:.*(nanoserver|windowsserver))|servercore|nanoserver|dotnet/framework|windowsservercore|[:-]ltsc20[0-9][0-9])`)
	driveRE        = regexp.MustCompile(`^[A-Za-z]:[\\/]`)
	windowsCmdRE   = regexp.MustCompile(`(?i)^(powershell(\.exe)?|pwsh(\.exe)?|cmd(\.exe)?|[A-Za-z]:\\.*)$|\.ps1$|\.exe$`)
)

// windowsSigns lists what in a task definition without an operating
// system family says Windows, and what says Linux.
func windowsSigns(td *TaskDefinition) (win, linux []string) {
	for i, cd := range td.ContainerDefinitions {
		p := func(rest string) string { return cpath(i, rest) }
		if img := deref(cd.Image); windowsImage(img) {
			win = append(win, fmt.Sprintf("%s is a Windows image (%s)", p("image"), img))
		}
		for j, m := range cd.MountPoints {
			path := deref(m.ContainerPath)
			switch {
			case driveRE.MatchString(path):
				win = append(win, fmt.Sprintf("%s is a Windows path (%s)", p(fmt.Sprintf("mountPoints[%d].containerPath", j)), path))
			case strings.HasPrefix(path, `\\.\pipe\`):
				win = append(win, fmt.Sprintf("%s is a named pipe (%s)", p(fmt.Sprintf("mountPoints[%d].containerPath", j)), path))
			case strings.HasPrefix(path, "/"):
				linux = append(linux, fmt.Sprintf("%s is a Unix path (%s)", p(fmt.Sprintf("mountPoints[%d].containerPath", j)), path))
			}
		}
		if wd := deref(cd.WorkingDirectory); driveRE.MatchString(wd) {
			win = append(win, fmt.Sprintf("%s is a Windows path (%s)", p("workingDirectory"), wd))
		} else if strings.HasPrefix(wd, "/") {
			linux = append(linux, fmt.Sprintf("%s is a Unix path (%s)", p("workingDirectory"), wd))
		}
		for _, f := range []struct {
			name string
			argv []string
		}{{"entryPoint", cd.EntryPoint}, {"command", cd.Command}} {
			if len(f.argv) == 0 {
				continue
			}
			switch first := f.argv[0]; {
			case windowsCmdRE.MatchString(first):
				win = append(win, fmt.Sprintf("%s runs %s", p(f.name), first))
			case strings.HasPrefix(first, "/"):
				linux = append(linux, fmt.Sprintf("%s runs %s", p(f.name), first))
			}
		}
		if cd.LinuxParameters != nil {
			linux = append(linux, p("linuxParameters")+" is set")
		}
	}
	for i, v := range td.Volumes {
		if v.Host == nil {
			continue
		}
		path := deref(v.Host.SourcePath)
		switch {
		case driveRE.MatchString(path) || strings.HasPrefix(path, `\\.\pipe\`):
			win = append(win, fmt.Sprintf("volumes[%d].host.sourcePath is a Windows path (%s)", i, path))
		case strings.HasPrefix(path, "/"):
			linux = append(linux, fmt.Sprintf("volumes[%d].host.sourcePath is a Unix path (%s)", i, path))
		}
	}
	return win, linux
}

// windowsImageWords are the texts one of which every match of
// windowsImageRE holds, in ASCII lower case.
var windowsImageWords = []string{"mcr.microsoft.com/", "servercore", "nanoserver", "dotnet/framework", "ltsc20"}

// windowsImage is windowsImageRE.MatchString, without running the
// expression on an ASCII name that holds none of the words it needs
// (every image of a batch of Linux services). A name with other bytes
// goes to the expression, whose case folding knows more than ASCII.
func windowsImage(img string) bool {
	for i := range len(img) {
		if img[i] >= utf8.RuneSelf {
			return windowsImageRE.MatchString(img)
		}
	}
	lower := strings.ToLower(img)
	for _, w := range windowsImageWords {
		if strings.Contains(lower, w) {
			return windowsImageRE.MatchString(img)
		}
	}
	return false
}

// anyWindowsSign tells whether windowsSigns finds a Windows sign, without
// writing what it finds.
func anyWindowsSign(td *TaskDefinition) bool {
	for _, cd := range td.ContainerDefinitions {
		if windowsImage(deref(cd.Image)) || driveRE.MatchString(deref(cd.WorkingDirectory)) {
			return true
		}
		for _, m := range cd.MountPoints {
			if path := deref(m.ContainerPath); driveRE.MatchString(path) || strings.HasPrefix(path, `\\.\pipe\`) {
				return true
			}
		}
		for _, argv := range [][]string{cd.EntryPoint, cd.Command} {
			if len(argv) > 0 && windowsCmdRE.MatchString(argv[0]) {
				return true
			}
		}
	}
	for _, v := range td.Volumes {
		if v.Host == nil {
			continue
		}
		if path := deref(v.Host.SourcePath); driveRE.MatchString(path) || strings.HasPrefix(path, `\\.\pipe\`) {
			return true
		}
	}
	return false
}

// inferWindows runs when the task definition names no operating system
// family: Windows signs with no Linux sign against them select Windows
// nodes, with a warning; signs that disagree are reported and select
// nothing.
func (t *tx) inferWindows() {
	if rp := t.td.RuntimePlatform; rp != nil && deref(rp.OperatingSystemFamily) != "" {
		return
	}
	if !anyWindowsSign(t.td) {
		// Most task definitions: nothing to list.
		return
	}
	win, linux := windowsSigns(t.td)
	if len(win) == 0 {
		return
	}
	if len(linux) > 0 {
		d := t.diags.Warnf(t.pos(""), "ecs/windows-signs-conflict", "the task definition names no operating system family, and its containers say both Windows and Linux; no operating system is selected, so the pod may land on either")
		d.Notes = append(append([]string{}, prefixAll("Windows: ", win)...), prefixAll("Linux: ", linux)...)
		d.Fix = "set runtimePlatform.operatingSystemFamily"
		return
	}
	t.windows = true
	t.nodeSelector("kubernetes.io/os", "windows")
	t.spec.OS = &corev1.PodOS{Name: corev1.Windows}
	d := t.diags.Warnf(t.pos(""), "ecs/windows-inferred", "the task definition names no operating system family, but its containers say Windows: the pod selects Windows nodes (kubernetes.io/os: windows), which need a Windows node group; EKS Fargate does not run Windows pods")
	d.Notes = win
	d.Fix = "set runtimePlatform.operatingSystemFamily (for example WINDOWS_SERVER_2022_CORE), which also selects the Windows build"
}

func prefixAll(prefix string, l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = prefix + s
	}
	return out
}
