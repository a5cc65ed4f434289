// Package raw is the plain-YAML emitter: one file per object, named
// <name>-<kind>.yaml, each starting with the generated-file header.
package raw

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/eksport/eksport/emit"
)

// Emit returns one file per object, in object order. When objects span
// several namespaces each namespace gets its own folder, so that equal names
// in different namespaces never share a file.
func Emit(objs []emit.Object) (*emit.FileSet, error) {
	return emit1(objs, "", emit.SpansNamespaces(objs))
}

// EmitEnvs writes each environment's objects in a folder of its own,
// named after the environment, laid out as Emit lays out one run. A single
// environment without a name is Emit.
func EmitEnvs(envs []emit.Env) (*emit.FileSet, error) {
	if len(envs) == 1 && envs[0].Name == "" {
		return Emit(envs[0].Objects)
	}
	out := &emit.FileSet{}
	for _, e := range envs {
		fs, err := emit1(e.Objects, e.Name+"/", emit.SpansNamespaces(e.Objects))
		if err != nil {
			return nil, err
		}
		out.Files = append(out.Files, fs.Files...)
	}
	return out, nil
}

func emit1(objs []emit.Object, prefix string, byNamespace bool) (*emit.FileSet, error) {
	fs := &emit.FileSet{}
	bodies, err := emit.MarshalAll(objs)
	if err != nil {
		return nil, err
	}
	for i, o := range objs {
		fs.Add(emit.File{
			Path:    prefix + emit.FileName(o, byNamespace),
			Data:    append([]byte(emit.Header), bodies[i]...),
			Objects: []emit.Object{o},
		})
	}
	return fs, nil
}

// FileName is where an object goes (see emit.FileName).
func FileName(o emit.Object, byNamespace bool) string {
	return emit.FileName(o, byNamespace)
}

// Emitter writes each object's file as it comes: the raw layout needs
// nothing of the other objects.
type Emitter struct{}

// Object writes o's file, in the environment's folder when it has one.
func (Emitter) Object(env string, byNamespace bool, o emit.Object, file []byte, put emit.Put) error {
	prefix := ""
	if env != "" {
		prefix = env + "/"
	}
	return put(emit.File{Path: prefix + emit.FileName(o, byNamespace), Data: file, Objects: []emit.Object{o}})
}

// Finish has nothing left to write.
func (Emitter) Finish([]emit.Env, emit.Put) error { return nil }

// Ordered is the raw layout for one stream (standard output), which takes
// the files in install order. It holds neither the objects nor their
// files: each file's content is appended, as it comes, to a spill file
// (a temporary file removed from its folder as soon as it is open, so
// that nothing is left behind whatever ends the run), and only where
// each one lies is kept. Finish reads the files back one at a time, in
// install order. Close lets go of the spill file; a run closes its
// emitter on every path. Where no temporary file can be made, the files
// are held in memory, as they were before the spill file.
type Ordered struct {
	// Dir is the folder of the spill file (the system's temporary
	// folder when empty).
	Dir string

	mu     sync.Mutex
	spill  *os.File
	w      *bufio.Writer
	size   int64
	err    error
	tried  bool
	at     map[string]span   // by environment and object ID: in the spill file
	memory map[string][]byte // by environment and object ID: without a spill file
}

// span is where a file's content lies in the spill file.
type span struct{ off, n int64 }

// Object appends o's file content to the spill file.
func (r *Ordered) Object(env string, _ bool, o emit.Object, file []byte, _ emit.Put) error {
	key := env + "\x00" + o.ID()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	if !r.tried {
		r.tried = true
		r.at = map[string]span{}
		if f, err := spillFile(r.Dir); err == nil {
			r.spill, r.w = f, bufio.NewWriterSize(f, 256<<10)
		} else {
			r.memory = map[string][]byte{}
		}
	}
	if r.spill == nil {
		r.memory[key] = file
		return nil
	}
	if _, err := r.w.Write(file); err != nil {
		r.err = fmt.Errorf("writing the spill file of standard output: %w", err)
		return r.err
	}
	r.at[key] = span{r.size, int64(len(file))}
	r.size += int64(len(file))
	return nil
}

// spillFile makes a temporary file in dir and removes its name: the file
// lives as long as it is open.
func spillFile(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "eksport-stdout-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// content returns the file content kept under key, and whether there is
// one.
func (r *Ordered) content(key string) ([]byte, bool, error) {
	if r.spill == nil {
		data, ok := r.memory[key]
		delete(r.memory, key)
		return data, ok, nil
	}
	at, ok := r.at[key]
	if !ok {
		return nil, false, nil
	}
	delete(r.at, key)
	data := make([]byte, at.n)
	if _, err := r.spill.ReadAt(data, at.off); err != nil {
		return nil, false, fmt.Errorf("reading the spill file of standard output: %w", err)
	}
	return data, true, nil
}

// Finish hands over every file in install order, as Emitter would name
// them; each file's objects are identities.
func (r *Ordered) Finish(envs []emit.Env, put emit.Put) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	if r.w != nil {
		if err := r.w.Flush(); err != nil {
			return fmt.Errorf("writing the spill file of standard output: %w", err)
		}
	}
	for _, e := range envs {
		prefix := ""
		if e.Name != "" {
			prefix = e.Name + "/"
		}
		byNS := emit.SpansNamespaces(e.Objects)
		for _, o := range e.Objects {
			data, ok, err := r.content(e.Name + "\x00" + o.ID())
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if err := put(emit.File{Path: prefix + emit.FileName(o, byNS), Data: data, Objects: []emit.Object{o}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes the spill file, which goes with it, and forgets what was
// kept. It may be called more than once.
func (r *Ordered) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	if r.spill != nil {
		err = r.spill.Close()
	}
	r.spill, r.w, r.at, r.memory = nil, nil, nil, nil
	if r.err == nil {
		r.err = errClosed
	}
	return err
}

var errClosed = errors.New("the stream's emitter is closed")
