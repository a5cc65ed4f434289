package ecs

import (
	"testing"
)

// TestWindowsImageIsTheExpression: the words checked before the
// expression never turn a match away, ASCII or not (the expression's
// case folding matches ſ for s and K for k).
func TestWindowsImageIsTheExpression(t *testing.T) {
	images := []string{
		"", "nginx:1.25", "public.ecr.aws/nginx/nginx:latest", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1",
		"mcr.microsoft.com/windows/servercore:ltsc2022", "MCR.Microsoft.COM/Windows/ServerCore:LTSC2019",
		"mcr.microsoft.com/powershell:lts-nanoserver-1809", "mcr.microsoft.com/powershell:7.4-windowsserver-ltsc2022",
		"mcr.microsoft.com/powershell:7.4-ubuntu-22.04", "mcr.microsoft.com/dotnet/aspnet:8.0",
		"mcr.microsoft.com/dotnet/framework/aspnet:4.8", "example.com/app:1.0-ltsc2022", "example.com/app-LTSC2025",
		"example.com/app:ltsc20", "example.com/nanoserver-tools", "example.com/SERVERCORE", "example.com/dotnet/Framework",
		"example.com/ſervercore", "example.com/nanoſerver", "mcr.microſoft.com/windows", "example.com/ltſc2022",
		"example.com/servercore\u00e9", "\u212a8s/servercore", "ltsc2022", ":ltsc2022", "-ltsc2099", "_ltsc2022",
	}
	for _, img := range images {
		if got, want := windowsImage(img), windowsImageRE.MatchString(img); got != want {
			t.Errorf("windowsImage(%q) = %v, the expression says %v", img, got, want)
		}
	}
}

// TestAnyWindowsSign: anyWindowsSign is true exactly where windowsSigns
// lists a Windows sign.
func TestAnyWindowsSign(t *testing.T) {
	s := func(v string) *string { return &v }
	linux := ContainerDefinition{Image: s("nginx:1.25"), WorkingDirectory: s("/app"), Command: []string{"/bin/sh"},
		MountPoints: []MountPoint{{ContainerPath: s("/data")}}}
	var cases []*TaskDefinition
	cases = append(cases, &TaskDefinition{}, &TaskDefinition{ContainerDefinitions: []ContainerDefinition{linux}})
	for _, change := range []func(*ContainerDefinition){
		func(c *ContainerDefinition) { c.Image = s("mcr.microsoft.com/windows/servercore:ltsc2022") },
		func(c *ContainerDefinition) { c.Image = s("example.com/app:1.0-ltsc2022") },
		func(c *ContainerDefinition) { c.WorkingDirectory = s(`C:\app`) },
		func(c *ContainerDefinition) { c.MountPoints = []MountPoint{{ContainerPath: s(`D:/logs`)}} },
		func(c *ContainerDefinition) {
			c.MountPoints = []MountPoint{{ContainerPath: s(`\\.\pipe\docker_engine`)}}
		},
		func(c *ContainerDefinition) { c.EntryPoint = []string{"powershell.exe", "-Command"} },
		func(c *ContainerDefinition) { c.Command = []string{`C:\app\run.exe`} },
		func(c *ContainerDefinition) { c.Command = []string{"cmd", "/c"} },
		func(c *ContainerDefinition) { c.Command = []string{"start.ps1"} },
		func(c *ContainerDefinition) { c.Command = []string{"/bin/sh", "C:\\x.exe"} },
		func(c *ContainerDefinition) { c.EntryPoint = []string{} },
	} {
		c := linux
		change(&c)
		cases = append(cases, &TaskDefinition{ContainerDefinitions: []ContainerDefinition{linux, c}})
	}
	for _, path := range []string{`E:\data`, `\\.\pipe\x`, "/var/data", ""} {
		cases = append(cases, &TaskDefinition{ContainerDefinitions: []ContainerDefinition{linux},
			Volumes: []Volume{{}, {Host: &HostVolumeProperties{SourcePath: s(path)}}}})
	}
	wins := 0
	for i, td := range cases {
		win, _ := windowsSigns(td)
		if got, want := anyWindowsSign(td), len(win) > 0; got != want {
			t.Errorf("case %d: anyWindowsSign = %v, windowsSigns lists %q", i, got, win)
		}
		if len(win) > 0 {
			wins++
		}
	}
	if wins < 10 {
		t.Errorf("only %d cases have a Windows sign", wins)
	}
}
