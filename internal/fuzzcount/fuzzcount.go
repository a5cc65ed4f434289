// Package fuzzcount counts a fuzz target's executions for make fuzz, which
// sets EKSPORT_FUZZ_COUNT to a file: go test -fuzz reports executions only
// when a worker process reports back, which slow targets rarely do before
// the time is up. It imports nothing of eksport's, so that the tests of
// every package can use it.
package fuzzcount

import (
	"os"
	"sync/atomic"
)

// Exec counts one execution; each worker appends its count to the file
// every 256 executions.
func Exec() {
	if file == "" {
		return
	}
	if n := execs.Add(1); n%256 == 0 {
		if f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644); err == nil {
			f.WriteString("256\n")
			f.Close()
		}
	}
}

var (
	file  = os.Getenv("EKSPORT_FUZZ_COUNT")
	execs atomic.Int64
)
