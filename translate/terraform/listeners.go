package terraform

import (
	"strings"

	"gopkg.in/yaml.v3"
)

const whyAuthLater = "authentication actions are not translated from Terraform yet; convert the listener's AWS CLI form"

// actionRows are the rows of an action block (default_action, action).
func actionRows(p string) []Row {
	return []Row{
		{p, Translated, "Actions", ""},
		{p + ".type", Translated, "Type", ""},
		{p + ".target_group_arn", Translated, "TargetGroupArn", ""},
		{p + ".order", Translated, "Order", ""},
		{p + ".forward", Translated, "ForwardConfig", ""},
		{p + ".forward.target_group", Translated, "TargetGroups", ""},
		{p + ".forward.target_group.arn", Translated, "TargetGroupArn", ""},
		{p + ".forward.target_group.weight", Translated, "Weight", ""},
		{p + ".forward.stickiness", Translated, "TargetGroupStickinessConfig", ""},
		{p + ".forward.stickiness.enabled", Translated, "Enabled", ""},
		{p + ".forward.stickiness.duration", Translated, "DurationSeconds", ""},
		{p + ".redirect", Translated, "RedirectConfig", ""},
		{p + ".redirect.host", Translated, "Host", ""},
		{p + ".redirect.path", Translated, "Path", ""},
		{p + ".redirect.port", Translated, "Port", ""},
		{p + ".redirect.protocol", Translated, "Protocol", ""},
		{p + ".redirect.query", Translated, "Query", ""},
		{p + ".redirect.status_code", Translated, "StatusCode", ""},
		{p + ".fixed_response", Translated, "FixedResponseConfig", ""},
		{p + ".fixed_response.content_type", Translated, "ContentType", ""},
		{p + ".fixed_response.message_body", Translated, "MessageBody", ""},
		{p + ".fixed_response.status_code", Translated, "StatusCode", ""},
		{p + ".authenticate_cognito", Dropped, "", whyAuthLater},
		{p + ".authenticate_oidc", Dropped, "", whyAuthLater},
		{p + ".jwt_validation", Dropped, "", whyAuthLater},
	}
}

func listenerRows() []Row {
	rs := []Row{
		{"load_balancer_arn", Translated, "LoadBalancerArn", ""},
		{"port", Translated, "Port", ""},
		{"protocol", Translated, "Protocol", ""},
		{"ssl_policy", Translated, "SslPolicy", ""},
		{"certificate_arn", Translated, "Certificates[].CertificateArn", ""},
		{"alpn_policy", Translated, "AlpnPolicy", ""},
		{"mutual_authentication", Dropped, "", "mutual TLS is not translated from Terraform yet; convert the listener's AWS CLI form"},
		{"tcp_idle_timeout_seconds", Dropped, "", "a network load balancer setting; not translated from Terraform yet"},
		{"tags", OutOfScope, "", "tags of the listener"},
		{"timeouts", OutOfScope, "", whyTF},
		rowRegion, rowTagsAll,
	}
	rs = append(rs, actionRows("default_action")...)
	for _, h := range strings.Fields(`routing_http_request_x_amzn_mtls_clientcert_header_name routing_http_request_x_amzn_mtls_clientcert_issuer_header_name
		routing_http_request_x_amzn_mtls_clientcert_leaf_header_name routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name
		routing_http_request_x_amzn_mtls_clientcert_subject_header_name routing_http_request_x_amzn_mtls_clientcert_validity_header_name
		routing_http_request_x_amzn_tls_cipher_suite_header_name routing_http_request_x_amzn_tls_version_header_name
		routing_http_response_access_control_allow_credentials_header_value routing_http_response_access_control_allow_headers_header_value
		routing_http_response_access_control_allow_methods_header_value routing_http_response_access_control_allow_origin_header_value
		routing_http_response_access_control_expose_headers_header_value routing_http_response_access_control_max_age_header_value
		routing_http_response_content_security_policy_header_value routing_http_response_server_enabled
		routing_http_response_strict_transport_security_header_value routing_http_response_x_content_type_options_header_value
		routing_http_response_x_frame_options_header_value`) {
		rs = append(rs, Row{h, Dropped, "", "load balancer header rewriting is not translated from Terraform yet"})
	}
	return rows(rs...)
}

func listenerRuleRows() []Row {
	rs := []Row{
		{"listener_arn", Translated, "the listener the rule belongs to", ""},
		{"priority", Translated, "Priority", ""},
		{"condition", Translated, "Conditions", ""},
		{"condition.host_header", Translated, "HostHeaderConfig", ""},
		{"condition.host_header.values", Translated, "Values", ""},
		{"condition.host_header.regex_values", Translated, "RegexValues", ""},
		{"condition.path_pattern", Translated, "PathPatternConfig", ""},
		{"condition.path_pattern.values", Translated, "Values", ""},
		{"condition.path_pattern.regex_values", Translated, "RegexValues", ""},
		{"condition.http_header", Translated, "HttpHeaderConfig", ""},
		{"condition.http_header.http_header_name", Translated, "HttpHeaderName", ""},
		{"condition.http_header.values", Translated, "Values", ""},
		{"condition.http_header.regex_values", Translated, "RegexValues", ""},
		{"condition.http_request_method", Translated, "HttpRequestMethodConfig", ""},
		{"condition.http_request_method.values", Translated, "Values", ""},
		{"condition.query_string", Translated, "QueryStringConfig", ""},
		{"condition.query_string.key", Translated, "Key", ""},
		{"condition.query_string.value", Translated, "Value", ""},
		{"condition.source_ip", Translated, "SourceIpConfig", ""},
		{"condition.source_ip.values", Translated, "Values", ""},
		{"transform", Dropped, "", "rewrites are not translated from Terraform yet; convert the rule's AWS CLI form"},
		{"tags", OutOfScope, "", "tags of the rule"},
		rowRegion, rowTagsAll,
	}
	rs = append(rs, actionRows("action")...)
	return rows(rs...)
}

func init() {
	for _, t := range []string{"aws_lb_listener", "aws_alb_listener"} {
		register(t, buildListener, listenerRows()...)
	}
	for _, t := range []string{"aws_lb_listener_rule", "aws_alb_listener_rule"} {
		register(t, buildListenerRule, listenerRuleRows()...)
	}
	refOnly("aws_service_discovery_service", "name", "namespace_id", "description", "dns_config", "health_check_config", "health_check_custom_config", "type", "force_destroy", "tags", "tags_all", "region")
	refOnly("aws_efs_file_system", "availability_zone_id", "availability_zone_name", "creation_token", "dns_name", "encrypted", "kms_key_id", "lifecycle_policy",
		"name", "number_of_mount_targets", "owner_id", "performance_mode", "protection", "provisioned_throughput_in_mibps", "size_in_bytes", "throughput_mode", "tags", "tags_all", "region")
	refOnly("aws_efs_access_point", "file_system_arn", "file_system_id", "owner_id", "posix_user", "root_directory", "tags", "tags_all", "region")
}

// refOnly registers a resource type read only for what other resources
// refer to.
func refOnly(typ string, args ...string) {
	var rs []Row
	for _, a := range args {
		rs = append(rs, Row{a, OutOfScope, "", whyRefOnly})
	}
	register(typ, nil, rows(rs...)...)
}

func (n *nodes) actions(mp *yaml.Node, o *obj, name string) {
	n.blocks(mp, o, name, "Actions", func(b *obj) *yaml.Node {
		a := n.fields("type", "Type", "target_group_arn", "TargetGroupArn", "order", "Order")(b)
		n.block(a, b, "forward", "ForwardConfig", func(f *obj) *yaml.Node {
			c := mapping(f.rng)
			n.blocks(c, f, "target_group", "TargetGroups", n.fields("arn", "TargetGroupArn", "weight", "Weight"))
			n.block(c, f, "stickiness", "TargetGroupStickinessConfig", n.fields("enabled", "Enabled", "duration", "DurationSeconds"))
			return c
		})
		n.block(a, b, "redirect", "RedirectConfig", n.fields("host", "Host", "path", "Path", "port", "Port", "protocol", "Protocol", "query", "Query", "status_code", "StatusCode"))
		n.block(a, b, "fixed_response", "FixedResponseConfig", n.fields("content_type", "ContentType", "message_body", "MessageBody", "status_code", "StatusCode"))
		return a
	})
}

func buildListener(n *nodes, o *obj) *yaml.Node {
	l := n.fields("load_balancer_arn", "LoadBalancerArn", "port", "Port", "protocol", "Protocol", "ssl_policy", "SslPolicy")(o)
	if a := o.attrs["alpn_policy"]; a != nil {
		s := seq(a.rng)
		if v := n.value(a.v, a.rng, n.addr+".alpn_policy"); v != nil {
			s.Content = append(s.Content, v)
			put(l, "AlpnPolicy", s)
		}
	}
	if a := o.attrs["certificate_arn"]; a != nil {
		if v := n.value(a.v, a.rng, n.addr+".certificate_arn"); v != nil {
			c := mapping(a.rng)
			put(c, "CertificateArn", v)
			s := seq(a.rng)
			s.Content = append(s.Content, c)
			put(l, "Certificates", s)
		}
	}
	if v, ok := n.arn(); ok {
		put(l, "ListenerArn", n.value(v, o.rng, n.addr+".arn"))
	}
	n.actions(l, o, "default_action")
	if len(l.Content) > 0 {
		// DefaultActions, as describe-listeners names them.
		for i := 0; i+1 < len(l.Content); i += 2 {
			if l.Content[i].Value == "Actions" {
				l.Content[i].Value = "DefaultActions"
			}
		}
	}
	root := mapping(o.rng)
	s := seq(o.rng)
	s.Content = append(s.Content, l)
	put(root, "Listeners", s)
	return root
}

// conditionFields are the condition blocks and the ELBv2 field each is.
var conditionFields = [][3]string{
	{"host_header", "host-header", "HostHeaderConfig"},
	{"path_pattern", "path-pattern", "PathPatternConfig"},
	{"http_header", "http-header", "HttpHeaderConfig"},
	{"http_request_method", "http-request-method", "HttpRequestMethodConfig"},
	{"query_string", "query-string", "QueryStringConfig"},
	{"source_ip", "source-ip", "SourceIpConfig"},
}

func buildListenerRule(n *nodes, o *obj) *yaml.Node {
	r := n.fields("priority", "Priority")(o)
	for i := 0; i+1 < len(r.Content); i += 2 {
		if r.Content[i].Value == "Priority" && r.Content[i+1].Tag != "!!str" {
			r.Content[i+1].Tag = "!!str" // a string in the ELBv2 API
		}
	}
	n.actions(r, o, "action")
	n.blocks(r, o, "condition", "Conditions", func(b *obj) *yaml.Node {
		c := mapping(b.rng)
		for _, f := range conditionFields {
			subs := b.subs(f[0])
			if len(subs) == 0 {
				continue
			}
			put(c, "Field", scalar("!!str", f[1], subs[0].rng))
			if f[0] == "query_string" {
				q := mapping(subs[0].rng)
				n.blocks(q, b, "query_string", "Values", n.fields("key", "Key", "value", "Value"))
				put(c, f[2], q)
				continue
			}
			put(c, f[2], n.fields("values", "Values", "regex_values", "RegexValues", "http_header_name", "HttpHeaderName")(subs[0]))
		}
		return c
	})
	root := mapping(o.rng)
	s := seq(o.rng)
	s.Content = append(s.Content, r)
	put(root, "Rules", s)
	return root
}
