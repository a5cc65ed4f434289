package ecs

import "github.com/eksport/eksport/translate/ir"

// Pack packs w's pod template as Prepare does, for tests outside the
// package.
func Pack(w *ir.Workload) { pack(w) }
