package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON that the AWS CLI prints for the ELBv2
// describe calls (describe-target-groups, describe-listeners,
// describe-rules). ELBv2 speaks the query protocol, so the wire is XML; the
// CLI prints each member under its model name, which for ELBv2 is the
// PascalCase Go name of the SDK (TargetGroupArn, HealthCheckPath,
// Matcher.HttpCode). They are decoded strictly by package source like
// types.go: exact key names, pointers for scalars, source.StringMap for
// string maps.
//
// The structs are named after the SDK's types, except the SDK's Rule, which
// is ELBRule here because EventBridge has a Rule too (EventRule,
// events_types.go). fields_elbv2.go gives every path a disposition, and
// fields_elbv2_test.go holds the structs, the tables and the SDK together.

// DescribeTargetGroupsOutput is the output of describe-target-groups.
type DescribeTargetGroupsOutput struct {
	NextMarker   *string       `json:"NextMarker"`
	TargetGroups []TargetGroup `json:"TargetGroups"`
}

// DescribeListenersOutput is the output of describe-listeners.
type DescribeListenersOutput struct {
	Listeners  []Listener `json:"Listeners"`
	NextMarker *string    `json:"NextMarker"`
}

// DescribeRulesOutput is the output of describe-rules.
type DescribeRulesOutput struct {
	NextMarker *string   `json:"NextMarker"`
	Rules      []ELBRule `json:"Rules"`
}

// TargetGroup is types.TargetGroup.
type TargetGroup struct {
	HealthCheckEnabled         *bool    `json:"HealthCheckEnabled"`
	HealthCheckIntervalSeconds *int64   `json:"HealthCheckIntervalSeconds"`
	HealthCheckPath            *string  `json:"HealthCheckPath"`
	HealthCheckPort            *string  `json:"HealthCheckPort"`
	HealthCheckProtocol        *string  `json:"HealthCheckProtocol"`
	HealthCheckTimeoutSeconds  *int64   `json:"HealthCheckTimeoutSeconds"`
	HealthyThresholdCount      *int64   `json:"HealthyThresholdCount"`
	IpAddressType              *string  `json:"IpAddressType"`
	LoadBalancerArns           []string `json:"LoadBalancerArns"`
	Matcher                    *Matcher `json:"Matcher"`
	Port                       *int64   `json:"Port"`
	Protocol                   *string  `json:"Protocol"`
	ProtocolVersion            *string  `json:"ProtocolVersion"`
	TargetControlPort          *int64   `json:"TargetControlPort"`
	TargetGroupArn             *string  `json:"TargetGroupArn"`
	TargetGroupName            *string  `json:"TargetGroupName"`
	TargetType                 *string  `json:"TargetType"`
	UnhealthyThresholdCount    *int64   `json:"UnhealthyThresholdCount"`
	VpcId                      *string  `json:"VpcId"`
}

// Matcher is the health check's success codes.
type Matcher struct {
	GrpcCode *string `json:"GrpcCode"`
	HttpCode *string `json:"HttpCode"`
}

// Listener is types.Listener.
type Listener struct {
	AlpnPolicy           []string                        `json:"AlpnPolicy"`
	Certificates         []Certificate                   `json:"Certificates"`
	DefaultActions       []Action                        `json:"DefaultActions"`
	ListenerArn          *string                         `json:"ListenerArn"`
	LoadBalancerArn      *string                         `json:"LoadBalancerArn"`
	MutualAuthentication *MutualAuthenticationAttributes `json:"MutualAuthentication"`
	Port                 *int64                          `json:"Port"`
	Protocol             *string                         `json:"Protocol"`
	SslPolicy            *string                         `json:"SslPolicy"`
}

type Certificate struct {
	CertificateArn *string `json:"CertificateArn"`
	IsDefault      *bool   `json:"IsDefault"`
}

type MutualAuthenticationAttributes struct {
	AdvertiseTrustStoreCaNames    *string `json:"AdvertiseTrustStoreCaNames"`
	IgnoreClientCertificateExpiry *bool   `json:"IgnoreClientCertificateExpiry"`
	Mode                          *string `json:"Mode"`
	TrustStoreArn                 *string `json:"TrustStoreArn"`
	TrustStoreAssociationStatus   *string `json:"TrustStoreAssociationStatus"`
}

// Action is a listener default action or a rule action. Type says which of
// the configs applies.
type Action struct {
	AuthenticateCognitoConfig *AuthenticateCognitoActionConfig `json:"AuthenticateCognitoConfig"`
	AuthenticateOidcConfig    *AuthenticateOidcActionConfig    `json:"AuthenticateOidcConfig"`
	FixedResponseConfig       *FixedResponseActionConfig       `json:"FixedResponseConfig"`
	ForwardConfig             *ForwardActionConfig             `json:"ForwardConfig"`
	JwtValidationConfig       *JwtValidationActionConfig       `json:"JwtValidationConfig"`
	Order                     *int64                           `json:"Order"`
	RedirectConfig            *RedirectActionConfig            `json:"RedirectConfig"`
	TargetGroupArn            *string                          `json:"TargetGroupArn"`
	Type                      *string                          `json:"Type"`
}

type AuthenticateCognitoActionConfig struct {
	AuthenticationRequestExtraParams source.StringMap `json:"AuthenticationRequestExtraParams"`
	OnUnauthenticatedRequest         *string          `json:"OnUnauthenticatedRequest"`
	Scope                            *string          `json:"Scope"`
	SessionCookieName                *string          `json:"SessionCookieName"`
	SessionTimeout                   *int64           `json:"SessionTimeout"`
	UserPoolArn                      *string          `json:"UserPoolArn"`
	UserPoolClientId                 *string          `json:"UserPoolClientId"`
	UserPoolDomain                   *string          `json:"UserPoolDomain"`
}

type AuthenticateOidcActionConfig struct {
	AuthenticationRequestExtraParams source.StringMap `json:"AuthenticationRequestExtraParams"`
	AuthorizationEndpoint            *string          `json:"AuthorizationEndpoint"`
	ClientId                         *string          `json:"ClientId"`
	ClientSecret                     *string          `json:"ClientSecret"`
	Issuer                           *string          `json:"Issuer"`
	OnUnauthenticatedRequest         *string          `json:"OnUnauthenticatedRequest"`
	Scope                            *string          `json:"Scope"`
	SessionCookieName                *string          `json:"SessionCookieName"`
	SessionTimeout                   *int64           `json:"SessionTimeout"`
	TokenEndpoint                    *string          `json:"TokenEndpoint"`
	UseExistingClientSecret          *bool            `json:"UseExistingClientSecret"`
	UserInfoEndpoint                 *string          `json:"UserInfoEndpoint"`
}

type FixedResponseActionConfig struct {
	ContentType *string `json:"ContentType"`
	MessageBody *string `json:"MessageBody"`
	StatusCode  *string `json:"StatusCode"`
}

type ForwardActionConfig struct {
	TargetGroupStickinessConfig *TargetGroupStickinessConfig `json:"TargetGroupStickinessConfig"`
	TargetGroups                []TargetGroupTuple           `json:"TargetGroups"`
}

type TargetGroupStickinessConfig struct {
	DurationSeconds *int64 `json:"DurationSeconds"`
	Enabled         *bool  `json:"Enabled"`
}

type TargetGroupTuple struct {
	TargetGroupArn *string `json:"TargetGroupArn"`
	Weight         *int64  `json:"Weight"`
}

type JwtValidationActionConfig struct {
	AdditionalClaims []JwtValidationActionAdditionalClaim `json:"AdditionalClaims"`
	Issuer           *string                              `json:"Issuer"`
	JwksEndpoint     *string                              `json:"JwksEndpoint"`
}

type JwtValidationActionAdditionalClaim struct {
	Format *string  `json:"Format"`
	Name   *string  `json:"Name"`
	Values []string `json:"Values"`
}

type RedirectActionConfig struct {
	Host       *string `json:"Host"`
	Path       *string `json:"Path"`
	Port       *string `json:"Port"`
	Protocol   *string `json:"Protocol"`
	Query      *string `json:"Query"`
	StatusCode *string `json:"StatusCode"`
}

// ELBRule is the SDK's types.Rule: a listener rule.
type ELBRule struct {
	Actions    []Action        `json:"Actions"`
	Conditions []RuleCondition `json:"Conditions"`
	IsDefault  *bool           `json:"IsDefault"`
	// Priority is a string: "1" to "50000", or "default".
	Priority   *string         `json:"Priority"`
	RuleArn    *string         `json:"RuleArn"`
	Transforms []RuleTransform `json:"Transforms"`
}

// RuleCondition is one condition of a listener rule. Field names the kind;
// Values and RegexValues are the older flat form for host-header and
// path-pattern, the *Config members the current one.
type RuleCondition struct {
	Field                   *string                           `json:"Field"`
	HostHeaderConfig        *HostHeaderConditionConfig        `json:"HostHeaderConfig"`
	HttpHeaderConfig        *HttpHeaderConditionConfig        `json:"HttpHeaderConfig"`
	HttpRequestMethodConfig *HttpRequestMethodConditionConfig `json:"HttpRequestMethodConfig"`
	PathPatternConfig       *PathPatternConditionConfig       `json:"PathPatternConfig"`
	QueryStringConfig       *QueryStringConditionConfig       `json:"QueryStringConfig"`
	RegexValues             []string                          `json:"RegexValues"`
	SourceIpConfig          *SourceIpConditionConfig          `json:"SourceIpConfig"`
	Values                  []string                          `json:"Values"`
}

type HostHeaderConditionConfig struct {
	RegexValues []string `json:"RegexValues"`
	Values      []string `json:"Values"`
}

type HttpHeaderConditionConfig struct {
	HttpHeaderName *string  `json:"HttpHeaderName"`
	RegexValues    []string `json:"RegexValues"`
	Values         []string `json:"Values"`
}

type HttpRequestMethodConditionConfig struct {
	Values []string `json:"Values"`
}

type PathPatternConditionConfig struct {
	RegexValues []string `json:"RegexValues"`
	Values      []string `json:"Values"`
}

type QueryStringConditionConfig struct {
	Values []QueryStringKeyValuePair `json:"Values"`
}

type QueryStringKeyValuePair struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

type SourceIpConditionConfig struct {
	IpAddressType *string  `json:"IpAddressType"`
	Values        []string `json:"Values"`
}

type RuleTransform struct {
	HostHeaderRewriteConfig *HostHeaderRewriteConfig `json:"HostHeaderRewriteConfig"`
	Type                    *string                  `json:"Type"`
	UrlRewriteConfig        *UrlRewriteConfig        `json:"UrlRewriteConfig"`
}

type HostHeaderRewriteConfig struct {
	Rewrites []RewriteConfig `json:"Rewrites"`
}

type UrlRewriteConfig struct {
	Rewrites []RewriteConfig `json:"Rewrites"`
}

type RewriteConfig struct {
	Regex   *string `json:"Regex"`
	Replace *string `json:"Replace"`
}
