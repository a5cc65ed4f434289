//go:build !unix

package cli

import (
	"errors"
	"fmt"
	"os"
)

// writeNew writes a file that must not exist yet; a failed write leaves
// no file.
func writeNew(target string, data []byte) error {
	file, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := file.Write(data)
	if err := errors.Join(werr, file.Close()); err != nil {
		os.Remove(target)
		return fmt.Errorf("writing %s: %v", target, err)
	}
	return nil
}

// readFile is os.ReadFile.
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
