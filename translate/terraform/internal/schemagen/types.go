package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var (
	jsClassRE  = regexp.MustCompile(`^class (\w+) extends cdktf\.(TerraformResource|TerraformDataSource) \{`)
	jsTypeRE   = regexp.MustCompile(`^(\w+)\.tfResourceType = "(\w+)";`)
	jsGetRE    = regexp.MustCompile(`^    get (\w+)\(\) \{`)
	jsReturnRE = regexp.MustCompile(`^\s*return (.*);$`)
	jsNewRE    = regexp.MustCompile(`^\s*this\.(_\w+) = new ([\w.]+)\(this, "(\w+)"(?:, (true|false))?\);`)
	jsAttrRE   = regexp.MustCompile(`this\.(get\w*Attribute|interpolationForAttribute)\('(\w+)'\)`)
	jsFieldRE  = regexp.MustCompile(`^this\.(_\w+)$`)
)

// typeCode is how cdktf reads an attribute, as a short code:
//
//	s string, n number, b bool, any a value of any type (a dynamic attribute)
//	ls, ln a list of strings or numbers; Ss, Sn a set of them
//	ms, mn, mb, many a map of strings, numbers, bools, anything
//	o one nested object (a block or attribute of at most one)
//	lo, So a list or a set of nested objects; mo a map of them
func typeCode(ret string, fields map[string][3]string) (name, code string, err error) {
	if m := jsAttrRE.FindStringSubmatch(ret); m != nil {
		tolist := strings.Contains(ret, "cdktf.Fn.tolist(")
		switch {
		case m[1] == "getStringAttribute":
			return m[2], "s", nil
		case m[1] == "getNumberAttribute":
			return m[2], "n", nil
		case m[1] == "getBooleanAttribute":
			return m[2], "b", nil
		case m[1] == "getListAttribute" && tolist:
			return m[2], "Ss", nil
		case m[1] == "getListAttribute":
			return m[2], "ls", nil
		case m[1] == "getNumberListAttribute" && tolist:
			return m[2], "Sn", nil
		case m[1] == "getNumberListAttribute":
			return m[2], "ln", nil
		case m[1] == "getStringMapAttribute":
			return m[2], "ms", nil
		case m[1] == "getNumberMapAttribute":
			return m[2], "mn", nil
		case m[1] == "getBooleanMapAttribute":
			return m[2], "mb", nil
		case m[1] == "interpolationForAttribute":
			return m[2], "any", nil
		}
		return "", "", fmt.Errorf("unknown getter %s", ret)
	}
	m := jsFieldRE.FindStringSubmatch(ret)
	if m == nil {
		return "", "", fmt.Errorf("unknown getter %s", ret)
	}
	f, ok := fields[m[1]]
	if !ok {
		return "", "", nil // an argument's input, not an attribute
	}
	class, tf := f[0], f[1]
	switch {
	case class == "cdktf.StringMap":
		return tf, "ms", nil
	case class == "cdktf.NumberMap":
		return tf, "mn", nil
	case class == "cdktf.BooleanMap":
		return tf, "mb", nil
	case class == "cdktf.AnythingMap":
		return tf, "many", nil
	case strings.HasSuffix(class, "OutputReference"):
		return tf, "o", nil
	case strings.HasSuffix(class, "List") && f[2] == "true":
		return tf, "So", nil
	case strings.HasSuffix(class, "List"):
		return tf, "lo", nil
	case strings.HasSuffix(class, "Map"):
		return tf, "mo", nil
	}
	return "", "", fmt.Errorf("unknown attribute class %s", class)
}

// attrTypes reads every data source of the package and the resources
// eksport reads (Types): a resource of another type is never evaluated
// for its computed attributes' types (see translate/terraform's attrType).
func attrTypes(lib string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(lib, "*", "index.js"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, file := range files {
		lines, err := classTypes(file)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, l := range lines {
			if f := strings.Fields(l); f[0] == "d" || slices.Contains(Types, f[1]) {
				out = append(out, l)
			}
		}
	}
	slices.Sort(out)
	var resources int
	for _, l := range out {
		if strings.HasPrefix(l, "r ") {
			resources++
		}
	}
	if resources != len(Types) {
		return nil, fmt.Errorf("%d of the %d resource types eksport reads are in the package", resources, len(Types))
	}
	for i := 1; i < len(out); i++ {
		if a, b := strings.Fields(out[i-1]), strings.Fields(out[i]); a[0] == b[0] && a[1] == b[1] {
			return nil, fmt.Errorf("%s %s is declared twice", a[0], a[1])
		}
	}
	return out, nil
}

// classTypes reads the resource or data source class of one file.
func classTypes(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var class, kind, tfType string
	fields := map[string][3]string{} // field: class, attribute, whether a list wraps a set
	type getter struct{ name, ret string }
	var getters []getter
	in, pending := false, ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := jsClassRE.FindStringSubmatch(line); m != nil {
			class, in = m[1], true
			kind = "r"
			if m[2] == "TerraformDataSource" {
				kind = "d"
			}
			continue
		}
		if m := jsTypeRE.FindStringSubmatch(line); m != nil && m[1] == class && class != "" {
			tfType = m[2]
		}
		if !in {
			continue
		}
		if line == "}" {
			in = false
			continue
		}
		if m := jsNewRE.FindStringSubmatch(line); m != nil {
			fields[m[1]] = [3]string{m[2], m[3], m[4]}
			continue
		}
		if m := jsGetRE.FindStringSubmatch(line); m != nil {
			pending = m[1]
			continue
		}
		if pending != "" {
			if m := jsReturnRE.FindStringSubmatch(line); m != nil {
				getters = append(getters, getter{pending, m[1]})
			}
			pending = ""
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if class == "" {
		return nil, nil // the provider, or helpers
	}
	if tfType == "" {
		return nil, fmt.Errorf("class %s names no tfResourceType", class)
	}
	byCode := map[string][]string{}
	seen := map[string]bool{}
	has := map[string]bool{}
	for _, g := range getters {
		has[g.name] = true
	}
	for _, g := range getters {
		if base, ok := strings.CutSuffix(g.name, "Input"); ok && has[base] {
			continue // the value the configuration gives an argument
		}
		name, code, err := typeCode(g.ret, fields)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", class, g.name, err)
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		byCode[code] = append(byCode[code], name)
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var b strings.Builder
	b.WriteString(kind + " " + tfType)
	for _, c := range codes {
		names := byCode[c]
		slices.Sort(names)
		b.WriteString(" " + c + ":" + strings.Join(names, ","))
	}
	return []string{b.String()}, nil
}
