package judge

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

// FieldManager is the server-side apply field manager of judged objects.
const FieldManager = "eksport-judge"

// setupManager owns what the judge creates for itself (namespaces, CRDs).
const setupManager = "eksport-judge-setup"

// Options configure Start.
type Options struct {
	Tools Tools
	// Logf receives progress lines; nil discards them.
	Logf func(format string, args ...any)
	// ReadyTimeout bounds the wait for etcd and /readyz (default 90s).
	ReadyTimeout time.Duration
}

// Server is a running etcd + kube-apiserver pair listening on 127.0.0.1.
type Server struct {
	Dir     string // temporary folder: data, certs, keys, logs
	Host    string // https://127.0.0.1:PORT
	Token   string // bearer token of a system:masters user
	Config  *rest.Config
	Startup time.Duration // from Start to /readyz

	logf       func(string, ...any)
	procs      []*proc // started order: etcd, kube-apiserver
	dyn        dynamic.Interface
	disc       discovery.CachedDiscoveryInterface
	mapper     *restmapper.DeferredDiscoveryRESTMapper
	warnings   *warningRecorder
	namespaces map[string]bool // created by ensureNamespace
	cp         *controlPlane   // nil until StartControlPlane
	stopOnce   sync.Once
	stopErr    error
	keepDir    bool
}

type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// Start launches etcd and kube-apiserver on free loopback ports and waits for
// /readyz. Call Stop when done; the processes also die with the calling
// process on Linux (Pdeathsig).
func Start(ctx context.Context, opts Options) (_ *Server, err error) {
	start := time.Now()
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 90 * time.Second
	}
	removeStaleDirs()
	dir, err := os.MkdirTemp("", "eksport-judge-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, logf: logf, keepDir: os.Getenv("EKSPORT_JUDGE_KEEP") == "1"}
	defer func() {
		if err != nil {
			_ = s.Stop()
		}
	}()
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}

	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	etcdClient := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	etcdPeer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	s.Host = fmt.Sprintf("https://127.0.0.1:%d", ports[2])

	// etcd: loopback only, no fsync (the data is thrown away).
	etcdArgs := []string{
		"--name=judge",
		"--data-dir=" + filepath.Join(dir, "etcd"),
		"--listen-client-urls=" + etcdClient,
		"--advertise-client-urls=" + etcdClient,
		"--listen-peer-urls=" + etcdPeer,
		"--initial-advertise-peer-urls=" + etcdPeer,
		"--initial-cluster=judge=" + etcdPeer,
		"--log-level=warn",
	}
	if help, _ := exec.Command(opts.Tools.Etcd, "--help").CombinedOutput(); bytes.Contains(help, []byte("--unsafe-no-fsync")) {
		etcdArgs = append(etcdArgs, "--unsafe-no-fsync=true") // not in Debian's etcd 3.4
	}
	etcd, err := s.spawn("etcd", opts.Tools.Etcd, etcdArgs...)
	if err != nil {
		return nil, err
	}
	if err := waitHTTP(ctx, etcd, &http.Client{Timeout: 2 * time.Second}, etcdClient+"/health", "", opts.ReadyTimeout); err != nil {
		return nil, fmt.Errorf("etcd did not become healthy: %v\n%s", err, tailFile(etcd.log, 30))
	}

	// Credentials: an admin token and service-account signing keys.
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	s.Token = hex.EncodeToString(tok)
	tokens := fmt.Sprintf("%s,eksport-judge-admin,eksport-judge-admin,\"system:masters\"\n", s.Token)
	if err := os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(tokens), 0o600); err != nil {
		return nil, err
	}
	if err := writeSAKeys(dir); err != nil {
		return nil, err
	}
	certDir := filepath.Join(dir, "certs")

	api, err := s.spawn("kube-apiserver", opts.Tools.KubeAPIServer,
		"--etcd-servers="+etcdClient,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(ports[2]),
		"--cert-dir="+certDir,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+filepath.Join(dir, "sa.pub"),
		"--service-account-signing-key-file="+filepath.Join(dir, "sa.key"),
		"--token-auth-file="+filepath.Join(dir, "tokens.csv"),
		"--authorization-mode=RBAC",
		"--service-cluster-ip-range=10.96.0.0/16",
		// EKS admits privileged containers; so must the judge.
		"--allow-privileged=true",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
		"--v=0",
	)
	if err != nil {
		return nil, err
	}
	probe := &http.Client{Timeout: 2 * time.Second, Transport: insecureTransport()}
	if err := waitHTTP(ctx, api, probe, s.Host+"/readyz", s.Token, opts.ReadyTimeout); err != nil {
		return nil, fmt.Errorf("kube-apiserver did not become ready: %v\n%s", err, tailFile(api.log, 40))
	}

	cfg := &rest.Config{
		Host:        s.Host,
		BearerToken: s.Token,
		QPS:         500,
		Burst:       1000,
		Timeout:     60 * time.Second,
	}
	if ca := filepath.Join(certDir, "apiserver.crt"); fileExists(ca) {
		cfg.TLSClientConfig.CAFile = ca
	} else {
		cfg.TLSClientConfig.Insecure = true
	}
	s.warnings = &warningRecorder{}
	cfg.WarningHandler = s.warnings
	s.Config = cfg
	if s.dyn, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	s.disc = memory.NewMemCacheClient(dc)
	s.mapper = restmapper.NewDeferredDiscoveryRESTMapper(s.disc)
	if _, err := dc.ServerVersion(); err != nil {
		return nil, fmt.Errorf("kube-apiserver version (TLS setup?): %v", err)
	}
	s.Startup = time.Since(start)
	logf("judge: etcd + kube-apiserver ready at %s in %s (dir %s)", s.Host, s.Startup.Round(time.Millisecond), dir)
	return s, nil
}

// Stop kills kube-apiserver and etcd (SIGTERM, then SIGKILL after a few
// seconds) and removes the temporary folder. It is safe to call twice.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		for i := len(s.procs) - 1; i >= 0; i-- {
			p := s.procs[i]
			killGroup(p.cmd.Process.Pid, syscall.SIGTERM)
			select {
			case <-p.done:
			case <-time.After(5 * time.Second):
				killGroup(p.cmd.Process.Pid, syscall.SIGKILL)
				<-p.done
			}
		}
		if s.keepDir {
			s.logf("judge: keeping %s (EKSPORT_JUDGE_KEEP=1)", s.Dir)
			return
		}
		if s.Dir != "" {
			s.stopErr = os.RemoveAll(s.Dir)
		}
	})
	return s.stopErr
}

// Logs returns the last lines of both servers' logs, for failure reports.
func (s *Server) Logs(lines int) string {
	var b strings.Builder
	for _, p := range s.procs {
		fmt.Fprintf(&b, "--- %s (%s)\n%s\n", p.name, p.log, tailFile(p.log, lines))
	}
	return b.String()
}

func (s *Server) spawn(name, bin string, args ...string) (*proc, error) {
	logPath := filepath.Join(s.Dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = s.Dir
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = sysProcAttr()
	// A clean environment: no proxies or kubeconfig leaking in.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.Dir, "TMPDIR=" + s.Dir}
	if err := startOnLockedThread(cmd); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	s.procs = append(s.procs, p)
	return p, nil
}

// insecureTransport is only for readiness probes, before a serving
// certificate exists (kube-apiserver) or of self-signed ones on loopback
// (kube-controller-manager, kube-scheduler); API clients verify the
// API server's certificate.
func insecureTransport() *http.Transport {
	return &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec
}

// waitHTTP polls url until it answers 200, the process exits, or timeout.
func waitHTTP(ctx context.Context, p *proc, c *http.Client, url, token string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last string
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited: %v", p.name, p.err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s; last answer: %s", timeout, last)
		}
	}
}

// freePorts reserves n distinct loopback ports by listening, then releases
// them all at once (the window for a race is small).
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func writeSAKeys(dir string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	if err := os.WriteFile(filepath.Join(dir, "sa.key"), priv, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sa.pub"), pub, 0o644)
}

// removeStaleDirs deletes temporary folders left by judge runs whose process
// is gone (a killed test binary cannot clean up; its servers died with it).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "eksport-judge-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			_ = os.RemoveAll(d)
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// warningRecorder collects API warnings; Apply drains it after each request.
type warningRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warningRecorder) HandleWarningHeader(code int, agent, text string) {
	if code != 299 || text == "" {
		return
	}
	w.mu.Lock()
	w.msgs = append(w.msgs, text)
	w.mu.Unlock()
}

func (w *warningRecorder) drain() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	m := w.msgs
	w.msgs = nil
	return m
}

// Linux sends Pdeathsig when the *thread* that forked the child exits, not
// the process; Go may retire threads (goroutines that exit while locked to
// one). So every server is started from one goroutine locked to a thread that
// lives as long as the process.
var (
	spawnOnce sync.Once
	spawnCh   chan spawnReq
)

type spawnReq struct {
	cmd  *exec.Cmd
	done chan error
}

func startOnLockedThread(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnCh = make(chan spawnReq)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread outlives every child
			for r := range spawnCh {
				r.done <- r.cmd.Start()
			}
		}()
	})
	done := make(chan error, 1)
	spawnCh <- spawnReq{cmd, done}
	return <-done
}
