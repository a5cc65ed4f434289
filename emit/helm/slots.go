package helm

import (
	"reflect"
	"slices"
	"strings"
)

// podTemplate is where each workload kind keeps its pod template.
var podTemplate = map[string][]any{
	"Deployment":  {"spec", "template"},
	"StatefulSet": {"spec", "template"},
	"DaemonSet":   {"spec", "template"},
	"ReplicaSet":  {"spec", "template"},
	"Job":         {"spec", "template"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template"},
}

// Schemas of the values users tune.
var (
	stringMap  = map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}
	anyObject  = map[string]any{"type": "object"}
	objectList = map[string]any{"type": "array", "items": map[string]any{"type": "object"}}
	count      = map[string]any{"type": "integer", "minimum": 0}
	percent    = map[string]any{"type": "integer", "minimum": 1}
	imageSch   = map[string]any{
		"type": "object", "additionalProperties": false, "required": []any{"repository"},
		"properties": map[string]any{
			"repository": map[string]any{"type": "string", "minLength": 1},
			"tag":        map[string]any{"type": "string"},
			"digest":     map[string]any{"type": "string"},
		},
	}
	envSch = map[string]any{"type": "object", "additionalProperties": map[string]any{"type": []any{"string", "number", "boolean"}}}
)

// slotter collects an item's slots, refusing values keys another object
// already uses.
type slotter struct {
	it   *item
	used map[string]string // values key -> object that owns it
	// groupKeys lists the keys in used below each workload's values, for
	// write to let go of once the workload's last object is slotted.
	groupKeys map[string][]string
	// tokens says whether the chart has required values (ir.Unresolved
	// tokens in its objects). A field holding one stays in the template,
	// where the token becomes a required value, and takes no slot.
	tokens bool
	err    error
	// docs holds the comments of each container name's keys, made once
	// per chart: there is one per key of every container.
	docs map[string]*containerDocs
}

// containerDocs are the comments of a container's values keys.
type containerDocs struct{ image, resources, env string }

// containerDocsOf returns the comments of container n's keys.
func (s *slotter) containerDocsOf(n string) *containerDocs {
	if d := s.docs[n]; d != nil {
		return d
	}
	d := &containerDocs{
		image:     "Image of container " + n + ".",
		resources: "Requests and limits of container " + n + ".",
		env:       "Plain environment variables of container " + n + "; secret references stay in the template, and names the template does not list come last, sorted.",
	}
	if s.docs == nil {
		s.docs = map[string]*containerDocs{}
	}
	s.docs[n] = d
	return d
}

// holdsToken says whether the field at path holds a token in some
// environment.
func (s *slotter) holdsToken(path []any) bool {
	if !s.tokens {
		return false
	}
	for _, t := range s.it.present() {
		if v, ok := at(t, path); ok && holdsToken(v) {
			return true
		}
	}
	return false
}

func (s *slotter) owns(key []string) bool {
	if len(key) == 1 && key[0] == "namespace" {
		return true // one value for every object
	}
	k := strings.Join(key, "\x00")
	owner, taken := s.used[k]
	if taken && owner != s.it.id {
		return false
	}
	if !taken && s.groupKeys != nil && len(key) > 2 && key[0] == "workloads" && key[1] == s.it.group {
		s.groupKeys[s.it.group] = append(s.groupKeys[s.it.group], k)
	}
	s.used[k] = s.it.id
	return true
}

// parentEverywhere says whether the slot's parent exists, as a map, in
// every environment that has the object.
func (s *slotter) parentEverywhere(path []any) bool {
	for _, t := range s.it.present() {
		p, ok := at(t, path[:len(path)-1])
		if _, isMap := p.(map[string]any); !ok || !isMap {
			return false
		}
	}
	return true
}

func (s *slotter) add(sl *slot) {
	if !s.parentEverywhere(sl.path) || s.holdsToken(sl.path) || !s.owns(sl.key) {
		return
	}
	switch sl.kind {
	case scalar, imageRef:
		seen, missing := 0, 0
		for _, t := range s.it.present() {
			v, ok := at(t, sl.path)
			if !ok {
				missing++
				continue
			}
			switch sl.kind {
			case scalar:
				switch v.(type) {
				case map[string]any, []any:
					return
				}
			case imageRef:
				ref, isString := v.(string)
				if !isString || joinImage(splitImage(ref)) != ref {
					return
				}
			}
			seen++
		}
		if seen == 0 || (missing > 0 && sl.kind == imageRef) {
			return
		}
		sl.optional = missing > 0
	case block:
		for _, t := range s.it.present() {
			if v, ok := at(t, sl.path); ok && reflect.TypeOf(v) != reflect.TypeOf(emptyLike(sl.schema)) {
				return
			}
		}
	case envMap:
		var vers []any
		for _, t := range s.it.present() {
			v, _ := at(t, sl.path)
			vers = append(vers, v)
		}
		tv, _ := at(s.it.tmpl, sl.path)
		if !envApplies(tv, vers) {
			return
		}
		sl.env, _ = tv.([]any)
	}
	s.it.slots = append(s.it.slots, sl)
}

// named adds the slots for what users tune, by kind: the list of
// image, replicas, resources, environment, service account annotations,
// autoscaling, exposure, node selection, tolerations and pod annotations.
func (s *slotter) named(ns string) {
	it := s.it
	o := it.obj
	w := []string{"workloads", it.group}
	if ns != "" && o.Namespace == ns {
		s.add(&slot{path: []any{"metadata", "namespace"}, key: []string{"namespace"}, kind: scalar, doc: "Namespace of every namespaced object.", schema: map[string]any{"type": "string"}})
	}
	if o.Kind == "ServiceAccount" {
		// Accounts are shared by the workloads of a role: one place for
		// them, whichever workload they sit beside.
		s.add(&slot{path: []any{"metadata", "annotations"}, key: []string{"serviceAccounts", o.Name, "annotations"}, kind: block, schema: stringMap,
			doc: "Annotations of the ServiceAccount (IRSA: eks.amazonaws.com/role-arn)."})
		return
	}
	if it.group == "" {
		return
	}
	if o.Kind == "TargetGroupBinding" {
		s.add(&slot{path: []any{"spec", "targetGroupARN"}, key: join(w, "targetGroupBindings", o.Name, "targetGroupARN"), kind: scalar,
			doc: "ARN of the ELB target group the pods are registered in.", schema: map[string]any{"type": "string", "pattern": "^arn:"}})
		return
	}
	if o.Name != it.group {
		return
	}
	if pt, ok := podTemplate[o.Kind]; ok {
		s.workload(w, pt)
		return
	}
	switch o.Kind {
	case "Service":
		s.add(&slot{path: []any{"spec", "type"}, key: join(w, "service", "type"), kind: scalar, doc: "Service type.",
			schema: map[string]any{"enum": []any{"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"}}})
		s.add(&slot{path: []any{"metadata", "annotations"}, key: join(w, "service", "annotations"), kind: block, schema: stringMap,
			doc: "Service annotations (load balancer settings)."})
	case "Ingress":
		s.add(&slot{path: []any{"spec", "ingressClassName"}, key: join(w, "ingress", "className"), kind: scalar, doc: "Ingress class.", schema: map[string]any{"type": "string"}})
		s.add(&slot{path: []any{"metadata", "annotations"}, key: join(w, "ingress", "annotations"), kind: block, schema: stringMap,
			doc: "Ingress annotations (AWS Load Balancer Controller settings)."})
		s.add(&slot{path: []any{"spec", "rules"}, key: join(w, "ingress", "rules"), kind: block, schema: objectList, doc: "Ingress rules: hosts and paths."})
	case "HorizontalPodAutoscaler":
		a := join(w, "autoscaling")
		s.add(&slot{path: []any{"spec", "minReplicas"}, key: join(a, "minReplicas"), kind: scalar, doc: "Fewest pods.", schema: count})
		s.add(&slot{path: []any{"spec", "maxReplicas"}, key: join(a, "maxReplicas"), kind: scalar, doc: "Most pods.", schema: count})
		s.add(&slot{path: []any{"spec", "behavior"}, key: join(a, "behavior"), kind: block, schema: anyObject, doc: "Scaling behavior (stabilization windows, policies)."})
		s.metrics(a)
	case "ScaledObject":
		a := join(w, "autoscaling")
		s.add(&slot{path: []any{"spec", "minReplicaCount"}, key: join(a, "minReplicas"), kind: scalar, doc: "Fewest pods.", schema: count})
		s.add(&slot{path: []any{"spec", "maxReplicaCount"}, key: join(a, "maxReplicas"), kind: scalar, doc: "Most pods.", schema: count})
		s.add(&slot{path: []any{"spec", "triggers"}, key: join(a, "triggers"), kind: block, schema: objectList, doc: "KEDA triggers and their targets."})
	}
}

func (s *slotter) workload(w []string, pt []any) {
	o := s.it.obj
	if o.Kind == "Deployment" || o.Kind == "StatefulSet" || o.Kind == "ReplicaSet" {
		s.add(&slot{path: []any{"spec", "replicas"}, key: join(w, "replicas"), kind: scalar, schema: count,
			doc: "Number of pods (an autoscaler, when enabled, changes it)."})
	}
	spec := extend(pt, "spec")
	s.add(&slot{path: extend(pt, "metadata", "annotations"), key: join(w, "podAnnotations"), kind: block, schema: stringMap, doc: "Annotations of the pods."})
	s.add(&slot{path: extend(spec, "nodeSelector"), key: join(w, "nodeSelector"), kind: block, schema: stringMap, doc: "Node labels the pods must run on."})
	s.add(&slot{path: extend(spec, "tolerations"), key: join(w, "tolerations"), kind: block, schema: objectList, doc: "Taints the pods tolerate."})
	s.add(&slot{path: extend(spec, "affinity"), key: join(w, "affinity"), kind: block, schema: anyObject, doc: "Node and pod affinity."})
	s.add(&slot{path: extend(spec, "resources"), key: join(w, "podResources"), kind: block, schema: anyObject,
		doc: "Pod-level requests and limits, shared by the containers (on ECS: the task size)."})
	for _, list := range []string{"initContainers", "containers"} {
		names, ok := s.alignedNames(extend(spec, list))
		if !ok {
			continue
		}
		for i, n := range names {
			c := extend(spec, list, i)
			k := join(w, "containers", n)
			d := s.containerDocsOf(n)
			s.add(&slot{path: extend(c, "image"), key: join(k, "image"), kind: imageRef, schema: imageSch, doc: d.image})
			s.add(&slot{path: extend(c, "resources"), key: join(k, "resources"), kind: block, schema: anyObject, doc: d.resources})
			s.add(&slot{path: extend(c, "env"), key: join(k, "env"), kind: envMap, schema: envSch, doc: d.env})
		}
	}
}

// alignedNames returns the container names of a list when every
// environment has the same names in the same order.
func (s *slotter) alignedNames(path []any) ([]string, bool) {
	var names []string
	for i, t := range s.it.present() {
		v, _ := at(t, path)
		l, _ := v.([]any)
		var ns []string
		for _, e := range l {
			m, _ := e.(map[string]any)
			n, ok := m["name"].(string)
			if !ok {
				return nil, false
			}
			ns = append(ns, n)
		}
		if i == 0 {
			names = ns
		} else if !slices.Equal(names, ns) {
			return nil, false
		}
	}
	return names, len(names) > 0
}

// metrics adds the utilization targets of an HPA's resource metrics.
func (s *slotter) metrics(a []string) {
	var kinds []string
	for i, t := range s.it.present() {
		v, _ := at(t, []any{"spec", "metrics"})
		l, _ := v.([]any)
		var ks []string
		for _, m := range l {
			mm, _ := m.(map[string]any)
			res, _ := mm["resource"].(map[string]any)
			target, _ := res["target"].(map[string]any)
			k := ""
			if mm["type"] == "Resource" && target["type"] == "Utilization" {
				k, _ = res["name"].(string)
			}
			ks = append(ks, k)
		}
		if i == 0 {
			kinds = ks
		} else if !slices.Equal(kinds, ks) {
			return
		}
	}
	for i, k := range kinds {
		name := map[string]string{"cpu": "targetCPUUtilizationPercentage", "memory": "targetMemoryUtilizationPercentage"}[k]
		if name == "" {
			continue
		}
		s.add(&slot{path: []any{"spec", "metrics", i, "resource", "target", "averageUtilization"}, key: join(a, name), kind: scalar, schema: percent,
			doc: "Average " + k + " utilization the autoscaler keeps, in percent of the requests."})
	}
}

// join returns a new key: base followed by more.
func join(base []string, more ...string) []string {
	return append(slices.Clone(base), more...)
}
