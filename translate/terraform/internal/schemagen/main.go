// Command schemagen extracts the arguments, blocks and computed
// attributes of the AWS provider resources eksport translates from the
// TypeScript declarations of the @cdktf/provider-aws npm package, which
// is generated from the provider's own schema and pinned to one provider
// version (package.json cdktf.provider.version). It writes the list the
// disposition test checks the rows against:
//
//	npm pack @cdktf/provider-aws@21.22.1 && tar -xzf cdktf-provider-aws-21.22.1.tgz
//	go run ./translate/terraform/internal/schemagen -pkg package > translate/terraform/testdata/provider-schema.txt
//
// Each line is "resource-type path kind": path joins nested blocks with
// '.', kind is argument, block or computed.
//
// With -types it writes instead the types of the top-level attributes
// (arguments, computed attributes and blocks) of every data source and of
// the resource types eksport reads (Types), which the translator embeds
// (translate/terraform/attrtypes.txt) to type the values that exist only
// at apply time:
//
//	go run ./translate/terraform/internal/schemagen -pkg package -types > translate/terraform/attrtypes.txt
//
// It reads the package's JavaScript, where each attribute's getter names
// the attribute as Terraform spells it and how cdktf reads it
// (getStringAttribute, getNumberAttribute, a list or set of blocks, ...).
// Each line is "d|r type code:name,name code:name...": d a data source,
// r a resource; see typeCode for the codes.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Types are the resource types eksport reads; schemagen fails when the
// package lacks one.
var Types = []string{
	"aws_ecs_task_definition", "aws_ecs_service", "aws_ecs_cluster", "aws_iam_role",
	"aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action",
	"aws_cloudwatch_metric_alarm", "aws_lb_target_group", "aws_alb_target_group",
	"aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_scheduler_schedule",
	"aws_lb_listener", "aws_lb_listener_rule", "aws_alb_listener", "aws_alb_listener_rule",
	"aws_service_discovery_service", "aws_efs_file_system", "aws_efs_access_point",
}

var (
	ifaceRE  = regexp.MustCompile(`^export interface (\w+)`)
	anchorRE = regexp.MustCompile(`#(\w+) \w+#\w+\}`)
	propRE   = regexp.MustCompile(`^\s*readonly (\w+)\??: ([^;]+);?$`)
	classRE  = regexp.MustCompile(`^export declare class (\w+) extends cdktf\.TerraformResource`)
	getRE    = regexp.MustCompile(`^\s*get (\w+)\(\)`)
)

type prop struct{ tf, typ string }

func main() {
	pkg := flag.String("pkg", "package", "the unpacked @cdktf/provider-aws package")
	types := flag.Bool("types", false, "write the attribute types of every data source and of the resources eksport reads instead")
	flag.Parse()
	var meta struct {
		Version string `json:"version"`
		Cdktf   struct {
			Provider struct{ Name, Version string } `json:"provider"`
		} `json:"cdktf"`
	}
	data, err := os.ReadFile(filepath.Join(*pkg, "package.json"))
	check(err)
	check(json.Unmarshal(data, &meta))
	if *types {
		fmt.Printf("# %s %s, from @cdktf/provider-aws %s by translate/terraform/internal/schemagen -types\n", meta.Cdktf.Provider.Name, meta.Cdktf.Provider.Version, meta.Version)
		lines, err := attrTypes(filepath.Join(*pkg, "lib"))
		check(err)
		for _, l := range lines {
			fmt.Println(l)
		}
		return
	}
	fmt.Printf("# %s %s, from @cdktf/provider-aws %s by translate/terraform/internal/schemagen\n", meta.Cdktf.Provider.Name, meta.Cdktf.Provider.Version, meta.Version)
	for _, typ := range Types {
		dir := strings.ReplaceAll(strings.TrimPrefix(typ, "aws_"), "_", "-")
		lines, err := schema(filepath.Join(*pkg, "lib", dir, "index.d.ts"))
		check(err)
		for _, l := range lines {
			fmt.Printf("%s %s\n", typ, l)
		}
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

// schema reads one resource's declarations.
func schema(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ifaces := map[string][]prop{}
	var cur, class, anchor string
	getters := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := ifaceRE.FindStringSubmatch(line); m != nil {
			cur, class = m[1], ""
			continue
		}
		if m := classRE.FindStringSubmatch(line); m != nil {
			class, cur = m[1], ""
			continue
		}
		if strings.HasPrefix(line, "export ") {
			cur, class = "", ""
		}
		if m := anchorRE.FindStringSubmatch(line); m != nil {
			anchor = m[1]
		}
		if m := propRE.FindStringSubmatch(line); m != nil && cur != "" {
			typ := strings.TrimSpace(strings.Split(m[2], "|")[0])
			ifaces[cur] = append(ifaces[cur], prop{tf: anchor, typ: strings.TrimSuffix(typ, "[]")})
			anchor = ""
		}
		if m := getRE.FindStringSubmatch(line); m != nil && class != "" && !strings.HasSuffix(class, "OutputReference") && !strings.HasSuffix(class, "List") {
			getters[m[1]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var root string
	for name := range ifaces {
		if strings.HasSuffix(name, "Config") && !strings.Contains(strings.TrimSuffix(name, "Config"), "Config") {
			if root == "" || len(name) < len(root) {
				root = name
			}
		}
	}
	if root == "" {
		return nil, fmt.Errorf("%s: no Config interface", file)
	}
	var out []string
	args := map[string]bool{}
	var walk func(iface, prefix string, depth int)
	walk = func(iface, prefix string, depth int) {
		for _, p := range ifaces[iface] {
			if p.tf == "" || depth > 8 {
				continue
			}
			path := prefix + p.tf
			if _, nested := ifaces[p.typ]; nested {
				out = append(out, path+" block")
				walk(p.typ, path+".", depth+1)
				continue
			}
			out = append(out, path+" argument")
			if prefix == "" {
				args[p.tf] = true
			}
		}
	}
	walk(root, "", 0)
	for g := range getters {
		if strings.HasSuffix(g, "Input") || getters[g+"Input"] {
			continue
		}
		tf := snake(g)
		if !args[tf] && !slices.Contains(out, tf+" block") {
			out = append(out, tf+" computed")
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// snake turns a camelCase getter into the attribute's name.
func snake(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}
