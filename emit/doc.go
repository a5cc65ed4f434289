// Package emit defines what lowering produces and emitters consume:
// Kubernetes objects in a canonical order, and FileSets, the in-memory file
// trees every emitter returns. Only the command line writes a FileSet to disk
// or compares it with what is there.
package emit
