// Package diagdoc is the catalog of eksport's diagnostic codes: for each
// stable code, its default severity, the messages it is reported with,
// the fix or notes it carries, and for the codes of the field tables, the
// input fields and the reason. `eksport explain CODE` prints an entry, and
// docs/diagnostics.md lists them all.
//
// The catalog is generated, never written by hand: a test scans the source
// of every stage and rule for the calls that report a diagnostic (Errorf,
// Warnf, Infof, Add, a rule's Reportf) and reads the field tables, then
// requires catalog.json and docs/diagnostics.md to be exactly what the
// scan gives (EKSPORT_UPDATE=1 rewrites both). A new code is therefore
// documented by the commit that adds it.
package diagdoc
