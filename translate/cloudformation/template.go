package cloudformation

import (
	"maps"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// Detect reports whether a parsed document is a CloudFormation template:
// AWSTemplateFormatVersion, or Resources whose entries have a Type.
func Detect(doc *source.Doc) bool {
	root := doc.Root
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	if child(root, "AWSTemplateFormatVersion") != nil {
		return true
	}
	res := child(root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return isFragment(root)
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		if strings.HasPrefix(res.Content[i].Value, "Fn::ForEach::") {
			return true
		}
		if t := child(res.Content[i+1], "Type"); t != nil && t.Kind == yaml.ScalarNode && strings.Contains(t.Value, "::") {
			return true
		}
	}
	return false
}

// isFragment recognises a fragment of a template's Resources on its own
// (as Copilot's and other tools' test data keep them): logical IDs
// mapping to {Type: AWS::..., Properties: ...}.
func isFragment(root *yaml.Node) bool {
	if child(root, "Resources") != nil || child(root, "AWSTemplateFormatVersion") != nil {
		return false
	}
	for i := 1; i < len(root.Content); i += 2 {
		if t := child(root.Content[i], "Type"); t != nil && t.Kind == yaml.ScalarNode && strings.HasPrefix(t.Value, "AWS::") {
			return true
		}
	}
	return false
}

// param is a template parameter with its value, if it has one.
type param struct {
	name    string
	key     *yaml.Node // the parameter's name in Parameters
	typ     string
	value   *yaml.Node // nil: no value
	given   bool       // value came from an override, not the default
	noEcho  bool
	allowed []string
}

// resource is one entry of Resources.
type resource struct {
	id    string
	key   *yaml.Node
	node  *yaml.Node
	typ   string
	props *yaml.Node // nil when absent
	cond  string
	// evaluated properties, filled on demand (nil until then).
	visiting bool
	// nested is the included template of an AWS::CloudFormation::Stack.
	nested *stack
}

// stack is one template of the run with the values it is evaluated with.
type stack struct {
	run      *run
	file     string
	doc      *source.Doc
	name     string // stack name, "" when unknown
	params   map[string]*param
	mappings *yaml.Node
	conds    map[string]*yaml.Node
	condVal  map[string]int8 // 1 true, 2 false, 3 being evaluated, 4 unknown
	res      map[string]*resource
	order    []*resource
	outputs  *yaml.Node
	langExt  bool
	// fragment is a Resources section on its own: the names it does not
	// declare belong to the template it was cut from.
	fragment bool
	// vars are the loop variables of Fn::ForEach being expanded.
	vars map[string]*yaml.Node
	// parent is the stack of the AWS::CloudFormation::Stack resource that
	// includes this one, nil for a top-level template.
	parent *stack
	// prefix starts the names eksport gives the resources of a nested
	// stack that the template leaves unnamed (the nested stack
	// resources' logical IDs), so that two nested stacks from one
	// template do not collide; includedAt is the resource that includes it.
	prefix     string
	includedAt diag.Pos
	// budget bounds the nodes evaluation may make.
	budget int
}

func (s *stack) pos(n *yaml.Node, p string) diag.Pos { return s.doc.Pos(n, p) }

func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func childKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

// shortForms are the YAML tags that stand for intrinsic functions.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And",
	"!Or": "Fn::Or", "!Not": "Fn::Not", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
	"!Base64": "Fn::Base64", "!GetAZs": "Fn::GetAZs", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
	"!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
}

// normalize rewrites the short-form tags of a YAML template into the long
// forms (in place), so that evaluation sees one form. Unknown local tags
// are reported.
func normalize(n *yaml.Node, doc *source.Doc, diags *diag.List, depth int) {
	if n == nil || depth > source.MaxDepth {
		return
	}
	for i, c := range n.Content {
		if c.Kind == yaml.AliasNode {
			continue
		}
		normalize(c, doc, diags, depth+1)
		if !strings.HasPrefix(c.Tag, "!") || strings.HasPrefix(c.Tag, "!!") {
			continue
		}
		long, ok := shortForms[c.Tag]
		if !ok {
			diags.Errorf(doc.Pos(c, ""), "cloudformation/unknown-tag", "unknown tag %s; CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, !Select, !Split, !If, !Equals, !And, !Or, !Not, !FindInMap, !ImportValue, !Base64, !GetAZs, !Cidr and !Condition", c.Tag)
			c.Tag = "!!str"
			continue
		}
		arg := *c
		switch arg.Kind {
		case yaml.ScalarNode:
			arg.Tag = "!!str"
		case yaml.SequenceNode:
			arg.Tag = "!!seq"
		case yaml.MappingNode:
			arg.Tag = "!!map"
		}
		arg.Style &^= yaml.TaggedStyle
		if long == "Fn::GetAtt" && arg.Kind == yaml.ScalarNode {
			res, attr, _ := strings.Cut(arg.Value, ".")
			a := arg
			a.Value = res
			b := arg
			b.Value = attr
			b.Column += len(res) + 1
			arg = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: c.Line, Column: c.Column, Content: []*yaml.Node{&a, &b}}
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: long, Line: c.Line, Column: c.Column}
		n.Content[i] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: c.Line, Column: c.Column, Content: []*yaml.Node{key, &arg}}
	}
}

// load reads the sections of a template.
func (r *run) load(doc *source.Doc, name string) *stack {
	s := &stack{run: r, file: doc.File, doc: doc, name: name, params: map[string]*param{}, conds: map[string]*yaml.Node{},
		condVal: map[string]int8{}, res: map[string]*resource{}, budget: maxNodes}
	root := doc.Root
	if !doc.JSON {
		normalize(root, doc, r.diags, 0)
	}
	s.transforms(child(root, "Transform"), childKey(root, "Transform"))
	if p := child(root, "Parameters"); p != nil && p.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(p.Content); i += 2 {
			k, v := p.Content[i], p.Content[i+1]
			pr := &param{name: k.Value, key: k}
			if t := child(v, "Type"); t != nil {
				pr.typ = t.Value
			}
			if d := child(v, "Default"); d != nil {
				pr.value = d
			}
			if ne := child(v, "NoEcho"); ne != nil && strings.EqualFold(ne.Value, "true") {
				pr.noEcho = true
			}
			if av := child(v, "AllowedValues"); av != nil && av.Kind == yaml.SequenceNode {
				for _, a := range av.Content {
					pr.allowed = append(pr.allowed, a.Value)
				}
			}
			s.params[k.Value] = pr
		}
	}
	s.mappings = child(root, "Mappings")
	if c := child(root, "Conditions"); c != nil && c.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(c.Content); i += 2 {
			s.conds[c.Content[i].Value] = c.Content[i+1]
		}
	}
	res := child(root, "Resources")
	if isFragment(root) {
		s.fragment, res = true, root
		r.diags.Warnf(s.pos(root, ""), "cloudformation/fragment", "the file holds resources without a template around them; what they name outside the file (parameters, other resources) has no value")
	}
	if res != nil && res.Kind == yaml.MappingNode {
		if s.langExt {
			res = s.expandForEach(res, "Resources")
		}
		for i := 0; i+1 < len(res.Content); i += 2 {
			k, v := res.Content[i], res.Content[i+1]
			rs := &resource{id: k.Value, key: k, node: v}
			if t := child(v, "Type"); t != nil {
				rs.typ = t.Value
			}
			rs.props = child(v, "Properties")
			if c := child(v, "Condition"); c != nil {
				rs.cond = c.Value
			}
			if _, dup := s.res[rs.id]; dup {
				r.diags.Errorf(s.pos(k, "Resources."+rs.id), "cloudformation/duplicate-resource", "resource %s is defined twice", rs.id)
				continue
			}
			s.res[rs.id] = rs
			s.order = append(s.order, rs)
		}
	} else {
		r.diags.Errorf(s.pos(root, "Resources"), "cloudformation/no-resources", "the template has no Resources section")
	}
	s.outputs = child(root, "Outputs")
	for i := 0; i+1 < len(root.Content) && !s.fragment; i += 2 {
		k := root.Content[i]
		switch k.Value {
		case "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Transform", "Resources", "Outputs":
		case "Rules":
			r.diags.Infof(s.pos(k, k.Value), "cloudformation/rules-not-checked", "Rules are assertions CloudFormation checks on the parameters when the stack is made; eksport does not check them")
		default:
			r.diags.Warnf(s.pos(k, k.Value), "cloudformation/unknown-section", "%s is not a section of a CloudFormation template; ignored", k.Value)
		}
	}
	return s
}

// transforms handles the Transform section: AWS::LanguageExtensions is
// applied; other transforms (SAM, macros) run in CloudFormation only.
func (s *stack) transforms(t, key *yaml.Node) {
	if t == nil {
		return
	}
	var names []*yaml.Node
	if t.Kind == yaml.SequenceNode {
		names = t.Content
	} else {
		names = []*yaml.Node{t}
	}
	for _, n := range names {
		switch {
		case n.Value == "AWS::LanguageExtensions":
			s.langExt = true
		case strings.HasPrefix(n.Value, "AWS::Serverless"):
			s.run.diags.Warnf(s.pos(n, "Transform"), "cloudformation/transform", "transform %s (SAM) is applied by CloudFormation at deploy time; eksport reads the template as written: its AWS::Serverless::* resources are out of scope and whatever the transform adds is missing", n.Value)
		default:
			s.run.diags.Warnf(s.pos(n, "Transform"), "cloudformation/transform", "transform %s is a macro that runs in CloudFormation at deploy time; eksport reads the template as written, without what the macro adds or changes", n.Value)
		}
	}
}

// templateStem is a template's file name without its extensions
// ("web.stack.yml" → "web").
func templateStem(file string) string {
	b := path.Base(file)
	for _, ext := range []string{".json", ".yaml", ".yml", ".template", ".stack", ".params", ".parameters"} {
		b = strings.TrimSuffix(b, ext)
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	return keys
}
