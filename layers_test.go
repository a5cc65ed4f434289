package eksport_test

import (
	"os/exec"
	"strings"
	"testing"
)

// layers says which of the project's packages each package may import,
// as the architecture guide's table does. A package missing from the table
// fails the test, so new packages get a row when they are created.
var layers = map[string][]string{
	"":                         {"translate", "translate/config", "translate/diag", "translate/ecs", "translate/ir", "translate/kube", "translate/cloudformation", "translate/terraform", "rules", "rules/registry", "emit", "emit/*", "internal/kname"},
	"cmd/eksport":              {"cmd/eksport/internal/cli"},
	"cmd/eksport/internal/cli": {"", "translate/config", "translate/diag", "translate/cloudformation", "translate/terraform", "emit", "rules", "rules/registry", "internal/udiff", "internal/diagdoc", "internal/awsimport"},
	"translate":                {"translate/*"},
	"translate/diag":           {},
	"translate/source":         {"translate/diag"},
	"translate/config":         {"translate/diag", "translate/source", "schemas"},
	"translate/ir":             {"translate/diag"},
	"translate/kube":           {"translate/ir", "translate/diag", "translate/source", "translate/config", "internal/kname", "internal/kcheck"},
	"translate/ecs":            {"translate/ir", "translate/diag", "translate/source", "translate/config", "internal/kname"},
	// CloudFormation hands CLI-shaped documents to the ECS front-end.
	"translate/cloudformation":                    {"translate/ecs", "translate/ir", "translate/diag", "translate/source"},
	"translate/cloudformation/internal/genschema": {},
	// Terraform hands CLI-shaped documents to the ECS front-end.
	"translate/terraform":                    {"translate/ir", "translate/diag", "translate/source"},
	"translate/terraform/internal/schemagen": {},
	"rules":                                  {"translate/ir", "translate/diag", "translate/config"},
	"rules/registry":                         {"rules", "rules/*"},
	"rules/names":                            {"rules", "translate/ir", "translate/diag"},
	"rules/autoscaling":                      {"rules", "translate/ir", "translate/diag"},
	"rules/kubeversion":                      {"rules", "translate/ir", "translate/diag"},
	"rules/exposure":                         {"rules", "translate/ir", "translate/diag", "internal/kname"},
	"rules/identity":                         {"rules", "translate/ir", "translate/diag", "internal/kname"},
	"rules/secrets":                          {"rules", "translate/ir", "translate/diag", "internal/kname"},
	"rules/storage":                          {"rules", "translate/ir", "translate/diag", "internal/kname"},
	"rules/apiupgrade":                       {"rules", "translate/ir", "translate/diag"},
	"rules/kube2iam":                         {"rules", "translate/ir", "translate/diag", "internal/kname"},
	"rules/ebscsi":                           {"rules", "translate/ir", "translate/diag"},
	"rules/lbannotations":                    {"rules", "translate/ir", "translate/diag"},
	"rules/nodes":                            {"rules", "translate/ir", "translate/diag"},
	"rules/placement":                        {"rules", "translate/ir", "translate/diag", "translate/config"},
	"emit":                                   {"translate/diag"},
	"emit/lower":                             {"emit", "translate/ir", "translate/diag", "internal/kname"},
	"emit/raw":                               {"emit", "translate/diag"},
	"emit/kustomize":                         {"emit", "translate/diag", "internal/kname"},
	"emit/helm":                              {"emit", "translate/diag", "translate/ir", "internal/kname"},
	"emit/report":                            {"emit", "translate/diag"},
	"schemas":                                {},
	"internal/kname":                         {},
	"internal/kcheck":                        {},
	"internal/gen":                           {},
	"internal/measure":                       {},
	"internal/bench":                         {"internal/gen", "internal/measure"},
	"internal/benchiac":                      {"internal/awsfake", "internal/measure"},
	"internal/udiff":                         {},
	"internal/diagdoc":                       {},
	"internal/action":                        {},
	"internal/fuzzcount":                     {},
	"internal/golden":                        {"*"},
	"internal/awsimport":                     {"translate/diag", "translate/ecs"},
	"internal/awsfake":                       {},
}

const module = "github.com/eksport/eksport"

func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		allowed, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no row in the layer table", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !permitted(allowed, dep) {
				t.Errorf("%s imports %s, which its layer does not allow", pkg, dep)
			}
		}
	}
}

func permitted(allowed []string, dep string) bool {
	for _, a := range allowed {
		if a == "*" || a == dep || (strings.HasSuffix(a, "/*") && strings.HasPrefix(dep, strings.TrimSuffix(a, "*"))) {
			return true
		}
	}
	return false
}

// TestLibraryDependencies keeps the heavy Kubernetes server modules out of
// the library: importing eksport must never download k8s.io/kubernetes.
func TestLibraryDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "./translate/...", "./emit/...", "./cmd/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"k8s.io/kubernetes", "k8s.io/client-go", "helm.sh/", "sigs.k8s.io/kustomize"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("the library depends on %s", dep)
			}
		}
	}
}
