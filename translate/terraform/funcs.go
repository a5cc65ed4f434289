package terraform

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/eksport/eksport/translate/ir"
)

// FunctionNames lists the Terraform functions eksport evaluates, sorted.
func FunctionNames() []string {
	m := &module{run: &run{}, dir: "."}
	names := make([]string, 0, len(m.functions()))
	for n := range m.functions() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// functions are Terraform's functions that eksport evaluates: go-cty's
// standard library under Terraform's names, HCL's try and can, and the
// Terraform-specific ones written here. Functions whose result depends on
// the clock or chance (timestamp, uuid) are left out: a run never
// invents them.
func (m *module) functions() map[string]function.Function {
	if m.funcs != nil {
		return m.funcs
	}
	f := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc, "chunklist": stdlib.ChunklistFunc,
		"coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc,
		"format": stdlib.FormatFunc, "formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "index": stdlib.IndexFunc, "join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc,
		"jsonencode": jsonEncodeFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "log": stdlib.LogFunc,
		"lower": stdlib.LowerFunc, "max": maxFunc, "merge": stdlib.MergeFunc, "min": minFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "replace": replaceFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc,
		"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"lookup":   lookupFunc,
		"tostring": toFunc(cty.String), "tonumber": toFunc(cty.Number), "tobool": toFunc(cty.Bool),
		"tolist": toFunc(cty.List(cty.DynamicPseudoType)), "toset": toFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":      toFunc(cty.Map(cty.DynamicPseudoType)),
		"startswith": strPredicate(strings.HasPrefix), "endswith": strPredicate(strings.HasSuffix), "strcontains": strPredicate(strings.Contains),
		"base64encode": strFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": strFunc(func(s string) (string, error) {
			b, err := base64.StdEncoding.DecodeString(s)
			return string(b), err
		}),
		"md5":      strFunc(func(s string) (string, error) { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha1":     strFunc(func(s string) (string, error) { h := sha1.Sum([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"sha256":   strFunc(func(s string) (string, error) { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]), nil }),
		"basename": strFunc(func(s string) (string, error) { return path.Base(s), nil }),
		"dirname":  strFunc(func(s string) (string, error) { return path.Dir(s), nil }),
		"abspath":  strFunc(func(s string) (string, error) { return s, nil }),
		"one":      oneFunc,
		"sum":      sumFunc,
		"alltrue":  boolsFunc(true), "anytrue": boolsFunc(false),
	}
	f["file"] = m.fileFunc()
	f["fileexists"] = m.fileExistsFunc()
	f["templatefile"] = m.templateFileFunc(f)
	m.funcs = f
	return f
}

// replaceFunc is Terraform's replace: a /regex/ search, or plain text.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && strings.HasPrefix(sub, "/") && strings.HasSuffix(sub, "/") {
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		return stdlib.Replace(args[0], args[1], args[2])
	},
})

// lookupFunc is Terraform's lookup, whose default is optional.
var lookupFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "map", Type: cty.DynamicPseudoType}, {Name: "key", Type: cty.String}},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) > 3 {
			return cty.NilType, fmt.Errorf("lookup takes at most three arguments")
		}
		return cty.DynamicPseudoType, nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		m, key := args[0], args[1].AsString()
		if !m.IsKnown() {
			return cty.DynamicVal, nil
		}
		ty := m.Type()
		if (ty.IsMapType() || ty.IsObjectType()) && !m.IsNull() {
			if ty.IsObjectType() && ty.HasAttribute(key) {
				return m.GetAttr(key), nil
			}
			if ty.IsMapType() {
				if k := cty.StringVal(key); m.HasIndex(k).True() {
					return m.Index(k), nil
				}
			}
		} else if !ty.IsMapType() && !ty.IsObjectType() {
			return cty.NilVal, fmt.Errorf("lookup takes a map, not %s", ty.FriendlyName())
		}
		if len(args) == 3 {
			return args[2], nil
		}
		return cty.NilVal, fmt.Errorf("the map has no key %q and no default was given", key)
	},
})

func toFunc(ty cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if ty.IsPrimitiveType() {
				return ty, nil
			}
			v, err := convert.Convert(args[0], ty)
			if err != nil {
				return cty.NilType, err
			}
			return v.Type(), nil
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], ty)
		},
	})
}

func strPredicate(f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func strFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() {
			return cty.NilVal, fmt.Errorf("one takes a list or a set")
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(cty.DynamicPseudoType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, fmt.Errorf("one takes a list of at most one element")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		total := cty.Zero
		if !args[0].CanIterateElements() {
			return cty.NilVal, fmt.Errorf("sum takes a list of numbers")
		}
		for it := args[0].ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convert.Convert(e, cty.Number)
			if err != nil {
				return cty.NilVal, err
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if !args[0].CanIterateElements() {
				return cty.NilVal, fmt.Errorf("takes a list of booleans")
			}
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				b, err := convert.Convert(e, cty.Bool)
				if err != nil || b.IsNull() {
					return cty.NilVal, fmt.Errorf("takes a list of booleans")
				}
				if b.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

// resolve turns a path as a Terraform expression writes it into a run
// file name: relative paths are relative to the root module's folder,
// where terraform runs.
func (m *module) resolve(p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	root := m
	for root.parent != nil {
		root = root.parent
	}
	if strings.HasPrefix(p, m.dir+"/") || strings.HasPrefix(p, root.dir+"/") || root.dir == "." {
		return path.Clean(p)
	}
	return path.Join(root.dir, p)
}

func (m *module) fileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			data, err := m.run.readFile(m.resolve(args[0].AsString()))
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(string(data)), nil
		},
	})
}

func (m *module) fileExistsFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, err := m.run.readFile(m.resolve(args[0].AsString()))
			return cty.BoolVal(err == nil), nil
		},
	})
}

// templateFileFunc renders a template file with Terraform's template
// syntax (interpolations and %{ } directives), its variables given as an
// object, with every function but templatefile itself.
func (m *module) templateFileFunc(funcs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := m.resolve(args[0].AsString())
			data, err := m.run.readFile(name)
			if err != nil {
				return cty.NilVal, err
			}
			expr, hd := hclsyntax.ParseTemplate(data, name, hcl.InitialPos)
			if hd.HasErrors() {
				return cty.NilVal, fmt.Errorf("%s", hd.Error())
			}
			vars := map[string]cty.Value{}
			if v := args[1]; !v.IsNull() && v.IsKnown() && v.CanIterateElements() {
				for it := v.ElementIterator(); it.Next(); {
					k, e := it.Element()
					vars[k.AsString()] = e
				}
			}
			for _, t := range expr.Variables() {
				if _, ok := vars[t.RootName()]; !ok {
					return cty.NilVal, fmt.Errorf("%s: the template reads %s, which the vars argument does not give", rangePos(t.SourceRange()), t.RootName())
				}
			}
			inner := map[string]function.Function{}
			for k, f := range funcs {
				if k != "templatefile" {
					inner[k] = f
				}
			}
			v, hd := expr.Value(&hcl.EvalContext{Variables: vars, Functions: inner})
			if hd.HasErrors() {
				return cty.NilVal, fmt.Errorf("%s", hd.Error())
			}
			return v, nil
		},
	})
}

// coalesceFunc is Terraform's coalesce: the first argument that is
// neither null nor an empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		for _, a := range args {
			if !a.IsKnown() {
				return cty.DynamicVal, nil
			}
			if a.IsNull() || (a.Type() == cty.String && a.AsString() == "") {
				continue
			}
			return a, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

// jsonEncodeFunc is jsonencode that keeps what is known: an unresolved
// value inside the value (an unknown number, list or object marked with
// the ir.Unresolved it stands for) is encoded as its token, a JSON
// string, so that the other fields of a container definition survive and
// the value is reported at the field it lands in (a placeholder where a
// string belongs, an error naming it where a number or a list does). An
// unknown value without a mark makes the result unknown, as in Terraform.
var jsonEncodeFunc = function.New(&function.Spec{
	Description: stdlib.JSONEncodeFunc.Description(),
	Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true,
		AllowNull: true, AllowMarked: true}},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		un, marks := args[0].UnmarkDeep()
		if !un.IsWhollyKnown() {
			un = unresolvedTokens(args[0])
			if !un.IsWhollyKnown() {
				// Unknown as in Terraform: go-cty's own answer.
				return stdlib.JSONEncodeFunc.Call(args)
			}
		}
		if un.IsNull() {
			return cty.StringVal("null").WithMarks(marks), nil
		}
		// As go-cty's jsonencode, without calling it through the function
		// machinery a second time: whole numbers through strconv
		// (appendJSON), anything else by go-cty's own marshaller.
		if b, ok := appendJSON(nil, un, un.Type()); ok {
			return cty.StringVal(string(b)).WithMarks(marks), nil
		}
		buf, err := ctyjson.Marshal(un, un.Type())
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(string(bytes.TrimSpace(buf))).WithMarks(marks), nil
	},
})

// unresolvedTokens unmarks v and replaces each of its unknown parts that
// stands for an unresolved value with the value's token (collections
// become tuples and objects, which encode to the same JSON).
func unresolvedTokens(v cty.Value) cty.Value {
	v, marks := v.Unmark()
	if !v.IsKnown() {
		var us []ir.Unresolved
		for mk := range marks {
			if u, ok := mk.(ir.Unresolved); ok {
				us = append(us, u)
			}
		}
		if len(us) == 0 {
			return v
		}
		slices.SortFunc(us, func(a, b ir.Unresolved) int { return strings.Compare(a.Name, b.Name) })
		return cty.StringVal(us[0].Token())
	}
	ty := v.Type()
	switch {
	case v.IsNull() || v.IsWhollyKnown() && !v.ContainsMarked():
		return v
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var elems []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if ty.IsSetType() {
				e = e.WithMarks(marks) // a set holds its elements' marks
			}
			elems = append(elems, unresolvedTokens(e))
		}
		return cty.TupleVal(elems)
	case ty.IsMapType() || ty.IsObjectType():
		attrs := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			attrs[k.AsString()] = unresolvedTokens(e)
		}
		return cty.ObjectVal(attrs)
	}
	return v
}

// maxFunc and minFunc are max and min that pass on a number that travels
// as a token (an unresolved value, such as a task definition's revision)
// instead of failing on text that is not a number: in the common
// "${family}:${max(aws_ecs_task_definition.x.revision,
// data.aws_ecs_task_definition.x.revision)}" the service still names its
// task definition's family, and a token that lands where a number belongs
// is reported there, naming the value.
var (
	maxFunc = tokenNumbers(stdlib.MaxFunc)
	minFunc = tokenNumbers(stdlib.MinFunc)
)

func tokenNumbers(f function.Function) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		VarParam: &function.Parameter{Name: "numbers", Type: cty.DynamicPseudoType, AllowDynamicType: true,
			AllowUnknown: true, AllowNull: true, AllowMarked: true},
		Type: func(args []cty.Value) (cty.Type, error) {
			if firstToken(args) != "" {
				return cty.String, nil
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if t := firstToken(args); t != "" {
				var marks []cty.ValueMarks
				for _, a := range args {
					_, m := a.UnmarkDeep()
					marks = append(marks, m)
				}
				return cty.StringVal(t).WithMarks(marks...), nil
			}
			return f.Call(args)
		},
	})
}

// firstToken is the first argument that is a token and nothing else.
func firstToken(args []cty.Value) string {
	for _, a := range args {
		a, _ = a.UnmarkDeep()
		if isToken(a) {
			if us := ir.FindUnresolved(a.AsString()); len(us) == 1 && us[0].Token() == a.AsString() {
				return a.AsString()
			}
		}
	}
	return ""
}

// appendJSON writes val as go-cty's json.Marshal does, or reports false
// for what it leaves to go-cty.
func appendJSON(b []byte, val cty.Value, t cty.Type) ([]byte, bool) {
	if val.IsMarked() || !val.IsKnown() || t == cty.DynamicPseudoType {
		return b, false
	}
	if val.IsNull() {
		return append(b, "null"...), true
	}
	switch {
	case t == cty.String:
		s, err := json.Marshal(val.AsString())
		if err != nil {
			return b, false
		}
		return append(b, s...), true
	case t == cty.Number:
		i, ok := plainInt(val)
		if !ok {
			return b, false
		}
		return strconv.AppendInt(b, i, 10), true
	case t == cty.Bool:
		if val.True() {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case t.IsListType() || t.IsSetType():
		ety := t.ElementType()
		b = append(b, '[')
		first := true
		for it := val.ElementIterator(); it.Next(); {
			if !first {
				b = append(b, ',')
			}
			first = false
			_, ev := it.Element()
			var ok bool
			if b, ok = appendJSON(b, ev, ety); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case t.IsMapType():
		ety := t.ElementType()
		b = append(b, '{')
		first := true
		for it := val.ElementIterator(); it.Next(); {
			if !first {
				b = append(b, ',')
			}
			first = false
			ek, ev := it.Element()
			var ok bool
			if b, ok = appendJSON(b, ek, cty.String); !ok {
				return b, false
			}
			b = append(b, ':')
			if b, ok = appendJSON(b, ev, ety); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case t.IsTupleType():
		etys := t.TupleElementTypes()
		b = append(b, '[')
		i := 0
		for it := val.ElementIterator(); it.Next(); {
			if i > 0 {
				b = append(b, ',')
			}
			_, ev := it.Element()
			var ok bool
			if b, ok = appendJSON(b, ev, etys[i]); !ok {
				return b, false
			}
			i++
		}
		return append(b, ']'), true
	case t.IsObjectType():
		atys := t.AttributeTypes()
		names := slices.AppendSeq(make([]string, 0, len(atys)), maps.Keys(atys))
		slices.Sort(names)
		b = append(b, '{')
		for i, k := range names {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendJSON(b, cty.StringVal(k), cty.String); !ok {
				return b, false
			}
			b = append(b, ':')
			if b, ok = appendJSON(b, val.GetAttr(k), atys[k]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// plainInt is a known number's value when it is a whole number that
// go-cty and a float64 both write as its digits (|i| <= 2^53, not -0):
// what jsonencode's fast paths write themselves, leaving any other number
// to go-cty.
func plainInt(val cty.Value) (int64, bool) {
	bf := val.AsBigFloat()
	if !bf.IsInt() || bf.IsInf() || bf.Prec() < 53 {
		return 0, false
	}
	i, acc := bf.Int64()
	if acc != big.Exact || i > 1<<53 || i < -(1<<53) || (i == 0 && bf.Signbit()) {
		return 0, false
	}
	return i, true
}
