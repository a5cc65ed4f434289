package diagdoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// codePattern is what a stable code looks like: stage-or-rule/slug.
var codePattern = regexp.MustCompile(`^[a-z0-9]+/[a-z0-9][a-z0-9.-]*$`)

// site is one call that reports a diagnostic.
type site struct {
	code, severity, source, message string
	fixes, notes                    []string
}

// dynamic is a call whose code is not a literal, by file:function.
type dynamic struct{ file, fn string }

// scanSource finds every reporting call in the non-test Go files under
// the given folders of root.
func scanSource(root string, dirs []string) (sites []site, dyn []dynamic, err error) {
	fset := token.NewFileSet()
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			s, dy := scanFile(f, rel, ruleNames(root, filepath.Dir(p), fset))
			sites = append(sites, s...)
			dyn = append(dyn, dy...)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return sites, dyn, nil
}

// ruleNames finds the Name of the rules.Rule literal of a rule's package,
// which prefixes the slugs of its Reportf calls.
func ruleNames(root, dir string, fset *token.FileSet) string {
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		return ""
	}
	name := ""
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				cl, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				if sel, ok := cl.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Rule" {
					return true
				}
				for _, e := range cl.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Name" {
							if s, ok := literal(kv.Value); ok {
								name = s
							}
						}
					}
				}
				return true
			})
		}
	}
	return name
}

func literal(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// severityOf reads diag.Error, diag.Warning or diag.Info.
func severityOf(e ast.Expr) string {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		switch sel.Sel.Name {
		case "Error":
			return "error"
		case "Warning":
			return "warning"
		case "Info":
			return "info"
		}
	}
	return "varies"
}

// report recognises a reporting call and returns its site; code is empty
// when the call reports but its code is not a literal.
func report(call *ast.CallExpr, rule string) (s site, isReport bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return site{}, false
	}
	args := call.Args
	var codeArg, msgArg ast.Expr
	switch sel.Sel.Name {
	case "Errorf", "Warnf", "Infof":
		if len(args) < 3 {
			return site{}, false
		}
		// fmt.Errorf and t.Errorf take the format first: a reporting call
		// has a position first and a code or code expression second.
		if x, ok := sel.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "t" || x.Name == "b" || x.Name == "tb") {
			return site{}, false
		}
		codeArg, msgArg = args[1], args[2]
		s.severity = map[string]string{"Errorf": "error", "Warnf": "warning", "Infof": "info"}[sel.Sel.Name]
	case "Add":
		if len(args) < 4 {
			return site{}, false
		}
		codeArg, msgArg = args[2], args[3]
		s.severity = severityOf(args[1])
	case "errorf", "warnf":
		// The readers' own helpers: (node, path, code or slug, format).
		// A slug is prefixed with the decoder's shape (ecs, aas, ...).
		if len(args) < 4 {
			return site{}, false
		}
		c, ok := literal(args[2])
		if !ok {
			return site{}, false // the helper's own definition passes it on
		}
		s.severity = map[string]string{"errorf": "error", "warnf": "warning"}[sel.Sel.Name]
		if codePattern.MatchString(c) {
			s.code = c
		} else {
			s.code = decoderPrefix + "/" + c
		}
		msgArg = args[3]
		if m, ok := literal(msgArg); ok {
			s.message = m
		}
		return s, true
	case "Reportf":
		if len(args) < 4 {
			return site{}, false
		}
		codeArg, msgArg = args[2], args[3]
		s.severity = severityOf(args[1])
		if slug, ok := literal(codeArg); ok && rule != "" {
			s.code = rule + "/" + slug
		}
	default:
		return site{}, false
	}
	if s.code == "" {
		if c, ok := literal(codeArg); ok && codePattern.MatchString(c) {
			s.code = c
		} else if ok {
			return site{}, false // a literal that is no code: not a report
		}
	}
	if m, ok := literal(msgArg); ok {
		s.message = m
	}
	return s, true
}

// decoderPrefix stands for the shape prefix of source.Decoder's codes
// (d.Code + "/" + slug) until expand replaces it with each shape's.
const decoderPrefix = "{shape}"

func scanFile(f *ast.File, rel, rule string) (sites []site, dyn []dynamic) {
	source := filepath.ToSlash(filepath.Dir(rel))
	// Error values that carry a code to a reporting call elsewhere
	// (posError, readError): {code: "...", msg: "..."}.
	ast.Inspect(f, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		var s site
		for _, e := range cl.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k, _ := kv.Key.(*ast.Ident)
			if k == nil {
				continue
			}
			if v, ok := literal(kv.Value); ok {
				switch k.Name {
				case "code":
					if codePattern.MatchString(v) {
						s.code = v
					}
				case "msg":
					s.message = v
				}
			}
		}
		if s.code != "" {
			s.severity, s.source = "error", source
			sites = append(sites, s)
		}
		return true
	})
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		// vars maps a variable assigned from a reporting call to its site,
		// so that a later v.Fix = "..." or v.Notes = ... attaches to it.
		vars := map[string]int{}
		attach := func(i int, field string, rhs ast.Expr) {
			var texts []string
			switch r := rhs.(type) {
			case *ast.BasicLit:
				if s, ok := literal(r); ok {
					texts = append(texts, s)
				}
			case *ast.CompositeLit:
				for _, e := range r.Elts {
					if s, ok := literal(e); ok {
						texts = append(texts, s)
					}
				}
			case *ast.CallExpr: // append(v.Notes, "...")
				for _, e := range r.Args[1:] {
					if s, ok := literal(e); ok {
						texts = append(texts, s)
					}
				}
			}
			if field == "Fix" {
				sites[i].fixes = append(sites[i].fixes, texts...)
			} else {
				sites[i].notes = append(sites[i].notes, texts...)
			}
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					if call, ok := n.Rhs[0].(*ast.CallExpr); ok {
						if id, ok := n.Lhs[0].(*ast.Ident); ok {
							if s, ok := report(call, rule); ok {
								s.source = source
								if s.code == "" {
									dyn = append(dyn, dynamic{rel, fn.Name.Name})
								} else {
									vars[id.Name] = len(sites)
									sites = append(sites, s)
								}
								return false
							}
						}
					}
					if sel, ok := n.Lhs[0].(*ast.SelectorExpr); ok && (sel.Sel.Name == "Fix" || sel.Sel.Name == "Notes") {
						switch x := sel.X.(type) {
						case *ast.Ident:
							if i, ok := vars[x.Name]; ok {
								attach(i, sel.Sel.Name, n.Rhs[0])
							}
						case *ast.CallExpr:
							if s, ok := report(x, rule); ok {
								s.source = source
								if s.code == "" {
									dyn = append(dyn, dynamic{rel, fn.Name.Name})
									return false
								}
								sites = append(sites, s)
								attach(len(sites)-1, sel.Sel.Name, n.Rhs[0])
								return false
							}
						}
					}
				}
			case *ast.CallExpr:
				if s, ok := report(n, rule); ok {
					s.source = source
					if s.code == "" {
						dyn = append(dyn, dynamic{rel, fn.Name.Name})
					} else {
						sites = append(sites, s)
					}
				}
			}
			return true
		})
	}
	return sites, dyn
}

// merge folds sites into entries, one per code, every list sorted and
// without repeats so that the catalog depends only on the source.
func merge(sites []site, entries map[string]*Entry) {
	for _, s := range sites {
		e := entries[s.code]
		if e == nil {
			e = &Entry{Code: s.code}
			entries[s.code] = e
		}
		e.Severities = appendNew(e.Severities, s.severity)
		e.Sources = appendNew(e.Sources, s.source)
		if s.message != "" && s.message != "%s" && s.message != "%v" {
			e.Messages = appendNew(e.Messages, s.message)
		}
		e.Fixes = appendNew(e.Fixes, s.fixes...)
		e.Notes = appendNew(e.Notes, s.notes...)
	}
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if it != "" && !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}
