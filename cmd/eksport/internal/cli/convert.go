package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

type convertFlags struct {
	output     string
	configFile string
	namespace  string
	format     string
	diagFormat string
	diagCodes  multiFlag
	strict     bool
	force      bool
	verbose    bool
}

func convert(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var f convertFlags
	fs := flag.NewFlagSet("eksport convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.output, "o", "", "write one file per object under `DIR` instead of printing YAML")
	fs.StringVar(&f.output, "output", "", "same as -o")
	fs.StringVar(&f.configFile, "config", "", "read settings from the YAML `FILE`")
	fs.StringVar(&f.namespace, "namespace", "", "put every namespaced object in `NS` (overrides the configuration)")
	fs.StringVar(&f.format, "format", "raw", "output layout: raw")
	fs.StringVar(&f.diagFormat, "diag-format", "text", "diagnostics format: text, json or github")
	fs.Var(&f.diagCodes, "diag", "set a diagnostic's severity: `CODE=off|info|warning|error` (repeatable)")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&f.force, "force", false, "overwrite or delete files in the output folder that eksport did not generate")
	fs.BoolVar(&f.verbose, "v", false, "also print informational diagnostics")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: eksport convert [flags] INPUT...\n\nINPUT is a file, a folder (read recursively for .json, .yaml and .yml files) or - for standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	inputs, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "eksport convert: "+format+"\n", args...)
		return ExitUsage
	}
	if len(inputs) == 0 {
		return usageErr("no input files or folders (use - for standard input)")
	}
	if !slices.Contains(diag.Formats, diag.Format(f.diagFormat)) {
		return usageErr("unknown --diag-format %q (text, json or github)", f.diagFormat)
	}
	if f.format != string(translate.Raw) {
		return usageErr("unknown --format %q (raw)", f.format)
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
	opts := translate.Options{Namespace: f.namespace, Format: translate.Format(f.format), Policy: policy}
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
	in, d := readInputs(inputs, stdin)
	diags.Append(d)
	if diags.HasErrors() {
		printDiags(stderr, f, diags.Sorted())
		return ExitInput
	}
	res, err := translate.Translate(context.Background(), in, opts)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: internal error: %v\n", err)
		return ExitInput
	}
	all := append(policy.Apply(diags), res.Diagnostics...)
	printDiags(stderr, f, all)
	if all.HasErrors() || res.Files == nil {
		return ExitInput
	}
	if f.output == "" {
		if _, err := stdout.Write(res.Files.Stream()); err != nil {
			fmt.Fprintf(stderr, "eksport: %v\n", err)
			return ExitInput
		}
		return ExitOK
	}
	if err := writeTree(f.output, res.Files, f.force); err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	return ExitOK
}

func printDiags(w io.Writer, f convertFlags, l diag.List) {
	_ = diag.Print(w, diag.Format(f.diagFormat), l, f.verbose)
}

// readInputs reads every named file and, recursively, the JSON and YAML
// files of every named folder. Names in diagnostics are the paths as given,
// slash-separated.
func readInputs(args []string, stdin io.Reader) (translate.Input, diag.List) {
	var in translate.Input
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
			in.Files = append(in.Files, translate.File{Name: "<stdin>", Data: data})
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
			in.Files = append(in.Files, translate.File{Name: filepath.ToSlash(a), Data: data})
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
			if !slices.Contains(translate.Extensions, strings.ToLower(filepath.Ext(p))) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				diags.Warnf(diag.Pos{File: filepath.ToSlash(p)}, "input/symlink", "symbolic link skipped; name its target directly to convert it")
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				diags.Errorf(diag.Pos{File: filepath.ToSlash(p)}, "input/unreadable", "cannot read: %v", unwrapPathError(err))
				return nil
			}
			found++
			in.Files = append(in.Files, translate.File{Name: filepath.ToSlash(p), Data: data})
			return nil
		})
		if err == nil && found == 0 {
			diags.Warnf(diag.Pos{File: filepath.ToSlash(a)}, "input/empty-folder", "folder holds no .json, .yaml or .yml files")
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
