package emit

// MarshalObject is Marshal that also returns the object's tree (as Tree
// returns it), for callers that inspect what they write without building
// the tree twice.
func MarshalObject(o Object) (body []byte, tree map[string]any, err error) {
	tree, err = Tree(o)
	if err != nil {
		return nil, nil, err
	}
	body, err = MarshalTree(tree)
	if err != nil {
		return nil, nil, err
	}
	return body, tree, nil
}
