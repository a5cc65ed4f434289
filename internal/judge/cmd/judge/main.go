// Command judge applies manifests to a throwaway kube-apiserver and reports
// what it refuses. Each argument (a YAML file, a folder of YAML files, or a
// txtar archive's out/*.yaml sections) is judged as one unit.
//
//	cd internal/judge && go run ./cmd/judge [-root REPO] PATH...
//
// Exit status: 0 all accepted, 1 something rejected, 2 usage or setup error.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/eksport/eksport/internal/judge"
)

func main() {
	root := flag.String("root", "", "eksport repository root (default $EKSPORT_ROOT, else ../..)")
	quiet := flag.Bool("q", false, "print only rejections")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: judge [-root REPO] [-q] PATH...")
		os.Exit(2)
	}
	if *root != "" {
		os.Setenv("EKSPORT_ROOT", *root)
	}
	r, err := judge.Root()
	if err != nil {
		fail(err)
	}
	logf := func(format string, args ...any) {
		if !*quiet {
			fmt.Fprintf(os.Stderr, format+"\n", args...)
		}
	}
	ctx := context.Background()
	s, err := judge.StartWithCRDs(ctx, r, logf)
	if err != nil {
		fail(err)
	}
	defer s.Stop()

	rejected := 0
	for _, arg := range flag.Args() {
		objs, err := load(arg)
		if err != nil {
			fmt.Println(judge.ParseRejection(arg, err))
			rejected++
			continue
		}
		res := s.Apply(ctx, objs)
		for _, w := range res.Warnings {
			logf("warning: %s", w)
		}
		for _, rj := range res.Rejections {
			fmt.Println(rj)
		}
		rejected += len(res.Rejections)
		logf("%s: %d of %d objects accepted in %s", arg, res.Accepted, res.Objects, res.Elapsed.Round(time.Millisecond))
	}
	if rejected > 0 {
		s.Stop()
		os.Exit(1)
	}
}

func load(path string) ([]judge.Object, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".txtar") {
		objs, _, err := judge.ParseTxtar(path)
		return objs, err
	}
	if !st.IsDir() {
		return judge.ParseFile(path)
	}
	var objs []judge.Object
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return err
		}
		got, err := judge.ParseFile(p)
		objs = append(objs, got...)
		return err
	})
	return objs, err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "judge:", err)
	os.Exit(2)
}
