package helm

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/eksport/eksport/emit"
)

// valuesTexts writes values.yaml and each environment's values file as
// write does, with each workload's patch (doneGroup) added.
func valuesTexts(envValues []map[string]any, patches []map[string]*frozen) ([]string, error) {
	var out []string
	var b bytes.Buffer
	if err := (&valuesWriter{docs: testDocs}).writeTo(&b, nil, envValues[0]); err != nil {
		return nil, err
	}
	out = append(out, b.String())
	leaves := envLeaves(envValues[0], envValues)
	for i := range envValues {
		patch, err := envFile(envValues[0], envValues[i], leaves, i)
		if err != nil {
			return nil, err
		}
		if patches != nil {
			withGroups(patch, patches[i])
		}
		w := &valuesWriter{}
		w.mapBody(patch, 0, false)
		if w.err != nil {
			return nil, w.err
		}
		out = append(out, string(w.b))
	}
	return out, nil
}

func testDocs(key []byte) string {
	if bytes.Count(key, []byte{0}) == 2 && bytes.HasSuffix(key, []byte("\x00a")) {
		return "The a of " + string(bytes.Split(key, []byte{0})[1]) + "."
	}
	return ""
}

// TestDoneGroupMatchesMaps checks that writing each workload's values as
// text once it is done (doneGroup, the text in a store's file) gives the
// values files that the trees of maps give, on random environments
// (some of which a patch does not simply reproduce: those keep their
// maps).
func TestDoneGroupMatchesMaps(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	store := &emit.Store{Dir: t.TempDir()}
	defer store.Close()
	held := 0
	for i := range 3000 {
		n, groups := 1+r.IntN(3), 1+r.IntN(4)
		mk := func() []map[string]any {
			envs := make([]map[string]any, n)
			for e := range envs {
				envs[e] = map[string]any{"top": fmt.Sprint(r.IntN(2)), "workloads": map[string]any{}}
			}
			return envs
		}
		ref, got := mk(), mk()
		for e := range ref {
			got[e]["top"] = ref[e]["top"]
		}
		for g := range groups {
			name := fmt.Sprint("w", g)
			for e := range ref {
				v := randomValues(r, 1)
				ref[e]["workloads"].(map[string]any)[name] = v
				got[e]["workloads"].(map[string]any)[name] = copyTree(v)
			}
		}
		patches := make([]map[string]*frozen, n)
		for e := range patches {
			patches[e] = map[string]*frozen{}
		}
		for g := range groups {
			name := fmt.Sprint("w", g)
			doneGroup(store, got, name, true, patches, testDocs)
			if _, ok := got[0]["workloads"].(map[string]any)[name].(*frozen); ok {
				held++
			}
		}
		want, wantErr := valuesTexts(ref, nil)
		have, haveErr := valuesTexts(got, patches)
		if (wantErr != nil) != (haveErr != nil) || fmt.Sprint(want) != fmt.Sprint(have) {
			t.Fatalf("case %d, environments %v:\nmaps %q, %v\ntext %q, %v", i, ref, want, wantErr, have, haveErr)
		}
	}
	if !store.InFile() || held == 0 {
		t.Fatalf("no workload's values were held in the store's file (%d)", held)
	}
}
