// Package source reads input files into position-carrying trees and decodes
// them strictly into Go structs.
//
// JSON and YAML share one tree type, *yaml.Node, so that every later stage
// sees line and column numbers the same way. JSON is parsed by a small
// tokenizer of our own on top of encoding/json (YAML parsers reject JSON that
// is indented with tabs, which is common in checked-in task definitions) and
// reports duplicate keys, trailing data and truncation with positions.
package source
