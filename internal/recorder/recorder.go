// Package recorder runs a Pulumi program under mocks and records every resource it registers:
// custom resources, component resources and provider resources, with their parent, provider,
// protect flag, dependencies and inputs. It is the single mock used by the component unit tests,
// the whole-program tests in tests/ and the offline plan in cmd/plan, so all of them exercise the
// very code path that `pulumi up` runs.
package recorder

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registration the program made.
type Resource struct {
	URN      string
	Type     string
	Name     string
	Parent   string // parent URN, "" for none (the stack)
	Provider string // provider reference (URN::ID), "" for the default provider
	// Providers are a component's own provider options by package ("aws" -> URN::ID): what
	// pulumi.Provider, pulumi.Providers or pulumi.ProviderMap gave it for its children to inherit
	// (the monitor's RegisterResourceRequest.Providers; a parent's options are not repeated here).
	// Custom resources have none: their one provider is Provider.
	Providers           map[string]string
	Custom              bool
	Protect             bool
	RetainOnDelete      bool
	DeleteBeforeReplace bool
	IgnoreChanges       []string
	Dependencies        []string
	Inputs              resource.PropertyMap
	// Outputs is the state the mock returned: the inputs plus the fake computed values of
	// FakeOutputs.
	Outputs resource.PropertyMap
	ID      string
	// Account is the account id the mock answered for a custom aws resource (its fake ARNs and
	// owner ids): its provider's (ProviderAccount), FakeAccountID on the default provider or an
	// explicit provider that names no account; "" for components and other packages' resources.
	// For an aws provider resource, the account it pins (ProviderAccount, else FakeAccountID).
	Account string
}

// ProviderOf is the provider reference (URN::ID) r is registered with for a package ("aws"): a
// custom resource's Provider when it is pkg's, a component's own provider option for pkg; "" for
// none (a custom resource on the default provider or another package's, a component without its
// own option).
func (r Resource) ProviderOf(pkg string) string {
	if r.Custom {
		if strings.Contains(r.Provider, "::pulumi:providers:"+pkg+"::") {
			return r.Provider
		}
		return ""
	}
	return r.Providers[pkg]
}

// Input returns the input at a dotted path ("vpcConfig.subnets"), or a null value.
func (r Resource) Input(path string) resource.PropertyValue {
	return Lookup(r.Inputs, path)
}

// String returns the string at path in the resource's inputs, else in its outputs, else "".
func (r Resource) String(path string) string {
	v := Lookup(r.Inputs, path)
	if !v.IsString() {
		v = Lookup(r.Outputs, path)
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Lookup walks a dotted path through nested objects; numeric segments index arrays. Missing keys,
// secrets and outputs are looked through; anything else missing gives a null value.
func Lookup(m resource.PropertyMap, path string) resource.PropertyValue {
	v := resource.NewObjectProperty(m)
	for _, seg := range strings.Split(path, ".") {
		v = unwrap(v)
		switch {
		case v.IsObject():
			v = v.ObjectValue()[resource.PropertyKey(seg)]
		case v.IsArray():
			var i int
			if _, err := fmt.Sscanf(seg, "%d", &i); err != nil || i < 0 || i >= len(v.ArrayValue()) {
				return resource.NewNullProperty()
			}
			v = v.ArrayValue()[i]
		default:
			return resource.NewNullProperty()
		}
	}
	return unwrap(v)
}

func unwrap(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			v = v.OutputValue().Element
		default:
			return v
		}
	}
}

// Strings returns the string elements of an array value (non-strings skipped).
func Strings(v resource.PropertyValue) []string {
	v = unwrap(v)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		e = unwrap(e)
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// Recording is the result of one program run.
type Recording struct {
	mu        sync.Mutex
	Resources []Resource // in registration order
}

// ByType returns the recorded resources of one type token, in registration order.
func (r *Recording) ByType(typ string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// Find returns the resource with the given type and logical name.
func (r *Recording) Find(typ, name string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.Type == typ && res.Name == name {
			return res, true
		}
	}
	return Resource{}, false
}

// ByURN returns the resource with the given URN.
func (r *Recording) ByURN(urn string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.URN == urn {
			return res, true
		}
	}
	return Resource{}, false
}

// ByID returns the custom resource whose mock ID is id.
func (r *Recording) ByID(id string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.Custom && res.ID == id {
			return res, true
		}
	}
	return Resource{}, false
}

// Types returns the sorted set of type tokens recorded.
func (r *Recording) Types() []string {
	seen := map[string]bool{}
	for _, res := range r.Resources {
		seen[res.Type] = true
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Options configure a run.
type Options struct {
	Project string // default "sagemaker-landing-zone"
	Stack   string // default "test"
	// Config holds fully qualified config keys ("project:key", "aws:region") to their raw values;
	// structured values are JSON, as the Pulumi engine passes them to a program.
	Config map[string]string
	// DryRun runs the program as a preview would.
	DryRun bool
	// StackOutputs answers pulumi.NewStackReference: the stack name ("org/project/stack") to
	// the outputs that stack would export.
	StackOutputs map[string]map[string]any
	// Outputs, when set, may change the state the mock returns for each custom resource, after
	// FakeOutputs: a test makes a provider answer what it could answer (EmptyDnsEntries).
	Outputs OutputsFunc
}

// Run runs program under mocks and returns everything it registered. The error is the program's
// error (or the mock's); the recording holds whatever was registered before it.
func Run(opts Options, program pulumi.RunFunc) (*Recording, error) {
	if opts.Project == "" {
		opts.Project = "sagemaker-landing-zone"
	}
	if opts.Stack == "" {
		opts.Stack = "test"
	}
	rec := &Recording{}
	m := &mocks{rec: rec, project: opts.Project, stack: opts.Stack, stackOutputs: opts.StackOutputs, outputs: opts.Outputs}
	err := pulumi.RunErr(program,
		pulumi.WithMocks(opts.Project, opts.Stack, m),
		func(info *pulumi.RunInfo) {
			info.Config = opts.Config
			info.DryRun = opts.DryRun
		})
	return rec, err
}

// NewMonitor is Run's mock monitor on its own, for a test that hands it to a host other than
// pulumi.WithMocks (the component provider's in-process server, integration.WithMocks): it
// records into the returned Recording with the same URNs, fake ids, outputs and invokes as Run.
// Options.Project and Options.Stack must be the host's (its URNs are computed from them).
func NewMonitor(opts Options) (pulumi.MockResourceMonitor, *Recording) {
	rec := &Recording{}
	return &mocks{rec: rec, project: opts.Project, stack: opts.Stack, stackOutputs: opts.StackOutputs, outputs: opts.Outputs}, rec
}

type mocks struct {
	rec            *Recording
	project, stack string
	stackOutputs   map[string]map[string]any
	outputs        OutputsFunc

	// accounts maps an explicit aws provider's reference (URN::ID, as resources and invokes name
	// it) to the account its inputs pin (ProviderAccount). The SDK resolves a provider reference
	// only once the provider's registration has returned, so a provider is always here before
	// anything uses it; registrations and invokes run concurrently, hence the lock.
	mu       sync.Mutex
	accounts map[string]string
}

// accountOf is the account the mock answers for what is made through the provider reference ref
// ("" the default provider): the explicit provider's pinned account, else FakeAccountID.
func (m *mocks) accountOf(ref string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a := m.accounts[ref]; a != "" {
		return a
	}
	return FakeAccountID
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	res := Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs,
		Provider: args.Provider}
	if rpc != nil {
		res.Parent = rpc.GetParent()
		res.Protect = rpc.GetProtect()
		res.Dependencies = append([]string(nil), rpc.GetDependencies()...)
		res.RetainOnDelete = rpc.GetRetainOnDelete()
		res.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		res.IgnoreChanges = append([]string(nil), rpc.GetIgnoreChanges()...)
		res.URN = m.urn(rpc.GetParent(), args.TypeToken, args.Name)
		if ps := rpc.GetProviders(); len(ps) > 0 {
			res.Providers = maps.Clone(ps)
		}
	}
	state := args.Inputs.Copy()
	id := ""
	if args.Custom {
		id = fakeID(args.TypeToken, args.Name)
		if strings.HasPrefix(args.TypeToken, "aws:") {
			res.Account = m.accountOf(args.Provider)
		}
		if args.TypeToken == "pulumi:providers:aws" {
			res.Account = FakeAccountID
			if a := ProviderAccount(args.Inputs); a != "" {
				res.Account = a
				m.mu.Lock()
				if m.accounts == nil {
					m.accounts = map[string]string{}
				}
				m.accounts[res.URN+"::"+id] = a
				m.mu.Unlock()
			}
		}
		for k, v := range FakeOutputs(m.accountOf(args.Provider), args.TypeToken, args.Name, id, args.Inputs) {
			if _, set := state[k]; !set {
				state[k] = v
			}
		}
		if m.outputs != nil {
			m.outputs(args.TypeToken, args.Name, state)
		}
	}
	if args.TypeToken == "pulumi:pulumi:StackReference" {
		name := args.Name
		if n := args.Inputs["name"]; n.IsString() {
			name = n.StringValue()
		}
		outs, ok := m.stackOutputs[name]
		if !ok {
			return "", nil, fmt.Errorf("recorder: no outputs for stack reference %q (set Options.StackOutputs)", name)
		}
		state["outputs"] = resource.NewObjectProperty(resource.NewPropertyMapFromMap(outs))
		id = name
	}
	res.ID = id
	res.Outputs = state
	m.rec.mu.Lock()
	m.rec.Resources = append(m.rec.Resources, res)
	m.rec.mu.Unlock()
	return id, state, nil
}

// urn mirrors the mock monitor's URN scheme (sdk/go/pulumi/mocks.go newURN), so that Parent and
// Dependencies, which carry the monitor's URNs, match our own URN field.
func (m *mocks) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType,
		tokens.Type(typ), name))
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return FakeCall(m.accountOf(args.Provider), args.Token, args.Args)
}
