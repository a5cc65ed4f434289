package emit

// MarshalObject is Marshal that also returns the object's tree (as Tree
// returns it), for callers that inspect what they write without building
// the tree twice. Most objects are written without building the tree at
// all (see marshalDirect); their tree is then nil, for the caller to build
// with Tree if it needs it.
func MarshalObject(o Object) (body []byte, tree map[string]any, err error) {
	if body, ok := marshalDirect(o.Value); ok {
		return body, nil, nil
	}
	return marshalObjectTree(o)
}

// MarshalObjectFile is MarshalObject with Header in front: the content of
// the object's generated file, made in one allocation.
func MarshalObjectFile(o Object) (data []byte, tree map[string]any, err error) {
	if data, ok := marshalDirectPrefix(o.Value, Header); ok {
		return data, nil, nil
	}
	body, tree, err := marshalObjectTree(o)
	if err != nil {
		return nil, nil, err
	}
	return append([]byte(Header), body...), tree, nil
}

// marshalObjectTree is MarshalObject by way of the tree.
func marshalObjectTree(o Object) (body []byte, tree map[string]any, err error) {
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
