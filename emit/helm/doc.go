// Package helm is the Helm emitter: one chart per run, whose templates
// render exactly the objects of each environment.
//
// Each object becomes a template: its YAML, with the fields users tune
// read from values (images, replicas, resources, plain environment
// variables, pod annotations, node selection, tolerations, service account
// annotations, autoscaling bounds and targets, service and ingress
// settings). values.yaml holds the first environment's values (by name);
// values-<env>.yaml names every value that differs between environments,
// so that `helm template . -f values-<env>.yaml` renders that
// environment's objects. A difference no named value carries becomes a
// value under fields:, and an object only some environments have renders
// behind a flag (autoscaling.enabled, or include:). Values are checked by
// values.schema.json. An input variable or parameter without a value (an
// ir.Unresolved token with Input) is a required value under unresolved:,
// which the template reads with required (required.go).
//
// The Emitter keeps each object's text in an emit.Store until Finish.
// Finish slots the objects in install order; once a workload's last object
// is slotted, its values (values.yaml's text and each environment's patch
// of it) and its part of values.schema.json are written as text into the
// same store (groups.go), so that what stays in memory until the values
// files are written is the chart-wide values and one entry per workload.
//
// Templates are written from the objects and checked in internal/agree
// against helm's own engine: raw output, kustomize build of each overlay
// and helm template with each environment's values give the same objects.
package helm
