package cli

import (
	"fmt"
	"io"
	"path"
	"path/filepath"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/udiff"
)

// checkTree compares files with what dir holds, without writing: it prints
// a unified diff of every file a run would add, change or remove (paths
// prefixed with dir, so that patch -p0 applies it from where eksport ran)
// and reports whether the folder is up to date. A hand-written file where
// eksport would write is an error, as it is when writing.
func checkTree(dir string, files *emit.FileSet, force bool, stdout, stderr io.Writer) (upToDate bool, err error) {
	p, err := makePlan(dir, files, force)
	if err != nil {
		return false, err
	}
	if len(p.blocked) > 0 {
		return false, blockedError(dir, p.blocked)
	}
	name := func(rel string) string { return path.Join(filepath.ToSlash(dir), rel) }
	added, changed := 0, 0
	for _, c := range p.write {
		from := name(c.path)
		if c.old == nil {
			added++
			from = "/dev/null"
		} else {
			changed++
		}
		fmt.Fprint(stdout, udiff.Diff(from, c.old, name(c.path), c.new))
	}
	for _, c := range p.remove {
		fmt.Fprint(stdout, udiff.Diff(name(c.path), c.old, "/dev/null", nil))
	}
	if added+changed+len(p.remove) == 0 {
		return true, nil
	}
	fmt.Fprintf(stderr, "eksport: %s is out of date: %d file(s) to add, %d to change, %d to remove; run the same command without --check to update it\n",
		dir, added, changed, len(p.remove))
	return false, nil
}
