package eksport_test

import (
	"context"
	"fmt"

	"github.com/eksport/eksport"
)

// Translate takes inputs in memory and returns files and diagnostics
// without touching the disk.
func ExampleTranslate() {
	td := []byte(`{
  "family": "hello",
  "containerDefinitions": [
    {"name": "hello", "image": "nginx:1.27", "cpu": 256, "memory": 128,
     "portMappings": [{"containerPort": 80}],
     "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}]}
  ]
}`)
	res, err := eksport.Translate(context.Background(),
		eksport.Input{Files: []eksport.File{{Name: "hello.json", Data: td}}},
		eksport.Options{Namespace: "demo"})
	if err != nil {
		panic(err)
	}
	for _, d := range res.Diagnostics {
		fmt.Println(d.Severity, d.Code)
	}
	for _, f := range res.Files.Files {
		fmt.Println(f.Path)
	}
	// Output:
	// warning ecs/ulimits-dropped
	// hello-service.yaml
	// hello-deployment.yaml
	// migration-checklist.md
	// migration-checklist.json
}
