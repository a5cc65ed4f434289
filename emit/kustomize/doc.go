// Package kustomize is the Kustomize emitter: base/ holds what every
// environment shares, overlays/<env>/ what one environment changes.
//
// The base holds the objects present in every environment. Where their
// fields differ between environments, the base carries the first
// environment's values (by name), and every overlay states its own value of
// each field that varies, even when it equals the base: an overlay reads as
// the complete list of what makes its environment different. Images become
// images: entries, replica counts replicas: entries, everything else JSON
// patches (RFC 6902) with paths into the base object; objects that only
// some environments have are resources of those overlays.
//
// The emitter checks its own work: it applies each overlay to the base the
// way kustomize does (patches, then replicas, then images) and compares the
// result with the environment's objects. When images: or replicas: entries
// would change more than they should, that overlay falls back to patches.
//
// Environments are compared object by object, never all against all: each
// environment's tree of an object is read once from the text it was kept
// as, the patches, the self-check and the values each overlay states are
// decided from those trees, and only small results (the patches) are held
// for the decisions that need every object.
package kustomize
