//go:build linux

package judge

import "syscall"

// sysProcAttr puts each server in its own process group (so Stop can kill
// the whole group) and has Linux kill it when the test process dies, even by
// SIGKILL.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killGroup(pid int, sig syscall.Signal) { _ = syscall.Kill(-pid, sig) }
