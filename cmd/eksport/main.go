// Command eksport converts Amazon ECS task definitions into Kubernetes
// manifests for Amazon EKS. See the README for usage.
package main

import (
	"os"

	"github.com/eksport/eksport/cmd/eksport/internal/cli"
)

func main() {
	cli.TuneGC()
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
