// Package cli is the eksport command line: flags, reading input files,
// writing or checking output folders, and printing diagnostics. Everything
// else is the translate library.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/eksport/eksport/rules/registry"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitInput = 1 // an input has errors, or --check found differences
	ExitUsage = 2
)

const usage = `eksport converts Amazon ECS task definitions into Kubernetes manifests for EKS.

Usage:
  eksport convert [flags] INPUT...   convert files and folders ("-" reads standard input)
  eksport import [flags] -o DIR      read running ECS clusters through the AWS API into DIR
  eksport rules                      list the rewrite rules
  eksport version                    print the version

Run 'eksport convert -h' for the convert flags.
`

// Main runs the command and returns its exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "convert":
		return convert(args[1:], stdin, stdout, stderr)
	case "import":
		return importCmd(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "eksport %s\n", Version())
		return ExitOK
	case "rules":
		for _, r := range registry.Rules() {
			fmt.Fprintf(stdout, "%s\n\t%s\n", r.Name, r.Doc)
		}
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "eksport: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// Version is the module version the binary was built from, or "devel".
// It is printed by 'eksport version' and never written into output.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// parseInterspersed parses flags that may come before, between or after
// positional arguments, as most command lines allow. "--" ends flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

var errUsage = errors.New("usage")
