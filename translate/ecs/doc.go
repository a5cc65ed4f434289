// Package ecs is the front-end for Amazon ECS inputs: task definitions in
// register-task-definition input form, describe-task-definition output form
// and bare container-definition lists, as JSON or YAML.
//
// It recognises an input by its shape, decodes it strictly (source.Decoder),
// reports every present field that has no translation according to the
// disposition table (fields.go), and fills an ir.Workload with the faithful
// field mapping.
package ecs
