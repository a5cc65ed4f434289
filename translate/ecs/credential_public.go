package ecs

// LooksLikeCredential reports whether an environment variable's name and
// value look like a credential set in plain text, by the rule the
// translator applies (eksport import warns about the same variables).
func LooksLikeCredential(name, value string) bool { return looksLikeCredential(name, value) }
