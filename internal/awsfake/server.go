package awsfake

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/encoding/cbor"
)

// Fault makes the server answer matching requests with an error.
type Fault struct {
	// Op is the IAM-style action, e.g. "ecs:DescribeTaskDefinition".
	Op string
	// Match, when set, selects the requests whose body or query holds it.
	Match string
	// Code is the error code ("ThrottlingException", "AccessDeniedException").
	Code string
	// Status is the HTTP status, 400 when zero.
	Status int
	// Times is how many requests fail; zero means every one.
	Times int
}

// Server is a running fake.
type Server struct {
	// URL is http://127.0.0.1:PORT.
	URL string
	// PageSize is how many items a page of a list holds (1 unless set),
	// small so that every paginated call is followed through its tokens.
	PageSize int

	srv *httptest.Server
	st  *State

	mu       sync.Mutex
	calls    []string
	unsigned []string
	creds    *aws.Credentials
	faults   []*fault
}

type fault struct {
	Fault
	used int
}

// apiError is an error answer.
type apiError struct {
	status  int
	code    string
	message string
}

// Start serves st on 127.0.0.1 on a free port until Close.
func Start(st *State, faults ...Fault) *Server {
	s := &Server{st: st, PageSize: 1}
	for _, f := range faults {
		s.faults = append(s.faults, &fault{Fault: f})
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("awsfake: %v", err))
	}
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Operations lists the distinct actions the server was asked for, sorted.
func (s *Server) Operations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.calls)
	slices.Sort(out)
	return slices.Compact(out)
}

// Calls counts the requests the server answered, retries included.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

// Unsigned lists the requests that came without a SigV4 signature (or,
// after VerifySignatures, with a wrong one).
func (s *Server) Unsigned() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.unsigned)
}

// signingService returns the service of a SigV4 Authorization header's
// credential scope, "" when the request is not signed.
func signingService(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || r.Header.Get("X-Amz-Date") == "" ||
		!strings.Contains(auth, "SignedHeaders=") || !strings.Contains(auth, "Signature=") {
		return ""
	}
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return ""
	}
	return parts[3]
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	svc := signingService(r)
	s.mu.Lock()
	creds := s.creds
	s.mu.Unlock()
	if svc != "" && creds != nil && !signatureValid(*creds, r, body) {
		svc = ""
	}
	if svc == "" {
		s.mu.Lock()
		s.unsigned = append(s.unsigned, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Amz-Target"))
		s.mu.Unlock()
		http.Error(w, `{"__type":"MissingAuthenticationTokenException","message":"request is not signed"}`, http.StatusForbidden)
		return
	}
	switch svc {
	case "elasticloadbalancing":
		s.serveQuery(w, r, body)
	case "monitoring":
		s.serveCBOR(w, r, body)
	case "scheduler":
		s.serveREST(w, r)
	default:
		s.serveJSON(w, r, svc, body)
	}
}

// record notes a call and returns the fault it must answer with, if any.
func (s *Server) record(op, request string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, op)
	for _, f := range s.faults {
		if f.Op != op || !strings.Contains(request, f.Match) || (f.Times > 0 && f.used >= f.Times) {
			continue
		}
		f.used++
		st := f.Status
		if st == 0 {
			st = http.StatusBadRequest
		}
		return &apiError{status: st, code: f.Code, message: "injected fault: " + f.Code}
	}
	return nil
}

var jsonPrefixes = map[string]string{
	"AmazonEC2ContainerServiceV20141113": "ecs",
	"AnyScaleFrontendService":            "application-autoscaling",
	"AWSEvents":                          "events",
	"Route53AutoNaming_v20170314":        "servicediscovery",
}

func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, svc string, body []byte) {
	writeErr := func(e *apiError) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", e.code)
		w.WriteHeader(e.status)
		json.NewEncoder(w).Encode(obj{"__type": e.code, "message": e.message})
	}
	prefix, name, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
	iam := jsonPrefixes[prefix]
	if r.Method != http.MethodPost || iam == "" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-amz-json-1.1") {
		writeErr(&apiError{http.StatusBadRequest, "UnknownOperationException", "not a JSON 1.1 request of a known service"})
		return
	}
	if iam != svc {
		writeErr(&apiError{http.StatusBadRequest, "InvalidSignatureException", "signed for " + svc + ", sent to " + iam})
		return
	}
	op := iam + ":" + name
	if e := s.record(op, string(body)); e != nil {
		writeErr(e)
		return
	}
	var in obj
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeErr(&apiError{http.StatusBadRequest, "SerializationException", err.Error()})
		return
	}
	out, e := s.call(op, in)
	if e != nil {
		writeErr(e)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	json.NewEncoder(w).Encode(out)
}

// serveQuery answers the query protocol (ELBv2): a form-encoded POST with
// Action and Version, answered in XML.
func (s *Server) serveQuery(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	action := form.Get("Action")
	writeErr := func(e *apiError) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(e.status)
		fmt.Fprintf(w, `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
			xmlEscape(e.code), xmlEscape(e.message))
	}
	if err != nil || r.Method != http.MethodPost || action == "" || form.Get("Version") != "2015-12-01" {
		writeErr(&apiError{http.StatusBadRequest, "InvalidAction", "not a query request for ELBv2 2015-12-01"})
		return
	}
	op := "elasticloadbalancing:" + action
	if e := s.record(op, string(body)); e != nil {
		writeErr(e)
		return
	}
	in := obj{}
	for k, v := range form {
		// Lists arrive as Name.member.N.
		if base, _, ok := strings.Cut(k, ".member."); ok {
			l, _ := in[base].([]any)
			in[base] = append(l, v[0])
			continue
		}
		in[k] = v[0]
	}
	out, e := s.call(op, in)
	if e != nil {
		writeErr(e)
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<%sResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><%sResult>`, action, action)
	writeXML(&b, out)
	fmt.Fprintf(&b, `</%sResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></%sResponse>`, action, action)
	w.Header().Set("Content-Type", "text/xml")
	w.Write(b.Bytes())
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeXML writes the members of a JSON value in the query protocol's XML:
// an object's members as elements, a list's items as <member> elements.
func writeXML(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case obj:
		keys := slices.AppendSeq(make([]string, 0, len(v)), maps.Keys(v))
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(b, "<%s>", k)
			writeXML(b, v[k])
			fmt.Fprintf(b, "</%s>", k)
		}
	case []any:
		for _, e := range v {
			b.WriteString("<member>")
			writeXML(b, e)
			b.WriteString("</member>")
		}
	case string:
		b.WriteString(xmlEscape(v))
	case json.Number:
		b.WriteString(v.String())
	case bool:
		b.WriteString(strconv.FormatBool(v))
	}
}

// serveCBOR answers the RPC v2 CBOR protocol, which the CloudWatch client
// of the pinned SDK sends: POST /service/<service>/operation/<op>.
func (s *Server) serveCBOR(w http.ResponseWriter, r *http.Request, body []byte) {
	writeErr := func(e *apiError) {
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.WriteHeader(e.status)
		w.Write(cbor.Encode(cbor.Map{"__type": cbor.String(e.code), "message": cbor.String(e.message)}))
	}
	const prefix = "/service/GraniteServiceVersion20100801/operation/"
	name, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok || r.Method != http.MethodPost || r.Header.Get("Smithy-Protocol") != "rpc-v2-cbor" {
		writeErr(&apiError{http.StatusBadRequest, "UnknownOperationException", "not an RPC v2 CBOR request for CloudWatch"})
		return
	}
	op := "cloudwatch:" + name
	if e := s.record(op, string(body)); e != nil {
		writeErr(e)
		return
	}
	in := obj{}
	if len(body) > 0 {
		v, err := cbor.Decode(body)
		if err != nil {
			writeErr(&apiError{http.StatusBadRequest, "SerializationException", err.Error()})
			return
		}
		m, _ := fromCBOR(v).(obj)
		if m != nil {
			in = m
		}
	}
	out, e := s.call(op, in)
	if e != nil {
		writeErr(e)
		return
	}
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Header().Set("Content-Type", "application/cbor")
	w.Write(cbor.Encode(toCBOR("", out)))
}

func fromCBOR(v cbor.Value) any {
	switch v := v.(type) {
	case cbor.Map:
		m := obj{}
		for k, e := range v {
			m[k] = fromCBOR(e)
		}
		return m
	case cbor.List:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = fromCBOR(e)
		}
		return l
	case cbor.String:
		return string(v)
	case cbor.Uint:
		return json.Number(strconv.FormatUint(uint64(v), 10))
	case cbor.Bool:
		return bool(v)
	}
	return nil
}

// toCBOR encodes a JSON value; members named ...Timestamp are timestamps
// (tag 1, epoch seconds), as CloudWatch's are.
func toCBOR(key string, v any) cbor.Value {
	switch v := v.(type) {
	case obj:
		m := cbor.Map{}
		for k, e := range v {
			m[k] = toCBOR(k, e)
		}
		return m
	case []any:
		l := make(cbor.List, len(v))
		for i, e := range v {
			l[i] = toCBOR(key, e)
		}
		return l
	case string:
		if strings.HasSuffix(key, "Timestamp") {
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
				return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(t.UnixMilli()) / 1000)}
			}
		}
		return cbor.String(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			if i < 0 {
				return cbor.NegInt(uint64(-i))
			}
			return cbor.Uint(uint64(i))
		}
		f, _ := v.Float64()
		if math.IsInf(f, 0) {
			f = 0
		}
		return cbor.Float64(f)
	case bool:
		return cbor.Bool(v)
	}
	return &cbor.Nil{}
}

// serveREST answers EventBridge Scheduler's REST JSON protocol.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	writeErr := func(e *apiError) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", e.code)
		w.WriteHeader(e.status)
		json.NewEncoder(w).Encode(obj{"Message": e.message})
	}
	in := obj{}
	for k, v := range r.URL.Query() {
		in[k] = v[0]
	}
	var op string
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/schedules":
		op = "scheduler:ListSchedules"
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/schedules/"):
		op = "scheduler:GetSchedule"
		in["Name"] = strings.TrimPrefix(r.URL.Path, "/schedules/")
	default:
		writeErr(&apiError{http.StatusNotFound, "UnknownOperationException", r.Method + " " + r.URL.Path})
		return
	}
	if e := s.record(op, r.URL.RawQuery+" "+r.URL.Path); e != nil {
		writeErr(e)
		return
	}
	out, e := s.call(op, in)
	if e != nil {
		writeErr(e)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// CallsOf counts the requests for one action, retries included.
func (s *Server) CallsOf(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c == op {
			n++
		}
	}
	return n
}

// State is what the server serves, to start another server on it.
func (s *Server) State() *State { return s.st }
