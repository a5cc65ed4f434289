package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/awsimport"
	"github.com/eksport/eksport/translate/diag"
)

// importCmd reads running ECS clusters through the AWS API into a folder
// of the JSON files eksport convert reads (docs/import.md).
func importCmd(args []string, stdout, stderr io.Writer) int {
	var (
		o                awsimport.ConfigOptions
		clusters, svcs   multiFlag
		output           string
		force            bool
		diagFormat       = "text"
		verbose          bool
		concurrencyValue int
	)
	fs := flag.NewFlagSet("eksport import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Region, "region", "", "the AWS `REGION` (default: AWS_REGION or the profile's)")
	fs.StringVar(&o.Profile, "profile", "", "the shared-configuration `PROFILE` (default: AWS_PROFILE)")
	fs.StringVar(&o.EndpointURL, "endpoint-url", "", "send every request to `URL` (default: AWS_ENDPOINT_URL)")
	fs.Var(&clusters, "cluster", "import the cluster `NAME` or ARN (repeatable; default: every cluster of the region)")
	fs.Var(&svcs, "service", "import only the service `NAME` or ARN (repeatable; scheduled tasks are then left out)")
	fs.IntVar(&concurrencyValue, "concurrency", 8, "at most `N` requests in flight")
	fs.StringVar(&output, "o", "", "write the files under `DIR` (required)")
	fs.StringVar(&output, "output", "", "same as -o")
	fs.BoolVar(&force, "force", false, "overwrite or delete files in the output folder that eksport did not write")
	fs.StringVar(&diagFormat, "diag-format", "text", "diagnostics format: text, json or github")
	fs.BoolVar(&verbose, "v", false, "also print informational diagnostics")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: eksport import [flags] -o DIR\n\nReads ECS clusters through the AWS API (read-only) into one JSON file per resource;\nthen run eksport convert DIR. docs/import.md lists the IAM actions it needs.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "eksport import: "+format+"\n", args...)
		return ExitUsage
	}
	switch {
	case len(rest) > 0:
		return usageErr("unexpected argument %q (name the output folder with -o DIR)", rest[0])
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
