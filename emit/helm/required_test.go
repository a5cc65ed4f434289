package helm

import "testing"

func TestRequiredKey(t *testing.T) {
	for name, want := range map[string]string{
		"var.tag":                     "var_tag",
		"var.image_tag":               "var_image_tag",
		"!Ref ImageTag":               "Ref_ImageTag",
		"!Ref Img (SSM parameter /a)": "Ref_Img_SSM_parameter_a",
		"...":                         "value",
	} {
		if got := requiredKey(name); got != want {
			t.Errorf("requiredKey(%q) = %q, want %q", name, got, want)
		}
	}
}
