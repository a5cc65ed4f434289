package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/udiff"
)

// checker compares a run's files with what a folder holds as the run makes
// them (eksport.Stream), without writing: it keeps the diff of every
// file a run would add, change or remove (paths prefixed with the folder,
// so that patch -p0 applies it from where eksport ran) and nothing of the
// files that are up to date, so a batch checked in CI holds only what
// changed. A hand-written file where eksport would write is an error, as
// it is when writing.
type checker struct {
	dir   string // as given, for the diff's names
	root  string // cleaned, for reading
	force bool
	// existing are the regular files under the folder (outside
	// dot-folders), by slash-separated relative path; manifest is the
	// previous run's.
	existing map[string]bool
	manifest map[string]string

	mu         sync.Mutex
	wanted     map[string]bool
	dup        []string
	headerless []string // "digest  path" of the files without the header
	blocked    []string
	writes     []fileDiff // files to add or change
	added      int
}

// fileDiff is one file's unified diff.
type fileDiff struct{ path, diff string }

func newChecker(dir string, force bool) (*checker, error) {
	// The stager reads the folder the same way.
	s, err := newStager(dir, force)
	if err != nil {
		return nil, err
	}
	return &checker{dir: dir, root: s.dir, force: force, existing: s.existing, manifest: s.manifest, wanted: map[string]bool{}}, nil
}

func (c *checker) name(rel string) string { return path.Join(filepath.ToSlash(c.dir), rel) }

// put compares one file; several goroutines may call it at once.
func (c *checker) put(f emit.File) error {
	if !safeRel(f.Path) || f.Path == manifestName {
		return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
	}
	if f.Write != nil && c.existing[f.Path] {
		// A file that writes itself is tens of megabytes in a batch:
		// compared with the folder's copy as it is written, and made whole
		// only when it differs.
		same, sum, head, err := sameAsFile(filepath.Join(c.root, filepath.FromSlash(f.Path)), f.Write)
		if err != nil {
			return err
		}
		if same {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.wanted[f.Path] {
				c.dup = append(c.dup, f.Path)
				return nil
			}
			c.wanted[f.Path] = true
			if !emit.IsGenerated(head) {
				c.headerless = append(c.headerless, sum+"  "+f.Path)
			}
			return nil
		}
	}
	data, err := f.Content()
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.wanted[f.Path] {
		c.dup = append(c.dup, f.Path)
		c.mu.Unlock()
		return nil
	}
	c.wanted[f.Path] = true
	if !emit.IsGenerated(data) {
		c.headerless = append(c.headerless, digest(data)+"  "+f.Path)
	}
	c.mu.Unlock()
	return c.compare(f.Path, data)
}

func (c *checker) compare(rel string, data []byte) error {
	var d fileDiff
	if c.existing[rel] {
		old, v, err := judge(filepath.Join(c.root, filepath.FromSlash(rel)), rel, data, c.force, c.manifest)
		switch {
		case err != nil:
			return err
		case v == sameFile:
			return nil
		case v == blockedFile:
			c.mu.Lock()
			c.blocked = append(c.blocked, rel)
			c.mu.Unlock()
			return nil
		}
		d = fileDiff{rel, udiff.Diff(c.name(rel), old, c.name(rel), data)}
	} else {
		d = fileDiff{rel, udiff.Diff("/dev/null", nil, c.name(rel), data)}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, d)
	if !c.existing[rel] {
		c.added++
	}
	return nil
}

// finish compares the manifest and finds the stale generated files once
// the run has made every file, prints the diffs (files to add or change
// by path, then files to remove by path) and reports whether the folder
// is up to date.
func (c *checker) finish(stdout, stderr io.Writer) (upToDate bool, err error) {
	if len(c.dup) > 0 {
		return false, fmt.Errorf("internal error: %d file(s) generated twice, first %s", len(c.dup), c.dup[0])
	}
	if len(c.headerless) > 0 {
		slices.Sort(c.headerless)
		c.wanted[manifestName] = true
		if err := c.compare(manifestName, manifestData(c.headerless)); err != nil {
			return false, err
		}
	}
	if len(c.blocked) > 0 {
		slices.Sort(c.blocked)
		return false, blockedError(c.dir, c.blocked)
	}
	var removes []fileDiff
	for rel := range c.existing {
		if c.wanted[rel] {
			continue
		}
		data, err := readFile(filepath.Join(c.root, filepath.FromSlash(rel)))
		if err != nil {
			return false, err
		}
		if isGenerated(rel, data, c.manifest) {
			removes = append(removes, fileDiff{rel, udiff.Diff(c.name(rel), data, "/dev/null", nil)})
		}
	}
	byPath := func(a, b fileDiff) int { return strings.Compare(a.path, b.path) }
	slices.SortFunc(c.writes, byPath)
	slices.SortFunc(removes, byPath)
	for _, d := range append(c.writes, removes...) {
		fmt.Fprint(stdout, d.diff)
	}
	if len(c.writes)+len(removes) == 0 {
		return true, nil
	}
	fmt.Fprintf(stderr, "eksport: %s is out of date: %d file(s) to add, %d to change, %d to remove; run the same command without --check to update it\n",
		c.dir, c.added, len(c.writes)-c.added, len(removes))
	return false, nil
}

// sameAsFile tells whether write writes exactly what the file holds,
// reading the file as write goes; when it does, it also returns the
// content's digest and first bytes (for the manifest).
func sameAsFile(path string, write func(io.Writer) error) (same bool, sum string, head []byte, err error) {
	file, err := os.Open(path)
	if err != nil {
		return false, "", nil, err
	}
	defer file.Close()
	h := sha256.New()
	hw := &headWriter{}
	cw := &compareWriter{r: bufio.NewReaderSize(file, 64<<10), same: true, also: io.MultiWriter(h, hw)}
	if err := write(cw); err != nil && err != errDiffers {
		return false, "", nil, err
	}
	if !cw.same {
		return false, "", nil, nil
	}
	if _, err := cw.r.ReadByte(); err != io.EOF { // the file must end where write did
		return false, "", nil, nil
	}
	return true, hex.EncodeToString(h.Sum(nil)), hw.b, nil
}

var errDiffers = errors.New("differs")

// compareWriter compares what is written with what r reads, and passes
// what agrees on to also; it stops the writer at the first difference.
type compareWriter struct {
	r    *bufio.Reader
	also io.Writer
	buf  []byte
	same bool
}

func (w *compareWriter) Write(p []byte) (int, error) {
	if !w.same {
		return 0, errDiffers
	}
	if cap(w.buf) < len(p) {
		w.buf = make([]byte, len(p))
	}
	b := w.buf[:len(p)]
	if _, err := io.ReadFull(w.r, b); err != nil || !bytes.Equal(b, p) {
		w.same = false
		return 0, errDiffers
	}
	return w.also.Write(p)
}
