package cli

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 600},          // not collected yet: the runtime's least heap, 4 MiB
		{1, 600},          // below 4 MiB counts as 4 MiB
		{2 << 20, 600},    // 4 MiB + 4 MiB + 20 MiB
		{10 << 20, 300},   // 10 + 10 + 20
		{gcHeadroom, 200}, // 20 + 20 + 20
		{40 << 20, 150},   // 40 + 40 + 20
		{1 << 30, 101},    // a large heap: about GOGC's default 100
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
