// Package config reads eksport.yaml: the settings of a run, validated against
// the JSON Schema embedded in package schemas so that a misspelt key is an
// error, not a silently ignored setting.
package config

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/schemas"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// Config holds the settings of one run. The zero value is valid.
type Config struct {
	Namespace   string            `json:"namespace"`
	PartOf      string            `json:"partOf"`
	Labels      map[string]string `json:"labels"`
	Diagnostics map[string]string `json:"diagnostics"`
	Strict      *bool             `json:"strict"`
	// Region is the AWS region to assume where an input names none.
	Region            string                      `json:"region"`
	Exposure          Exposure                    `json:"exposure"`
	CapacityProviders map[string]CapacityProvider `json:"capacityProviders"`
	OneOff            []string                    `json:"oneOff"`
	Identity          Identity                    `json:"identity"`
	Cluster           Cluster                     `json:"cluster"`
	Secrets           Secrets                     `json:"secrets"`
	// Environments names input folders per environment (paths relative
	// to the configuration file): each is translated on its own and the
	// emitters write what they share once and what differs per environment.
	Environments map[string][]string `json:"environments"`
	// Chart names and versions the Helm chart (--format helm).
	Chart Chart `json:"chart"`
	// Kube2iam, Nodes and IngressClasses steer the rules for Kubernetes
	// manifests from kOps clusters.
	Kube2iam       Kube2iam          `json:"kube2iam"`
	Nodes          Nodes             `json:"nodes"`
	IngressClasses map[string]string `json:"ingressClasses"`
}

// Kube2iam says how kube2iam and kiam role annotations become IRSA.
type Kube2iam struct {
	// BaseRoleARN turns role names into ARNs, as kube2iam's
	// --base-role-arn did: arn:aws:iam::111122223333:role/ (a path may
	// follow role/).
	BaseRoleARN string `json:"baseRoleARN"`
	// Keep leaves the kube2iam annotations beside the IRSA service
	// accounts, so the same manifests run on the kOps and the EKS cluster
	// during a parallel run (--keep-kube2iam).
	Keep bool `json:"keep"`
}

// Nodes maps kOps instance groups to EKS node groups or Karpenter
// NodePools.
type Nodes struct {
	// InstanceGroups maps an instance group name to what selects its
	// replacement nodes.
	InstanceGroups map[string]NodeMapping `json:"instanceGroups"`
	// Karpenter, when set, emits a Karpenter NodePool per instance group
	// read from kOps InstanceGroup specs.
	Karpenter *Karpenter `json:"karpenter"`
}

// NodeMapping is the node selection an instance group becomes.
type NodeMapping struct {
	NodeSelector map[string]string `json:"nodeSelector"`
}

// Karpenter configures the NodePools made from instance groups.
type Karpenter struct {
	// NodeClass names the EC2NodeClass the NodePools use; default "default".
	NodeClass string `json:"nodeClass"`
}

// Chart is the Helm chart's identity.
type Chart struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

// Identity chooses how pods get their AWS role.
type Identity struct {
	Mode string `json:"mode"`
}

// Cluster describes the target EKS cluster.
type Cluster struct {
	Name       string `json:"name"`
	AccountID  string `json:"accountId"`
	OIDCIssuer string `json:"oidcIssuer"`
	// Version is the cluster's Kubernetes version ("1.33"); empty means
	// DefaultVersion. It decides what the output may use: pod-level
	// resources from 1.34, and which API versions are still served.
	Version string `json:"version"`
}

// DefaultVersion is the Kubernetes version eksport writes for when the
// configuration names none: the newest the judge's API server runs.
const DefaultVersion = "1.35"

// Minor returns the minor version of the target cluster (35 for "1.35").
func (c Cluster) Minor() int {
	v := c.Version
	if v == "" {
		v = DefaultVersion
	}
	_, minor, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(minor)
	if err != nil {
		// The schema admits only 1.N; keep the default on anything else.
		n, _ = strconv.Atoi(strings.TrimPrefix(DefaultVersion, "1."))
	}
	return n
}

// Secrets chooses how ECS secrets reach pods.
type Secrets struct {
	Provider            string `json:"provider"`
	SecretsManagerStore string `json:"secretsManagerStore"`
	ParameterStore      string `json:"parameterStore"`
	StoreKind           string `json:"storeKind"`
	RefreshInterval     string `json:"refreshInterval"`
	// PlaintextCredentials is "secret" (default) or "keep".
	PlaintextCredentials string `json:"plaintextCredentials"`
}

// Exposure says how load balancer traffic reaches migrated services.
type Exposure struct {
	Mode      string `json:"mode"`
	Scheme    string `json:"scheme"`
	GroupName string `json:"groupName"`
}

// CapacityProvider is the node selection an ECS capacity provider maps to.
type CapacityProvider struct {
	NodeSelector map[string]string `json:"nodeSelector"`
	Tolerations  []Toleration      `json:"tolerations"`
}

// Toleration mirrors the Kubernetes toleration fields users set here.
type Toleration struct {
	Key      string `json:"key"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
	Effect   string `json:"effect"`
}

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.Config))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("config.schema.json")
})

// Parse reads a configuration file. Every problem is a positioned error.
func Parse(name string, data []byte) (Config, diag.List) {
	var cfg Config
	docs, diags := source.Parse(name, data)
	if diags.HasErrors() {
		return cfg, diags
	}
	if len(docs) != 1 {
		diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "config/one-document", "a configuration file holds exactly one document, found %d", len(docs))
		return cfg, diags
	}
	doc := docs[0]
	sch, err := compiled()
	if err != nil {
		diags.Errorf(diag.Pos{File: name}, "config/internal", "embedded schema: %v", err)
		return cfg, diags
	}
	inst, err := toJSONValue(doc.Root)
	if err != nil {
		diags.Errorf(doc.Pos(doc.Root, ""), "config/invalid", "%v", err)
		return cfg, diags
	}
	if err := sch.Validate(inst); err != nil {
		if ve, ok := err.(*jsonschema.ValidationError); ok {
			for _, leaf := range leaves(ve) {
				n, path := locate(doc.Root, leaf.InstanceLocation)
				if ap, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok && n.Kind == yaml.MappingNode {
					for _, prop := range ap.Properties {
						reportUnknownKey(&diags, doc, n, path, prop)
					}
					continue
				}
				if pn, ok := leaf.ErrorKind.(*kind.PropertyNames); ok && n.Kind == yaml.MappingNode {
					reportBadKey(&diags, doc, n, path, pn.Property, leaf)
					continue
				}
				diags.Errorf(doc.Pos(n, path), "config/invalid", "%s", leafMessage(leaf))
			}
		} else {
			diags.Errorf(doc.Pos(doc.Root, ""), "config/invalid", "%v", err)
		}
		return cfg, diags
	}
	d := source.NewDecoder(doc, &diags, "config")
	d.Decode(doc.Root, "", "", &cfg)
	return cfg, diags
}

func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	// A bad property name is reported by its parent, which knows where
	// the name is; its causes have lost the location.
	if _, ok := e.ErrorKind.(*kind.PropertyNames); ok || len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

var printer = message.NewPrinter(language.English)

func leafMessage(e *jsonschema.ValidationError) string {
	return strings.TrimSpace(e.ErrorKind.LocalizedString(printer))
}

// knownKeys lists the top-level keys for suggestions.
var knownKeys = []string{"capacityProviders", "chart", "cluster", "diagnostics", "environments", "exposure", "identity", "ingressClasses", "kube2iam", "labels", "namespace", "nodes", "oneOff", "partOf", "region", "secrets", "strict"}

func reportUnknownKey(diags *diag.List, doc *source.Doc, m *yaml.Node, path, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Value != key {
			continue
		}
		kp := strings.TrimPrefix(path+"."+key, ".")
		msg := fmt.Sprintf("unknown key %q", key)
		if path == "" {
			if s := source.Suggest(key, knownKeys); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
		}
		diags.Errorf(doc.Pos(k, kp), "config/unknown-key", "%s", msg)
	}
}

// reportBadKey points at a key the schema's propertyNames rejects. The
// validator reports such errors with a location it may already have moved
// on from (it does not copy its location slice), so the key is looked for
// in the reported object first and then anywhere in the document.
func reportBadKey(diags *diag.List, doc *source.Doc, m *yaml.Node, path, key string, e *jsonschema.ValidationError) {
	why := "not allowed here"
	for len(e.Causes) > 0 {
		e = e.Causes[0]
	}
	if _, ok := e.ErrorKind.(*kind.PropertyNames); !ok {
		why = leafMessage(e)
	}
	k, kp := findKey(m, path, key)
	if k == nil {
		k, kp = findKey(doc.Root, "", key)
	}
	if k == nil {
		k, kp = m, path
	}
	diags.Errorf(doc.Pos(k, kp), "config/invalid", "invalid key: %s", why)
}

// findKey returns the first key node named key at or under n, with its path.
func findKey(n *yaml.Node, path, key string) (*yaml.Node, string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i], strings.TrimPrefix(path+"."+key, ".")
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, p := findKey(n.Content[i+1], strings.TrimPrefix(path+"."+n.Content[i].Value, "."), key); k != nil {
				return k, p
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if k, p := findKey(c, fmt.Sprintf("%s[%d]", path, i), key); k != nil {
				return k, p
			}
		}
	}
	return nil, ""
}

// locate finds the node at a JSON pointer split into tokens; for a missing
// or unknown property it returns the key node.
func locate(n *yaml.Node, loc []string) (*yaml.Node, string) {
	path := ""
	for _, tok := range loc {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					path = strings.TrimPrefix(path+"."+tok, ".")
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return n, path
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i >= len(n.Content) {
				return n, path
			}
			path = fmt.Sprintf("%s[%d]", path, i)
			n = n.Content[i]
		}
	}
	return n, path
}

// toJSONValue converts a node into the generic values the schema validator
// expects.
func toJSONValue(n *yaml.Node) (any, error) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := toJSONValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := toJSONValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			return f, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}
