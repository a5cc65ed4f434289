package diag

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format names a way to print diagnostics.
type Format string

const (
	Text   Format = "text"
	JSON   Format = "json"
	GitHub Format = "github"
)

// Formats lists the accepted --diag-format values.
var Formats = []Format{Text, JSON, GitHub}

// Print writes l in the given format. Info diagnostics are printed only when
// verbose is set; JSON always carries everything it is given.
func Print(w io.Writer, f Format, l List, verbose bool) error {
	// One write per diagnostic was a system call each on standard error:
	// a batch's 50,000 warnings took a quarter of a second.
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := printTo(bw, f, l, verbose); err != nil {
		return err
	}
	return bw.Flush()
}

func printTo(w io.Writer, f Format, l List, verbose bool) error {
	switch f {
	case JSON:
		return printJSON(w, l)
	case GitHub:
		for _, d := range l {
			if d.Severity == Info && !verbose {
				continue
			}
			printGitHub(w, d)
		}
		return nil
	default:
		var line []byte
		for _, d := range l {
			if d.Severity == Info && !verbose {
				continue
			}
			line = append(d.append(line[:0]), '\n')
			for _, n := range d.Notes {
				line = append(append(append(line, "\tnote: "...), n...), '\n')
			}
			if d.Fix != "" {
				line = append(append(append(line, "\tfix: "...), d.Fix...), '\n')
			}
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	}
}

type jsonDiag struct {
	File     string   `json:"file"`
	Doc      int      `json:"doc,omitempty"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"column,omitempty"`
	Path     string   `json:"path,omitempty"`
	Severity string   `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Notes    []string `json:"notes,omitempty"`
	Fix      string   `json:"fix,omitempty"`
}

func printJSON(w io.Writer, l List) error {
	out := make([]jsonDiag, 0, len(l))
	for _, d := range l {
		out = append(out, jsonDiag{
			File: d.Pos.File, Doc: d.Pos.Doc, Line: d.Pos.Line, Col: d.Pos.Col, Path: d.Pos.Path,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Notes: d.Notes, Fix: d.Fix,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// printGitHub writes a workflow command, escaped as the Actions runner expects.
func printGitHub(w io.Writer, d Diagnostic) {
	level := "notice"
	switch d.Severity {
	case Warning:
		level = "warning"
	case Error:
		level = "error"
	}
	props := []string{"file=" + ghProp(d.Pos.File)}
	if d.Pos.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
	}
	if d.Pos.Col > 0 {
		props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
	}
	props = append(props, "title="+ghProp(d.Code))
	msg := d.Message
	if d.Pos.Path != "" && !strings.Contains(msg, d.Pos.Path) {
		msg = d.Pos.Path + ": " + msg
	}
	for _, n := range d.Notes {
		msg += "\nnote: " + n
	}
	if d.Fix != "" {
		msg += "\nfix: " + d.Fix
	}
	fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
