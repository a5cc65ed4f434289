package awsfake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// VerifySignatures makes the server check each request's SigV4 signature
// against these credentials, not only that it carries one.
func (s *Server) VerifySignatures(accessKey, secretKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creds = &aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey}
}

// authField returns a field of the Authorization header (Credential,
// SignedHeaders, Signature).
func authField(auth, name string) string {
	_, rest, ok := strings.Cut(auth, name+"=")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, ",")
	return strings.TrimSpace(v)
}

// signatureValid signs again the headers the request signed, with the
// request's own time and scope, and compares the signatures.
func signatureValid(creds aws.Credentials, r *http.Request, body []byte) bool {
	auth := r.Header.Get("Authorization")
	scope := strings.Split(authField(auth, "Credential"), "/")
	if len(scope) != 5 || scope[0] != creds.AccessKeyID {
		return false
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	req, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return false
	}
	for _, h := range strings.Split(authField(auth, "SignedHeaders"), ";") {
		switch h {
		case "host":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			for _, v := range r.Header.Values(h) {
				req.Header.Add(h, v)
			}
		}
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), scope[3], scope[2], at); err != nil {
		return false
	}
	return authField(req.Header.Get("Authorization"), "Signature") == authField(auth, "Signature")
}
