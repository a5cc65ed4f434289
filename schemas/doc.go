// Package schemas embeds the JSON Schemas eksport validates against: the
// configuration file now, input shapes and generated output schemas later.
package schemas

import _ "embed"

// Config is the JSON Schema (draft 2020-12) of eksport.yaml.
//
//go:embed config.schema.json
var Config []byte
