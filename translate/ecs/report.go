package ecs

import (
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// reportFields gives every present field whose disposition is dropped,
// rejected, metadata or planned its diagnostic, once at the outermost such
// field (ulimits is reported, not each of its members). Translated fields
// are the translator's business. A present field with no row at all is a
// bug in eksport and reported as an error, so that nothing is ever dropped
// without a word.
func reportFields(in *Input, diags *diag.List) {
	ReportFields(TaskDefinitionTable, in.Dec.Seen, in.Base, diags)
}

// ReportFields reports the present fields of one decoded document against
// a table; base is the path prefix of the shape inside the document.
func ReportFields(table *Table, seen []source.Seen, base string, diags *diag.List) {
	prefix := base + "."
	for _, s := range seen {
		norm := s.Norm
		if base != "" {
			if !strings.HasPrefix(norm, prefix) {
				continue
			}
			norm = norm[len(prefix):]
		}
		f, ok := table.Lookup(norm)
		if !ok {
			diags.Errorf(s.Pos(), "ecs/no-disposition", "field has no disposition in eksport's table (this is a bug in eksport; please report it)")
			continue
		}
		if !generic(f.Disp) || reportedByTranslator[f.Path] {
			continue
		}
		if p, ok := table.Lookup(parentPath(norm)); ok && p.Disp == f.Disp {
			continue
		}
		switch f.Disp {
		case Dropped:
			diags.Warnf(s.Pos(), table.Code(f), "no Kubernetes equivalent; dropped: %s", f.Why)
		case Rejected:
			diags.Errorf(s.Pos(), table.Code(f), "cannot be translated: %s", f.Why)
		case Metadata:
			// The row says what the field is, and whether eksport reads it
			// to link inputs (a revision, a cluster, an ARN).
			diags.Infof(s.Pos(), table.Code(f), "not written to the manifests: %s", f.Why)
		case Planned:
			diags.Warnf(s.Pos(), table.Code(f), "not translated by this version of eksport: %s", f.Why)
		}
	}
}

// reportedByTranslator lists dropped fields that are partly translated, so
// the translator reports exactly what is dropped instead of the generic
// message.
var reportedByTranslator = map[string]bool{
	// "ro" becomes a read-only mount; only the other options are dropped.
	"containerDefinitions[].linuxParameters.tmpfs[].mountOptions[]": true,
	// false is what a pod does anyway; only true is dropped.
	"containerDefinitions[].disableNetworking": true,
	"enableFaultInjection":                     true,
	// Kubernetes has gMSA, which eksport does not set up: the translator
	// says so instead of "no Kubernetes equivalent".
	"containerDefinitions[].credentialSpecs[]": true,
}

// dropped reports a dropped field of the task definition table with the
// generic message, for the fields the translator reports itself.
func (t *tx) dropped(norm, p string) {
	f, ok := TaskDefinitionTable.Lookup(norm)
	if !ok {
		panic("no disposition for " + norm)
	}
	t.diags.Warnf(t.pos(p), TaskDefinitionTable.Code(f), "no Kubernetes equivalent; dropped: %s", f.Why)
}

func generic(d Disposition) bool {
	return d == Dropped || d == Rejected || d == Metadata || d == Planned
}

func parentPath(norm string) string {
	i := strings.LastIndexByte(norm, '.')
	if i < 0 {
		return ""
	}
	return norm[:i]
}
