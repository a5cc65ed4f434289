package awsimport

import (
	"sync"
)

// memo runs each keyed read once, however many services share it. A key
// given a number of uses (expect) is forgotten after its last release, so
// that an import of thousands of services does not hold every answer
// until the end; a key without one is kept for the whole import.
type memo struct {
	mu   sync.Mutex
	m    map[string]*memoCall
	uses map[string]int
}

// expect records one more use of key that will be released.
func (m *memo) expect(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.uses == nil {
		m.uses = map[string]int{}
	}
	m.uses[key]++
}

// release ends one expected use of key; after the last one the answer is
// dropped (a later, unexpected use reads it again).
func (m *memo) release(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.uses[key]
	if !ok {
		return
	}
	if n > 1 {
		m.uses[key] = n - 1
		return
	}
	delete(m.uses, key)
	delete(m.m, key)
}

// held is how many answers the memo keeps.
func (m *memo) held() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
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
