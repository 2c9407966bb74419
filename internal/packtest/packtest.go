// Package packtest drives the built policy pack binary over the Analyzer gRPC protocol the way the
// Pulumi engine does: start the plugin, read the port it prints, then Handshake, ConfigureStack,
// Configure, GetAnalyzerInfo, Analyze per resource and AnalyzeStack. The pack's protocol test and
// the whole-program tests share it. Each test package builds its own binary into a directory of
// its own (t.TempDir or os.MkdirTemp), so packages run in parallel never share a path.
package packtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// PackageDir is the pack's import path, buildable from anywhere in the module.
const PackageDir = "github.com/vpconly/sagemaker-landing-zone/policypack"

// Build compiles the pack into dir and returns the binary's path.
func Build(dir string) (string, error) {
	out := filepath.Join(dir, "policypack")
	cmd := exec.Command("go", "build", "-o", out, PackageDir)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", PackageDir, err, b)
	}
	return out, nil
}

// Pack is a running pack plugin and a client connected to it.
type Pack struct {
	cmd    *exec.Cmd
	conn   *grpc.ClientConn
	Client pulumirpc.AnalyzerClient
	Port   int
}

// Start runs the pack binary (no arguments, as the engine starts an analyzer plugin) and dials
// the port it prints on its first line of stdout.
func Start(binary string) (*Pack, error) {
	cmd := exec.Command(binary)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("the pack printed no port within 30s")
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("the pack's first line %q is not a port", line)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	return &Pack{cmd: cmd, conn: conn, Client: pulumirpc.NewAnalyzerClient(conn), Port: port}, nil
}

// Close disconnects and stops the plugin.
func (p *Pack) Close() {
	_ = p.conn.Close()
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

// PolicyConfig is one policy's configuration as the engine sends it.
type PolicyConfig struct {
	Enforcement policies.Enforcement
	Properties  map[string]any
}

func level(e policies.Enforcement) pulumirpc.EnforcementLevel {
	switch e {
	case policies.Mandatory:
		return pulumirpc.EnforcementLevel_MANDATORY
	case policies.Disabled:
		return pulumirpc.EnforcementLevel_DISABLED
	}
	return pulumirpc.EnforcementLevel_ADVISORY
}

// Level converts a protocol enforcement level to the policies' name for it.
func Level(l pulumirpc.EnforcementLevel) policies.Enforcement {
	switch l {
	case pulumirpc.EnforcementLevel_MANDATORY:
		return policies.Mandatory
	case pulumirpc.EnforcementLevel_DISABLED:
		return policies.Disabled
	case pulumirpc.EnforcementLevel_ADVISORY:
		return policies.Advisory
	}
	return policies.Enforcement(l.String())
}

// Setup performs the engine's opening sequence: Handshake, ConfigureStack, then Configure with
// the enforcement level of every policy (its default unless cfg names it) and cfg's properties,
// as the engine resolves a --policy-pack-config file.
func (p *Pack) Setup(ctx context.Context, project, stack string, cfg map[string]PolicyConfig) error {
	root, _ := os.Getwd()
	if _, err := p.Client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{RootDirectory: &root, ProgramDirectory: &root}); err != nil {
		return fmt.Errorf("Handshake: %w", err)
	}
	if _, err := p.Client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Project: project, Stack: stack, Organization: "vpconly", DryRun: true,
		Config: map[string]string{"aws:region": "us-east-1"}, Tags: map[string]string{"pulumi:project": project},
	}); err != nil {
		return fmt.Errorf("ConfigureStack: %w", err)
	}
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for _, pol := range policies.All() {
		c, ok := cfg[pol.Name]
		lvl := pol.DefaultEnforcement
		if ok && c.Enforcement != "" {
			lvl = c.Enforcement
		}
		props, err := structpb.NewStruct(c.Properties)
		if err != nil {
			return fmt.Errorf("config of %s: %w", pol.Name, err)
		}
		req.PolicyConfig[pol.Name] = &pulumirpc.PolicyConfig{EnforcementLevel: level(lvl), Properties: props}
	}
	if _, err := p.Client.Configure(ctx, req); err != nil {
		return fmt.Errorf("Configure: %w", err)
	}
	return nil
}

// Info calls GetAnalyzerInfo.
func (p *Pack) Info(ctx context.Context) (*pulumirpc.AnalyzerInfo, error) {
	return p.Client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
}

// Marshal converts a property map to the protocol's struct, keeping unknowns and secrets as the
// engine does.
func Marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
}

func provider(r policies.Resource) (*pulumirpc.AnalyzerProviderResource, error) {
	if r.ProviderProperties.Len() == 0 {
		return nil, nil
	}
	props, err := Marshal(resource.ToResourcePropertyMap(r.ProviderProperties))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AnalyzerProviderResource{Type: "pulumi:providers:aws", Name: "aws",
		Urn: "urn:pulumi:test::test::pulumi:providers:aws::aws", Properties: props}, nil
}

// AnalyzerResource converts a resource to the protocol's stack-analysis form. The engine sends a
// resource's outputs to AnalyzeStack, which for AWS resources include the physical `id`; a known
// r.ID is added as that output.
func AnalyzerResource(r policies.Resource) (*pulumirpc.AnalyzerResource, error) {
	pm := resource.ToResourcePropertyMap(r.Properties)
	if r.ID != "" {
		pm = pm.Copy()
		pm["id"] = resource.NewStringProperty(r.ID)
	}
	props, err := Marshal(pm)
	if err != nil {
		return nil, err
	}
	prov, err := provider(r)
	if err != nil {
		return nil, err
	}
	deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
	for k, urns := range r.PropertyDependencies {
		deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
	}
	return &pulumirpc.AnalyzerResource{Type: r.Type, Name: r.Name, Urn: r.URN, Properties: props, Provider: prov,
		Parent: r.Parent, Dependencies: r.Dependencies, PropertyDependencies: deps,
		Options: &pulumirpc.AnalyzerResourceOptions{Parent: r.Parent}}, nil
}

// Diagnostic is one verdict the pack returned.
type Diagnostic struct {
	Policy, URN, Message string
	Enforcement          policies.Enforcement
	PackName, Version    string
}

func diagnostics(ds []*pulumirpc.AnalyzeDiagnostic) []Diagnostic {
	out := make([]Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, Diagnostic{Policy: d.GetPolicyName(), URN: d.GetUrn(), Message: d.GetMessage(),
			Enforcement: Level(d.GetEnforcementLevel()), PackName: d.GetPolicyPackName(), Version: d.GetPolicyPackVersion()})
	}
	return out
}

// Analyze sends each resource to Analyze, as the engine does before registering it, and then
// the whole set to AnalyzeStack; it returns every diagnostic.
func (p *Pack) Analyze(ctx context.Context, rs []policies.Resource) ([]Diagnostic, error) {
	var out []Diagnostic
	stack := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range rs {
		ar, err := AnalyzerResource(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.URN, err)
		}
		inputs, err := Marshal(resource.ToResourcePropertyMap(r.Properties))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.URN, err)
		}
		resp, err := p.Client.Analyze(ctx, &pulumirpc.AnalyzeRequest{Type: ar.Type, Name: ar.Name, Urn: ar.Urn,
			Properties: inputs, Provider: ar.Provider, Options: ar.Options})
		if err != nil {
			return nil, fmt.Errorf("Analyze %s: %w", r.URN, err)
		}
		out = append(out, diagnostics(resp.GetDiagnostics())...)
		stack.Resources = append(stack.Resources, ar)
	}
	resp, err := p.Client.AnalyzeStack(ctx, stack)
	if err != nil {
		return nil, fmt.Errorf("AnalyzeStack: %w", err)
	}
	return append(out, diagnostics(resp.GetDiagnostics())...), nil
}

// Compare evaluates the resources directly with policies.Evaluate (default config) and through a
// running pack, and returns the direct violations plus a description of any disagreement (""
// when the two agree on every policy, URN and enforcement level, and every pack message carries
// the policy's description).
func Compare(ctx context.Context, p *Pack, rs []policies.Resource) ([]policies.Violation, string, error) {
	direct := policies.Evaluate(rs, policies.DefaultConfig())
	ds, err := p.Analyze(ctx, rs)
	if err != nil {
		return direct, "", err
	}
	key := func(policy, urn string, lvl policies.Enforcement) string {
		return policy + " " + string(lvl) + " " + urn
	}
	var want, got []string
	for _, v := range direct {
		want = append(want, key(v.Policy, v.URN, v.Enforcement))
	}
	var problems []string
	for _, d := range ds {
		got = append(got, key(d.Policy, d.URN, d.Enforcement))
		if pol, ok := policies.Lookup(d.Policy); !ok || !strings.HasPrefix(d.Message, pol.Description+"\n") {
			problems = append(problems, "diagnostic without its policy's description: "+d.Message)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		problems = append(problems, fmt.Sprintf("policies.Evaluate gave\n  %s\nthe pack gave\n  %s",
			strings.Join(want, "\n  "), strings.Join(got, "\n  ")))
	}
	return direct, strings.Join(problems, "\n"), nil
}
