package awsimport

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
)

// ConfigOptions are the command line's settings; empty ones leave the
// SDK's own resolution (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, the
// shared files, SSO, roles) in charge.
type ConfigOptions struct {
	Region, Profile, EndpointURL string
	Concurrency                  int
	// Credentials, when set, replace the SDK's chain (tests).
	Credentials aws.CredentialsProvider
}

// LoadConfig loads the SDK configuration as the AWS CLI would, with the
// standard retryer in adaptive mode (it slows down when AWS throttles) and
// the HTTP client Import needs.
func LoadConfig(ctx context.Context, o ConfigOptions) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return retry.NewAdaptiveMode() }),
	}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(o.EndpointURL))
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(o.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, err
	}
	// Wrapped after loading, so that the SDK first sets up its own client
	// (a custom CA bundle, for one).
	var next HTTPClient
	if c, ok := cfg.HTTPClient.(HTTPClient); ok {
		next = c
	}
	cfg.HTTPClient = HTTPClientFor(next, o.Concurrency)
	return cfg, nil
}
