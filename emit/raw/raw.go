// Package raw is the plain-YAML emitter: one file per object, named
// <name>-<kind>.yaml, each starting with the generated-file header.
package raw

import (
	"errors"
	"fmt"
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
// files: each file's content goes, as it comes, to an emit.Store (a
// temporary file removed from its folder as soon as it is open, so that
// nothing is left behind whatever ends the run), and only where each one
// lies is kept. Finish reads the files back one at a time, in install
// order. Close lets go of the store; a run closes its emitter on every
// path. Where the store can make no file, the files are held in memory.
type Ordered struct {
	// Dir is the folder of the store's file (the system's temporary
	// folder when empty).
	Dir string

	mu     sync.Mutex
	store  *emit.Store
	at     map[string]emit.Held // by environment and object ID
	closed bool
}

// Object hands o's file content to the store.
func (r *Ordered) Object(env string, _ bool, o emit.Object, file []byte, _ emit.Put) error {
	key := env + "\x00" + o.ID()
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return errClosed
	}
	if r.store == nil {
		r.store, r.at = &emit.Store{Dir: r.Dir}, map[string]emit.Held{}
	}
	store := r.store
	r.mu.Unlock()
	h := store.Hold(file)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errClosed
	}
	r.at[key] = h
	return nil
}

// Finish hands over every file in install order, as Emitter would name
// them; each file's objects are identities.
func (r *Ordered) Finish(envs []emit.Env, put emit.Put) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errClosed
	}
	for _, e := range envs {
		prefix := ""
		if e.Name != "" {
			prefix = e.Name + "/"
		}
		byNS := emit.SpansNamespaces(e.Objects)
		for _, o := range e.Objects {
			key := e.Name + "\x00" + o.ID()
			h, ok := r.at[key]
			if !ok {
				continue
			}
			delete(r.at, key)
			data, err := h.Bytes()
			if err != nil {
				return fmt.Errorf("standard output: %w", err)
			}
			if err := put(emit.File{Path: prefix + emit.FileName(o, byNS), Data: data, Objects: []emit.Object{o}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes the store, whose file goes with it, and forgets what was
// kept. It may be called more than once.
func (r *Ordered) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	err := r.store.Close()
	r.store, r.at = nil, nil
	return err
}

var errClosed = errors.New("the stream's emitter is closed")
