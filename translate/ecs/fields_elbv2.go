package ecs

// Disposition tables of the ELBv2 describe outputs (elbv2_types.go): target
// groups, listeners and listener rules, as describe-target-groups,
// describe-listeners and describe-rules print them. Paths are relative to
// one TargetGroup, Listener or ELBRule object, with the CLI's PascalCase
// member names; the wrappers' NextMarker is pagination and has no row.
// Keep each table sorted by Path (byte order, as sort.Strings sorts).
//
// The target groups of an ECS service's loadBalancers[] become
// TargetGroupBindings and Ingress or Service annotations of the AWS Load
// Balancer Controller; listeners and rules shape the Ingress. Rows are held
// against elbv2_types.go and the AWS SDK by fields_elbv2_test.go.

// Reasons shared by the action and condition sub-trees.
const (
	elbWhyCognito  = "part of an authenticate-cognito action, which is reported: auth-type cognito annotations are not generated"
	elbWhyOidc     = "part of an authenticate-oidc action, which is reported: auth-type oidc annotations and the client secret's Secret are not generated"
	elbWhyJwt      = "part of a jwt-validation action, which is reported: JWT validation has no Ingress annotation that eksport generates"
	elbWhyFixed    = "part of a fixed-response action, which is reported: an alb.ingress.kubernetes.io/actions annotation is not generated"
	elbWhyRedirect = "part of a redirect action, which is reported: ssl-redirect and actions annotations are not generated"
	elbWhySticky   = "stickiness between the target groups of one forward action is reported, not translated"
	elbWhyWeight   = "an Ingress backend takes all the traffic of its path: weights between target groups are reported"
	elbWhyMTLS     = "the mutual-authentication annotation refers to the existing trust store by ARN; the trust store is neither recreated nor checked"
	elbWhyHeader   = "part of an http-header condition, which is reported: alb.ingress.kubernetes.io/conditions annotations are not generated"
	elbWhyMethod   = "part of an http-request-method condition, which is reported: alb.ingress.kubernetes.io/conditions annotations are not generated"
	elbWhyQuery    = "part of a query-string condition, which is reported: alb.ingress.kubernetes.io/conditions annotations are not generated"
	elbWhySourceIP = "part of a source-ip condition, which is reported: alb.ingress.kubernetes.io/conditions annotations are not generated"
	elbWhyRewrite  = "part of a rule transform: host header and URL rewrites are reported, not translated"
	elbWhyTGRef    = "translated only when the target group belongs to a translated ECS service; any other target group is reported"
)

// TargetGroupFields gives every field path of an ELBv2 target group its
// disposition.
var TargetGroupFields = []Field{
	{"HealthCheckEnabled", TranslatedWarn, "health check annotations (when true)",
		"the AWS Load Balancer Controller always health-checks ip and instance targets: a disabled health check is reported"},
	{"HealthCheckIntervalSeconds", Translated, "alb.ingress.kubernetes.io/healthcheck-interval-seconds", ""},
	{"HealthCheckPath", Translated, "alb.ingress.kubernetes.io/healthcheck-path", ""},
	{"HealthCheckPort", Translated, "alb.ingress.kubernetes.io/healthcheck-port (traffic-port kept)", ""},
	{"HealthCheckProtocol", Translated, "alb.ingress.kubernetes.io/healthcheck-protocol", ""},
	{"HealthCheckTimeoutSeconds", Translated, "alb.ingress.kubernetes.io/healthcheck-timeout-seconds", ""},
	{"HealthyThresholdCount", Translated, "alb.ingress.kubernetes.io/healthy-threshold-count", ""},
	{"IpAddressType", TranslatedWarn, "TargetGroupBinding spec.ipAddressType",
		"ipv6 targets need pods with IPv6 addresses, that is an IPv6 EKS cluster; ipv6 is reported"},
	{"LoadBalancerArns[]", TranslatedWarn, "alb.ingress.kubernetes.io/group.name shared by the target groups of one load balancer",
		"the controller creates its own load balancer for the Ingress group: the existing one, its DNS name and its other listeners are not adopted"},
	{"Matcher", Translated, "alb.ingress.kubernetes.io/success-codes", ""},
	{"Matcher.GrpcCode", Translated, "success-codes of a GRPC target group (0-99)", ""},
	{"Matcher.HttpCode", Translated, "success-codes (200, 200-299, 200,302)", ""},
	{"Port", Translated, "port of the Service the TargetGroupBinding refers to", ""},
	{"Protocol", Translated, "alb.ingress.kubernetes.io/backend-protocol (HTTP, HTTPS); NLB protocols on a LoadBalancer Service", ""},
	{"ProtocolVersion", TranslatedWarn, "alb.ingress.kubernetes.io/backend-protocol-version (GRPC, HTTP2)",
		"HTTP1 is the default and adds nothing; GRPC and HTTP2 need an HTTPS listener, so with HTTP listeners only the value is reported"},
	{"TargetControlPort", Metadata, "",
		"the port where the ALB target optimizer's agent on each target takes control traffic; set on the target group in AWS, not by the controller"},
	{"TargetGroupArn", Translated, "TargetGroupBinding spec.targetGroupARN (matched with the service's loadBalancers[].targetGroupArn)", ""},
	{"TargetGroupName", Translated, "names the TargetGroupBinding and its Service (sanitized)", ""},
	{"TargetType", Translated, "TargetGroupBinding spec.targetType and alb.ingress.kubernetes.io/target-type (ip, instance)", ""},
	{"UnhealthyThresholdCount", Translated, "alb.ingress.kubernetes.io/unhealthy-threshold-count", ""},
	{"VpcId", TranslatedWarn, "TargetGroupBinding spec.vpcID",
		"the targets must be in this VPC: the EKS cluster has to run in it, or the pods cannot be registered"},
}

// ListenerFields gives every field path of an ELBv2 listener its
// disposition.
var ListenerFields = []Field{
	{"AlpnPolicy[]", TranslatedWarn, "service.beta.kubernetes.io/aws-load-balancer-alpn-policy (NLB TLS listeners)",
		"ALPN policies exist on NLB TLS listeners only, which become LoadBalancer Services; on an Ingress the value is reported"},
	{"Certificates[]", Translated, "alb.ingress.kubernetes.io/certificate-arn", ""},
	{"Certificates[].CertificateArn", Translated, "certificate-arn annotation (comma-separated, the default first)", ""},
	{"Certificates[].IsDefault", Metadata, "",
		"describe-listeners leaves it out and describe-listener-certificates sets it; the first certificate-arn is the default"},
	{"DefaultActions[]", TranslatedWarn, "Ingress spec.defaultBackend (forward actions)",
		"only forwarding to target groups is translated; redirect, fixed-response and authenticate default actions are reported"},
	{"DefaultActions[].AuthenticateCognitoConfig", TranslatedWarn, "",
		"reported: authentication would need alb.ingress.kubernetes.io/auth-type cognito and auth-idp-cognito, which are not generated"},
	{"DefaultActions[].AuthenticateCognitoConfig.AuthenticationRequestExtraParams{}", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.OnUnauthenticatedRequest", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.Scope", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.SessionCookieName", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.SessionTimeout", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.UserPoolArn", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.UserPoolClientId", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateCognitoConfig.UserPoolDomain", TranslatedWarn, "", elbWhyCognito},
	{"DefaultActions[].AuthenticateOidcConfig", TranslatedWarn, "",
		"reported: authentication would need alb.ingress.kubernetes.io/auth-type oidc, auth-idp-oidc and a Secret with the client secret, which are not generated"},
	{"DefaultActions[].AuthenticateOidcConfig.AuthenticationRequestExtraParams{}", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.AuthorizationEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.ClientId", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.ClientSecret", TranslatedWarn, "",
		"part of an authenticate-oidc action, which is reported; the secret is never copied into output or messages"},
	{"DefaultActions[].AuthenticateOidcConfig.Issuer", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.OnUnauthenticatedRequest", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.Scope", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.SessionCookieName", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.SessionTimeout", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.TokenEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.UseExistingClientSecret", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].AuthenticateOidcConfig.UserInfoEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"DefaultActions[].FixedResponseConfig", TranslatedWarn, "",
		"reported: a fixed response would need an alb.ingress.kubernetes.io/actions annotation, which is not generated"},
	{"DefaultActions[].FixedResponseConfig.ContentType", TranslatedWarn, "", elbWhyFixed},
	{"DefaultActions[].FixedResponseConfig.MessageBody", TranslatedWarn, "", elbWhyFixed},
	{"DefaultActions[].FixedResponseConfig.StatusCode", TranslatedWarn, "", elbWhyFixed},
	{"DefaultActions[].ForwardConfig", TranslatedWarn, "Ingress spec.defaultBackend",
		"one target group becomes the default backend; forwarding to several is reported"},
	{"DefaultActions[].ForwardConfig.TargetGroupStickinessConfig", TranslatedWarn, "", elbWhySticky},
	{"DefaultActions[].ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", TranslatedWarn, "", elbWhySticky},
	{"DefaultActions[].ForwardConfig.TargetGroupStickinessConfig.Enabled", TranslatedWarn, "", elbWhySticky},
	{"DefaultActions[].ForwardConfig.TargetGroups[]", TranslatedWarn, "Ingress spec.defaultBackend",
		"only one target group can be the default backend; a list of several is reported"},
	{"DefaultActions[].ForwardConfig.TargetGroups[].TargetGroupArn", TranslatedWarn, "defaultBackend.service (the Service of that target group)", elbWhyTGRef},
	{"DefaultActions[].ForwardConfig.TargetGroups[].Weight", TranslatedWarn, "", elbWhyWeight},
	{"DefaultActions[].JwtValidationConfig", TranslatedWarn, "",
		"reported: JWT validation has no Ingress annotation that eksport generates"},
	{"DefaultActions[].JwtValidationConfig.AdditionalClaims[]", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].JwtValidationConfig.AdditionalClaims[].Format", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].JwtValidationConfig.AdditionalClaims[].Name", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].JwtValidationConfig.AdditionalClaims[].Values[]", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].JwtValidationConfig.Issuer", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].JwtValidationConfig.JwksEndpoint", TranslatedWarn, "", elbWhyJwt},
	{"DefaultActions[].Order", TranslatedWarn, "",
		"only the forward action is translated, so the order matters only to the reported actions ahead of it"},
	{"DefaultActions[].RedirectConfig", TranslatedWarn, "",
		"reported: a redirect (usually HTTP to HTTPS) would need alb.ingress.kubernetes.io/ssl-redirect or an actions annotation, which are not generated"},
	{"DefaultActions[].RedirectConfig.Host", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].RedirectConfig.Path", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].RedirectConfig.Port", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].RedirectConfig.Protocol", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].RedirectConfig.Query", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].RedirectConfig.StatusCode", TranslatedWarn, "", elbWhyRedirect},
	{"DefaultActions[].TargetGroupArn", TranslatedWarn, "defaultBackend.service (the Service of that target group)", elbWhyTGRef},
	{"DefaultActions[].Type", TranslatedWarn, "forward: Ingress spec.defaultBackend",
		"forward is translated; authenticate-cognito, authenticate-oidc, jwt-validation, redirect and fixed-response are reported"},
	{"ListenerArn", Translated, "ties target groups and rules to the listener's Ingress", ""},
	{"LoadBalancerArn", Translated, "alb.ingress.kubernetes.io/group.name (the listeners of one load balancer share an Ingress group)", ""},
	{"MutualAuthentication", TranslatedWarn, "alb.ingress.kubernetes.io/mutual-authentication", elbWhyMTLS},
	{"MutualAuthentication.AdvertiseTrustStoreCaNames", TranslatedWarn, "mutual-authentication advertiseTrustStoreCaNames", elbWhyMTLS},
	{"MutualAuthentication.IgnoreClientCertificateExpiry", TranslatedWarn, "mutual-authentication ignoreClientCertificateExpiry", elbWhyMTLS},
	{"MutualAuthentication.Mode", TranslatedWarn, "mutual-authentication mode (off, passthrough, verify)", elbWhyMTLS},
	{"MutualAuthentication.TrustStoreArn", TranslatedWarn, "mutual-authentication trustStore", elbWhyMTLS},
	{"MutualAuthentication.TrustStoreAssociationStatus", Metadata, "",
		"describe-only: whether the trust store is still associated with the listener"},
	{"Port", Translated, "alb.ingress.kubernetes.io/listen-ports", ""},
	{"Protocol", Translated, "listen-ports protocol (HTTP, HTTPS); NLB protocols on a LoadBalancer Service", ""},
	{"SslPolicy", Translated, "alb.ingress.kubernetes.io/ssl-policy", ""},
}

// ELBRuleFields gives every field path of an ELBv2 listener rule (the SDK's
// Rule) its disposition.
var ELBRuleFields = []Field{
	{"Actions[]", Translated, "Ingress path backend (forward actions)", ""},
	{"Actions[].AuthenticateCognitoConfig", TranslatedWarn, "",
		"reported: authentication would need alb.ingress.kubernetes.io/auth-type cognito and auth-idp-cognito, which are not generated"},
	{"Actions[].AuthenticateCognitoConfig.AuthenticationRequestExtraParams{}", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.OnUnauthenticatedRequest", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.Scope", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.SessionCookieName", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.SessionTimeout", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.UserPoolArn", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.UserPoolClientId", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateCognitoConfig.UserPoolDomain", TranslatedWarn, "", elbWhyCognito},
	{"Actions[].AuthenticateOidcConfig", TranslatedWarn, "",
		"reported: authentication would need alb.ingress.kubernetes.io/auth-type oidc, auth-idp-oidc and a Secret with the client secret, which are not generated"},
	{"Actions[].AuthenticateOidcConfig.AuthenticationRequestExtraParams{}", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.AuthorizationEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.ClientId", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.ClientSecret", TranslatedWarn, "",
		"part of an authenticate-oidc action, which is reported; the secret is never copied into output or messages"},
	{"Actions[].AuthenticateOidcConfig.Issuer", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.OnUnauthenticatedRequest", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.Scope", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.SessionCookieName", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.SessionTimeout", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.TokenEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.UseExistingClientSecret", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].AuthenticateOidcConfig.UserInfoEndpoint", TranslatedWarn, "", elbWhyOidc},
	{"Actions[].FixedResponseConfig", TranslatedWarn, "",
		"reported: a fixed response would need an alb.ingress.kubernetes.io/actions annotation, which is not generated"},
	{"Actions[].FixedResponseConfig.ContentType", TranslatedWarn, "", elbWhyFixed},
	{"Actions[].FixedResponseConfig.MessageBody", TranslatedWarn, "", elbWhyFixed},
	{"Actions[].FixedResponseConfig.StatusCode", TranslatedWarn, "", elbWhyFixed},
	{"Actions[].ForwardConfig", Translated, "the path's backend", ""},
	{"Actions[].ForwardConfig.TargetGroupStickinessConfig", TranslatedWarn, "", elbWhySticky},
	{"Actions[].ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", TranslatedWarn, "", elbWhySticky},
	{"Actions[].ForwardConfig.TargetGroupStickinessConfig.Enabled", TranslatedWarn, "", elbWhySticky},
	{"Actions[].ForwardConfig.TargetGroups[]", Translated, "the path's backend", ""},
	{"Actions[].ForwardConfig.TargetGroups[].TargetGroupArn", Translated, "backend.service (the Service of that target group)", ""},
	{"Actions[].ForwardConfig.TargetGroups[].Weight", TranslatedWarn, "", elbWhyWeight},
	{"Actions[].JwtValidationConfig", TranslatedWarn, "",
		"reported: JWT validation has no Ingress annotation that eksport generates"},
	{"Actions[].JwtValidationConfig.AdditionalClaims[]", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].JwtValidationConfig.AdditionalClaims[].Format", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].JwtValidationConfig.AdditionalClaims[].Name", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].JwtValidationConfig.AdditionalClaims[].Values[]", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].JwtValidationConfig.Issuer", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].JwtValidationConfig.JwksEndpoint", TranslatedWarn, "", elbWhyJwt},
	{"Actions[].Order", TranslatedWarn, "",
		"only the forward action is translated, so the order matters only to the reported actions ahead of it"},
	{"Actions[].RedirectConfig", TranslatedWarn, "",
		"reported: a redirect would need an alb.ingress.kubernetes.io/actions annotation, which is not generated"},
	{"Actions[].RedirectConfig.Host", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].RedirectConfig.Path", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].RedirectConfig.Port", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].RedirectConfig.Protocol", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].RedirectConfig.Query", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].RedirectConfig.StatusCode", TranslatedWarn, "", elbWhyRedirect},
	{"Actions[].TargetGroupArn", Translated, "backend.service (the Service of that target group)", ""},
	{"Actions[].Type", TranslatedWarn, "forward: the path's backend",
		"forward is translated; authenticate-cognito, authenticate-oidc, jwt-validation, redirect and fixed-response actions are reported"},
	{"Conditions[]", Translated, "Ingress rules[].host and http.paths[]", ""},
	{"Conditions[].Field", TranslatedWarn, "host-header: rules[].host; path-pattern: paths[].path",
		"http-header, http-request-method, query-string and source-ip conditions are reported, not translated"},
	{"Conditions[].HostHeaderConfig", Translated, "Ingress rules[].host", ""},
	{"Conditions[].HostHeaderConfig.RegexValues[]", TranslatedWarn, "",
		"an Ingress host cannot be a regular expression; the rule is reported"},
	{"Conditions[].HostHeaderConfig.Values[]", Translated, "rules[].host (one rule per value)", ""},
	{"Conditions[].HttpHeaderConfig", TranslatedWarn, "", elbWhyHeader},
	{"Conditions[].HttpHeaderConfig.HttpHeaderName", TranslatedWarn, "", elbWhyHeader},
	{"Conditions[].HttpHeaderConfig.RegexValues[]", TranslatedWarn, "", elbWhyHeader},
	{"Conditions[].HttpHeaderConfig.Values[]", TranslatedWarn, "", elbWhyHeader},
	{"Conditions[].HttpRequestMethodConfig", TranslatedWarn, "", elbWhyMethod},
	{"Conditions[].HttpRequestMethodConfig.Values[]", TranslatedWarn, "", elbWhyMethod},
	{"Conditions[].PathPatternConfig", Translated, "Ingress http.paths[]", ""},
	{"Conditions[].PathPatternConfig.RegexValues[]", TranslatedWarn, "",
		"an Ingress path cannot be a regular expression; the rule is reported"},
	{"Conditions[].PathPatternConfig.Values[]", Translated, "paths[].path, pathType ImplementationSpecific (ALB wildcards kept)", ""},
	{"Conditions[].QueryStringConfig", TranslatedWarn, "", elbWhyQuery},
	{"Conditions[].QueryStringConfig.Values[]", TranslatedWarn, "", elbWhyQuery},
	{"Conditions[].QueryStringConfig.Values[].Key", TranslatedWarn, "", elbWhyQuery},
	{"Conditions[].QueryStringConfig.Values[].Value", TranslatedWarn, "", elbWhyQuery},
	{"Conditions[].RegexValues[]", TranslatedWarn, "",
		"a regular expression cannot be an Ingress host or path; the rule is reported"},
	{"Conditions[].SourceIpConfig", TranslatedWarn, "", elbWhySourceIP},
	{"Conditions[].SourceIpConfig.IpAddressType", TranslatedWarn, "", elbWhySourceIP},
	{"Conditions[].SourceIpConfig.Values[]", TranslatedWarn, "", elbWhySourceIP},
	{"Conditions[].Values[]", Translated, "rules[].host or paths[].path (the older flat form)", ""},
	{"IsDefault", Metadata, "",
		"marks the listener's default rule, whose actions are the listener's DefaultActions"},
	{"Priority", Translated, "order of the Ingress rules (lowest first)", ""},
	{"RuleArn", Translated, "ties the rule to its listener (the rule ARN embeds the listener's)", ""},
	{"Transforms[]", TranslatedWarn, "",
		"host header and URL rewrites are reported, not translated"},
	{"Transforms[].HostHeaderRewriteConfig", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].HostHeaderRewriteConfig.Rewrites[]", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].HostHeaderRewriteConfig.Rewrites[].Regex", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].HostHeaderRewriteConfig.Rewrites[].Replace", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].Type", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].UrlRewriteConfig", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].UrlRewriteConfig.Rewrites[]", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].UrlRewriteConfig.Rewrites[].Regex", TranslatedWarn, "", elbWhyRewrite},
	{"Transforms[].UrlRewriteConfig.Rewrites[].Replace", TranslatedWarn, "", elbWhyRewrite},
}

// TargetGroupTable holds TargetGroupFields.
var TargetGroupTable = NewTable("target group", "elbv2", TargetGroupFields)

// ListenerTable holds ListenerFields.
var ListenerTable = NewTable("listener", "elbv2", ListenerFields)

// ELBRuleTable holds ELBRuleFields.
var ELBRuleTable = NewTable("listener rule", "elbv2", ELBRuleFields)
