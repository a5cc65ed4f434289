package cloudformation

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/source"
)

// renames are CloudFormation property names whose AWS CLI member is not
// the same name in another case.
var renames = map[string]string{
	"ProxyConfigurationProperties": "properties",
	// ECS services and EventBridge's ECS parameters: CloudFormation
	// pluralises the list the CLI names in the singular.
	"PlacementStrategies": "placementStrategy",
	// EventBridge's ECS parameters.
	"TagList": "Tags",
}

// shaper turns an evaluated CloudFormation value into the AWS CLI shape
// of the Go type the ECS front-end decodes: property names take the CLI
// member's spelling (CloudFormation's PascalCase for ECS's camelCase) and
// scalars the CLI's types (CloudFormation passes "512" and "true" as
// strings where the CLI wants numbers and booleans). A property the CLI
// type does not have is handed to extra.
type shaper struct {
	extra func(path string, key, value *yaml.Node)
	// unresolved gets the deploy-time values found where the CLI type
	// wants a number or a boolean, which no token can stand for; the
	// member is left out.
	unresolved func(u Unresolved)
	unres      *table
}

type fieldIndex struct {
	byFold map[string]reflect.StructField
}

var fieldCache sync.Map // reflect.Type → *fieldIndex

func fieldsOf(t reflect.Type) *fieldIndex {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*fieldIndex)
	}
	fi := &fieldIndex{byFold: map[string]reflect.StructField{}}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fi.byFold[strings.ToLower(name)] = f
	}
	fieldCache.Store(t, fi)
	return fi
}

var (
	flexType = reflect.TypeOf(source.FlexString{})
	rawType  = reflect.TypeOf(source.Raw{})
)

func (sh *shaper) shape(n *yaml.Node, t reflect.Type, path string) *yaml.Node {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == rawType:
		return n
	case t == flexType:
		return sh.typed(n)
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		if n.Kind == yaml.ScalarNode {
			// A deploy-time object (Fn::If on an unknown condition, a
			// parameter where an object goes) cannot be a token.
			return sh.typed(n)
		}
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && t.Elem().Kind() != reflect.String {
			return sh.typed(n)
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return n
		}
		fi := fieldsOf(t)
		out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			name := k.Value
			if r, ok := renames[name]; ok {
				name = r
			}
			f, ok := fi.byFold[strings.ToLower(name)]
			if !ok {
				if sh.extra != nil {
					sh.extra(join(path, k.Value), k, v)
				}
				continue
			}
			jn, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			nk := *k
			nk.Value = jn
			if sv := sh.shape(v, f.Type, join(path, k.Value)); !isNoValue(sv) {
				out.Content = append(out.Content, &nk, sv)
			}
		}
		return out
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, tokenPrefix) {
			n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{n}}
		}
		if n.Kind != yaml.SequenceNode {
			return n
		}
		out := *n
		out.Content = make([]*yaml.Node, 0, len(n.Content))
		for i, c := range n.Content {
			if sv := sh.shape(c, t.Elem(), path+"["+strconv.Itoa(i)+"]"); !isNoValue(sv) {
				out.Content = append(out.Content, sv)
			}
		}
		return &out
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return n
		}
		out := *n
		out.Content = make([]*yaml.Node, len(n.Content))
		for i := 0; i+1 < len(n.Content); i += 2 {
			out.Content[i] = n.Content[i]
			out.Content[i+1] = sh.shape(n.Content[i+1], t.Elem(), path+"."+n.Content[i].Value)
		}
		return &out
	}
	if n.Kind != yaml.ScalarNode {
		if t.Kind() == reflect.String && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) {
			// A JSON document the CLI takes as a string (an event
			// pattern): CloudFormation takes it as an object.
			if data, err := json.Marshal(toAny(n)); err == nil {
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(data), Line: n.Line, Column: n.Column}
			}
		}
		return n
	}
	if t.Kind() != reflect.String {
		if v := sh.typed(n); isNoValue(v) {
			return v
		}
	}
	c := *n
	switch t.Kind() {
	case reflect.String:
		if c.Tag != "!!null" {
			c.Tag = "!!str"
		}
	case reflect.Int64, reflect.Int, reflect.Int32:
		if c.Tag == "!!str" {
			if _, err := strconv.ParseInt(strings.TrimSpace(c.Value), 10, 64); err == nil {
				c.Value, c.Tag = strings.TrimSpace(c.Value), "!!int"
			}
		}
	case reflect.Float64:
		if c.Tag == "!!str" {
			if _, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64); err == nil {
				c.Value, c.Tag = strings.TrimSpace(c.Value), "!!float"
			}
		}
	case reflect.Bool:
		if c.Tag == "!!str" {
			switch strings.ToLower(c.Value) {
			case "true":
				c.Value, c.Tag = "true", "!!bool"
			case "false":
				c.Value, c.Tag = "false", "!!bool"
			}
		}
	}
	return &c
}

func join(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

// typed checks a value the CLI wants as a number or a boolean: a
// deploy-time value there is reported at once and the member left out.
func (sh *shaper) typed(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.ScalarNode || !strings.Contains(n.Value, tokenPrefix) {
		return n
	}
	sh.unres.replace(n.Value, func(u Unresolved) string {
		if sh.unresolved != nil {
			sh.unresolved(u)
		}
		return ""
	})
	c := *n
	c.Tag = noValueTag
	return &c
}
