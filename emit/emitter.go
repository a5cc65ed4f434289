package emit

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

// FileUser is implemented by an Emitter that may not use the file content
// Object gets (Kustomize with environments keeps the text of each
// object's value instead, until Finish, and the file only of the objects
// of the environment whose values its base holds): when UsesFiles(env)
// reports false, a run passes nil for env's objects rather than make
// their manifests for nothing.
type FileUser interface {
	UsesFiles(env string) bool
}
