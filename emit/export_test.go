package emit

import "encoding/json"

// TreeBothWays returns an object's tree by reflection (ok false when that
// path declines) and by the JSON round trip it stands for.
func TreeBothWays(o Object, useNumber bool) (fast map[string]any, ok bool, slow map[string]any, err error) {
	fast, ok = valueTree(o.Value, useNumber)
	js, err := json.Marshal(o.Value)
	if err != nil {
		return fast, ok, nil, err
	}
	slow, err = decodeTree(js, useNumber)
	return fast, ok, slow, err
}
