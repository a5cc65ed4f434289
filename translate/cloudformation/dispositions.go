package cloudformation

import (
	"strings"

	"github.com/eksport/eksport/translate/ecs"
)

// Row is the disposition of one property of a resource type.
type Row struct {
	// Path is the property, dotted for members of an object property.
	Path string
	Disp ecs.Disposition
	// Why says what becomes of it, in a few words.
	Why string
}

// viaCLI is the Why of the properties that become the member of the same
// name in the AWS CLI shape; the ECS front-end's tables give their
// disposition.
const viaCLI = "as the AWS CLI member of the same name (see the ECS tables)"

// Dispositions lists, for every resource type eksport reads, every
// top-level property: translated through the CLI shape (T, with the ECS
// front-end's own row), or handled here.
var Dispositions = map[string][]Row{}

// rowIndex indexes Dispositions by type and path.
var rowIndex map[string]map[string]*Row

func lookupRow(typ, path string) (*Row, bool) {
	if rowIndex == nil {
		rowIndex = map[string]map[string]*Row{}
		for t, rows := range Dispositions {
			m := map[string]*Row{}
			for i := range rows {
				m[rows[i].Path] = &rows[i]
			}
			rowIndex[t] = m
		}
	}
	m := rowIndex[typ]
	for p := path; ; {
		if r, ok := m[p]; ok {
			return r, true
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return nil, false
		}
		p = p[:i]
	}
}
