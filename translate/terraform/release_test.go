package terraform

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/source"
)

// TestReleaseAfterDocuments: once a resource's documents are made, the
// run no longer holds its body, its instances or the references of its
// expressions, and the root folder's files leave the parse cache; what
// other resources read of it (its value) stays, whether they come before
// it (a reference evaluates it early) or after it.
func TestReleaseAfterDocuments(t *testing.T) {
	var b strings.Builder
	b.WriteString(`resource "aws_iam_role" "task" {
  name = "task"
}
`)
	for i := range 100 {
		next := (i + 1) % 100
		fmt.Fprintf(&b, `resource "aws_ecs_task_definition" "t%d" {
  family                = "t%d-${aws_ecs_task_definition.t%d.cpu}"
  cpu                   = %d
  task_role_arn         = aws_iam_role.task.arn
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}
`, i, i, next, 256+i)
	}
	files := []File{{Name: "m/main.tf", Data: []byte(b.String())}}
	want, wantDiags := Modules(files, Options{})

	r := newRun(files, Options{})
	m := r.load("m", nil, "")
	r.dropParsed("m")
	if len(r.parsed) != 0 {
		t.Errorf("the parse cache still holds %d files of a root folder nobody calls", len(r.parsed))
	}
	r.conv = newConverter(r)
	m.root = true
	r.evaluate(m)
	r.conv.finish()
	for _, res := range m.resources {
		if tables[res.typ] == nil {
			continue
		}
		if res.block.Body != nil || res.instances != nil {
			t.Errorf("%s: body or instances still held once its documents are made", res.key)
		}
		if res.value.IsNull() || !res.value.IsKnown() {
			t.Errorf("%s: value lost", res.key)
		}
	}
	for e := range r.vars {
		t.Errorf("references of %s:%d still held", e.Range().Filename, e.Range().Start.Line)
		break
	}
	if len(want.Docs) != 100 || len(r.docs) != 100 || len(wantDiags) != len(r.diags)+len(r.parseDiags) {
		t.Fatalf("want 100 documents both ways, got %d and %d (diagnostics %d and %d)", len(want.Docs), len(r.docs), len(wantDiags), len(r.diags)+len(r.parseDiags))
	}
	for i, d := range r.docs {
		if got, w := docText(t, d), docText(t, want.Docs[i]); got != w {
			t.Errorf("document %d differs:\n%s\nwant:\n%s", i, got, w)
		}
	}
}

// TestDroppedFileParsedAgain: a root folder's files leave the parse
// cache once loaded; a module call found later (in a module outside the
// run's inputs) that loads the folder again parses it again, and its
// syntax problems are still reported once.
func TestDroppedFileParsedAgain(t *testing.T) {
	files := []File{
		{Name: "a/main.tf", Data: []byte(`module "c" {
  source = "../c"
}
`)},
		{Name: "b/main.tf", Data: []byte(`resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}

locals {
  x = 1
  x = 2
}
`)},
	}
	opts := Options{
		ReadDir: func(dir string) ([]string, error) {
			if dir == "c" {
				return []string{"main.tf"}, nil
			}
			return nil, fmt.Errorf("no folder %s", dir)
		},
		ReadFile: func(name string) ([]byte, error) {
			if name == "c/main.tf" {
				return []byte(`module "b" {
  source = "../b"
}
`), nil
			}
			return nil, fmt.Errorf("no file %s", name)
		},
	}
	res, diags := Modules(files, opts)
	if len(res.Docs) != 2 {
		t.Fatalf("want b's document twice (as a root and through a.c.b), got %d:\n%s", len(res.Docs), diags)
	}
	var syntax int
	for _, d := range diags {
		if d.Pos.File == "b/main.tf" && d.Code == "terraform/syntax" {
			syntax++
		}
	}
	if syntax != 1 {
		t.Errorf("want b/main.tf's syntax problem reported once, got %d:\n%s", syntax, diags)
	}
}

func docText(t *testing.T, d *source.Doc) string {
	t.Helper()
	out, err := yaml.Marshal(d.Root)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestMadeReleases: without --placeholders, a document is released as
// soon as Options.Made has read it, and whether it held an unresolved
// value is remembered from before: Result.Unresolved does not change.
func TestMadeReleases(t *testing.T) {
	for _, tc := range []struct {
		family     string
		unresolved bool
	}{{`"app"`, false}, {`var.family`, true}} {
		files := []File{{Name: "m/main.tf", Data: []byte(`variable "family" {}

resource "aws_ecs_task_definition" "app" {
  family                = ` + tc.family + `
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}
`)}}
		var read string
		res, _ := Modules(files, Options{Made: func(d *source.Doc) any { read = docText(t, d); return nil }})
		if len(res.Docs) != 1 || res.Docs[0].Root != nil || read == "" {
			t.Fatalf("%s: want one document, read by Made, then released; got %d documents", tc.family, len(res.Docs))
		}
		if res.Unresolved != tc.unresolved {
			t.Errorf("%s: Unresolved = %v, want %v", tc.family, res.Unresolved, tc.unresolved)
		}
	}
}

// TestValueHoldsWhatIsRead: what stays of an evaluated resource for the
// expressions that read it holds the attributes they name, all of the
// resource when one reads it whole, and nothing when none names it.
func TestValueHoldsWhatIsRead(t *testing.T) {
	files := []File{{Name: "m/main.tf", Data: []byte(`resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = "{}"
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  cpu                   = 256
  task_role_arn         = aws_iam_role.task.arn
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}
resource "aws_ecs_task_definition" "u" {
  family                = "u"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", environment = [{ name = "T", value = jsonencode(aws_ecs_task_definition.t) }] }])
}
resource "aws_ecs_service" "s" {
  name            = "s"
  task_definition = aws_ecs_task_definition.u.arn
}
`)}}
	r := newRun(files, Options{AccountID: "111122223333", Region: "eu-west-1"})
	m := r.load("m", nil, "")
	r.conv = newConverter(r)
	m.root = true
	r.evaluate(m)
	r.conv.finish()
	attrs := func(key string) []string {
		v := m.byAddr[key].value
		if !v.IsKnown() || !v.Type().IsObjectType() {
			return nil
		}
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			out = append(out, k.AsString())
		}
		return out
	}
	for key, want := range map[string]string{
		"aws_iam_role.task":         "arn",
		"aws_ecs_task_definition.t": "arn arn_without_revision container_definitions cpu family id task_role_arn",
		"aws_ecs_task_definition.u": "arn",
		"aws_ecs_service.s":         "",
	} {
		if got := strings.Join(attrs(key), " "); got != want {
			t.Errorf("%s holds %q, want %q", key, got, want)
		}
	}
	if len(r.docs) != 3 || r.diags.HasErrors() {
		t.Fatalf("%d documents, %v", len(r.docs), r.diags)
	}
	// The whole task definition t, as u's environment reads it.
	if got := docText(t, r.docs[1]); !strings.Contains(got, `"family":"t"`) || !strings.Contains(got, `"task_role_arn":"arn:aws:iam::111122223333:role/task"`) {
		t.Errorf("u's environment does not hold t whole:\n%s", got)
	}
}
