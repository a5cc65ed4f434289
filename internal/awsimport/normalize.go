package awsimport

import (
	"bytes"
	"encoding/json"
	"strings"
)

// decode parses a JSON document keeping numbers as the API wrote them.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// fromSDK turns an SDK value of a service whose member names are the Go
// field names (ELBv2, CloudWatch) into the API's JSON shape, without the
// members the API left out.
func fromSDK(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	m, _ := dropNulls(doc).(map[string]any)
	return m, nil
}

func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			// An enum the API left out is "" in the SDK's struct.
			if e == nil || e == "" {
				delete(v, k)
				continue
			}
			v[k] = dropNulls(e)
		}
	case []any:
		for i, e := range v {
			v[i] = dropNulls(e)
		}
	}
	return v
}

// drop deletes members of an object.
func drop(m map[string]any, keys ...string) {
	for _, k := range keys {
		delete(m, k)
	}
}

// dropDeep deletes members of that name at every depth: secrets that an
// API may echo (an OIDC client secret).
func dropDeep(v any, key string) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, key)
		for _, e := range v {
			dropDeep(e, key)
		}
	case []any:
		for _, e := range v {
			dropDeep(e, key)
		}
	}
}

func objects(v any) []map[string]any {
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// volatile lists the members each kind of resource drops: state, counts,
// timestamps and ids that change without the configuration changing, so
// that two imports of an unchanged cluster are byte-identical.
var (
	serviceVolatile    = []string{"events", "runningCount", "pendingCount", "createdAt", "createdBy", "currentServiceDeployment", "currentServiceRevisions"}
	deploymentVolatile = []string{"id", "createdAt", "updatedAt", "runningCount", "pendingCount", "failedTasks", "desiredCount", "rolloutState", "rolloutStateReason", "fargateEphemeralStorage"}
	taskSetVolatile    = []string{"id", "taskSetArn", "computedDesiredCount", "runningCount", "pendingCount", "createdAt", "updatedAt", "stabilityStatus", "stabilityStatusAt"}
	taskDefVolatile    = []string{"registeredAt", "registeredBy", "deregisteredAt"}
	aasVolatile        = []string{"CreationTime"}
	alarmVolatile      = []string{"StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp", "StateTransitionedTimestamp", "AlarmConfigurationUpdatedTimestamp", "EvaluationState"}
	scheduleVolatile   = []string{"CreationDate", "LastModificationDate"}
	cloudMapVolatile   = []string{"CreateDate", "InstanceCount"}
)

// normalizeService drops a described service's state; of its deployments
// only the PRIMARY one is kept (the configuration the service runs toward,
// which is what eksport convert reads).
func normalizeService(svc map[string]any) {
	drop(svc, serviceVolatile...)
	var keep []any
	for _, d := range objects(svc["deployments"]) {
		if str(d, "status") == "PRIMARY" {
			drop(d, deploymentVolatile...)
			keep = append(keep, d)
		}
	}
	if _, ok := svc["deployments"]; ok {
		if keep == nil {
			delete(svc, "deployments")
		} else {
			svc["deployments"] = keep
		}
	}
	for _, ts := range objects(svc["taskSets"]) {
		drop(ts, taskSetVolatile...)
	}
}

// encode writes a document with sorted keys, two-space indentation and a
// final newline, HTML characters unescaped: the same value always gives
// the same bytes.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fileName makes a resource name safe as one path element: letters,
// digits, '.', '-' and '_' are kept; any other character becomes '_' and
// a short checksum of the original name keeps two names that differ only
// there apart.
func fileName(name string) string {
	var b strings.Builder
	changed := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
			changed = true
		}
	}
	out := b.String()
	if out == "" {
		out, changed = "_", true
	}
	if len(out) > 100 {
		out, changed = out[:100], true
	}
	if changed {
		var h uint32 = 2166136261
		for i := 0; i < len(name); i++ {
			h ^= uint32(name[i])
			h *= 16777619
		}
		const hex = "0123456789abcdef"
		out += "-"
		for i := 28; i >= 0; i -= 4 {
			out += string(hex[(h>>uint(i))&0xf])
		}
	}
	return out
}

// arnLast is the last '/'-separated part of an ARN (a cluster's or a
// service's name).
func arnLast(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}
