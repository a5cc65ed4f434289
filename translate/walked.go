package translate

import (
	"strings"

	"github.com/eksport/eksport/translate/diag"
)

// unrecognised reports whether a file's diagnostics say eksport does not
// know what it is: every error says it is no input shape eksport reads,
// or that it does not parse as JSON or YAML.
func unrecognised(l diag.List) bool {
	errs := 0
	for _, d := range l {
		if d.Severity != diag.Error {
			continue
		}
		errs++
		if d.Code != "input/unknown-shape" && !strings.HasPrefix(d.Code, "source/") {
			return false
		}
	}
	return errs > 0
}

// skipped is the one Info line of an unrecognised file found in a
// folder, with the first reason.
func skipped(name string, l diag.List) diag.List {
	var out diag.List
	why := ""
	for _, d := range l {
		if d.Severity == diag.Error {
			why = d.Message
			break
		}
	}
	d := out.Infof(diag.Pos{File: name, Line: 1, Col: 1}, "input/skipped", "not an input eksport recognises (%s); skipped", why)
	d.Fix = "name the file on the command line to have it checked as an input"
	return out
}
