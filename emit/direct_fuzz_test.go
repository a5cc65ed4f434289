package emit_test

import (
	"encoding/json"
	"math/rand/v2"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/golden"
)

// FuzzMarshalDirect builds typed Kubernetes objects and custom resources
// with random contents (strings YAML must quote, nil against empty maps and
// slices, zero quantities, nil pointers, empty structs, the keys Clean
// treats specially) and holds the direct encoder to the tree path.
func FuzzMarshalDirect(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		seed := make([]byte, 16+rng.IntN(64<<(i%6)))
		for j := range seed {
			seed[j] = byte(rng.Uint32())
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		checkDirect(t, randomObject(&fuzzSource{data: data}))
	})
}

// fuzzSource draws decisions from the fuzzer's bytes; once they run out,
// every choice is the first (nil, empty, zero).
type fuzzSource struct {
	data []byte
	i    int
}

func (r *fuzzSource) n(k int) int {
	if r.i >= len(r.data) {
		return 0
	}
	b := r.data[r.i]
	r.i++
	return int(b) % k
}

func pick[T any](r *fuzzSource, options ...T) T { return options[r.n(len(options))] }

var fuzzStrings = []string{
	"", "a", "web", "yes", "No", "on", "OFF", "null", "Null", "~", "true", "y", "n",
	"1", "-1", "007", "1.0", "0x1F", "0o17", "1_000", "1e3", ".5", "+.inf", ".NaN", "-0", "0b101", "-0b11",
	"-", "- a", "a: b", ":x", "a:", "#x", "x #y", "x# y", "? x", "?x", "[x]", "{x}", "x,y", "---", "--- x", "...x",
	"2006-01-02", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "1:20", "190:20:30.15", "1:2:3",
	"<<", "=", "@x", "%x", "!x", "*x", "&x", "|", ">", "'", "\"", "`x", "it's", "say \"hi\"", "a\\b", "a/b",
	" lead", "trail ", "two  spaces", "  ", " ",
	"status", "metadata", "subresources", "resources", "strategy", "securityContext", "spec", "kind",
	"a0", "a00", "a01", "a1", "a10", "a9", "9", "10", "B", "b", "_b", "b_", "k8s-app", "app.kubernetes.io/name",
	"Z", "~z", "{", "a b", "a.b", "a-b", "a_b", "A_B", "DB_PASSWORD", "x1y", "x01y",
	"echo $(HOME) && exit 0",
	"a long sentence that goes on and on past the eighty column limit of the emitter so that it gets folded somewhere along the way",
	"a long sentence with \"quotes\" and \\ backslashes  and  double  spaces that goes past the eighty column limit of the emitter",
	"*starts with an indicator, so single quotes, and it's long enough to fold past column eighty and beyond",
	"true but long enough to be quoted by the encoder and then folded at a space past column eighty for sure",
	"x                                                                                          y",
	strings.Repeat("k", 120),
}

// fuzzHardStrings are strings MarshalTree leaves to the YAML encoder (or,
// invalid UTF-8, that valueTree leaves to encoding/json), which send the
// object to the tree path.
var fuzzHardStrings = []string{"caf\u00e9", "tab\there", "multi\nline", "cr\r", "\x85", "\xff", strings.Repeat("k", 121)}

func (r *fuzzSource) str() string {
	switch r.n(128) {
	case 0:
		return fuzzHardStrings[r.n(len(fuzzHardStrings))]
	case 1, 2, 3, 4, 5, 6, 7, 8:
		// A few bytes of the input, as printable ASCII.
		n := r.n(12)
		start := min(r.i, len(r.data))
		end := min(start+n, len(r.data))
		r.i = end
		b := []byte(string(r.data[start:end]))
		for i := range b {
			b[i] = ' ' + b[i]%95
		}
		return string(b)
	}
	return fuzzStrings[r.n(len(fuzzStrings))]
}

var (
	quantityType    = reflect.TypeFor[resource.Quantity]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	timeType        = reflect.TypeFor[metav1.Time]()
	microTimeType   = reflect.TypeFor[metav1.MicroTime]()
	rawType         = reflect.TypeFor[runtime.RawExtension]()
)

func (r *fuzzSource) quantity() resource.Quantity {
	switch r.n(4) {
	case 0:
		return resource.Quantity{}
	case 1:
		return *resource.NewMilliQuantity(int64(r.n(3000)), resource.DecimalSI)
	case 2:
		return *resource.NewQuantity(int64(r.n(3))<<30, resource.BinarySI)
	}
	return resource.MustParse(pick(r, "0", "100m", "0.5", "1Gi", "1e3", "1.5Ki", "-1", "128974848", "129e6", "129M", "123Mi"))
}

var fuzzRaw = []string{
	`{"a":{},"status":null,"metadata":{},"b":[{"c":null,"resources":{}}],"n":1.5e3}`,
	`[1,[2],{"x":"y"}]`, `"x"`, `"a: b"`, `"\u00e9"`, `null`, ` null `, `true`, `-0`, `12`, `0123`, `1e400`,
	`12345678901234567890`, `{"k":[[]]}`, `{`, `{}`, `[]`, `{"subresources":{"status":{}}}`,
}

// fill sets v to random contents, deeper values more often nil.
func (r *fuzzSource) fill(v reflect.Value, depth int) {
	t := v.Type()
	switch t {
	case quantityType:
		v.Set(reflect.ValueOf(r.quantity()))
		return
	case intOrStringType:
		switch r.n(4) {
		case 1:
			v.Set(reflect.ValueOf(intstr.FromInt32(int32(r.n(70000)))))
		case 2:
			v.Set(reflect.ValueOf(intstr.FromString(r.str())))
		case 3:
			if r.n(8) == 0 {
				v.Set(reflect.ValueOf(intstr.IntOrString{Type: 7})) // MarshalJSON fails
			}
		}
		return
	case timeType:
		if r.n(2) == 1 {
			v.Set(reflect.ValueOf(metav1.NewTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)))))
		}
		return
	case microTimeType:
		if r.n(2) == 1 {
			v.Set(reflect.ValueOf(metav1.NewMicroTime(time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC))))
		}
		return
	case rawType:
		if r.n(2) == 1 {
			v.Set(reflect.ValueOf(runtime.RawExtension{Raw: []byte(pick(r, fuzzRaw...))}))
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if depth > 12 || r.n(3) == 0 {
			return
		}
		p := reflect.New(t.Elem())
		r.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && r.n(3) != 0 {
				r.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		switch n := r.n(5); {
		case n == 0:
		case n == 1 || depth > 12:
			v.Set(reflect.MakeSlice(t, 0, 0))
		default:
			s := reflect.MakeSlice(t, n-1, n-1)
			for i := range n - 1 {
				r.fill(s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		switch n := r.n(5); {
		case n == 0:
		case n == 1 || depth > 12:
			v.Set(reflect.MakeMap(t))
		default:
			m := reflect.MakeMap(t)
			for range n - 1 {
				e := reflect.New(t.Elem()).Elem()
				r.fill(e, depth+1)
				m.SetMapIndex(reflect.ValueOf(r.str()).Convert(t.Key()), e)
			}
			v.Set(m)
		}
	case reflect.Interface:
		if x := r.anyValue(depth + 1); x != nil && reflect.TypeOf(x).AssignableTo(t) {
			v.Set(reflect.ValueOf(x))
		}
	case reflect.String:
		v.SetString(r.str())
	case reflect.Bool:
		v.SetBool(r.n(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := pick[int64](r, 0, 1, -1, 80, 255, 65535, 1<<31-1, -1<<31, 1<<53+1, 1<<63-1)
		if !v.OverflowInt(i) {
			v.SetInt(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := pick[uint64](r, 0, 1, 255, 1<<32, 1<<64-1)
		if !v.OverflowUint(u) {
			v.SetUint(u)
		}
	case reflect.Float32, reflect.Float64:
		v.SetFloat(pick(r, 0, 0.5, -1.5e-7, 1e20, 1e21, 100, 3))
	}
}

// anyValue is a value of a custom resource's map.
func (r *fuzzSource) anyValue(depth int) any {
	if depth > 12 {
		return pick[any](r, nil, "x", map[string]any{}, []any{})
	}
	switch r.n(20) {
	case 0:
		return nil
	case 1, 2, 3:
		return r.str()
	case 4:
		return r.n(2) == 1
	case 5:
		return pick[any](r, 0, 1, -1, 80, int64(1)<<62, int32(7), uint64(1)<<63, uint8(3))
	case 6:
		return pick[any](r, 0.0, 0.5, -1.5e-7, 1e20, 1e21, 100.0, 1.5, float32(1.5))
	case 7:
		return json.Number(pick(r, "", "1", "1.5", "-0", "1e3", "1e400", "12345678901234567890", "0x10", "x"))
	case 8, 9:
		return r.anyMap(depth + 1)
	case 10:
		var s []any
		if n := r.n(5); n > 0 {
			s = make([]any, n-1)
			for i := range s {
				s[i] = r.anyValue(depth + 1)
			}
		}
		return s
	case 11:
		return pick[any](r, map[string]any(nil), []any(nil), (*int32)(nil), (*corev1.Container)(nil), []string(nil), map[string]string(nil))
	case 12:
		return pick[any](r, []string{}, []string{"a", "yes"}, [][]string{}, [][]string{{}}, [][]string{{"a"}}, [2]int{1, 2}, []byte("hi"), []byte{}, [0]int{})
	case 13:
		return map[string]string{r.str(): r.str(), r.str(): r.str()}
	case 14:
		return r.quantity()
	case 15:
		return pick[any](r, intstr.FromInt32(8080), intstr.FromString("http"), metav1.Time{}, metav1.NewTime(time.Unix(1e9, 0)), &metav1.Time{}, net.IP{1, 2, 3, 4})
	}
	var x any
	switch r.n(6) {
	case 0:
		x = &corev1.Container{}
	case 1:
		x = &corev1.SecurityContext{}
	case 2:
		x = corev1.ResourceRequirements{}
	case 3:
		x = &metav1.ObjectMeta{}
	case 4:
		x = &corev1.Probe{}
	default:
		x = &runtime.RawExtension{}
	}
	v := reflect.ValueOf(x)
	if v.Kind() == reflect.Pointer {
		r.fill(v.Elem(), depth+1)
		return x
	}
	p := reflect.New(v.Type())
	r.fill(p.Elem(), depth+1)
	return p.Elem().Interface()
}

func (r *fuzzSource) anyMap(depth int) map[string]any {
	switch r.n(6) {
	case 0:
		return nil
	case 1:
		return map[string]any{}
	}
	m := map[string]any{}
	for range r.n(6) + 1 {
		m[r.str()] = r.anyValue(depth)
	}
	return m
}

var fuzzTypes = []reflect.Type{
	reflect.TypeFor[appsv1.Deployment](), reflect.TypeFor[appsv1.StatefulSet](), reflect.TypeFor[appsv1.DaemonSet](),
	reflect.TypeFor[appsv1.ControllerRevision](), reflect.TypeFor[batchv1.Job](), reflect.TypeFor[batchv1.CronJob](),
	reflect.TypeFor[corev1.Service](), reflect.TypeFor[corev1.ConfigMap](), reflect.TypeFor[corev1.Secret](),
	reflect.TypeFor[corev1.ServiceAccount](), reflect.TypeFor[corev1.PersistentVolumeClaim](),
	reflect.TypeFor[corev1.PersistentVolume](), reflect.TypeFor[corev1.Pod](),
	reflect.TypeFor[autoscalingv2.HorizontalPodAutoscaler](), reflect.TypeFor[policyv1.PodDisruptionBudget](),
	reflect.TypeFor[networkingv1.Ingress](), reflect.TypeFor[networkingv1.NetworkPolicy](),
	reflect.TypeFor[rbacv1.Role](), reflect.TypeFor[storagev1.StorageClass](),
}

func randomObject(r *fuzzSource) emit.Object {
	o := emit.Object{APIVersion: "v1", Kind: "Thing", Name: "x"}
	if n := r.n(len(fuzzTypes) + 3); n < len(fuzzTypes) {
		p := reflect.New(fuzzTypes[n])
		r.fill(p.Elem(), 0)
		o.Value = p.Interface()
		return o
	}
	m := r.anyMap(0)
	if m == nil {
		m = map[string]any{}
	}
	m["apiVersion"], m["kind"] = "example.com/v1", "Thing"
	if r.n(2) == 1 {
		m["status"] = r.anyValue(1)
	}
	if r.n(2) == 1 {
		m["subresources"] = r.anyMap(1)
	}
	o.Value = m
	return o
}

// TestMarshalDirectRandom runs FuzzMarshalDirect's body on more inputs
// than its seeds, drawn from a fixed seed.
func TestMarshalDirectRandom(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(3, 4))
	fell := 0
	for i := range n {
		data := make([]byte, 16+rng.IntN(64<<(i%7)))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		if checkDirect(t, randomObject(&fuzzSource{data: data})) {
			fell++
		}
	}
	t.Logf("%d random objects, %d left to the tree", n, fell)
}
