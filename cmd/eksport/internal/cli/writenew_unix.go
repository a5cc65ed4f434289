//go:build unix

package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// writeNew writes a file that must not exist yet; a failed write leaves
// no file.
//
// It uses the system calls themselves rather than an os.File: os.OpenFile
// makes every file ready for the network poller (two fcntl calls to set
// it non-blocking and an epoll_ctl that fails for a regular file) and
// gives it a finalizer, which for a batch's thousands of small files was
// 5% of the run's CPU (1,000 inputs write 5,559 files).
func writeNew(target string, data []byte) error {
	fd, err := openNew(target)
	if err != nil {
		return &fs.PathError{Op: "open", Path: target, Err: err}
	}
	var werr error
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			werr = &fs.PathError{Op: "write", Path: target, Err: err}
			break
		}
		if n == 0 {
			werr = &fs.PathError{Op: "write", Path: target, Err: syscall.EIO}
			break
		}
		data = data[n:]
	}
	var cerr error
	if err := syscall.Close(fd); err != nil {
		cerr = &fs.PathError{Op: "close", Path: target, Err: err}
	}
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(target)
		return fmt.Errorf("writing %s: %v", target, err)
	}
	return nil
}

// openNew creates target, which must not exist, for writing.
func openNew(target string) (int, error) {
	for {
		fd, err := syscall.Open(target, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readFile is os.ReadFile without an os.File, for the same reason as
// writeNew: a batch reads every input (1,000 inputs: 1,644 files) and, into
// a folder written before, every file it compares.
func readFile(name string) ([]byte, error) {
	var fd int
	for {
		var err error
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	}
	defer syscall.Close(fd)
	size := 0
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err == nil && st.Size > 0 && int64(int(st.Size)) == st.Size {
		size = int(st.Size)
	}
	// One byte more than the size, so that a file read whole ends with a
	// read of nothing rather than a second buffer.
	data := make([]byte, 0, max(size+1, 512))
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}
