package terraform_test

import (
	"bufio"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
)

// TestApplyTime runs the cases of testdata/applytime.txtar: each folder
// NAME/ is a module, and NAME.want says how it is converted and what
// must come out. Its lines are
//
//	run: placeholders | helm     options (one line per run, default raw)
//	diag: TEXT                   a diagnostic line holds TEXT
//	nodiag: TEXT                 no diagnostic line holds TEXT
//	out: TEXT                    an output file holds TEXT
//	noout: TEXT                  no output file holds TEXT
//	fails | succeeds             whether the run writes files
//	# a comment
//
// and apply to the run: line above them.
func TestApplyTime(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "applytime.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Parse("eksport.yaml", []byte("region: eu-west-1\ncluster:\n  accountId: \"111122223333\"\n"))
	var cases []string
	for _, f := range a.Files {
		if name, ok := strings.CutSuffix(f.Name, ".want"); ok {
			cases = append(cases, name)
		}
	}
	if len(cases) < 4 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, name := range cases {
		var want []byte
		for _, f := range a.Files {
			if f.Name == name+".want" {
				want = f.Data
			}
		}
		in := files(a, name+"/")
		if len(in) == 0 {
			t.Fatalf("%s: no files under %s/", name, name)
		}
		type check struct{ kind, text string }
		runs := map[string][]check{}
		var order []string
		run := "raw"
		sc := bufio.NewScanner(strings.NewReader(string(want)))
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "#") {
				continue
			}
			kind, text, _ := strings.Cut(line, ":")
			text = strings.TrimSpace(text)
			switch kind {
			case "":
				continue
			case "run":
				run = text
				continue
			}
			if !slices.Contains(order, run) {
				order = append(order, run)
			}
			runs[run] = append(runs[run], check{kind, text})
		}
		for _, run := range order {
			t.Run(name+"/"+run, func(t *testing.T) {
				opts := eksport.Options{Config: cfg, NoReport: true}
				for _, o := range strings.Fields(run) {
					switch o {
					case "raw":
					case "placeholders":
						opts.Placeholders = true
					case "helm":
						opts.Format = eksport.Helm
					default:
						t.Fatalf("unknown option %q", o)
					}
				}
				ins, opts := onDisk(in, opts)
				out, diags := convert(t, ins, opts)
				var all strings.Builder
				names := make([]string, 0, len(out))
				for n := range out {
					names = append(names, n)
				}
				slices.Sort(names)
				for _, n := range names {
					all.WriteString("--- " + n + "\n" + out[n])
				}
				for _, c := range runs[run] {
					switch c.kind {
					case "diag", "nodiag":
						if strings.Contains(diags, c.text) != (c.kind == "diag") {
							t.Errorf("%s: %s", c.kind, c.text)
						}
					case "out", "noout":
						if strings.Contains(all.String(), c.text) != (c.kind == "out") {
							t.Errorf("%s: %s", c.kind, c.text)
						}
					case "fails", "succeeds":
						if (len(out) == 0) != (c.kind == "fails") {
							t.Errorf("want: the run %s", c.kind)
						}
					default:
						t.Fatalf("unknown check %q", c.kind)
					}
				}
				if t.Failed() {
					t.Logf("diagnostics:\n%s\noutput:\n%s", diags, all.String())
				}
			})
		}
	}
}
