package emit

import "sync"

// Put receives one generated file. It may be called from several
// goroutines at once, and must not keep f.Data or f.Objects past its
// return if a run is to stay small.
type Put func(f File) error

// Emitter writes one output layout. A run hands it each object as the
// object is made, and calls Finish once every object of every environment
// is made and checked; Finish writes what needs all of them (a
// kustomization's resources, a chart's values). A run whose inputs have an
// error never calls Finish, and throws away what Object put.
type Emitter interface {
	// Object takes one object of environment env ("" in a run without
	// environments) with the content of its manifest file (the header
	// and the object), from any goroutine; byNamespace tells whether the
	// environment's objects span namespaces (FileName).
	Object(env string, byNamespace bool, o Object, file []byte, put Put) error
	// Finish gets every environment's objects in install order, in the
	// order of the environments, as identities (Value nil).
	Finish(envs []Env, put Put) error
}

// Held is the part of an emitter that needs every object before it can
// write one: it keeps each object Object gives it, and Objects puts them
// back in the order Finish gets.
type Held struct {
	mu   sync.Mutex
	objs map[string]map[string]Object // by environment, by ID
}

// Object keeps o.
func (h *Held) Object(env string, _ bool, o Object, _ []byte, _ Put) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.objs == nil {
		h.objs = map[string]map[string]Object{}
	}
	if h.objs[env] == nil {
		h.objs[env] = map[string]Object{}
	}
	h.objs[env][o.ID()] = o
	return nil
}

// Objects returns envs with each identity replaced by the object kept
// for it, and lets the objects go.
func (h *Held) Objects(envs []Env) []Env {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Env, len(envs))
	for i, e := range envs {
		out[i] = Env{Name: e.Name, Objects: make([]Object, len(e.Objects))}
		for j, id := range e.Objects {
			out[i].Objects[j] = h.objs[e.Name][id.ID()]
		}
	}
	h.objs = nil
	return out
}
