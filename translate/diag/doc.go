// Package diag holds eksport's positioned diagnostics: where a problem is
// (file, document, line, column and field path), how severe it is, a stable
// code that users can switch off or promote, and printers for text, JSON and
// GitHub Actions annotations.
//
// Library code never prints, logs or exits; it appends to a List and the
// command line decides what to show.
package diag
