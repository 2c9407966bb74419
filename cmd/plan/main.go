// Command plan runs the landing-zone program offline, under Pulumi mocks, with a stack's
// configuration, and prints every resource it registers, the policy pack's verdicts and the
// network's cost. It needs no AWS account and no Pulumi CLI: it is the newcomer's first command.
//
//	go run ./cmd/plan --stack dev                 # table view
//	go run ./cmd/plan --stack prod --format json  # machine-readable
//	go run ./cmd/plan --config path/to/Pulumi.x.yaml
//
// Exit status: 0 ok, 1 the program failed, 2 invalid configuration or flags, 3 a mandatory
// policy violation, 4 a required network path is blocked or a forbidden one exists (access), 5 a
// required journey is blocked or a forbidden one passes (journeys). With several failures the
// lowest of 3, 4, 5 is the status; stderr lists them all.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/journey"
	"github.com/vpconly/sagemaker-landing-zone/internal/packinput"
	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// Exit codes.
const (
	exitOK        = 0
	exitProgram   = 1
	exitConfig    = 2
	exitViolation = 3
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, landingzone.Run)) }

// planDoc is the JSON document the command prints with --format json. Every list in it is in a
// fixed order (sortPlan), so that the same stack prints the same bytes on every run.
type planDoc struct {
	Stack      string          `json:"stack"`
	accounts   []planAccount   // the table's groups (planAccounts), not printed in JSON
	Resources  []planResource  `json:"resources"`
	Violations []planViolation `json:"violations"`
	Cost       cost.Estimate   `json:"cost"`
	Access     reach.Report    `json:"access"`
	Journeys   journey.Report  `json:"journeys"`
	// CorporateDns is corporate.dns as built (corporate_dns.go); absent without the corporate
	// section.
	CorporateDns *planCorporateDns `json:"corporateDns,omitempty"`
}

// planResource is one registered resource.
type planResource struct {
	URN          string         `json:"urn"`
	Type         string         `json:"type"`
	Name         string         `json:"name"`
	Parent       string         `json:"parent"`
	Provider     string         `json:"provider"`
	Account      string         `json:"account"` // the account it is created in (resourceAccounts)
	Protect      bool           `json:"protect"`
	Dependencies []string       `json:"dependencies"`
	Inputs       map[string]any `json:"inputs"`
}

// planViolation is one policy verdict.
type planViolation struct {
	Policy      string `json:"policy"`
	URN         string `json:"urn"`
	Message     string `json:"message"`
	Enforcement string `json:"enforcement"`
}

// run is the command; program is landingzone.Run except in tests that plant a leak.
func run(args []string, stdout, stderr io.Writer, program pulumi.RunFunc) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack name: reads Pulumi.<stack>.yaml from the project directory")
	file := fs.String("config", "", "path of a stack file (Pulumi.<stack>.yaml) to plan instead of --stack")
	format := fs.String("format", "table", "output format: table or json")
	dir := fs.String("dir", "", "project directory holding Pulumi.yaml (default: found upward from the working directory)")
	policyConfig := fs.String("policy-config", "", "policy pack config file, as for pulumi --policy-pack-config (default: policypack/config/<stack>.json when it exists)")
	todayFlag := fs.String("today", "", "day the price tables' age is measured against, YYYY-MM-DD (default: today)")
	if err := fs.Parse(args); err != nil {
		return exitConfig
	}
	today, err := parseToday(*todayFlag)
	if err != nil {
		fmt.Fprintln(stderr, "plan:", err)
		return exitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "plan: unexpected argument %q\n", fs.Arg(0))
		return exitConfig
	}
	if (*stack == "") == (*file == "") {
		fmt.Fprintln(stderr, "plan: give exactly one of --stack NAME or --config PATH")
		return exitConfig
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(stderr, "plan: --format %q is not allowed: use table or json\n", *format)
		return exitConfig
	}
	projectDir := *dir
	if projectDir == "" {
		var err error
		if projectDir, err = findProject(); err != nil {
			fmt.Fprintln(stderr, "plan:", err)
			return exitConfig
		}
	}

	var values map[string]string
	name := *stack
	if *file != "" {
		name = stackconfig.StackName(*file)
		values, err = stackconfig.LoadFile(projectDir, *file)
	} else {
		values, err = stackconfig.Load(projectDir, *stack)
	}
	if err != nil {
		fmt.Fprintln(stderr, "plan: invalid configuration:")
		printErrors(stderr, err)
		return exitConfig
	}
	// Validate first, with the same loader the program uses, so that bad config is exit 2.
	cfg, err := landingzone.LoadConfig(name, func(k string) (string, bool) { v, ok := values[k]; return v, ok })
	if err != nil {
		fmt.Fprintf(stderr, "plan: invalid configuration for stack %q:\n", name)
		printErrors(stderr, err)
		return exitConfig
	}

	rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: name, Config: values}, program)
	if err != nil {
		fmt.Fprintf(stderr, "plan: the program failed: %v\n", err)
		return exitProgram
	}
	pcfg, err := loadPolicyConfig(projectDir, name, *policyConfig)
	if err != nil {
		fmt.Fprintln(stderr, "plan: invalid policy pack configuration:")
		printErrors(stderr, err)
		return exitConfig
	}
	p := planDoc{Stack: name, accounts: planAccounts(cfg), Resources: resources(rec, resourceAccounts(rec, cfg)),
		Violations: []planViolation{}}
	for _, v := range policies.Evaluate(packinput.FromRecording(rec), pcfg) {
		p.Violations = append(p.Violations, planViolation{Policy: v.Policy, URN: v.URN, Message: v.Message,
			Enforcement: string(v.Enforcement)})
	}
	p.Cost, err = cost.Compute(landingzone.CostInputs(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "plan: cost estimate: %v\n", err)
		return exitProgram
	}
	sortPlan(&p)
	p.CorporateDns = corporateDns(rec, cfg)
	if p.Access, err = access(rec, cfg); err != nil {
		fmt.Fprintf(stderr, "plan: invalid configuration for stack %q:\n", name)
		printErrors(stderr, err)
		return exitConfig
	}
	if p.Journeys, err = journeys(rec, cfg); err != nil {
		fmt.Fprintf(stderr, "plan: journeys: %v\n", err)
		return exitProgram
	}

	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(p); err != nil {
			fmt.Fprintln(stderr, "plan:", err)
			return exitProgram
		}
	} else {
		printTable(stdout, p)
		writePriceDate(stdout, p.Cost, today)
		fmt.Fprintln(stdout)
		_ = p.Access.WriteTable(stdout)
		fmt.Fprintln(stdout)
		_ = p.Journeys.WriteTable(stdout)
	}
	accessFailed := accessFailures(stderr, p.Access)
	journeysFailed := journeyFailures(stderr, p.Journeys)
	for _, v := range p.Violations {
		if v.Enforcement == string(policies.Mandatory) {
			return exitViolation
		}
	}
	if accessFailed {
		return exitAccess
	}
	if journeysFailed {
		return exitJourneys
	}
	return exitOK
}

// loadPolicyConfig reads the policy pack config the stack is previewed with: the file given, or
// policypack/config/<stack>.json when it exists, or the pack's defaults.
func loadPolicyConfig(projectDir, stack, path string) (policies.Config, error) {
	if path == "" {
		def := filepath.Join(projectDir, "policypack", "config", stack+".json")
		if _, err := os.Stat(def); err != nil {
			return policies.DefaultConfig(), nil
		}
		path = def
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return policies.Config{}, err
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return policies.Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return policies.ParseConfig(raw)
}

func printErrors(w io.Writer, err error) {
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		fmt.Fprintf(w, "  - %v\n", err)
	}
	walk(err)
}

// findProject walks up from the working directory to the first Pulumi.yaml.
func findProject() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Pulumi.yaml in the working directory or above it; use --dir")
		}
		dir = parent
	}
}

// sortPlan puts every list of the plan in a fixed order: the program registers resources from
// concurrent goroutines, so the recording's order changes from run to run. Resources are sorted
// by URN, violations by policy, then URN, then message.
func sortPlan(p *planDoc) {
	sort.SliceStable(p.Resources, func(i, j int) bool { return p.Resources[i].URN < p.Resources[j].URN })
	sort.SliceStable(p.Violations, func(i, j int) bool {
		a, b := p.Violations[i], p.Violations[j]
		if a.Policy != b.Policy {
			return a.Policy < b.Policy
		}
		if a.URN != b.URN {
			return a.URN < b.URN
		}
		return a.Message < b.Message
	})
}

func resources(rec *recorder.Recording, accounts map[string]string) []planResource {
	out := make([]planResource, 0, len(rec.Resources))
	for _, r := range rec.Resources {
		deps := append([]string{}, r.Dependencies...)
		sort.Strings(deps)
		out = append(out, planResource{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Provider: r.Provider,
			Account: accounts[r.URN], Protect: r.Protect, Dependencies: deps, Inputs: plainMap(r.Inputs)})
	}
	return out
}

// plainMap renders a property map as plain JSON values: secrets as "[secret]", unknowns as
// "[unknown]", resource references as their URN.
func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if strings.HasPrefix(string(k), "__") {
			continue // engine-internal keys such as __defaults
		}
		out[string(k)] = plain(v)
	}
	return out
}

func plain(v resource.PropertyValue) any {
	switch {
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		a := make([]any, 0, len(v.ArrayValue()))
		for _, e := range v.ArrayValue() {
			a = append(a, plain(e))
		}
		return a
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsSecret():
		return "[secret]"
	case v.IsComputed():
		return "[unknown]"
	case v.IsOutput():
		if !v.OutputValue().Known {
			return "[unknown]"
		}
		if v.OutputValue().Secret {
			return "[secret]"
		}
		return plain(v.OutputValue().Element)
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsAsset() || v.IsArchive():
		return "[asset]"
	}
	return nil
}

func printTable(w io.Writer, p planDoc) {
	names := map[string]string{}
	for _, r := range p.Resources {
		names[r.URN] = r.Name
	}
	fmt.Fprintf(w, "Stack %s: %d resources\n", p.Stack, len(p.Resources))
	// One group per account, in planAccounts order, then any other account name in name order;
	// within a group, resources keep the plan's URN order.
	groups := map[string][]planResource{}
	for _, r := range p.Resources {
		groups[r.Account] = append(groups[r.Account], r)
	}
	order := append([]planAccount{}, p.accounts...)
	known := map[string]bool{}
	for _, a := range order {
		known[a.Name] = true
	}
	var extra []string
	for name := range groups {
		if !known[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		order = append(order, planAccount{Name: name})
	}
	for _, a := range order {
		rs := groups[a.Name]
		if len(rs) == 0 {
			continue
		}
		id := ""
		if a.ID != "" {
			id = " (" + a.ID + ")"
		}
		fmt.Fprintf(w, "\nAccount %s%s: %d resources\n", a.Name, id, len(rs))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TYPE\tNAME\tPARENT\tPROTECT")
		for _, r := range rs {
			parent := names[r.Parent]
			if parent == "" {
				parent = "-"
			}
			protect := ""
			if r.Protect {
				protect = "protected"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Type, r.Name, parent, protect)
		}
		_ = tw.Flush()
	}

	fmt.Fprintf(w, "\nPolicy violations: %d\n", len(p.Violations))
	for _, v := range p.Violations {
		fmt.Fprintf(w, "  [%s] %s: %s\n", v.Enforcement, v.Policy, v.Message)
	}

	fmt.Fprintln(w)
	_ = p.Cost.WriteTable(w)
	writeCorporateDns(w, p.CorporateDns)
}
