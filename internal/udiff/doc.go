// Package udiff prints unified diffs of two texts: small, dependency-free
// and stable, for golden tests and for eksport convert --check.
package udiff
