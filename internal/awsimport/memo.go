package awsimport

import (
	"sync"
)

// memo runs each keyed read once, however many services share it.
type memo struct {
	mu sync.Mutex
	m  map[string]*memoCall
}

type memoCall struct {
	done chan struct{}
	val  any
	err  error
}

func (m *memo) do(key string, fn func() (any, error)) (any, error) {
	m.mu.Lock()
	if c, ok := m.m[key]; ok {
		m.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	c := &memoCall{done: make(chan struct{})}
	m.m[key] = c
	m.mu.Unlock()
	c.val, c.err = fn()
	close(c.done)
	return c.val, c.err
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}
