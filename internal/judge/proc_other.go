//go:build !linux && unix

package judge

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func killGroup(pid int, sig syscall.Signal) { _ = syscall.Kill(-pid, sig) }
