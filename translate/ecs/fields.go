package ecs

import (
	"strings"
)

// Disposition says what eksport does with one input field. Every field path
// of the task definition shape has exactly one (see fields_taskdef.go); a test
// walks the AWS SDK's types so that a field added to the API fails the build
// until somebody decides what it becomes.
type Disposition string

const (
	// Translated: the field becomes the Kubernetes field(s) named in Kube.
	Translated Disposition = "T"
	// TranslatedWarn: translated as closely as Kubernetes allows; the
	// translator warns about the gap described in Why (sometimes only for
	// some values).
	TranslatedWarn Disposition = "TW"
	// Dropped: no Kubernetes equivalent; a warning names the field and Why.
	Dropped Disposition = "D"
	// Rejected: dropping it would silently change behaviour; an error.
	Rejected Disposition = "R"
	// Metadata: only meaningful to ECS (ARNs, revisions, timestamps); noted
	// at info level and ignored.
	Metadata Disposition = "M"
	// Planned: reported with a warning that names what it will become; the
	// translation belongs to a later part of eksport (identity, secrets,
	// storage) and never copies a value into the output meanwhile.
	Planned Disposition = "P"
	// OutOfScope: part of something eksport does not migrate (an
	// EventBridge target that is not an ECS task); the translator notes
	// the whole object once, at info level, and Why says why.
	OutOfScope Disposition = "O"
)

// Field is one row of a disposition table.
type Field struct {
	// Path is the JSON field path relative to the task definition object:
	// "[]" marks list elements, "{}" map values, for example
	// containerDefinitions[].linuxParameters.tmpfs[].size.
	Path string
	Disp Disposition
	// Kube says what the field becomes in Kubernetes, in a few words ("" when
	// nothing). Shown in docs/fields.md.
	Kube string
	// Why is the reason given in diagnostics for D, R, M and P rows, and the
	// semantic gap for TW rows.
	Why string
}

// Code returns the stable diagnostic code used when a field with this row's
// disposition is reported generically, for example ecs/ulimits-dropped.
func (f Field) Code() string { return f.code("ecs") }

func (f Field) code(prefix string) string {
	slug := lastSegment(f.Path)
	switch f.Disp {
	case Dropped:
		return prefix + "/" + slug + "-dropped"
	case Rejected:
		return prefix + "/" + slug + "-unsupported"
	case Metadata:
		return prefix + "/read-only-ignored"
	case Planned:
		return prefix + "/" + slug + "-planned"
	}
	return prefix + "/" + slug
}

// Table is the disposition table of one input shape.
type Table struct {
	// Name is the shape, for messages ("task definition", "service").
	Name string
	// Prefix starts the diagnostic codes of its generic reports ("ecs").
	Prefix string
	Fields []Field
	index  map[string]*Field
}

// NewTable indexes rows by path.
func NewTable(name, prefix string, fields []Field) *Table {
	t := &Table{Name: name, Prefix: prefix, Fields: fields, index: make(map[string]*Field, len(fields))}
	for i := range fields {
		t.index[fields[i].Path] = &fields[i]
	}
	return t
}

// Lookup returns the row for a normalized path.
func (t *Table) Lookup(path string) (*Field, bool) {
	f, ok := t.index[path]
	return f, ok
}

// Code is the diagnostic code of a row's generic report.
func (t *Table) Code(f *Field) string { return f.code(t.Prefix) }

// TaskDefinitionTable holds TaskDefinitionFields.
var TaskDefinitionTable = NewTable("task definition", "ecs", TaskDefinitionFields)

// lastSegment turns containerDefinitions[].ulimits[] into "ulimits" and
// dockerLabels{} into "docker-labels"-free "dockerLabels" lower-cased with
// dashes: "docker-labels".
func lastSegment(path string) string {
	p := strings.TrimRight(path, "[]{}")
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		p = p[i+1:]
	}
	p = strings.TrimRight(p, "[]{}")
	// Words start at an upper-case letter that follows a lower-case one, or
	// that ends a run of capitals: enableECSManagedTags -> enable-ecs-managed-tags.
	r := []rune(p)
	var b strings.Builder
	for i, c := range r {
		upper := c >= 'A' && c <= 'Z'
		if upper && i > 0 {
			prevLower := r[i-1] >= 'a' && r[i-1] <= 'z' || r[i-1] >= '0' && r[i-1] <= '9'
			nextLower := i+1 < len(r) && r[i+1] >= 'a' && r[i+1] <= 'z'
			prevUpper := r[i-1] >= 'A' && r[i-1] <= 'Z'
			if prevLower || (prevUpper && nextLower) {
				b.WriteByte('-')
			}
		}
		if upper {
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// LookupField returns the task definition row for a normalized path
// (indexes replaced by []).
func LookupField(path string) (*Field, bool) {
	return TaskDefinitionTable.Lookup(path)
}
