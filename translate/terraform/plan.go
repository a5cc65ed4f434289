package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// IsPlan reports whether data is terraform show -json output, a plan or
// a state: a JSON object that starts with format_version and names the
// Terraform version. It looks at the first bytes only.
func IsPlan(data []byte) bool {
	head := data[:min(len(data), 4096)]
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	return len(t) > 0 && t[0] == '{' && bytes.Contains(head, []byte(`"format_version"`)) && bytes.Contains(head, []byte(`"terraform_version"`))
}

// planResource is one resource instance of a plan or state.
type planResource struct {
	res    *tfjson.StateResource
	module string // "" or "module.x."
	node   *yaml.Node
	values *yaml.Node
	cfg    *tfjson.ConfigResource
	change *tfjson.Change
	obj    *obj
	state  int // 1 building, 2 built
}

// plan reads one plan or state file.
type plan struct {
	r         *run
	name      string
	byAddr    map[string]*planResource // full address, with index
	byConfig  map[string][]*planResource
	resources []*planResource
	region    cty.Value
	account   cty.Value
}

// Plan reads a plan or state file (terraform show -json): the planned
// values, or the state's values, of the root module and its child
// modules. Values the plan knows only after apply become unresolved,
// except references to an attribute eksport can know (an ARN made of a
// name, the account and the region).
func Plan(name string, data []byte, opts Options) (Result, diag.List) {
	r := newRun(nil, opts)
	at := diag.Pos{File: name, Line: 1, Col: 1}
	docs, d := source.Parse(name, data)
	for i := range d {
		if d[i].Code == "source/too-large" {
			// A plan is one document that cannot be cut in two.
			d[i].Fix = "plan a part of the configuration at a time (terraform plan -target=module.NAME -out=part.tfplan, then terraform show -json part.tfplan), or convert the module folder itself"
		}
	}
	if d.HasErrors() || len(docs) != 1 {
		return Result{}, d
	}
	var probe struct {
		PlannedValues json.RawMessage `json:"planned_values"`
	}
	_ = json.Unmarshal(data, &probe)
	var values *tfjson.StateValues
	var cfg *tfjson.Config
	changes := map[string]*tfjson.Change{}
	valuesKey := "values"
	if probe.PlannedValues != nil {
		var p tfjson.Plan
		p.UseJSONNumber(true)
		if err := json.Unmarshal(data, &p); err != nil {
			r.diags.Errorf(at, "terraform/plan", "not a Terraform plan eksport can read: %v", err)
			return Result{}, r.diags
		}
		if err := p.Validate(); err != nil {
			r.diags.Errorf(at, "terraform/plan", "not a Terraform plan eksport can read: %v", err)
			return Result{}, r.diags
		}
		values, cfg, valuesKey = p.PlannedValues, p.Config, "planned_values"
		for _, rc := range p.ResourceChanges {
			if rc != nil && rc.Change != nil {
				changes[rc.Address] = rc.Change
			}
		}
	} else {
		var s tfjson.State
		s.UseJSONNumber(true)
		if err := json.Unmarshal(data, &s); err != nil {
			r.diags.Errorf(at, "terraform/plan", "not a Terraform state eksport can read: %v", err)
			return Result{}, r.diags
		}
		if err := s.Validate(); err != nil {
			r.diags.Errorf(at, "terraform/plan", "not a Terraform state eksport can read: %v", err)
			return Result{}, r.diags
		}
		values = s.Values
	}
	if values == nil || values.RootModule == nil {
		r.diags.Warnf(at, "terraform/plan-empty", "the %s holds no resources", strings.ReplaceAll(valuesKey, "_", " "))
		return Result{}, r.diags
	}
	pl := &plan{r: r, name: name, byAddr: map[string]*planResource{}, byConfig: map[string][]*planResource{}}
	root := docs[0].Root
	var walk func(m *tfjson.StateModule, node *yaml.Node, cm *tfjson.ConfigModule, prefix string)
	walk = func(m *tfjson.StateModule, node *yaml.Node, cm *tfjson.ConfigModule, prefix string) {
		resNodes := childNode(node, "resources")
		for i, res := range m.Resources {
			if res == nil {
				continue
			}
			pr := &planResource{res: res, module: prefix}
			if resNodes != nil && i < len(resNodes.Content) {
				pr.node = resNodes.Content[i]
				pr.values = childNode(pr.node, "values")
			}
			if cm != nil {
				for _, c := range cm.Resources {
					if c.Mode == res.Mode && c.Type == res.Type && c.Name == res.Name {
						pr.cfg = c
					}
				}
			}
			pr.change = changes[res.Address]
			pl.byAddr[res.Address] = pr
			key := prefix + string(res.Mode) + "." + res.Type + "." + res.Name
			pl.byConfig[key] = append(pl.byConfig[key], pr)
			pl.resources = append(pl.resources, pr)
		}
		childNodes := childNode(node, "child_modules")
		for j, c := range m.ChildModules {
			if c == nil {
				continue
			}
			var cn *yaml.Node
			if childNodes != nil && j < len(childNodes.Content) {
				cn = childNodes.Content[j]
			}
			var ccm *tfjson.ConfigModule
			callName := strings.TrimPrefix(c.Address, strings.TrimSuffix(prefix, "."))
			callName = strings.TrimPrefix(strings.TrimPrefix(callName, "."), "module.")
			if k := strings.IndexByte(callName, '['); k >= 0 {
				callName = callName[:k]
			}
			if cm != nil && cm.ModuleCalls[callName] != nil {
				ccm = cm.ModuleCalls[callName].Module
			}
			walk(c, cn, ccm, c.Address+".")
		}
	}
	var rootCfg *tfjson.ConfigModule
	if cfg != nil {
		rootCfg = cfg.RootModule
	}
	walk(values.RootModule, childNode(childNode(root, valuesKey), "root_module"), rootCfg, "")
	pl.providerInfo(cfg)
	types := map[string]bool{}
	for _, pr := range pl.resources {
		if pr.res.Mode != tfjson.ManagedResourceMode {
			continue
		}
		t := tables[pr.res.Type]
		if t == nil {
			if !types[pr.res.Type] {
				types[pr.res.Type] = true
				r.diags.Infof(pl.pos(pr.node), "terraform/out-of-scope", "resource type %s is out of scope: it does not describe how a workload runs; not translated", pr.res.Type)
			}
			continue
		}
		o := pl.build(pr)
		n := &nodes{r: r, addr: pr.res.Address, arn: func() (cty.Value, bool) {
			a := o.attrs["arn"]
			if a == nil || a.v.IsNull() {
				return cty.NilVal, false
			}
			return a.v, true
		}}
		n.check(t, o, "", pr.res.Type)
		if t.build == nil {
			continue
		}
		if rootNode := t.build(n, o); rootNode != nil {
			r.newDoc(o.rng, rootNode)
		}
	}
	r.finishNames()
	return Result{Docs: r.docs, Unresolved: r.unresolved && docsHoldTokens(r.docs)}, r.diags
}

func childNode(n *yaml.Node, key string) *yaml.Node {
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

func (pl *plan) rng(n *yaml.Node) hcl.Range {
	p := hcl.Pos{Line: 1, Column: 1}
	if n != nil {
		p = hcl.Pos{Line: n.Line, Column: n.Column}
	}
	return hcl.Range{Filename: pl.name, Start: p, End: p}
}

func (pl *plan) pos(n *yaml.Node) diag.Pos { return rangePos(pl.rng(n)) }

// providerInfo finds the region (the aws provider's constant region, the
// configuration's, or an aws_region data source) and the account (the
// configuration's, or an aws_caller_identity data source).
func (pl *plan) providerInfo(cfg *tfjson.Config) {
	r := pl.r
	if r.opts.Region != "" {
		pl.region = cty.StringVal(r.opts.Region)
	}
	if pl.region == cty.NilVal && cfg != nil && cfg.ProviderConfigs["aws"] != nil {
		if e := cfg.ProviderConfigs["aws"].Expressions["region"]; e != nil && e.ExpressionData != nil {
			if s, ok := e.ConstantValue.(string); ok && s != "" {
				pl.region = cty.StringVal(s)
			}
		}
	}
	if r.opts.AccountID != "" {
		pl.account = cty.StringVal(r.opts.AccountID)
	}
	for _, pr := range pl.resources {
		if pr.res.Mode != tfjson.DataResourceMode {
			continue
		}
		if s, ok := pr.res.AttributeValues["account_id"].(string); ok && pr.res.Type == "aws_caller_identity" && pl.account == cty.NilVal {
			pl.account = cty.StringVal(s)
		}
		if pr.res.Type == "aws_region" && pl.region == cty.NilVal {
			for _, k := range []string{"region", "name"} {
				if s, ok := pr.res.AttributeValues[k].(string); ok && s != "" {
					pl.region = cty.StringVal(s)
					break
				}
			}
		}
	}
	if pl.region == cty.NilVal {
		pl.region = r.token(ir.Unresolved{Name: "provider.aws.region", Pos: diag.Pos{File: pl.name, Line: 1, Col: 1}, How: "set region in the configuration file"})
	}
	if pl.account == cty.NilVal {
		pl.account = r.token(ir.Unresolved{Name: "the AWS account id", Pos: diag.Pos{File: pl.name, Line: 1, Col: 1}, How: "set cluster.accountId in the configuration file"})
	}
}

// build makes the obj of a resource instance, once: its values, each at
// its place in the file, and its unknown values resolved through the
// configuration's references where eksport can know them.
func (pl *plan) build(pr *planResource) *obj {
	switch pr.state {
	case 2:
		return pr.obj
	case 1:
		return &obj{attrs: map[string]*val{}, blocks: map[string][]*obj{}, rng: pl.rng(pr.node)}
	}
	pr.state = 1
	o := &obj{attrs: map[string]*val{}, blocks: map[string][]*obj{}, rng: pl.rng(pr.node)}
	var unknown map[string]any
	if pr.change != nil {
		unknown, _ = pr.change.AfterUnknown.(map[string]any)
	}
	var exprs map[string]*tfjson.Expression
	if pr.cfg != nil {
		exprs = pr.cfg.Expressions
	}
	keys := make([]string, 0, len(pr.res.AttributeValues)+len(unknown))
	for k := range pr.res.AttributeValues {
		keys = append(keys, k)
	}
	for k := range unknown {
		if _, ok := pr.res.AttributeValues[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if pr.cfg != nil && exprs[k] == nil {
			// The configuration does not set it: a provider default or
			// a value AWS computes, which the module form and the CLI
			// form leave out too.
			continue
		}
		node := childNode(pr.values, k)
		rng := pl.rng(node)
		if node == nil {
			rng = o.rng
		}
		v := pl.value(pr, pr.res.AttributeValues[k], unknown[k], exprs[k], k, rng)
		if unset(v) {
			continue
		}
		o.attrs[k] = &val{v: v, rng: rng}
	}
	// ARNs and ids that are unknown until apply but that eksport can
	// make, as references to them see them.
	for k, v := range pl.r.computedAttrs(pr.res.Type, pr.res.Address, o, o.rng, pl.region, pl.account) {
		if a := o.attrs[k]; a == nil || isToken(a.v) || !a.v.IsKnown() {
			o.attrs[k] = &val{v: v, rng: o.rng}
		}
	}
	pr.obj, pr.state = o, 2
	return o
}

// value converts a JSON value of the plan, with its after_unknown part
// and its configuration expression.
func (pl *plan) value(pr *planResource, v, unknown any, expr *tfjson.Expression, path string, rng hcl.Range) cty.Value {
	if b, ok := unknown.(bool); ok && b {
		if expr != nil && expr.ExpressionData != nil {
			if rv, ok := pl.reference(pr, expr.References); ok {
				return rv
			}
		}
		return pl.r.token(ir.Unresolved{Name: pr.res.Address + "." + path, Pos: rangePos(rng),
			How: "it is known after terraform apply: convert the state (terraform show -json after apply), or give the value in the configuration"})
	}
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case string:
		return cty.StringVal(x)
	case bool:
		return cty.BoolVal(x)
	case json.Number:
		n, err := cty.ParseNumberVal(string(x))
		if err != nil {
			return cty.StringVal(string(x))
		}
		return n
	case float64:
		return cty.NumberFloatVal(x)
	case []any:
		unk, _ := unknown.([]any)
		vals := make([]cty.Value, len(x))
		for i, e := range x {
			var u any
			if i < len(unk) {
				u = unk[i]
			}
			var sub *tfjson.Expression
			if expr != nil && expr.ExpressionData != nil && i < len(expr.NestedBlocks) {
				sub = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{NestedBlocks: []map[string]*tfjson.Expression{expr.NestedBlocks[i]}}}
			}
			vals[i] = pl.value(pr, e, u, sub, fmt.Sprintf("%s[%d]", path, i), rng)
		}
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case map[string]any:
		unk, _ := unknown.(map[string]any)
		attrs := map[string]cty.Value{}
		var nested map[string]*tfjson.Expression
		if expr != nil && expr.ExpressionData != nil && len(expr.NestedBlocks) == 1 {
			nested = expr.NestedBlocks[0]
		}
		for k, e := range x {
			if v := pl.value(pr, e, unk[k], nested[k], path+"."+k, rng); !unset(v) {
				attrs[k] = v
			}
		}
		for k, u := range unk {
			if _, ok := x[k]; !ok {
				attrs[k] = pl.value(pr, nil, u, nested[k], path+"."+k, rng)
			}
		}
		return cty.ObjectVal(attrs)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// reference resolves an unknown value through the configuration's
// references (aws_lb_target_group.app.arn): the referenced attribute, as
// the plan knows it or as eksport can make it.
func (pl *plan) reference(pr *planResource, refs []string) (cty.Value, bool) {
	for _, ref := range refs {
		parts := strings.Split(ref, ".")
		mode := "managed"
		if parts[0] == "data" {
			mode, parts = "data", parts[1:]
		}
		if len(parts) < 3 || parts[0] == "module" || parts[0] == "var" || parts[0] == "local" {
			continue
		}
		name := parts[1]
		if k := strings.IndexByte(name, '['); k >= 0 {
			name = name[:k]
		}
		targets := pl.byConfig[pr.module+mode+"."+parts[0]+"."+name]
		if len(targets) != 1 {
			continue
		}
		o := pl.build(targets[0])
		if a := o.attrs[parts[2]]; a != nil && !a.v.IsNull() {
			return a.v, true
		}
	}
	return cty.NilVal, false
}

// unset reports the values a plan writes for arguments the configuration
// leaves out: null, false and empty blocks. The configuration's form
// and the CLI's leave them out too, so that all three say the same.
func unset(v cty.Value) bool {
	if v.IsNull() {
		return true
	}
	if !v.IsKnown() {
		return false
	}
	ty := v.Type()
	switch {
	case ty == cty.Bool:
		return v.False()
	case ty.IsTupleType() || ty.IsListType() || ty.IsSetType() || ty.IsMapType() || ty.IsObjectType():
		return v.LengthInt() == 0
	}
	return false
}
