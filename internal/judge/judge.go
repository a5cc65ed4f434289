package judge

import (
	"context"
	"fmt"
	"time"
)

// StartWithCRDs is the usual entry point: it finds (or builds) the binaries
// for the repository at root, starts the servers and installs every CRD from
// CollectCRDs. The caller must Stop the server.
func StartWithCRDs(ctx context.Context, root string, logf func(string, ...any)) (*Server, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	tools, err := FindTools(root, logf)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	crds, err := CollectCRDs(ctx, root)
	if err != nil {
		return nil, err
	}
	logf("judge: collected %d CRDs in %s", len(crds), time.Since(t).Round(time.Millisecond))
	s, err := Start(ctx, Options{Tools: tools, Logf: logf})
	if err != nil {
		return nil, err
	}
	if err := s.InstallCRDs(ctx, crds); err != nil {
		logs := s.Logs(30)
		_ = s.Stop()
		return nil, fmt.Errorf("%v\n%s", err, logs)
	}
	return s, nil
}
