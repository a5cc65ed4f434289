package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/terraform"
)

type convertFlags struct {
	output     string
	configFile string
	namespace  string
	format     string
	diagFormat string
	diagCodes  []string
	strict     bool
	force      bool
	verbose    bool
	keep2iam   bool
	check      bool
	// CloudFormation
	paramOverrides []string
	stackName      string
	// Terraform
	tfVars     []string
	tfVarFiles []string
	// Both: values known only at apply or deploy time
	placeholders bool
}

// convertCommand is eksport convert: the flags, then runConvert.
func convertCommand(stdin io.Reader, stdout, stderr io.Writer, code *int) *cobra.Command {
	var f convertFlags
	cmd := &cobra.Command{
		Use:   "convert [flags] INPUT...",
		Short: "Convert files and folders into Kubernetes manifests",
		Long: `convert reads ECS task definitions, services, scaling policies, alarms, load
balancers and scheduled tasks, and Kubernetes manifests of kOps clusters, and
writes Kubernetes manifests for EKS.

INPUT is a file, a folder (read recursively for .json, .yaml, .yml and
Terraform files) or - for standard input. When the --config file names environments, each
environment reads its own folders and INPUT, optional, is shared by all of
them. Every input is read and checked before anything is written; with -o,
the folder changes only when the whole run succeeds.

Exit codes: 0 success (warnings allowed), 1 an input has an error (or
--check found a difference), 2 a usage error.`,
		Example: `  eksport convert taskdef.json                      # YAML on stdout
  eksport convert -o k8s/ ecs/                      # one file per object under k8s/
  cat taskdef.json | eksport convert -              # standard input
  eksport convert --format kustomize -o k8s/ ecs/   # base/ and overlays/
  eksport convert --format helm -o chart/ ecs/      # a Helm chart
  eksport convert --check -o k8s/ ecs/              # diff against k8s/, exit 1 if stale
  eksport convert --config eksport.yaml --diag ecs/ulimits-dropped=off -o k8s/ ecs/`,
		Run: func(_ *cobra.Command, inputs []string) {
			*code = runConvert(f, inputs, stdin, stdout, stderr)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVarP(&f.output, "output", "o", "", "write the output under `DIR` instead of printing YAML")
	fs.StringVar(&f.format, "format", "raw", "output layout: raw (one file per object), kustomize (base and overlays) or helm (a chart); kustomize and helm need -o")
	fs.BoolVar(&f.check, "check", false, "compare the output with the -o folder instead of writing it: print a diff of what would change and exit 1 if anything would")
	fs.StringVar(&f.configFile, "config", "", "read settings from the YAML `FILE`")
	fs.StringVar(&f.namespace, "namespace", "", "put every namespaced object in `NS` (overrides the configuration)")
	fs.StringVar(&f.diagFormat, "diag-format", "text", "diagnostics format: text, json or github")
	fs.StringArrayVar(&f.diagCodes, "diag", nil, "set a diagnostic's severity: `CODE=off|info|warning|error` (repeatable)")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&f.force, "force", false, "overwrite or delete files in the output folder that eksport did not generate")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "also print informational diagnostics")
	fs.StringArrayVar(&f.paramOverrides, "parameter-overrides", nil, "give a CloudFormation template parameter its value: `KEY=VALUE` (repeatable; also KEY=VALUE KEY2=VALUE2 in one argument, as aws cloudformation deploy takes them)")
	fs.StringVar(&f.stackName, "stack-name", "", "AWS::StackName of the CloudFormation templates that no CDK manifest names")
	fs.BoolVar(&f.keep2iam, "keep-kube2iam", false, "keep kube2iam/kiam annotations beside the IRSA ServiceAccounts, for a parallel run on both clusters")
	fs.StringArrayVar(&f.tfVars, "var", nil, "set a Terraform root module variable: `NAME=VALUE` (repeatable; wins over var files)")
	fs.StringArrayVar(&f.tfVarFiles, "var-file", nil, "read Terraform variable values from `FILE` (repeatable, after terraform.tfvars and *.auto.tfvars)")
	fs.BoolVar(&f.placeholders, "placeholders", false, "write a visible placeholder, with a warning, for each value that exists only at apply or deploy time (Terraform data sources, computed attributes and variables without a value; CloudFormation parameters without a value, runtime attributes, imports from stacks not in the run) instead of stopping")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"raw", "kustomize", "helm"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("diag-format", cobra.FixedCompletions([]string{"text", "json", "github"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("output")
	_ = cmd.MarkFlagFilename("config", "yaml", "yml")
	return cmd
}

// runConvert converts inputs as the flags say and returns the exit code.
func runConvert(f convertFlags, inputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "eksport convert: "+format+"\n", args...)
		return ExitUsage
	}
	if len(inputs) == 0 && f.configFile == "" {
		return usageErr("no input files or folders (use - for standard input)")
	}
	if !slices.Contains(diag.Formats, diag.Format(f.diagFormat)) {
		return usageErr("unknown --diag-format %q (text, json or github)", f.diagFormat)
	}
	if !slices.Contains(eksport.Formats, eksport.Format(f.format)) {
		return usageErr("unknown --format %q (raw, kustomize or helm)", f.format)
	}
	if f.output == "" && f.format != string(eksport.Raw) {
		return usageErr("--format %s writes a folder: name it with -o DIR", f.format)
	}
	if f.output == "" && f.check {
		return usageErr("--check compares with a folder: name it with -o DIR")
	}
	policy := diag.Policy{Strict: f.strict, Override: map[string]string{}}
	for _, d := range f.diagCodes {
		code, sev, ok := strings.Cut(d, "=")
		if _, _, valid := diag.ParseSeverity(sev); !ok || !valid || code == "" {
			return usageErr("--diag wants CODE=off|info|warning|error, got %q", d)
		}
		policy.Override[code] = sev
	}

	var diags diag.List
	opts := eksport.Options{Namespace: f.namespace, Format: eksport.Format(f.format), Policy: policy, KeepKube2iam: f.keep2iam,
		// Info diagnostics are printed only with -v or as JSON.
		DropInfo: !f.verbose && diag.Format(f.diagFormat) != diag.JSON, Placeholders: f.placeholders}
	for _, o := range f.paramOverrides {
		opts.CloudFormation.Parameters = append(opts.CloudFormation.Parameters, strings.Fields(o)...)
	}
	opts.CloudFormation.StackName = f.stackName
	opts.Terraform = terraform.Options{Vars: f.tfVars, VarFiles: slashed(f.tfVarFiles), ReadFile: readSlashed, ReadDir: readDirNames}
	if f.configFile != "" {
		data, err := os.ReadFile(f.configFile)
		if err != nil {
			diags.Errorf(diag.Pos{File: f.configFile}, "config/unreadable", "cannot read configuration: %v", unwrapPathError(err))
		} else {
			cfg, d := config.Parse(f.configFile, data)
			diags.Append(d)
			opts.Config = cfg
		}
	}
	if diags.HasErrors() {
		printDiags(stderr, f, diags.Sorted())
		return ExitInput
	}
	if len(inputs) == 0 && len(opts.Config.Environments) == 0 {
		return usageErr("no input files or folders (use - for standard input), and %s names no environments", f.configFile)
	}
	if f.output == "" && len(opts.Config.Environments) > 0 {
		return usageErr("%s names environments, which are written to a folder each: name the output folder with -o DIR", f.configFile)
	}
	in, d := readInputs(inputs, stdin)
	diags.Append(d)
	in.Environments, d = readEnvironments(f.configFile, opts.Config.Environments)
	diags.Append(d)
	if diags.HasErrors() {
		printDiags(stderr, f, diags.Sorted())
		return ExitInput
	}
	if f.output != "" && !f.check {
		return convertTo(f, in, opts, policy.Apply(diags), stderr)
	}
	if f.check {
		return checkAgainst(f, in, opts, policy.Apply(diags), stdout, stderr)
	}
	// Standard output takes the manifests in install order, as the run
	// hands them over once every object is made; the checklist is not
	// printed.
	opts.Ordered, opts.NoReport = true, true
	out := bufio.NewWriterSize(stdout, 64<<10)
	sw := emit.NewStreamWriter(out)
	runDiags, err := eksport.Stream(context.Background(), in, opts, sw.Add)
	all := append(policy.Apply(diags), runDiags...)
	printDiags(stderr, f, all)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: internal error: %v\n", err)
		return ExitInput
	}
	if all.HasErrors() {
		return ExitInput
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	return ExitOK
}

// checkAgainst compares a run with the output folder as the run makes its
// files (eksport.Stream), writing nothing: a batch checked in CI holds
// only the diffs of what changed.
func checkAgainst(f convertFlags, in eksport.Input, opts eksport.Options, diags diag.List, stdout, stderr io.Writer) int {
	c, err := newChecker(f.output, f.force)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	runDiags, err := eksport.Stream(context.Background(), in, opts, c.put)
	all := append(diags, runDiags...)
	printDiags(stderr, f, all)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	if all.HasErrors() {
		return ExitInput
	}
	upToDate, err := c.finish(stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	if !upToDate {
		return ExitInput
	}
	return ExitOK
}

// convertTo writes a run into the output folder as the run makes its
// files (eksport.Stream), so that a batch holds neither its objects
// nor its output; the files are renamed into place only when the run has
// no error, and the folder is otherwise left as it was.
func convertTo(f convertFlags, in eksport.Input, opts eksport.Options, diags diag.List, stderr io.Writer) int {
	st, err := newStager(f.output, f.force)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	st.writeBehind(runtime.GOMAXPROCS(0))
	runDiags, err := eksport.Stream(context.Background(), in, opts, st.put)
	if werr := st.drain(); err == nil {
		err = werr
	}
	if err != nil {
		st.abort()
		printDiags(stderr, f, append(diags, runDiags...))
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	all := append(diags, runDiags...)
	printDiags(stderr, f, all)
	if all.HasErrors() {
		st.abort()
		return ExitInput
	}
	if err := st.commit(); err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	return ExitOK
}

// readEnvironments reads the inputs of each environment the configuration
// names; its paths are relative to the configuration file.
func readEnvironments(configFile string, envs map[string][]string) ([]eksport.Environment, diag.List) {
	var out []eksport.Environment
	var diags diag.List
	names := make([]string, 0, len(envs))
	for n := range envs {
		names = append(names, n)
	}
	slices.Sort(names)
	base := filepath.Dir(configFile)
	for _, n := range names {
		var paths []string
		for _, p := range envs[n] {
			if filepath.IsAbs(p) {
				paths = append(paths, p)
			} else {
				paths = append(paths, filepath.Join(base, filepath.FromSlash(p)))
			}
		}
		in, d := readInputs(paths, nil)
		diags.Append(d)
		out = append(out, eksport.Environment{Name: n, Files: in.Files})
	}
	return out, diags
}

func printDiags(w io.Writer, f convertFlags, l diag.List) {
	_ = diag.Print(w, diag.Format(f.diagFormat), l, f.verbose)
}

// readInputs reads every named file and, recursively, the JSON and YAML
// files of every named folder. Names in diagnostics are the paths as given,
// slash-separated.
func readInputs(args []string, stdin io.Reader) (eksport.Input, diag.List) {
	var in eksport.Input
	var diags diag.List
	stdinRead := false
	for _, a := range args {
		if a == "-" {
			if stdinRead {
				continue
			}
			stdinRead = true
			data, err := io.ReadAll(stdin)
			if err != nil {
				diags.Errorf(diag.Pos{File: "<stdin>"}, "input/unreadable", "cannot read standard input: %v", err)
				continue
			}
			in.Files = append(in.Files, eksport.File{Name: "<stdin>", Data: data})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			diags.Errorf(diag.Pos{File: a}, "input/unreadable", "cannot read input: %v", unwrapPathError(err))
			continue
		}
		if !info.IsDir() {
			data, err := os.ReadFile(a)
			if err != nil {
				diags.Errorf(diag.Pos{File: a}, "input/unreadable", "cannot read input: %v", unwrapPathError(err))
				continue
			}
			in.Files = append(in.Files, eksport.File{Name: filepath.ToSlash(a), Data: data})
			continue
		}
		found := 0
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags.Errorf(diag.Pos{File: filepath.ToSlash(p)}, "input/unreadable", "cannot read: %v", unwrapPathError(err))
				return nil
			}
			if d.IsDir() {
				if p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			input := slices.Contains(eksport.Extensions, strings.ToLower(filepath.Ext(p))) || terraform.IsModuleFile(p)
			if d.Type()&fs.ModeSymlink != 0 {
				// An error, not a skip: a skipped input silently loses its
				// manifests (and -o then deletes them as stale), and a
				// link's target may lie outside the folder.
				if info, err := os.Stat(p); input || (err == nil && info.IsDir()) {
					diags.Errorf(diag.Pos{File: filepath.ToSlash(p)}, "input/symlink", "symbolic link in an input folder; eksport does not follow links: name the target directly, or replace the link with a copy")
				}
				return nil
			}
			if !input {
				return nil
			}
			// Read when the run parses it, on one of its cores, and
			// dropped after: a batch never holds every input at once.
			found++
			in.Files = append(in.Files, eksport.File{Name: filepath.ToSlash(p), Walked: true, Read: func() ([]byte, error) {
				data, err := readFile(p)
				return data, unwrapPathError(err)
			}})
			return nil
		})
		if err == nil && found == 0 {
			diags.Warnf(diag.Pos{File: filepath.ToSlash(a)}, "input/empty-folder", "folder holds no .json, .yaml, .yml, .tf or .tf.json files")
		}
	}
	return in, diags
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// slashed turns command-line paths into the slash-separated names inputs
// have.
func slashed(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	return out
}

// readSlashed reads a file a Terraform module refers to (a template, a
// module outside the inputs, a var file).
func readSlashed(name string) ([]byte, error) {
	data, err := os.ReadFile(filepath.FromSlash(name))
	return data, unwrapPathError(err)
}

// readDirNames lists the regular files of a folder.
func readDirNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.FromSlash(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}
