package ecs

import "testing"

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
