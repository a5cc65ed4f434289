package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/awsimport"
	"github.com/eksport/eksport/translate/diag"
)

// importFlags are eksport import's flags.
type importFlags struct {
	o              awsimport.ConfigOptions
	clusters, svcs []string
	output         string
	force          bool
	diagFormat     string
	verbose        bool
	concurrency    int
}

// importCommand is eksport import: read running ECS clusters through the
// AWS API into a folder of the JSON files eksport convert reads
// (docs/import.md).
func importCommand(stdout, stderr io.Writer, code *int) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import [flags] -o DIR",
		Short: "Read running ECS clusters through the AWS API (read-only) into files convert reads",
		Long: `import reads ECS clusters through the AWS API, read-only, into one JSON file
per resource under DIR: services, their task definitions, scaling targets,
policies, scheduled actions and alarms, target groups with their listeners
and rules, EventBridge rules and Scheduler schedules, and Cloud Map services.
Then run eksport convert DIR. Credentials and region come from the AWS
configuration as in the AWS CLI (profiles, SSO, roles, AWS_REGION,
AWS_PROFILE, AWS_ENDPOINT_URL). docs/import.md lists the IAM actions it
needs; it never reads a secret value.`,
		Example: `  eksport import --region eu-west-1 --cluster prod -o ecs-prod/
  eksport convert -o k8s/ ecs-prod/
  eksport import --profile staging --cluster web --service api --service worker -o ecs/`,
		Args: cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			*code = runImport(f, stdout, stderr)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVarP(&f.output, "output", "o", "", "write the files under `DIR` (required)")
	fs.StringVar(&f.o.Region, "region", "", "the AWS `REGION` (default: AWS_REGION or the profile's)")
	fs.StringVar(&f.o.Profile, "profile", "", "the shared-configuration `PROFILE` (default: AWS_PROFILE)")
	fs.StringVar(&f.o.EndpointURL, "endpoint-url", "", "send every request to `URL` (default: AWS_ENDPOINT_URL)")
	fs.StringArrayVar(&f.clusters, "cluster", nil, "import the cluster `NAME` or ARN (repeatable; default: every cluster of the region)")
	fs.StringArrayVar(&f.svcs, "service", nil, "import only the service `NAME` or ARN (repeatable; scheduled tasks are then left out)")
	fs.IntVar(&f.concurrency, "concurrency", 8, "at most `N` requests in flight")
	fs.BoolVar(&f.force, "force", false, "overwrite or delete files in the output folder that eksport did not write")
	fs.StringVar(&f.diagFormat, "diag-format", "text", "diagnostics format: text, json or github")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "also print informational diagnostics")
	_ = cmd.MarkFlagDirname("output")
	_ = cmd.RegisterFlagCompletionFunc("diag-format", cobra.FixedCompletions([]string{"text", "json", "github"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runImport imports as the flags say and returns the exit code.
func runImport(f importFlags, stdout, stderr io.Writer) int {
	o, clusters, svcs, output, force, diagFormat, verbose, concurrencyValue := f.o, f.clusters, f.svcs, f.output, f.force, f.diagFormat, f.verbose, f.concurrency
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "eksport import: "+format+"\n", args...)
		return ExitUsage
	}
	switch {
	case output == "":
		return usageErr("name the output folder with -o DIR")
	case concurrencyValue < 1 || concurrencyValue > 64:
		return usageErr("--concurrency wants a number from 1 to 64, got %d", concurrencyValue)
	case !slices.Contains(diag.Formats, diag.Format(diagFormat)):
		return usageErr("unknown --diag-format %q (text, json or github)", diagFormat)
	}
	o.Concurrency = concurrencyValue
	flags := convertFlags{diagFormat: diagFormat, verbose: verbose}

	// Ctrl-C stops the reads; nothing has been written by then.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := awsimport.LoadConfig(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "eksport import: %v\n", err)
		return ExitInput
	}
	if cfg.Region == "" {
		return usageErr("no region: pass --region, or set AWS_REGION or the profile's region")
	}
	st, err := newStager(output, force)
	if err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	opts := awsimport.Options{Clusters: clusters, Services: svcs, Concurrency: concurrencyValue}
	if isTerminal(stderr) {
		opts.Progress = func(done, total int) {
			fmt.Fprintf(stderr, "\rimport: %d/%d services", done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	res, err := awsimport.Import(ctx, cfg, opts)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "eksport import: interrupted; %s is as it was\n", output)
		} else {
			fmt.Fprintf(stderr, "eksport import: %v\n", err)
		}
		return ExitInput
	}
	for _, f := range res.Files {
		if err := st.put(emit.File{Path: f.Path, Data: f.Data}); err != nil {
			st.abort()
			fmt.Fprintf(stderr, "eksport: %v\n", err)
			return ExitInput
		}
	}
	printDiags(stderr, flags, res.Diagnostics)
	failed := res.Diagnostics.HasErrors()
	// Files of an earlier import that this one did not make are removed
	// only in the clusters it read whole: after a partial failure, or with
	// --service, they stay as the earlier import left them, and so do the
	// folders of clusters it did not read.
	st.keep = func(rel string) bool {
		cluster, _, _ := strings.Cut(rel, "/")
		return failed || len(svcs) > 0 || !slices.Contains(res.Clusters, cluster)
	}
	if ctx.Err() != nil {
		st.abort()
		fmt.Fprintf(stderr, "eksport import: interrupted; %s is as it was\n", output)
		return ExitInput
	}
	if err := st.commit(); err != nil {
		fmt.Fprintf(stderr, "eksport: %v\n", err)
		return ExitInput
	}
	if failed {
		return ExitInput
	}
	return ExitOK
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
