package ecs

import (
	"fmt"
	"strings"
)

// dispositionOrder is the order of the legend.
var dispositionOrder = []Disposition{Translated, TranslatedWarn, Dropped, Rejected, Metadata, Planned, OutOfScope}

// dispositionWords spells a disposition out for people.
func dispositionWords(d Disposition) string {
	switch d {
	case Translated:
		return "translated"
	case TranslatedWarn:
		return "translated with warning"
	case Dropped:
		return "dropped"
	case Rejected:
		return "rejected"
	case Metadata:
		return "metadata"
	case Planned:
		return "planned"
	case OutOfScope:
		return "out of scope"
	}
	return string(d)
}

// dispositionLegend says in a few words what each disposition means.
var dispositionLegend = map[Disposition]string{
	Translated:     "becomes the Kubernetes field shown",
	TranslatedWarn: "becomes the closest Kubernetes equivalent and the gap is reported as a warning",
	Dropped:        "no equivalent, left out with a warning",
	Rejected:       "an error, since leaving it out would change behaviour",
	Metadata:       "read-only ECS data, ignored",
	Planned:        "a later release translates it; until then a warning and nothing in the output",
	OutOfScope:     "part of something eksport does not migrate, noted once at info level",
}

// FieldsMarkdown renders TaskDefinitionFields as a Markdown table with a
// one-line legend, for docs/fields.md. The output depends only on the table.
func FieldsMarkdown() string {
	counts := map[Disposition]int{}
	for _, f := range TaskDefinitionFields {
		counts[f.Disp]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d task definition fields.", len(TaskDefinitionFields))
	for _, d := range dispositionOrder {
		fmt.Fprintf(&b, " **%s** (%d): %s.", dispositionWords(d), counts[d], dispositionLegend[d])
	}
	b.WriteString("\n\n")
	b.WriteString("| Field | Disposition | Kubernetes | Notes |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, f := range TaskDefinitionFields {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n",
			f.Path, dispositionWords(f.Disp), markdownCell(f.Kube), markdownCell(f.Why))
	}
	return b.String()
}

// markdownCell escapes text for a table cell; an empty cell shows a dash.
func markdownCell(s string) string {
	if s == "" {
		return "-"
	}
	r := strings.NewReplacer(
		`\`, `\\`,
		"|", `\|`,
		"*", `\*`,
		"_", `\_`,
		"<", "&lt;",
		"\n", " ",
	)
	return r.Replace(s)
}

// OtherTables are the disposition tables of the shapes besides the task
// definition, in the order docs/fields.md lists them.
func OtherTables() []*Table {
	return []*Table{ServiceTable, ScalableTargetTable, ScalingPolicyTable, ScheduledActionTable, MetricAlarmTable,
		TargetGroupTable, ListenerTable, ELBRuleTable, EventRuleTable, EventTargetTable, ScheduleTable}
}

// TablesMarkdown renders the other shapes' tables, each folded in a
// details element with its counts, for docs/fields.md.
func TablesMarkdown() string {
	var b strings.Builder
	for _, t := range OtherTables() {
		counts := map[Disposition]int{}
		for _, f := range t.Fields {
			counts[f.Disp]++
		}
		var parts []string
		for _, d := range dispositionOrder {
			if counts[d] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[d], dispositionWords(d)))
			}
		}
		fmt.Fprintf(&b, "<details><summary>%s: %d fields (%s)</summary>\n\n", t.Name, len(t.Fields), strings.Join(parts, ", "))
		b.WriteString("| Field | Disposition | Kubernetes | Notes |\n|---|---|---|---|\n")
		for _, f := range t.Fields {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.Path, dispositionWords(f.Disp), markdownCell(f.Kube), markdownCell(f.Why))
		}
		b.WriteString("\n</details>\n\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
