package terraform

import (
	"bytes"
	"strings"
	"testing"
)

// TestPlanTooLargeSaysHowToSplit: a plan over the per-file limit is one
// document that cannot be cut in two, so the error says how to make
// smaller plans instead of only "split it".
func TestPlanTooLargeSaysHowToSplit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":[`)
	for i := 0; b.Len() < 9<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"address":"aws_ssm_parameter.p","mode":"managed","type":"aws_ssm_parameter","name":"p","values":{"name":"` + strings.Repeat("x", 200) + `"}}`)
	}
	b.WriteString(`]}}}`)
	if !IsPlan(b.Bytes()) {
		t.Fatal("not recognised as a plan")
	}
	_, d := Plan("big.json", b.Bytes(), Options{})
	if !d.HasErrors() {
		t.Fatal("a 9 MiB plan was read")
	}
	for _, x := range d {
		if x.Code == "source/too-large" {
			if !strings.Contains(x.Fix, "terraform plan -target") {
				t.Errorf("fix %q does not say how to make a smaller plan", x.Fix)
			}
			return
		}
	}
	t.Errorf("no source/too-large among %v", d)
}
