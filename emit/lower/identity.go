package lower

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/ir"
)

// RoleAnnotation is the IRSA annotation on ServiceAccounts.
const RoleAnnotation = "eks.amazonaws.com/role-arn"

// shared returns the objects rules decided once for several workloads:
// ServiceAccounts, PersistentVolumes with their claims, StorageClasses.
func shared(m *ir.Model, opts Options) []emit.Object {
	var objs []emit.Object
	base := func(name, ns, partOf string) metav1.ObjectMeta {
		l := map[string]string{}
		maps.Copy(l, opts.Labels)
		if opts.PartOf != "" {
			l[LabelPartOf] = opts.PartOf
		} else if partOf != "" {
			l[LabelPartOf] = partOf
		}
		l[LabelManagedBy] = "eksport"
		if opts.Namespace != "" && ns != "" {
			ns = opts.Namespace
		}
		return metav1.ObjectMeta{Name: name, Namespace: ns, Labels: l}
	}
	for _, sa := range m.ServiceAccounts {
		if sa.Manifest {
			continue // emitted with the manifest objects
		}
		o := &corev1.ServiceAccount{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"}, ObjectMeta: base(sa.Name, sa.Namespace, first(sa.Workloads))}
		if !sa.PodIdentity {
			o.Annotations = map[string]string{RoleAnnotation: sa.RoleARN}
		}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "ServiceAccount", Namespace: o.Namespace, Name: sa.Name, Value: o, Origin: sa.Origin})
	}
	for _, pv := range m.PersistentVolumes {
		capacity := resource.MustParse(pv.Capacity)
		mode := pv.AccessMode
		if mode == "" {
			mode = corev1.ReadWriteMany
		}
		v := &corev1.PersistentVolume{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolume"},
			ObjectMeta: base(pv.Name, "", first(pv.Workloads)),
			Spec: corev1.PersistentVolumeSpec{
				Capacity:                      corev1.ResourceList{corev1.ResourceStorage: capacity},
				AccessModes:                   []corev1.PersistentVolumeAccessMode{mode},
				PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
				StorageClassName:              "",
				MountOptions:                  pv.MountOptions,
				PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{
					Driver: pv.Driver, VolumeHandle: pv.Handle, VolumeAttributes: pv.Attributes, FSType: pv.FSType,
				}},
			},
		}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "PersistentVolume", Name: pv.Name, Value: v, Origin: pv.Origin})
		empty := ""
		c := &corev1.PersistentVolumeClaim{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
			ObjectMeta: base(pv.Name, pv.Namespace, first(pv.Workloads)),
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes:      []corev1.PersistentVolumeAccessMode{mode},
				StorageClassName: &empty,
				VolumeName:       pv.Name,
				Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: capacity}},
			},
		}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: c.Namespace, Name: pv.Name, Value: c, Origin: pv.Origin})
	}
	for _, sc := range m.StorageClasses {
		bind := storagev1.VolumeBindingWaitForFirstConsumer
		o := &storagev1.StorageClass{
			TypeMeta:          metav1.TypeMeta{APIVersion: "storage.k8s.io/v1", Kind: "StorageClass"},
			ObjectMeta:        base(sc.Name, "", ""),
			Provisioner:       sc.Provisioner,
			Parameters:        sc.Parameters,
			VolumeBindingMode: &bind,
			ReclaimPolicy:     ptr(corev1.PersistentVolumeReclaimDelete),
		}
		objs = append(objs, emit.Object{APIVersion: "storage.k8s.io/v1", Kind: "StorageClass", Name: sc.Name, Value: o, Origin: sc.Origin})
	}
	return objs
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// secretObjects returns a workload's ExternalSecrets or
// SecretProviderClasses and its environment-file ConfigMaps.
func secretObjects(w *ir.Workload, opts Options) []emit.Object {
	var objs []emit.Object
	ns := namespace(w, opts)
	for _, src := range w.SecretSources {
		m := meta(w, opts, src.Name)
		switch src.Operator {
		case "secrets-store-csi":
			objs = append(objs, emit.Object{APIVersion: "secrets-store.csi.x-k8s.io/v1", Kind: "SecretProviderClass", Namespace: ns, Name: src.Name, Origin: src.Origin, Value: spc(src, m)})
		default:
			objs = append(objs, emit.Object{APIVersion: "external-secrets.io/v1", Kind: "ExternalSecret", Namespace: ns, Name: src.Name, Origin: src.Origin, Value: externalSecret(src, m)})
		}
	}
	for _, cm := range w.ConfigMaps {
		o := &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}, ObjectMeta: meta(w, opts, cm.Name)}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "ConfigMap", Namespace: ns, Name: cm.Name, Value: o, Origin: cm.Origin})
	}
	return objs
}

func externalSecret(src ir.SecretSource, m metav1.ObjectMeta) map[string]any {
	var data []any
	for _, e := range src.Entries {
		ref := map[string]any{"key": e.RemoteKey}
		if e.Property != "" {
			ref["property"] = e.Property
		}
		if e.Version != "" {
			ref["version"] = e.Version
		}
		data = append(data, map[string]any{"secretKey": e.Key, "remoteRef": ref})
	}
	target := map[string]any{"name": src.Name, "creationPolicy": "Owner"}
	if src.Type != "" || len(src.Template) > 0 {
		tmpl := map[string]any{"engineVersion": "v2"}
		if src.Type != "" {
			tmpl["type"] = src.Type
		}
		if len(src.Template) > 0 {
			d := map[string]any{}
			for k, v := range src.Template {
				d[k] = v
			}
			tmpl["data"] = d
		}
		target["template"] = tmpl
	}
	return map[string]any{
		"apiVersion": "external-secrets.io/v1",
		"kind":       "ExternalSecret",
		"metadata":   metaMap(m),
		"spec": map[string]any{
			"refreshInterval": src.Refresh,
			"secretStoreRef":  map[string]any{"name": src.Store, "kind": src.StoreKind},
			"target":          target,
			"data":            data,
		},
	}
}

// spc renders a SecretProviderClass for the AWS provider with a synced
// Kubernetes Secret holding every entry under its key. The provider fetches
// each object once and older versions refuse an objectName listed twice, so
// the entries that read one secret version share one object: the whole
// value is mounted under one alias and each json-key is a jmesPath entry.
func spc(src ir.SecretSource, m metav1.ObjectMeta) map[string]any {
	type jmes struct {
		Path        string `json:"path"`
		ObjectAlias string `json:"objectAlias"`
	}
	type object struct {
		ObjectName         string `json:"objectName"`
		ObjectType         string `json:"objectType"`
		ObjectAlias        string `json:"objectAlias,omitempty"`
		ObjectVersion      string `json:"objectVersion,omitempty"`
		ObjectVersionLabel string `json:"objectVersionLabel,omitempty"`
		JMESPath           []jmes `json:"jmesPath,omitempty"`
	}
	var objects []*object
	byRef := map[string]*object{}
	files := map[string]string{} // object + property -> file holding it
	var secretData []any
	for _, e := range src.Entries {
		ref := e.RemoteKey + "\x00" + e.Version
		o := byRef[ref]
		if o == nil {
			typ := "ssmparameter"
			if strings.HasPrefix(e.RemoteKey, "arn:aws:secretsmanager:") {
				typ = "secretsmanager"
			}
			o = &object{ObjectName: e.RemoteKey, ObjectType: typ}
			if strings.HasPrefix(e.Version, "uuid/") {
				o.ObjectVersion = strings.TrimPrefix(e.Version, "uuid/")
			} else if e.Version != "" {
				o.ObjectVersionLabel = e.Version
			}
			byRef[ref] = o
			objects = append(objects, o)
		}
		fileKey := ref + "\x00" + e.Property
		file, ok := files[fileKey]
		if !ok {
			file = e.Key
			files[fileKey] = file
			if e.Property == "" {
				// The whole value: the object's own file.
				if o.ObjectAlias == "" {
					o.ObjectAlias = file
				} else {
					file = o.ObjectAlias
					files[fileKey] = file
				}
			} else {
				o.JMESPath = append(o.JMESPath, jmes{Path: jmesIdentifier(e.Property), ObjectAlias: file})
			}
		}
		secretData = append(secretData, map[string]any{"objectName": file, "key": e.Key})
	}
	for _, o := range objects {
		if o.ObjectAlias == "" {
			// Only json-keys are read; the whole value still lands in a
			// file, named after the first of them.
			o.ObjectAlias = o.JMESPath[0].ObjectAlias + ".json"
		}
	}
	slices.SortStableFunc(objects, func(a, b *object) int { return strings.Compare(a.ObjectAlias, b.ObjectAlias) })
	params, _ := yaml.Marshal(objects)
	parameters := map[string]any{"objects": string(params)}
	// The provider checks that every ARN is in the region it reads from
	// (by default the node's); name it when the ARNs agree.
	if r := region(src.Entries); r != "" {
		parameters["region"] = r
	}
	return map[string]any{
		"apiVersion": "secrets-store.csi.x-k8s.io/v1",
		"kind":       "SecretProviderClass",
		"metadata":   metaMap(m),
		"spec": map[string]any{
			"provider":      "aws",
			"parameters":    parameters,
			"secretObjects": []any{map[string]any{"secretName": src.Name, "type": "Opaque", "data": secretData}},
		},
	}
}

// jmesIdentifier writes an ECS json-key (a literal top-level key) as a
// JMESPath expression: bare when it is a plain identifier, quoted
// otherwise, so that "api-key" or "a.b" are not read as expressions.
func jmesIdentifier(key string) string {
	plain := key != ""
	for i, r := range key {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return key
	}
	b, _ := json.Marshal(key)
	return string(b)
}

// region returns the one region all ARN references name, or "" when they
// name none or several.
func region(entries []ir.SecretEntry) string {
	found := ""
	for _, e := range entries {
		parts := strings.Split(e.RemoteKey, ":")
		if len(parts) < 4 || parts[0] != "arn" || parts[3] == "" {
			continue
		}
		if found != "" && found != parts[3] {
			return ""
		}
		found = parts[3]
	}
	return found
}

// mountSecretsStore adds the CSI volume that makes the driver sync a
// SecretProviderClass's Secret; without a pod mounting it, nothing syncs.
func mountSecretsStore(w *ir.Workload, spec *corev1.PodSpec) {
	for _, src := range w.SecretSources {
		if src.Operator != "secrets-store-csi" {
			continue
		}
		vol := src.Name
		spec.Volumes = append(spec.Volumes, corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{CSI: &corev1.CSIVolumeSource{
			Driver: "secrets-store.csi.k8s.io", ReadOnly: ptr(true), VolumeAttributes: map[string]string{"secretProviderClass": src.Name},
		}}})
		if len(spec.Containers) > 0 {
			c := &spec.Containers[0]
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: vol, MountPath: "/mnt/secrets-store/" + src.Name, ReadOnly: true})
		}
	}
}
