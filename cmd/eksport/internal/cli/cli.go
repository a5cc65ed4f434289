// Package cli is the eksport command line: subcommands and flags (on
// spf13/cobra, as kubectl and Helm are), reading input files, writing or
// checking output folders, and printing diagnostics. Everything else is
// the translate library.
package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eksport/eksport/internal/diagdoc"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitInput = 1 // an input has errors, or --check found differences
	ExitUsage = 2
)

// Main runs the command and returns its exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := ExitOK
	root := newRoot(stdin, stdout, stderr, &code)
	root.SetArgs(args)
	if len(args) == 0 {
		root.SetOut(stderr)
		_ = root.Usage()
		return ExitUsage
	}
	cmd, err := root.ExecuteC()
	if err != nil {
		// Flag and argument errors: cobra's message and where to look.
		fmt.Fprintf(stderr, "eksport: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
		return ExitUsage
	}
	return code
}

// newRoot builds the command tree. Each subcommand sets *code; an error
// returned from a command is a usage error.
func newRoot(stdin io.Reader, stdout, stderr io.Writer, code *int) *cobra.Command {
	root := &cobra.Command{
		Use:   "eksport",
		Short: "Convert Amazon ECS and kOps workloads into Kubernetes manifests for EKS",
		Long: `eksport converts Amazon ECS task definitions, services, scaling policies,
load balancers and scheduled tasks (AWS CLI JSON or YAML), and the manifests
of kOps clusters that use kube2iam or kiam, into Kubernetes manifests for
Amazon EKS: raw YAML, a Kustomize base with overlays, or a Helm chart.`,
		Version:       Version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("eksport {{.Version}}\n")
	root.AddCommand(
		convertCommand(stdin, stdout, stderr, code),
		importCommand(stdout, stderr, code),
		rulesCommand(stdout),
		explainCommand(stdout, stderr, code),
		&cobra.Command{
			Use:   "version",
			Short: "Print the version",
			Args:  cobra.NoArgs,
			Run:   func(*cobra.Command, []string) { fmt.Fprintf(stdout, "eksport %s\n", Version()) },
		},
	)
	return root
}

func rulesCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List the rewrite rules, in the order they run",
		Args:  cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			for _, r := range registry.Rules() {
				fmt.Fprintf(stdout, "%s\n\t%s\n", r.Name, rules.Summary(r.Doc))
			}
		},
	}
}

func explainCommand(stdout, stderr io.Writer, code *int) *cobra.Command {
	return &cobra.Command{
		Use:   "explain CODE...",
		Short: "Print what a diagnostic code means and how to fix it",
		Long: `explain prints the documentation of diagnostic codes: the bracketed code at
the end of every diagnostic eksport prints. docs/diagnostics.md lists them all.`,
		Example: `  eksport explain ecs/ulimits-dropped
  eksport explain ecs/privileged source/invalid-json`,
		Args: cobra.MinimumNArgs(1),
		Run: func(_ *cobra.Command, args []string) {
			for i, c := range args {
				e, ok := diagdoc.Lookup(strings.Trim(c, "[]"))
				if !ok {
					fmt.Fprintf(stderr, "eksport explain: no diagnostic code %q", c)
					if similar := diagdoc.Similar(c); len(similar) > 0 {
						fmt.Fprintf(stderr, "; did you mean %s?", strings.Join(similar, ", "))
					}
					fmt.Fprintln(stderr)
					*code = ExitUsage
					continue
				}
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				fmt.Fprint(stdout, e.Text())
			}
		},
	}
}

// Version is the module version the binary was built from, or "devel".
// It is printed by 'eksport version' and never written into output.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
