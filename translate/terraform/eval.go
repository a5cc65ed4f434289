package terraform

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

const maxModuleDepth = 16

// obj is an evaluated block body: its arguments and nested blocks.
type obj struct {
	attrs  map[string]*val
	blocks map[string][]*obj
	rng    hcl.Range
}

// val is an evaluated argument with the expression that produced it.
type val struct {
	v    cty.Value
	expr hcl.Expression
	rng  hcl.Range
	// nodes, for a jsonencode whose text was not written (encodedArg),
	// are the nodes the text would parse to; v is then an unknown string.
	nodes *yaml.Node
}

// token makes the string that stands for an unresolved value.
func (r *run) token(u ir.Unresolved) cty.Value {
	r.unresolved = true
	return cty.StringVal(u.Token())
}

// unknown makes a value of a type that cannot hold a token (a number, a
// list): an unknown value marked with what it stands for, which
// evaluation carries along.
func (r *run) unknown(ty cty.Type, u ir.Unresolved, opaque ...bool) cty.Value {
	// A variable without a type is most often a string, and a token keeps
	// the text around it; an attribute that may be anything (a list, a
	// map) stays unknown.
	if ty == cty.String || (ty == cty.DynamicPseudoType && (len(opaque) == 0 || !opaque[0])) {
		return r.token(u)
	}
	r.unresolved = true
	return cty.UnknownVal(ty).Mark(u)
}

func (m *module) rootModule() *module {
	for m.parent != nil {
		m = m.parent
	}
	return m
}

// evaluate evaluates a module instance and makes the documents of its ECS
// resources.
func (r *run) evaluate(m *module) {
	r.depth++
	defer func() { r.depth-- }()
	m.scanRefs()
	m.assignVariables()
	m.providerInfo()
	for _, name := range m.callOrder {
		m.evalCall(m.calls[name])
	}
	for _, res := range m.resources {
		if res.mode != "resource" {
			continue
		}
		if tables[res.typ] != nil {
			m.evalResource(res)
		}
		r.conv.convert(m, res)
	}
}

// scanRefs records, for every resource and module call, which attributes
// the module's expressions read, so that the values references see hold
// them (as tokens when they exist only at apply time).
func (m *module) scanRefs() {
	record := func(t hcl.Traversal) {
		root := t.RootName()
		var key string
		rest := t[1:]
		switch root {
		case "var", "local", "path", "terraform", "count", "each", "self":
			return
		case "module":
			if len(rest) < 2 {
				return
			}
			name, ok := stepName(rest[0])
			if !ok || m.calls[name] == nil {
				return
			}
			rest = rest[1:]
			for len(rest) > 0 {
				if _, isIndex := rest[0].(hcl.TraverseIndex); !isIndex {
					break
				}
				rest = rest[1:]
			}
			if len(rest) > 0 {
				if a, ok := stepName(rest[0]); ok {
					m.calls[name].refs().add(a)
				}
			}
			return
		case "data":
			if len(rest) < 2 {
				return
			}
			typ, _ := stepName(rest[0])
			name, _ := stepName(rest[1])
			key, rest = "data."+typ+"."+name, rest[2:]
		default:
			if len(rest) < 1 {
				return
			}
			name, _ := stepName(rest[0])
			key, rest = root+"."+name, rest[1:]
		}
		res := m.byAddr[key]
		if res == nil {
			return
		}
		res.referenced = true
		for len(rest) > 0 {
			switch rest[0].(type) {
			case hcl.TraverseIndex, hcl.TraverseSplat:
				rest = rest[1:]
				continue
			}
			break
		}
		a, ok := "", false
		if len(rest) > 0 {
			a, ok = stepName(rest[0])
		}
		if ok {
			res.refAttrs[a] = true
		} else {
			res.whole = true
		}
	}
	walk := func(body hcl.Body) {
		for _, t := range m.run.bodyTraversals(body) {
			record(t)
		}
	}
	for _, res := range m.resources {
		walk(res.block.Body)
	}
	for _, a := range m.locals {
		for _, t := range m.run.traversals(a.Expr) {
			record(t)
		}
	}
	for _, a := range m.outputs {
		for _, t := range m.run.traversals(a.Expr) {
			record(t)
		}
	}
	for _, c := range m.calls {
		for _, a := range c.attrs {
			for _, t := range m.run.traversals(a.Expr) {
				record(t)
			}
		}
	}
	for _, b := range m.provider {
		walk(b.Body)
	}
}

type stringSet map[string]bool

func (s stringSet) add(k string) { s[k] = true }

func (c *call) refs() stringSet {
	if c.refAttrs == nil {
		c.refAttrs = stringSet{}
	}
	return c.refAttrs
}

func stepName(s hcl.Traverser) (string, bool) {
	switch t := s.(type) {
	case hcl.TraverseAttr:
		return t.Name, true
	case hcl.TraverseRoot:
		return t.Name, true
	case hcl.TraverseIndex:
		if t.Key.Type() == cty.String && t.Key.IsKnown() {
			return t.Key.AsString(), true
		}
	}
	return "", false
}

// bodyTraversals lists the references of every expression of a body and
// its nested blocks.
func (r *run) bodyTraversals(body hcl.Body) []hcl.Traversal {
	if sb := syntaxBody(body); sb != nil {
		var out []hcl.Traversal
		var walk func(b *hclsyntax.Body)
		walk = func(b *hclsyntax.Body) {
			for _, a := range b.Attributes {
				out = append(out, r.traversals(a.Expr)...)
			}
			for _, c := range b.Blocks {
				walk(c.Body)
			}
		}
		walk(sb)
		return out
	}
	attrs, _ := body.JustAttributes()
	var out []hcl.Traversal
	for _, a := range attrs {
		out = append(out, r.traversals(a.Expr)...)
	}
	return out
}

// traversals is expr.Variables(), found once per expression of the
// native syntax: scanRefs reads every expression's references, and
// evaluation reads them again, once per instance.
func (r *run) traversals(expr hcl.Expression) []hcl.Traversal {
	if _, ok := expr.(hclsyntax.Expression); !ok {
		return expr.Variables()
	}
	if literalExpr(expr) {
		return nil
	}
	if t, ok := r.vars[expr]; ok {
		return t
	}
	t := expr.Variables()
	if r.vars == nil {
		r.vars = map[hcl.Expression][]hcl.Traversal{}
	}
	r.vars[expr] = t
	return t
}

// literalExpr says whether a native syntax expression is a literal, a
// template of literals or a tuple of those: it reads nothing (Variables
// finds no reference in it), which is seen without walking it or keeping
// its references. Most arguments are.
func literalExpr(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if _, ok := p.(*hclsyntax.LiteralValueExpr); !ok {
				return false
			}
		}
		return true
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !literalExpr(x) {
				return false
			}
		}
		return true
	}
	return false
}

// literalValue is the value of a literal or of a quoted string without
// interpolation, which is the literal's own: what Value would make of it
// (a template writes its one string into a new one), without evaluating.
func literalValue(expr hcl.Expression) (cty.Value, bool) {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return e.Val, true
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) == 1 {
			if l, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.String && !l.Val.IsNull() && !l.Val.IsMarked() {
				return l.Val, true
			}
		}
	}
	return cty.NilVal, false
}

// howToSet says how to give a root module's variable a value.
func howToSet(name string) string {
	return fmt.Sprintf("give var.%s a value: in terraform.tfvars or a *.auto.tfvars file, with --var-file FILE, or with --var %s=VALUE", name, name)
}

// assignVariables gives every variable its value: a module call's input,
// or for a root module --var, --var-file, *.auto.tfvars and
// terraform.tfvars (later ones win, as Terraform orders them), else its
// default. A variable without a value stays unresolved.
func (m *module) assignVariables() {
	r := m.run
	if m.parent == nil {
		var sources []string
		names := append([]string(nil), r.byDir[m.dir]...)
		if len(names) == 0 && r.opts.ReadDir != nil {
			list, _ := r.opts.ReadDir(m.dir)
			for _, n := range list {
				names = append(names, path.Join(m.dir, n))
			}
		}
		for _, n := range names {
			if b := path.Base(n); b == "terraform.tfvars" || b == "terraform.tfvars.json" {
				sources = append(sources, n)
			}
		}
		var auto []string
		for _, n := range names {
			b := path.Base(n)
			if strings.HasSuffix(b, ".auto.tfvars") || strings.HasSuffix(b, ".auto.tfvars.json") {
				auto = append(auto, n)
			}
		}
		slices.Sort(auto)
		sources = append(sources, auto...)
		sources = append(sources, r.opts.VarFiles...)
		for _, s := range sources {
			m.readVarFile(s)
		}
		for _, kv := range r.opts.Vars {
			name, value, ok := strings.Cut(kv, "=")
			if !ok {
				r.diags.Errorf(diag.Pos{File: "--var"}, "terraform/var-flag", "--var %q is not NAME=VALUE", kv)
				continue
			}
			v := m.variables[name]
			if v == nil {
				continue // another root module's variable
			}
			var val cty.Value = cty.StringVal(value)
			if v.typ != nil {
				if ty, _ := typeexpr.TypeConstraint(v.typ); ty != cty.String && ty != cty.DynamicPseudoType {
					expr, hd := hclsyntax.ParseExpression([]byte(value), "--var "+name, hcl.InitialPos)
					if !hd.HasErrors() {
						if ev, hd := expr.Value(nil); !hd.HasErrors() {
							val = ev
						}
					}
				}
			}
			m.values[name] = val
			m.valueFrom[name] = diag.Pos{File: "--var " + name}
		}
	}
	names := make([]string, 0, len(m.variables))
	for n := range m.variables {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		v := m.variables[n]
		ty := cty.DynamicPseudoType
		if v.typ != nil {
			t, hd := typeexpr.TypeConstraint(v.typ)
			addHCL(&r.diags, hd, typeProblem)
			if !hd.HasErrors() {
				ty = t
			}
		}
		value, has := m.values[n]
		if !has && v.deflt != nil {
			dv, hd := v.deflt.Value(&hcl.EvalContext{Functions: m.functions()})
			addHCL(&r.diags, hd, evalProblem)
			value, has = dv, true
		}
		if !has {
			continue
		}
		if un, marks := value.UnmarkDeep(); !un.IsWhollyKnown() {
			// Part of the value exists only at apply time: it keeps
			// what it stands for.
			if ty != cty.DynamicPseudoType && !un.IsKnown() {
				value = cty.UnknownVal(ty).WithMarks(marks)
			}
		} else if ty != cty.DynamicPseudoType && !value.IsNull() {
			cv, err := convert.Convert(value, ty)
			if err != nil {
				at := rangePos(v.defined)
				if p, ok := m.valueFrom[n]; ok {
					at = p
				}
				r.diags.Errorf(at, "terraform/variable-type", "var.%s: the value does not fit the type declared at %s: %v", n, rangePos(v.defined), err)
				continue
			}
			value = cv
		}
		v.value, v.has = value, true
	}
}

func (m *module) readVarFile(name string) {
	r := m.run
	f := r.parse(name)
	if f == nil {
		return
	}
	attrs, hd := f.Body.JustAttributes()
	addHCL(&r.diags, hd, syntaxProblem)
	for n, a := range attrs {
		if m.variables[n] == nil {
			r.diags.Warnf(rangePos(a.NameRange), "terraform/undeclared-variable", "%s sets %q, which the module at %s does not declare", path.Base(name), n, m.dir)
			continue
		}
		v, hd := a.Expr.Value(nil)
		addHCL(&r.diags, hd, evalProblem)
		if hd.HasErrors() {
			continue
		}
		m.values[n] = v
		m.valueFrom[n] = rangePos(a.Expr.Range())
	}
}

// varValue is var.NAME as an expression at rng sees it.
func (m *module) varValue(name string, rng hcl.Range) (cty.Value, bool) {
	v := m.variables[name]
	if v == nil {
		return cty.NilVal, false
	}
	if v.has {
		return v.value, true
	}
	u := ir.Unresolved{Name: "var." + name, Pos: rangePos(rng), Defined: rangePos(v.defined)}
	if m.parent == nil {
		u.How, u.Input = howToSet(name), true
	} else {
		u.Name = m.addr + "var." + name
		u.How = fmt.Sprintf("give the module call %s an input %s", strings.TrimSuffix(m.addr, "."), name)
	}
	ty := cty.DynamicPseudoType
	if v.typ != nil {
		if t, hd := typeexpr.TypeConstraint(v.typ); !hd.HasErrors() {
			ty = t
		}
	}
	return m.run.unknown(ty, u), true
}

func (m *module) providerInfo() {
	r := m.run
	if m.parent != nil {
		m.region, m.account = m.parent.region, m.parent.account
		return
	}
	if r.opts.Region != "" {
		m.region = cty.StringVal(r.opts.Region)
	}
	for _, b := range m.provider {
		content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "region"}, {Name: "alias"}}})
		if content.Attributes["alias"] != nil {
			continue
		}
		if a := content.Attributes["region"]; a != nil {
			v := m.eval(a.Expr, nil)
			if v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				m.region = v
			}
		}
	}
	if m.region == cty.NilVal {
		m.region = r.token(ir.Unresolved{Name: "provider.aws.region", Pos: diag.Pos{File: m.dir}, How: "set region in the aws provider block, or region in the configuration file"})
	}
	if r.opts.AccountID != "" {
		m.account = cty.StringVal(r.opts.AccountID)
	} else {
		m.account = r.token(ir.Unresolved{Name: "the AWS account id", Pos: diag.Pos{File: m.dir}, How: "set cluster.accountId in the configuration file"})
	}
}

// eval evaluates an expression, with extra variables (count, each, a
// dynamic block's iterator) beside the module's.
func (m *module) eval(expr hcl.Expression, extra map[string]cty.Value) cty.Value {
	if v, ok := literalValue(expr); ok {
		return v
	}
	ctx := m.ctxFor(m.run.traversals(expr), extra)
	v, hd := expr.Value(ctx)
	addHCL(&m.run.diags, hd, evalProblem)
	if hd.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// ctxFor builds the evaluation context of expressions that read the
// given references, evaluating what they read first.
func (m *module) ctxFor(travs []hcl.Traversal, extra map[string]cty.Value) (ctx *hcl.EvalContext) {
	if len(travs) == 0 && len(extra) == 0 {
		// A literal: most arguments.
		if m.literalCtx == nil {
			m.literalCtx = &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: m.functions()}
		}
		return m.literalCtx
	}
	// An expression that reads what another read before, all of it
	// settled, shares its context (see appendCtxKey).
	key := ""
	if len(extra) == 0 {
		var buf [256]byte
		k := appendCtxKey(buf[:0], travs)
		if c := m.ctxCache[string(k)]; c != nil {
			return c
		}
		key = string(k)
	}
	settled := true
	defer func() {
		if key != "" && settled {
			m.cacheCtx(key, ctx)
		}
	}()
	// The maps are made when an expression reads what they hold.
	vars := map[string]cty.Value{}
	var varObj, locObj, modObj map[string]cty.Value
	var resObj, dataObj map[string]map[string]cty.Value
	set := func(mp *map[string]cty.Value, k string, v cty.Value) {
		if *mp == nil {
			*mp = map[string]cty.Value{}
		}
		(*mp)[k] = v
	}
	for _, t := range travs {
		root := t.RootName()
		if _, ok := extra[root]; ok {
			continue
		}
		second := ""
		if len(t) > 1 {
			second, _ = stepName(t[1])
		}
		switch root {
		case "var":
			if _, seen := varObj[second]; seen {
				continue // the first reference of the expression positions it
			}
			if v, ok := m.varValue(second, t.SourceRange()); ok {
				set(&varObj, second, v)
				settled = settled && m.variables[second].has
			} else if second != "" {
				settled = false
				// Declared in a file that is not in the run: of any type.
				set(&varObj, second, m.run.unknown(cty.DynamicPseudoType, ir.Unresolved{Name: "var." + second, Pos: rangePos(t.SourceRange()), Input: true,
					How: fmt.Sprintf("add the file that declares variable %q to the run, and give it a value", second)}, true))
			}
		case "local":
			if v, ok := m.evalLocal(second); ok {
				set(&locObj, second, v)
				settled = settled && m.state["local."+second] == 2
			} else if second != "" {
				settled = false
				set(&locObj, second, m.run.unknown(cty.DynamicPseudoType, ir.Unresolved{Name: "local." + second, Pos: rangePos(t.SourceRange()),
					How: "add the file that defines local." + second + " to the run"}, true))
			}
		case "module":
			settled = false
			if c := m.calls[second]; c != nil {
				set(&modObj, second, m.evalCall(c))
			} else if second != "" {
				set(&modObj, second, m.run.unknown(cty.DynamicPseudoType, ir.Unresolved{Name: "module." + second, Pos: rangePos(t.SourceRange()),
					How: "add the files that call module " + second + " to the run"}, true))
			}
		case "path":
			root := m.rootModule()
			vars["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir), "root": cty.StringVal(root.dir), "cwd": cty.StringVal(root.dir)})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "data":
			settled = false
			if len(t) < 3 {
				continue
			}
			name, _ := stepName(t[2])
			if res := m.byAddr["data."+second+"."+name]; res != nil {
				if dataObj == nil {
					dataObj = map[string]map[string]cty.Value{}
				}
				if dataObj[second] == nil {
					dataObj[second] = map[string]cty.Value{}
				}
				dataObj[second][name] = m.dataValue(res, t.SourceRange())
			}
		default:
			if resObj == nil {
				resObj = map[string]map[string]cty.Value{}
			}
			if resObj[root] == nil {
				resObj[root] = map[string]cty.Value{}
			}
			if res := m.byAddr[root+"."+second]; res != nil {
				resObj[root][second] = m.evalResource(res)
				settled = settled && m.state[res.key] == 2
			} else if strings.Contains(root, "_") && second != "" {
				settled = false
				// A resource of another folder or file: what it holds is
				// unknown here.
				u := ir.Unresolved{Name: root + "." + second, Pos: rangePos(t.SourceRange()),
					How: "add the files that declare " + root + "." + second + " to the run"}
				m.run.unresolved = true
				resObj[root][second] = cty.DynamicVal.Mark(u)
			}
		}
	}
	if len(varObj) > 0 {
		vars["var"] = cty.ObjectVal(varObj)
	}
	if len(locObj) > 0 {
		vars["local"] = cty.ObjectVal(locObj)
	}
	if len(modObj) > 0 {
		vars["module"] = cty.ObjectVal(modObj)
	}
	if len(dataObj) > 0 {
		d := map[string]cty.Value{}
		for k, v := range dataObj {
			d[k] = cty.ObjectVal(v)
		}
		vars["data"] = cty.ObjectVal(d)
	}
	for k, v := range resObj {
		if len(v) > 0 {
			vars[k] = cty.ObjectVal(v)
		}
	}
	for k, v := range extra {
		vars[k] = v
	}
	return &hcl.EvalContext{Variables: vars, Functions: m.functions()}
}

// appendCtxKey appends to b the key that names what an expression's
// context holds: each reference's first two steps, which are all ctxFor reads of a reference whose value
// is settled (a variable with a value, a local that exists, a resource
// evaluated): the context of such references is the same wherever they
// are. Unsettled ones (a value made where it is read, for its position;
// a data source; a module call) are not shared, whatever the key.
// ctxFor writes it on the stack, looks it up without making a string,
// and makes one only to keep it.
func appendCtxKey(b []byte, travs []hcl.Traversal) []byte {
	for _, t := range travs {
		b = append(b, t.RootName()...)
		if len(t) > 1 {
			second, _ := stepName(t[1])
			b = append(b, '.')
			b = append(b, second...)
		}
		b = append(b, 0)
	}
	return b
}

// cacheCtx keeps a settled context for the expressions that read the
// same, from the second expression that reads it on (most keys of a
// large module are read once: a service's own task definition), and at
// most maxCtxCache of them.
func (m *module) cacheCtx(key string, ctx *hcl.EvalContext) {
	if m.ctxSeen == nil {
		m.ctxSeen, m.ctxCache = map[string]bool{}, map[string]*hcl.EvalContext{}
	}
	if !m.ctxSeen[key] {
		if len(m.ctxSeen) < 4*maxCtxCache {
			m.ctxSeen[key] = true
		}
		return
	}
	if len(m.ctxCache) < maxCtxCache {
		m.ctxCache[key] = ctx
	}
}

const maxCtxCache = 1024

func (m *module) evalLocal(name string) (cty.Value, bool) {
	a := m.locals[name]
	if a == nil {
		return cty.NilVal, false
	}
	key := "local." + name
	switch m.state[key] {
	case 2:
		return m.localVals[name], true
	case 1:
		m.run.diags.Errorf(rangePos(a.NameRange), "terraform/cycle", "local.%s refers to itself", name)
		return cty.DynamicVal, true
	}
	m.state[key] = 1
	if other := m.dupLocals[name]; other != nil {
		m.run.diags.Errorf(rangePos(other.NameRange), "terraform/duplicate", "local.%s is defined twice, differently (first at %s), and a translated value reads it; Terraform refuses this too", name, rangePos(a.NameRange))
	}
	v := m.eval(a.Expr, nil)
	m.localVals[name] = v
	m.state[key] = 2
	return v, true
}

// dataValue is a data source as references see it: every attribute
// exists only at apply time, except the account and region the
// configuration gives. Each has its type in the provider's schema
// (attrType): a string is a token, anything else an unknown value.
func (m *module) dataValue(res *resource, at hcl.Range) cty.Value {
	attrs := map[string]cty.Value{}
	names := make([]string, 0, len(res.refAttrs))
	for a := range res.refAttrs {
		names = append(names, a)
	}
	slices.Sort(names)
	for _, a := range names {
		switch {
		case res.typ == "aws_caller_identity" && a == "account_id" && m.run.opts.AccountID != "":
			attrs[a] = cty.StringVal(m.run.opts.AccountID)
		case res.typ == "aws_region" && (a == "name" || a == "region" || a == "id") && m.region.IsKnown() && !isToken(m.region):
			attrs[a] = m.region
		default:
			ty, opaque := attrType("data", res.typ, a)
			attrs[a] = m.run.unknown(ty, ir.Unresolved{Name: m.addr + res.key + "." + a, Pos: rangePos(at),
				Defined: rangePos(res.block.DefRange)}, opaque)
		}
	}
	v := cty.ObjectVal(attrs)
	if res.count != nil || res.forEach != nil {
		u := ir.Unresolved{Name: m.addr + res.key, Pos: rangePos(at), Defined: rangePos(res.block.DefRange)}
		m.run.unresolved = true
		return cty.DynamicVal.Mark(u)
	}
	return v
}

func isToken(v cty.Value) bool {
	return v.Type() == cty.String && v.IsKnown() && !v.IsNull() && ir.HasUnresolved(v.AsString())
}

// evalCall evaluates a module call once and returns its outputs.
func (m *module) evalCall(c *call) cty.Value {
	if c.out != cty.NilVal {
		return c.out
	}
	r := m.run
	c.out = cty.DynamicVal // while evaluating: a cycle sees an unknown
	srcPos := rangePos(c.block.DefRange)
	if a := c.attrs["source"]; a != nil {
		srcPos = rangePos(a.Expr.Range())
	}
	// A module's outputs have no schema: whether one is a string is
	// guessed from its name.
	unavailable := func(how string) cty.Value {
		outs := map[string]cty.Value{}
		for a := range c.refs() {
			outs[a] = r.unknown(cty.DynamicPseudoType, ir.Unresolved{Name: m.addr + "module." + c.name + "." + a, Pos: srcPos, How: how}, !likelyString(a))
		}
		if len(outs) == 0 {
			// The whole module is passed on: what it holds is unknown.
			return r.unknown(cty.DynamicPseudoType, ir.Unresolved{Name: m.addr + "module." + c.name, Pos: srcPos, How: how}, true)
		}
		return cty.ObjectVal(outs)
	}
	files := []string(nil)
	if c.dir != "" {
		files = r.dirFiles(c.dir)
	}
	switch {
	case c.source == "":
		c.out = unavailable("")
		return c.out
	case c.remote && c.dir == "":
		r.diags.Warnf(srcPos, "terraform/module-not-downloaded", "module %q (source %q) is not downloaded, so its resources are not translated", c.name, c.source).Fix =
			"run terraform init in " + m.rootModule().dir + " so that .terraform/modules/modules.json lists it, then convert again"
		c.out = unavailable("run terraform init so that eksport can read module " + c.name)
		return c.out
	case len(files) == 0:
		r.diags.Errorf(srcPos, "terraform/module-missing", "module %q: no .tf or .tf.json file in %s", c.name, c.dir)
		c.out = unavailable("")
		return c.out
	case r.depth > maxModuleDepth:
		r.diags.Errorf(srcPos, "terraform/module-depth", "module %q nests more than %d modules deep (does it call itself?)", c.name, maxModuleDepth)
		c.out = unavailable("")
		return c.out
	}
	// One instance, or one per count index or for_each key.
	type callInst struct {
		extra map[string]cty.Value
		addr  string
		key   string
	}
	var insts []callInst
	switch {
	case c.attrs["count"] != nil:
		n, ok := m.wholeNumber(m.eval(c.attrs["count"].Expr, nil), c.attrs["count"].Expr, "count")
		if !ok {
			c.out = unavailable("")
			return c.out
		}
		for i := range n {
			insts = append(insts, callInst{extra: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})},
				addr: fmt.Sprintf("module.%s[%d].", c.name, i)})
		}
	case c.attrs["for_each"] != nil:
		keys, values, ok := m.forEachItems(m.eval(c.attrs["for_each"].Expr, nil), c.attrs["for_each"].Expr)
		if !ok {
			c.out = unavailable("")
			return c.out
		}
		for i, k := range keys {
			insts = append(insts, callInst{extra: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": values[i]})},
				addr: fmt.Sprintf("module.%s[%q].", c.name, k), key: k})
		}
	default:
		insts = []callInst{{addr: "module." + c.name + "."}}
	}
	names := make([]string, 0, len(c.attrs))
	for n := range c.attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	var tuple []cty.Value
	byKey := map[string]cty.Value{}
	for _, in := range insts {
		child := r.load(c.dir, m, m.addr+in.addr)
		child.call = c
		for _, n := range names {
			switch n {
			case "source", "version", "providers", "depends_on", "count", "for_each":
				continue
			}
			a := c.attrs[n]
			if child.variables[n] == nil {
				if in.addr == insts[0].addr {
					r.diags.Errorf(rangePos(a.NameRange), "terraform/unknown-input", "module %q declares no variable %q", c.name, n)
				}
				continue
			}
			child.values[n] = m.eval(a.Expr, in.extra)
			child.valueFrom[n] = rangePos(a.Expr.Range())
		}
		r.evaluate(child)
		outs := map[string]cty.Value{}
		for n, a := range child.outputs {
			outs[n] = child.eval(a.Expr, nil)
		}
		tuple = append(tuple, cty.ObjectVal(outs))
		byKey[in.key] = cty.ObjectVal(outs)
	}
	switch {
	case c.attrs["count"] != nil:
		c.out = cty.EmptyTupleVal
		if len(tuple) > 0 {
			c.out = cty.TupleVal(tuple)
		}
	case c.attrs["for_each"] != nil:
		c.out = cty.ObjectVal(byKey)
	default:
		c.out = tuple[0]
	}
	return c.out
}

// evalResource evaluates every instance of a resource and returns what
// references see.
func (m *module) evalResource(res *resource) cty.Value {
	if res.mode == "data" {
		return m.dataValue(res, res.block.DefRange)
	}
	switch m.state[res.key] {
	case 2:
		return res.value
	case 1:
		m.run.diags.Errorf(rangePos(res.block.DefRange), "terraform/cycle", "%s refers to itself", res.key)
		return cty.DynamicVal
	}
	m.state[res.key] = 1
	m.run.evaluating++
	before := len(m.run.diags)
	defer func() {
		m.run.evaluating--
		m.state[res.key] = 2
		if tables[res.typ] == nil {
			// Another resource reads this one; what eksport cannot
			// evaluate in it only matters where that value is used.
			for i := before; i < len(m.run.diags); i++ {
				if d := &m.run.diags[i]; d.Severity == diag.Error && strings.HasPrefix(d.Code, "terraform/") {
					d.Severity = diag.Warning
					d.Code = "terraform/eval-out-of-scope"
				}
			}
		}
	}()
	r := m.run
	addr := m.addr + res.key
	switch {
	case res.count != nil:
		n := m.eval(res.count, nil)
		count, ok := m.wholeNumber(n, res.count, "count")
		if !ok {
			res.value = cty.DynamicVal
			return res.value
		}
		vals := []cty.Value{}
		for i := 0; i < count; i++ {
			key := cty.NumberIntVal(int64(i))
			extra := map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": key})}
			inst := m.evalInstance(res, key, fmt.Sprintf("%s[%d]", addr, i), extra)
			res.instances = append(res.instances, inst)
			vals = append(vals, m.instanceValue(res, inst))
		}
		res.value = cty.TupleVal(vals)
		if len(vals) == 0 {
			res.value = cty.EmptyTupleVal
		}
	case res.forEach != nil:
		fe := m.eval(res.forEach, nil)
		keys, values, ok := m.forEachItems(fe, res.forEach)
		if !ok {
			res.value = cty.DynamicVal
			return res.value
		}
		vals := map[string]cty.Value{}
		for i, k := range keys {
			key := cty.StringVal(k)
			extra := map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": key, "value": values[i]})}
			inst := m.evalInstance(res, key, fmt.Sprintf("%s[%q]", addr, k), extra)
			res.instances = append(res.instances, inst)
			vals[k] = m.instanceValue(res, inst)
		}
		res.value = cty.ObjectVal(vals)
	default:
		inst := m.evalInstance(res, cty.NilVal, addr, nil)
		res.instances = []*instance{inst}
		res.value = m.instanceValue(res, inst)
	}
	_ = r
	return res.value
}

// unknownWhy names the unresolved values behind an unknown value.
func unknownWhy(v cty.Value) string {
	_, pvm := v.UnmarkDeepWithPaths()
	var names []string
	for _, p := range pvm {
		for mk := range p.Marks {
			if u, ok := mk.(ir.Unresolved); ok {
				names = append(names, u.Name)
			}
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) == 0 {
		return "a value known only after apply"
	}
	return strings.Join(names, ", ")
}

func (m *module) wholeNumber(n cty.Value, expr hcl.Expression, what string) (int, bool) {
	r := m.run
	if n == cty.DynamicVal {
		return 0, false // already reported
	}
	un, _ := n.Unmark()
	if !un.IsWhollyKnown() || isToken(un) {
		d := r.diags.Errorf(rangePos(expr.Range()), "terraform/unknown-count", "%s depends on %s, which has no value before apply; eksport makes one workload per instance and needs to know how many", what, tokenNames(n))
		d.Fix = "give the variables it reads a value (terraform.tfvars, --var), or convert a plan file (terraform show -json)"
		return 0, false
	}
	cv, err := convert.Convert(un, cty.Number)
	if err != nil || cv.IsNull() {
		r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "%s must be a whole number", what)
		return 0, false
	}
	bf := cv.AsBigFloat()
	i, acc := bf.Int64()
	if acc != 0 || i < 0 || i > 1000 {
		r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "%s must be a whole number between 0 and 1000", what)
		return 0, false
	}
	return int(i), true
}

func tokenNames(v cty.Value) string {
	un, _ := v.UnmarkDeep()
	if isToken(un) {
		var names []string
		for _, u := range ir.FindUnresolved(un.AsString()) {
			names = append(names, u.Name)
		}
		return strings.Join(names, ", ")
	}
	return unknownWhy(v)
}

// forEachItems lists a for_each value's keys, sorted, with their values.
func (m *module) forEachItems(fe cty.Value, expr hcl.Expression) ([]string, []cty.Value, bool) {
	r := m.run
	if fe == cty.DynamicVal {
		return nil, nil, false
	}
	un, _ := fe.UnmarkDeep()
	if !un.IsWhollyKnown() || hasTokenKeys(un) {
		d := r.diags.Errorf(rangePos(expr.Range()), "terraform/unknown-count", "for_each depends on %s, which has no value before apply; eksport makes one workload per instance and needs to know which", tokenNames(fe))
		d.Fix = "give the variables it reads a value (terraform.tfvars, --var), or convert a plan file (terraform show -json)"
		return nil, nil, false
	}
	if un.IsNull() {
		r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "for_each is null")
		return nil, nil, false
	}
	ty := un.Type()
	var keys []string
	var vals []cty.Value
	switch {
	case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
		if !ty.IsSetType() {
			un, _ = convert.Convert(un, cty.Set(cty.String))
			if un == cty.NilVal {
				r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "for_each takes a map or a set of strings")
				return nil, nil, false
			}
		}
		for it := un.ElementIterator(); it.Next(); {
			_, e := it.Element()
			s, err := convert.Convert(e, cty.String)
			if err != nil || s.IsNull() {
				r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "for_each takes a map or a set of strings")
				return nil, nil, false
			}
			keys = append(keys, s.AsString())
			vals = append(vals, s)
		}
	case ty.IsMapType() || ty.IsObjectType():
		for it := un.ElementIterator(); it.Next(); {
			k, e := it.Element()
			keys = append(keys, k.AsString())
			vals = append(vals, e)
		}
	default:
		r.diags.Errorf(rangePos(expr.Range()), "terraform/eval", "for_each takes a map or a set of strings, not %s", ty.FriendlyName())
		return nil, nil, false
	}
	// Keep each key with its value while sorting.
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	sk, sv := make([]string, len(keys)), make([]cty.Value, len(keys))
	for i, j := range idx {
		sk[i], sv[i] = keys[j], vals[j]
	}
	return sk, sv, true
}

func hasTokenKeys(v cty.Value) bool {
	if !v.CanIterateElements() {
		return false
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if isToken(k) || (v.Type().IsSetType() && isToken(e)) {
			return true
		}
	}
	return false
}

var metaArgs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

// computedFrom are the arguments computedAttrs reads.
var computedFrom = map[string]bool{"name": true, "family": true, "path": true, "service_namespace": true, "resource_id": true}

// evalInstance evaluates one instance of a resource. The arguments of a
// resource eksport translates that no reference reads (all but its name,
// say, for a task definition whose family and ARN others read) are only
// prepared here: what they read is evaluated and their context built, in
// the order evaluation has always followed (a cycle is still one), and
// the expressions themselves are evaluated on the converting side
// (finishInstance), beside evaluation, before the documents are made.
func (m *module) evalInstance(res *resource, key cty.Value, addr string, extra map[string]cty.Value) *instance {
	inst := &instance{key: key, addr: addr}
	var lazy func(name string) bool
	if tables[res.typ] != nil && !res.whole {
		lazy = func(name string) bool { return !res.refAttrs[name] && !computedFrom[name] }
	}
	inst.obj = m.evalBodyLazy(res.block.Body, extra, true, lazy, &inst.pending)
	return inst
}

// encodedArg evaluates the argument of a container_definitions =
// jsonencode(...) alone and makes the nodes the text jsonencode would
// write parses to (source.Parse): containerDefinitions would only parse
// the text again. When the call would report anything (a problem
// evaluating the argument), or the text would not be what jsonNodes
// knows to read back (see there), the call is evaluated as it is.
func encodedArg(p pendingArg) (*yaml.Node, bool) {
	call, ok := p.expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "jsonencode" || len(call.Args) != 1 || call.ExpandFinal || p.ctx.Functions["jsonencode"] != jsonEncodeFunc {
		return nil, false
	}
	b := jsonBudget{nodes: 100_000, bytes: source.MaxFileSize / 2}
	switch call.Args[0].(type) {
	case *hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr:
		return b.syntax(call.Args[0], p.ctx, 0)
	}
	v, hd := call.Args[0].Value(p.ctx)
	if len(hd) > 0 {
		return nil, false
	}
	// A value with a mark or an unknown part is left to jsonencode too
	// (tree says no): known values seldom hold marks, and unmarking or
	// checking the whole value first would walk it twice.
	if !v.IsKnown() || v.IsNull() {
		return nil, false
	}
	if t := v.Type(); !t.IsListType() && !t.IsSetType() && !t.IsTupleType() && !t.IsMapType() && !t.IsObjectType() {
		return nil, false // the text would not start a JSON document
	}
	return b.tree(v, v.Type(), 0)
}

// pendingArg is an argument whose expression is left for finishInstance,
// with the context it is evaluated in.
type pendingArg struct {
	name string
	expr hcl.Expression
	ctx  *hcl.EvalContext
}

// finishInstance evaluates the arguments evalInstance left, reporting
// into diags: it reads only the instance and the contexts made for it, so
// it runs on any goroutine.
func finishInstance(inst *instance, diags *diag.List) {
	for _, p := range inst.pending {
		if p.name == "container_definitions" {
			if nodes, ok := encodedArg(p); ok {
				inst.obj.attrs[p.name] = &val{v: cty.UnknownVal(cty.String), expr: p.expr, rng: p.expr.Range(), nodes: nodes}
				continue
			}
		}
		if v, ok := literalValue(p.expr); ok {
			inst.obj.attrs[p.name] = &val{v: v, expr: p.expr, rng: p.expr.Range()}
			continue
		}
		v, hd := p.expr.Value(p.ctx)
		addHCL(diags, hd, evalProblem)
		if hd.HasErrors() {
			v = cty.DynamicVal
		}
		inst.obj.attrs[p.name] = &val{v: v, expr: p.expr, rng: p.expr.Range()}
	}
	inst.pending = nil
}

// evalBody evaluates a block body into an obj.
func (m *module) evalBody(body hcl.Body, extra map[string]cty.Value, top bool) *obj {
	return m.evalBodyLazy(body, extra, top, nil, nil)
}

// evalBodyLazy is evalBody that leaves the top arguments lazy says yes to
// in pending, their contexts made (native syntax only).
func (m *module) evalBodyLazy(body hcl.Body, extra map[string]cty.Value, top bool, lazy func(string) bool, pending *[]pendingArg) *obj {
	o := &obj{blocks: map[string][]*obj{}}
	if sb := syntaxBody(body); sb != nil {
		o.rng = sb.SrcRange
		// Sized for every argument: those left pending join attrs when
		// finishInstance evaluates them.
		o.attrs = make(map[string]*val, len(sb.Attributes))
		if lazy != nil && *pending == nil {
			*pending = make([]pendingArg, 0, len(sb.Attributes))
		}
		for name, a := range sb.Attributes {
			if top && metaArgs[name] {
				continue
			}
			if lazy != nil && lazy(name) {
				*pending = append(*pending, pendingArg{name: name, expr: a.Expr, ctx: m.ctxFor(m.run.traversals(a.Expr), extra)})
				continue
			}
			o.attrs[name] = &val{v: m.eval(a.Expr, extra), expr: a.Expr, rng: a.Expr.Range()}
		}
		for _, b := range sb.Blocks {
			switch b.Type {
			case "lifecycle", "provisioner", "connection":
				if top {
					continue
				}
			case "dynamic":
				m.expandDynamic(b, extra, o)
				continue
			}
			o.blocks[b.Type] = append(o.blocks[b.Type], m.evalBody(b.Body, extra, false))
		}
		return o
	}
	attrs, hd := body.JustAttributes()
	addHCL(&m.run.diags, hd, syntaxProblem)
	o.attrs = make(map[string]*val, len(attrs))
	for name, a := range attrs {
		if top && (metaArgs[name] || name == "lifecycle" || name == "provisioner" || name == "connection") {
			continue
		}
		o.attrs[name] = &val{v: m.eval(a.Expr, extra), expr: a.Expr, rng: a.Expr.Range()}
		if o.rng.Filename == "" {
			o.rng = a.Range
		}
	}
	return o
}

// expandDynamic makes one nested block per element of a dynamic block's
// for_each.
func (m *module) expandDynamic(b *hclsyntax.Block, extra map[string]cty.Value, o *obj) {
	r := m.run
	if len(b.Labels) != 1 {
		return
	}
	label := b.Labels[0]
	fe := b.Body.Attributes["for_each"]
	var content *hclsyntax.Block
	for _, c := range b.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if fe == nil || content == nil {
		r.diags.Errorf(rangePos(b.DefRange()), "terraform/dynamic", "dynamic %q needs for_each and a content block", label)
		return
	}
	iter := label
	if a := b.Body.Attributes["iterator"]; a != nil {
		if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
			iter = kw
		}
	}
	v := m.eval(fe.Expr, extra)
	if v == cty.DynamicVal {
		return
	}
	un, _ := v.UnmarkDeep()
	if !un.IsWhollyKnown() || un.IsNull() || !un.CanIterateElements() {
		r.diags.Errorf(rangePos(fe.Expr.Range()), "terraform/unknown-count", "dynamic %q: for_each depends on %s, which has no value before apply", label, tokenNames(v))
		return
	}
	for it := un.ElementIterator(); it.Next(); {
		k, e := it.Element()
		ex := map[string]cty.Value{}
		for n, x := range extra {
			ex[n] = x
		}
		ex[iter] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": e})
		o.blocks[label] = append(o.blocks[label], m.evalBody(content.Body, ex, false))
	}
}

// instanceValue is an instance as references see it: its arguments and
// blocks, the attributes eksport can know (ARNs and ids built from names,
// account and region), and the other attributes references read, typed
// by the provider's schema (attrType): tokens for strings, unknown values
// otherwise.
//
// An expression that names an attribute reads only that attribute: unless
// one reads the instance whole (res.whole), the value holds only the
// attributes references name, which is all that is read of it and all
// that stays once the resource's documents are made. A resource nothing
// refers to has no value.
func (m *module) instanceValue(res *resource, inst *instance) cty.Value {
	if !res.referenced {
		return cty.DynamicVal
	}
	var attrs map[string]cty.Value
	if res.whole {
		attrs = objValue(inst.obj)
	} else {
		attrs = make(map[string]cty.Value, len(res.refAttrs))
		for k := range res.refAttrs {
			if a := inst.obj.attrs[k]; a != nil {
				attrs[k] = a.v
			} else if bs, ok := inst.obj.blocks[k]; ok {
				attrs[k] = blocksValue(bs)
			}
		}
	}
	for k, v := range m.computed(res, inst) {
		if _, set := attrs[k]; !set && (res.whole || res.refAttrs[k]) {
			attrs[k] = v
		}
	}
	names := make([]string, 0, len(res.refAttrs))
	for a := range res.refAttrs {
		names = append(names, a)
	}
	slices.Sort(names)
	for _, a := range names {
		if _, ok := attrs[a]; !ok {
			ty, opaque := attrType("resource", res.typ, a)
			attrs[a] = m.run.unknown(ty, ir.Unresolved{Name: inst.addr + "." + a, Pos: rangePos(res.block.DefRange)}, opaque)
		}
	}
	return cty.ObjectVal(attrs)
}

func objValue(o *obj) map[string]cty.Value {
	attrs := map[string]cty.Value{}
	for k, v := range o.attrs {
		attrs[k] = v.v
	}
	for k, bs := range o.blocks {
		attrs[k] = blocksValue(bs)
	}
	return attrs
}

// blocksValue is the value of a nested block type: a tuple of objects.
func blocksValue(bs []*obj) cty.Value {
	vals := make([]cty.Value, len(bs))
	for i, b := range bs {
		vals[i] = cty.ObjectVal(objValue(b))
	}
	return cty.TupleVal(vals)
}

// str returns an argument's string value, "" when unset or not a known
// string.
func (o *obj) str(name string) string {
	a := o.attrs[name]
	if a == nil {
		return ""
	}
	v, _ := a.v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() {
		return ""
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() {
		return ""
	}
	return s.AsString()
}

// likelyString tells, from its name, whether an attribute eksport cannot
// know is a string (an ARN, an id, a name, a URL): it then travels as a
// token that keeps the text around it (jsonencode still encodes the rest);
// other attributes stay unknown values. It is only the fallback where no
// schema says: a module output, or an attribute of a type the pinned AWS
// provider's schema (attrtypes.txt) does not have, such as another
// provider's data source or a resource eksport does not read.
func likelyString(attr string) bool {
	for _, s := range []string{"arn", "id", "name", "url", "endpoint", "address", "json", "region", "key", "policy", "suffix", "version", "revision", "family", "hostname", "zone_id"} {
		if attr == s || strings.HasSuffix(attr, "_"+s) {
			return true
		}
	}
	return false
}
