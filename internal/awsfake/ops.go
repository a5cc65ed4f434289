package awsfake

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func notFound(code, msg string) *apiError {
	return &apiError{http.StatusBadRequest, code, msg}
}

// page cuts one page out of items: the token is the index of the first
// item, opaque to the client.
func (s *Server) page(items []any, in obj, tokenKey, sizeKey string) ([]any, string, *apiError) {
	start := 0
	if tok := str(in, tokenKey); tok != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tok, "page-"))
		if err != nil || !strings.HasPrefix(tok, "page-") || n > len(items) {
			return nil, "", &apiError{http.StatusBadRequest, "InvalidNextTokenException", "bad pagination token " + tok}
		}
		start = n
	}
	size := s.PageSize
	if size <= 0 {
		size = 1
	}
	if n := num(in[sizeKey]); n > 0 && n < size {
		size = n
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = "page-" + strconv.Itoa(end)
	}
	if items[start:end] == nil {
		return []any{}, next, nil
	}
	return items[start:end], next, nil
}

func num(v any) int {
	switch v := v.(type) {
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

func strs(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func anys[T any](l []T) []any {
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func paged(items []any, next, listKey, tokenKey string) obj {
	out := obj{listKey: items}
	if next != "" {
		out[tokenKey] = next
	}
	return out
}

// call runs one operation on the state.
func (s *Server) call(op string, in obj) (obj, *apiError) {
	st := s.st
	switch op {
	case "ecs:ListClusters":
		items, next, e := s.page(anys(st.clusters), in, "nextToken", "maxResults")
		return paged(items, next, "clusterArns", "nextToken"), e
	case "ecs:DescribeClusters":
		var clusters, failures []any
		for _, c := range strs(in["clusters"]) {
			if arn := st.clusterARN(c); arn != "" {
				clusters = append(clusters, obj{"clusterArn": arn, "clusterName": clusterName(arn), "status": "ACTIVE"})
			} else {
				failures = append(failures, obj{"arn": "arn:aws:ecs:" + st.Region + ":" + st.Account + ":cluster/" + c, "reason": "MISSING"})
			}
		}
		return obj{"clusters": orEmpty(clusters), "failures": orEmpty(failures)}, nil
	case "ecs:ListServices":
		arn := st.clusterARN(str(in, "cluster"))
		if arn == "" {
			return nil, notFound("ClusterNotFoundException", "Cluster not found.")
		}
		items, next, e := s.page(st.serviceARNs[arn], in, "nextToken", "maxResults")
		return paged(items, next, "serviceArns", "nextToken"), e
	case "ecs:DescribeServices":
		arn := st.clusterARN(str(in, "cluster"))
		if arn == "" {
			return nil, notFound("ClusterNotFoundException", "Cluster not found.")
		}
		names := strs(in["services"])
		if len(names) > 10 {
			return nil, notFound("InvalidParameterException", "services can have at most 10 items")
		}
		var found, failures []any
		for _, n := range names {
			hit := st.serviceKey[keyOf(arn, n)]
			if hit == nil {
				failures = append(failures, obj{"arn": n, "reason": "MISSING"})
				continue
			}
			found = append(found, hit)
		}
		return obj{"services": orEmpty(found), "failures": orEmpty(failures)}, nil
	case "ecs:DescribeTaskDefinition":
		ref := str(in, "taskDefinition")
		famRev := ref
		if i := strings.Index(ref, ":task-definition/"); i >= 0 {
			famRev = ref[i+len(":task-definition/"):]
		}
		fam, rev, _ := strings.Cut(famRev, ":")
		td, ok := st.taskDefs[fam]
		arn := st.taskDefARN[fam]
		if !ok || arn == "" || (rev != "" && !strings.HasSuffix(arn, ":"+rev)) {
			return nil, notFound("ClientException", "Unable to describe task definition.")
		}
		out := maps.Clone(td)
		if _, ok := out["taskDefinitionArn"]; !ok {
			out["taskDefinitionArn"] = arn
			out["revision"] = json.Number(arn[strings.LastIndex(arn, ":")+1:])
			out["status"] = "ACTIVE"
		}
		res := obj{"taskDefinition": out}
		if slices.Contains(strs(in["include"]), "TAGS") {
			res["tags"] = orEmpty(st.taskDefTags[fam])
		}
		return res, nil

	case "application-autoscaling:DescribeScalableTargets":
		ids := strs(in["ResourceIds"])
		from := st.targets
		if len(ids) == 1 {
			from = st.byResource[keyOf("targets", str(in, "ServiceNamespace"), ids[0])]
		}
		var hits []any
		for _, t := range from {
			if str(t, "ServiceNamespace") == str(in, "ServiceNamespace") && (len(ids) == 0 || slices.Contains(ids, str(t, "ResourceId"))) {
				hits = append(hits, t)
			}
		}
		items, next, e := s.page(hits, in, "NextToken", "MaxResults")
		return paged(items, next, "ScalableTargets", "NextToken"), e
	case "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:DescribeScheduledActions":
		from, key, kind := st.policies, "ScalingPolicies", "policies"
		if strings.HasSuffix(op, "ScheduledActions") {
			from, key, kind = st.actions, "ScheduledActions", "actions"
		}
		if rid := str(in, "ResourceId"); rid != "" {
			from = st.byResource[keyOf(kind, str(in, "ServiceNamespace"), rid)]
		}
		var hits []any
		for _, p := range from {
			if str(p, "ServiceNamespace") == str(in, "ServiceNamespace") && (str(in, "ResourceId") == "" || str(p, "ResourceId") == str(in, "ResourceId")) {
				hits = append(hits, p)
			}
		}
		items, next, e := s.page(hits, in, "NextToken", "MaxResults")
		return paged(items, next, key, "NextToken"), e

	case "cloudwatch:DescribeAlarms":
		names := strs(in["AlarmNames"])
		var hits []any
		for _, a := range st.alarms {
			if len(names) == 0 || slices.Contains(names, str(a, "AlarmName")) {
				hits = append(hits, a)
			}
		}
		items, next, e := s.page(hits, in, "NextToken", "MaxRecords")
		return paged(items, next, "MetricAlarms", "NextToken"), e

	case "elasticloadbalancing:DescribeTargetGroups":
		var hits []any
		for _, want := range strs(in["TargetGroupArns"]) {
			var hit obj
			for _, tg := range st.targetGroups {
				if str(tg, "TargetGroupArn") == want {
					hit = tg
				}
			}
			if hit == nil {
				return nil, notFound("TargetGroupNotFound", "One or more target groups not found")
			}
			hits = append(hits, hit)
		}
		items, next, e := s.page(hits, in, "Marker", "PageSize")
		return paged(items, next, "TargetGroups", "NextMarker"), e
	case "elasticloadbalancing:DescribeListeners":
		var hits []any
		for _, l := range st.listeners {
			if str(l, "LoadBalancerArn") == str(in, "LoadBalancerArn") {
				hits = append(hits, l)
			}
		}
		items, next, e := s.page(hits, in, "Marker", "PageSize")
		return paged(items, next, "Listeners", "NextMarker"), e
	case "elasticloadbalancing:DescribeRules":
		var hits []any
		for _, r := range st.elbRules {
			if strings.HasPrefix(str(r, "RuleArn"), strings.Replace(str(in, "ListenerArn"), ":listener/", ":listener-rule/", 1)+"/") {
				hits = append(hits, r)
			}
		}
		items, next, e := s.page(hits, in, "Marker", "PageSize")
		return paged(items, next, "Rules", "NextMarker"), e

	case "events:ListEventBuses":
		buses := []any{obj{"Name": "default", "Arn": "arn:aws:events:" + st.Region + ":" + st.Account + ":event-bus/default"}}
		seen := map[string]bool{"default": true}
		for _, r := range st.eventRules {
			if b := busOf(r.rule); !seen[b] {
				seen[b] = true
				buses = append(buses, obj{"Name": b, "Arn": "arn:aws:events:" + st.Region + ":" + st.Account + ":event-bus/" + b})
			}
		}
		items, next, e := s.page(buses, in, "NextToken", "Limit")
		return paged(items, next, "EventBuses", "NextToken"), e
	case "events:ListRuleNamesByTarget":
		var hits []any
		for _, r := range st.eventRules {
			if busOf(r.rule) != busName(in) {
				continue
			}
			for _, t := range list(r.targets) {
				if str(t, "Arn") == str(in, "TargetArn") {
					hits = append(hits, str(r.rule, "Name"))
					break
				}
			}
		}
		items, next, e := s.page(hits, in, "NextToken", "Limit")
		return paged(items, next, "RuleNames", "NextToken"), e
	case "events:DescribeRule", "events:ListTargetsByRule":
		name := str(in, "Name")
		if op == "events:ListTargetsByRule" {
			name = str(in, "Rule")
		}
		for _, r := range st.eventRules {
			if str(r.rule, "Name") != name || busOf(r.rule) != busName(in) {
				continue
			}
			if op == "events:DescribeRule" {
				return r.rule, nil
			}
			items, next, e := s.page(r.targets, in, "NextToken", "Limit")
			return paged(items, next, "Targets", "NextToken"), e
		}
		return nil, notFound("ResourceNotFoundException", "Rule "+name+" does not exist.")

	case "scheduler:ListSchedules":
		var hits []any
		for _, sc := range st.schedules {
			summary := obj{"Name": sc["Name"], "GroupName": groupOf(sc), "State": sc["State"]}
			if t, ok := sc["Target"].(obj); ok {
				summary["Target"] = obj{"Arn": t["Arn"]}
			}
			hits = append(hits, summary)
		}
		items, next, e := s.page(hits, in, "NextToken", "MaxResults")
		return paged(items, next, "Schedules", "NextToken"), e
	case "scheduler:GetSchedule":
		group := str(in, "groupName")
		if group == "" {
			group = "default"
		}
		for _, sc := range st.schedules {
			if str(sc, "Name") == str(in, "Name") && groupOf(sc) == group {
				return sc, nil
			}
		}
		return nil, &apiError{http.StatusNotFound, "ResourceNotFoundException", "Schedule " + str(in, "Name") + " does not exist."}

	case "servicediscovery:GetService":
		for _, svc := range st.cloudMap {
			if str(svc, "Id") == str(in, "Id") || str(svc, "Arn") == str(in, "Id") {
				return obj{"Service": svc}, nil
			}
		}
		return nil, notFound("ServiceNotFound", "Service not found")
	}
	return nil, notFound("UnknownOperationException", "awsfake does not serve "+op)
}

func groupOf(sc obj) string {
	if g := str(sc, "GroupName"); g != "" {
		return g
	}
	return "default"
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

func busOf(rule obj) string {
	if b := str(rule, "EventBusName"); b != "" {
		return b
	}
	return "default"
}

// busName is the event bus a request names (a name or an ARN).
func busName(in obj) string {
	b := str(in, "EventBusName")
	if b == "" {
		return "default"
	}
	return b[strings.LastIndex(b, "/")+1:]
}
