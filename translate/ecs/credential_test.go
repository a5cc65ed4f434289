package ecs

import (
	"testing"

	"github.com/eksport/eksport/internal/fuzzcount"
)

func TestLooksLikeCredential(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"DB_PASSWORD", "hunter22", true},
		{"GITHUB_TOKEN", "ghp_abcdef", true},
		{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", true},
		{"apiKey", "abc123456", true},
		{"dbPassword", "abc123456", true},
		{"STRIPE_API_KEY", "sk_live_x", true},
		{"MAX_TOKENS", "4096", false},
		{"TOKENIZER_PATH", "/models/tok", false},
		{"DB_PASSWORD_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x", false},
		{"SECRET_NAME", "prod/db", false},
		{"DB_PASSWORD", "", false},
		{"DB_PASSWORD", "${DB_PASSWORD}", false},
		{"TOKEN_ENABLED", "true", false},
		{"PASSENGER_COUNT", "4", false},
	} {
		if got := looksLikeCredential(tc.name, tc.value); got != tc.want {
			t.Errorf("looksLikeCredential(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

// The pre-check never turns away a name the expression matches: names
// built from every stem, separator, letter case and neighbour, and
// Unicode names that match only through case folding.
func TestMayNameCredentialKeepsEveryMatch(t *testing.T) {
	words := []string{"PASSWORD", "passwd", "Pass", "SECRET", "token", "API_KEY", "apikey", "ACCESS_KEY", "SecretKey", "PRIVATE_KEY", "CREDENTIALS", "credential",
		"Password", "Secret", "Token", "ApiKey", "AccessKey", "PrivateKey", "KEY", "PASSENGER", "TOKENS", "MAX"}
	affixes := []string{"", "_", ".", "-", "DB_", "db", "x", "_ARN", "Z", "9"}
	var names []string
	for _, w := range words {
		for _, a := range affixes {
			for _, b := range affixes {
				names = append(names, a+w+b)
			}
		}
	}
	names = append(names, "DB_PAſS", "API_\u212AEY", "ſecret", "tok\u212An", "PÄSSWORD", "plain", "HOME", "")
	matched := 0
	for _, n := range names {
		if credentialName.MatchString(n) {
			matched++
			if !mayNameCredential(n) {
				t.Errorf("%q matches credentialName but the pre-check turns it away", n)
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d of %d names match: the test checks little", matched, len(names))
	}
	for _, n := range []string{"HOME", "PATH", "LOG_LEVEL", "MAX_CONNECTIONS"} {
		if mayNameCredential(n) {
			t.Errorf("%q passes the pre-check; the pre-check saves nothing", n)
		}
	}
}

func FuzzMayNameCredential(f *testing.F) {
	for _, s := range []string{"DB_PASSWORD", "apiKey", "HOME", "ſecret", "x\u212Aey"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		fuzzcount.Exec()
		if credentialName.MatchString(name) && !mayNameCredential(name) {
			t.Errorf("%q matches credentialName but the pre-check turns it away", name)
		}
	})
}
