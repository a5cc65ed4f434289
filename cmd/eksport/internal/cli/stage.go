package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/emit"
)

// stager writes a run's files into the output folder as the run makes
// them: a file that replaces another under a temporary name beside its
// target, renamed into place only when the whole run has succeeded
// (commit), and a new file in place. abort removes what the run wrote and
// the folders it made, and the output folder is as it was. A batch thus never holds its output in memory. A file equal to
// the one in place is not written at all, and a hand-written file where a
// generated one would go stops the run.
type stager struct {
	dir   string
	force bool
	// keep, when set, names the generated files the run did not make that
	// stay, with their manifest entries (an import that could not read
	// everything, or read only part of what the folder holds).
	keep func(rel string) bool
	// existing are the regular files under dir (outside dot-folders), by
	// slash-separated relative path; manifest is the previous run's.
	existing map[string]bool
	manifest map[string]string
	seq      atomic.Int64

	mu      sync.Mutex
	wanted  map[string]bool
	dup     []string
	staged  []staged
	created []string // new files written in place
	blocked []string
	// headerless lists "digest  path" of the files without the header.
	headerless []string
	known      map[string]bool // folders that exist
	made       []string        // folders this run made, in order

	// behind, when set (writeBehind), takes the files put to be written
	// by its writers while the run goes on; failed holds the first error
	// they met, which put and drain return.
	behind  chan emit.File
	writers sync.WaitGroup
	failed  atomic.Pointer[error]
}

// writeBehind makes put hand each file to n writers and return: a
// run's serial stretches (Kustomize's overlays, written one after
// another once every environment is compared) then overlap their
// computing with the system calls of writing. At most 2n files wait, so
// memory stays bounded; a file's bytes are not changed after put, as the
// in-memory sink of eksport.Translate also keeps them. drain must be
// called before commit or abort.
func (s *stager) writeBehind(n int) {
	s.behind = make(chan emit.File, 2*n)
	for range n {
		s.writers.Go(func() {
			for f := range s.behind {
				if s.failed.Load() != nil {
					continue // the run stops: nothing more is written
				}
				if err := s.stage(f.Path, f.Data); err != nil {
					s.failed.CompareAndSwap(nil, &err)
				}
			}
		})
	}
}

// drain waits for the files handed to the writers and returns the first
// error they met.
func (s *stager) drain() error {
	if s.behind != nil {
		close(s.behind)
		s.writers.Wait()
		s.behind = nil
	}
	if err := s.failed.Load(); err != nil {
		return *err
	}
	return nil
}

type staged struct{ tmp, target string }

func newStager(dir string, force bool) (*stager, error) {
	s := &stager{dir: filepath.Clean(dir), force: force, existing: map[string]bool{}, manifest: map[string]string{},
		wanted: map[string]bool{}, known: map[string]bool{}}
	info, err := os.Stat(s.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, err
	case !info.IsDir():
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	s.known[s.dir] = true
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != s.dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			s.known[p] = true
			return nil
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(s.dir, p)
			s.existing[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if s.existing[manifestName] {
		data, err := os.ReadFile(filepath.Join(s.dir, manifestName))
		if err != nil {
			return nil, err
		}
		s.manifest = readManifest(data)
	}
	return s, nil
}

// put stages one file; several goroutines may call it at once.
func (s *stager) put(f emit.File) error {
	if !safeRel(f.Path) || f.Path == manifestName {
		return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
	}
	s.mu.Lock()
	if s.wanted[f.Path] {
		// Two objects for one file: the run reports the collision.
		s.dup = append(s.dup, f.Path)
		s.mu.Unlock()
		return nil
	}
	s.wanted[f.Path] = true
	if f.Write != nil {
		s.mu.Unlock()
		return s.stageWriter(f.Path, f.Write)
	}
	if !emit.IsGenerated(f.Data) {
		s.headerless = append(s.headerless, digest(f.Data)+"  "+f.Path)
	}
	s.mu.Unlock()
	if s.behind != nil {
		if err := s.failed.Load(); err != nil {
			return *err
		}
		s.behind <- f
		return nil
	}
	return s.stage(f.Path, f.Data)
}

func (s *stager) stage(rel string, data []byte) error {
	target := filepath.Join(s.dir, filepath.FromSlash(rel))
	folder := filepath.Dir(target)
	if !s.existing[rel] {
		// A new file is written in place: nothing is there to keep, and
		// abort removes it. It saves a batch a rename per file.
		if err := s.mkdir(folder); err != nil {
			return err
		}
		switch err := writeNew(target, data); {
		case err == nil:
			s.mu.Lock()
			s.created = append(s.created, target)
			s.mu.Unlock()
			return nil
		case !errors.Is(err, fs.ErrExist):
			return err
		}
		// Something appeared there since the folder was read (or the
		// file system ignores case): treat it as a file that was there.
	}
	switch _, v, err := judge(target, rel, data, s.force, s.manifest); {
	case err != nil:
		return err
	case v == sameFile:
		return nil
	case v == blockedFile:
		s.mu.Lock()
		s.blocked = append(s.blocked, rel)
		s.mu.Unlock()
		return nil
	}
	if err := s.mkdir(folder); err != nil {
		return err
	}
	for {
		tmp := filepath.Join(folder, ".eksport-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatInt(s.seq.Add(1), 10))
		switch err := writeNew(tmp, data); {
		case errors.Is(err, fs.ErrExist):
			continue // a leftover of another run
		case err != nil:
			return err
		}
		s.mu.Lock()
		s.staged = append(s.staged, staged{tmp, target})
		s.mu.Unlock()
		return nil
	}
}

// stageWriter stages a file that writes itself (a batch's checklist, tens
// of megabytes): it is written under a temporary name, compared with the
// file in place without holding either, and renamed at commit.
func (s *stager) stageWriter(rel string, write func(io.Writer) error) error {
	target := filepath.Join(s.dir, filepath.FromSlash(rel))
	folder := filepath.Dir(target)
	if err := s.mkdir(folder); err != nil {
		return err
	}
	var tmp string
	var sum string
	var head []byte
	for {
		tmp = filepath.Join(folder, ".eksport-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatInt(s.seq.Add(1), 10))
		var err error
		sum, head, err = writeNewFrom(tmp, write)
		if errors.Is(err, fs.ErrExist) {
			continue // a leftover of another run
		}
		if err != nil {
			return err
		}
		break
	}
	if !emit.IsGenerated(head) {
		s.mu.Lock()
		s.headerless = append(s.headerless, sum+"  "+rel)
		s.mu.Unlock()
	}
	if _, err := os.Lstat(target); err == nil {
		same, err := sameFiles(tmp, target)
		if err != nil {
			os.Remove(tmp)
			return err
		}
		if same {
			return os.Remove(tmp)
		}
		if !s.force {
			gen, err := generatedFile(rel, target, s.manifest)
			if err != nil || !gen {
				os.Remove(tmp)
				if err != nil {
					return err
				}
				s.mu.Lock()
				s.blocked = append(s.blocked, rel)
				s.mu.Unlock()
				return nil
			}
		}
	}
	s.mu.Lock()
	s.staged = append(s.staged, staged{tmp, target})
	s.mu.Unlock()
	return nil
}

// headSize is how much of a file tells whether it carries the header.
const headSize = 4096

// writeNewFrom writes a file that must not exist yet with write, and
// returns its digest and first bytes; a failed write leaves no file.
func writeNewFrom(target string, write func(io.Writer) error) (sum string, head []byte, err error) {
	file, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", nil, err
	}
	h := sha256.New()
	hw := &headWriter{}
	bw := bufio.NewWriterSize(io.MultiWriter(file, h, hw), 64<<10)
	werr := write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if err := errors.Join(werr, file.Close()); err != nil {
		os.Remove(target)
		return "", nil, fmt.Errorf("writing %s: %v", target, err)
	}
	return hex.EncodeToString(h.Sum(nil)), hw.b, nil
}

// headWriter keeps the first headSize bytes written to it.
type headWriter struct{ b []byte }

func (w *headWriter) Write(p []byte) (int, error) {
	if n := headSize - len(w.b); n > 0 {
		w.b = append(w.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// sameFiles tells whether two files hold the same bytes, reading both a
// piece at a time.
func sameFiles(a, b string) (bool, error) {
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, erra := io.ReadFull(fa, ba)
		nb, errb := io.ReadFull(fb, bb)
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		endA := erra == io.EOF || erra == io.ErrUnexpectedEOF
		endB := errb == io.EOF || errb == io.ErrUnexpectedEOF
		switch {
		case erra != nil && !endA:
			return false, erra
		case errb != nil && !endB:
			return false, errb
		case endA || endB:
			return endA && endB, nil
		}
	}
}

// generatedFile is isGenerated for a file on disk, read a piece at a time.
func generatedFile(rel, path string, manifest map[string]string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	h := sha256.New()
	hw := &headWriter{}
	if _, err := io.Copy(io.MultiWriter(h, hw), f); err != nil {
		return false, err
	}
	if emit.IsGenerated(hw.b) {
		return true, nil
	}
	sum, ok := manifest[rel]
	return ok && sum == hex.EncodeToString(h.Sum(nil)), nil
}

// mkdir makes a folder and its parents, remembering which it made.
func (s *stager) mkdir(dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mkdirLocked(dir)
}

func (s *stager) mkdirLocked(dir string) error {
	if s.known[dir] {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := s.mkdirLocked(parent); err != nil {
			return err
		}
	}
	switch err := os.Mkdir(dir, 0o755); {
	case err == nil:
		s.made = append(s.made, dir)
	case errors.Is(err, fs.ErrExist):
		if info, serr := os.Stat(dir); serr != nil || !info.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
	default:
		return err
	}
	s.known[dir] = true
	return nil
}

// commit renames the staged files into place and removes the generated
// files the run no longer makes, with the folders that leaves empty. A
// hand-written file in the way stops it before anything is renamed.
func (s *stager) commit() error {
	if len(s.dup) > 0 {
		s.abort()
		return fmt.Errorf("internal error: %d file(s) generated twice, first %s", len(s.dup), s.dup[0])
	}
	for rel, sum := range s.manifest {
		if s.existing[rel] && !s.wanted[rel] && s.kept(rel) {
			s.headerless = append(s.headerless, sum+"  "+rel)
		}
	}
	if len(s.headerless) > 0 {
		slices.Sort(s.headerless)
		s.wanted[manifestName] = true
		if err := s.stage(manifestName, manifestData(s.headerless)); err != nil {
			s.abort()
			return err
		}
	}
	if len(s.blocked) > 0 {
		s.abort()
		slices.Sort(s.blocked)
		return blockedError(s.dir, s.blocked)
	}
	// Renaming is most of a batch's writing: on every core.
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(s.staged))
	for range min(4, len(s.staged)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(s.staged); i = int(next.Add(1)) - 1 {
				errs[i] = os.Rename(s.staged[i].tmp, s.staged[i].target)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.abort()
		return err
	}
	var stale []string
	for rel := range s.existing {
		if !s.wanted[rel] && !s.kept(rel) {
			stale = append(stale, rel)
		}
	}
	slices.Sort(stale)
	root := s.dir
	for _, rel := range stale {
		target := filepath.Join(root, filepath.FromSlash(rel))
		data, err := os.ReadFile(target)
		if err != nil {
			return err
		}
		if !isGenerated(rel, data, s.manifest) {
			continue
		}
		if err := os.Remove(target); err != nil {
			return err
		}
		// Folders emptied by the removal go too; the output folder stays.
		for d := filepath.Dir(target); d != root && strings.HasPrefix(d, root); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}

// kept reports whether a file the run did not make stays.
func (s *stager) kept(rel string) bool { return s.keep != nil && s.keep(rel) }

// abort removes what the run staged and the folders it made.
func (s *stager) abort() {
	for _, f := range s.staged {
		os.Remove(f.tmp)
	}
	s.staged = nil
	for _, f := range s.created {
		os.Remove(f)
	}
	s.created = nil
	for i := len(s.made) - 1; i >= 0; i-- {
		os.Remove(s.made[i])
	}
	s.made = nil
}
