// Package raw is the plain-YAML emitter: one file per object, named
// <name>-<kind>.yaml, each starting with the generated-file header.
package raw

import (
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
