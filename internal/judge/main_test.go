package judge

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"
)

// One server for the whole test binary, started by the first test that needs
// it and stopped by TestMain, on a signal, or (Linux) by Pdeathsig when the
// binary is killed.
var (
	srvMu      sync.Mutex
	srv        *Server
	srvErr     error
	srvStarted bool
)

func TestMain(m *testing.M) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig := <-sigs
		fmt.Fprintf(os.Stderr, "judge: %v: stopping kube-apiserver and etcd\n", sig)
		stopServer()
		os.Exit(2)
	}()
	code := m.Run()
	stopServer()
	os.Exit(code)
}

func stopServer() {
	srvMu.Lock()
	defer srvMu.Unlock()
	if srv != nil {
		_ = srv.Stop()
		srv = nil
	}
}

// testRoot returns the repository root (EKSPORT_ROOT, default ../..).
func testRoot(t testing.TB) string {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// server returns the shared judge, starting it on first use.
func server(t testing.TB) *Server {
	t.Helper()
	srvMu.Lock()
	defer srvMu.Unlock()
	if !srvStarted {
		srvStarted = true
		root := testRoot(t)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		start := time.Now()
		srv, srvErr = StartWithCRDs(ctx, root, t.Logf)
		if srvErr == nil {
			t.Logf("judge: ready in %s (kube-apiserver startup %s)", time.Since(start).Round(time.Millisecond), srv.Startup.Round(time.Millisecond))
		}
	}
	if srvErr != nil {
		t.Fatalf("judge server: %v", srvErr)
	}
	return srv
}
