// Package udiff prints unified diffs of two texts for golden tests and for
// eksport convert --check: go-udiff's hunks, and a one-line summary for a
// file too large to show, so that one huge file never holds a check's
// memory or time.
package udiff
