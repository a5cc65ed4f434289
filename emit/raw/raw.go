// Package raw is the plain-YAML emitter: one file per object, named
// <name>-<kind>.yaml, each starting with the generated-file header.
package raw

import (
	"strings"

	"github.com/eksport/eksport/emit"
)

// Emit returns one file per object, in object order. When objects span
// several namespaces each namespace gets its own folder, so that equal names
// in different namespaces never share a file.
func Emit(objs []emit.Object) (*emit.FileSet, error) {
	namespaces := map[string]bool{}
	for _, o := range objs {
		if o.Namespace != "" {
			namespaces[o.Namespace] = true
		}
	}
	fs := &emit.FileSet{}
	for _, o := range objs {
		body, err := emit.Marshal(o)
		if err != nil {
			return nil, err
		}
		fs.Add(emit.File{
			Path:    FileName(o, len(namespaces) > 1),
			Data:    append([]byte(emit.Header), body...),
			Objects: []emit.Object{o},
		})
	}
	return fs, nil
}

// FileName is where an object goes: web-deployment.yaml, or
// shop/web-deployment.yaml when namespaces are separated.
func FileName(o emit.Object, byNamespace bool) string {
	name := o.Name + "-" + strings.ToLower(o.Kind) + ".yaml"
	if byNamespace {
		ns := o.Namespace
		if ns == "" {
			ns = "_cluster"
		}
		return ns + "/" + name
	}
	return name
}
