package cli

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 500},              // not collected yet: the runtime's least heap, 4 MiB
		{2 << 20, 500},        // below 4 MiB counts as 4 MiB
		{10 << 20, 200},       // grows by gcHeadroom, 20 MiB
		{gcHeadroom, 100},     // from here on, GOGC's default
		{1 << 30, 100},        // never less
		{1, 500},              // never more than for 4 MiB
		{(5 << 20) / 2, 500},  // 2.5 MiB
		{40 << 20, 100},       // twice the headroom
		{15 << 20, 133},       // 20/15
		{(20 << 20) / 9, 500}, // capped by the 4 MiB floor, not 900
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
