package tests

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// built captures, from a real run of the program, the values only Outputs carry.
type built struct {
	mu     sync.Mutex
	guards []string // rendered deny-guard documents (the deploying account's)
	// guardsByAccount are every workload account's deny-guard documents, by
	// config.Config.AccountKey ("" the deploying account).
	guardsByAccount map[string][]string
	jobs            map[string]studio.JobNetworkConfig // by domain
	outputs         map[string]any                     // stack outputs
	apiVpces        map[string]string
	rec             *recorder.Recording // the run's resources
}

func buildStack(t *testing.T, stack string) (*built, *config.Config) {
	t.Helper()
	values := stackConfig(t, stack)
	cfg, err := config.FromGetter(stack, getter(values))
	if err != nil {
		t.Fatal(err)
	}
	b := &built{jobs: map[string]studio.JobNetworkConfig{}, apiVpces: map[string]string{}, guardsByAccount: map[string][]string{}}
	b.rec, err = recorder.Run(recorder.Options{Project: config.Project, Stack: stack, Config: values}, func(ctx *pulumi.Context) error {
		lz, err := landingzone.Build(ctx, cfg)
		if err != nil {
			return err
		}
		lz.Guardrails.DenyGuardPolicyDocuments.ApplyT(func(docs []string) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.guards = docs
			return nil
		})
		for acct, g := range lz.GuardrailsByAccount {
			g.DenyGuardPolicyDocuments.ApplyT(func(docs []string) error {
				b.mu.Lock()
				defer b.mu.Unlock()
				b.guardsByAccount[acct] = docs
				return nil
			})
		}
		for name, d := range lz.Domains {
			d.JobNetworkConfig.ApplyT(func(j studio.JobNetworkConfig) error {
				b.mu.Lock()
				defer b.mu.Unlock()
				b.jobs[name] = j
				return nil
			})
		}
		lz.Hub.EndpointIds.ApplyT(func(ids map[string]string) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.apiVpces = ids
			return nil
		})
		lz.Outputs().ToMapOutput().ApplyT(func(m map[string]any) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.outputs = m
			return nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b, cfg
}

func denied(t *testing.T, docs []string, req iamsim.Request) []string {
	t.Helper()
	var matched []string
	for _, doc := range docs {
		p, err := iamsim.Parse([]byte(doc))
		if !assert.NoError(t, err) {
			return nil
		}
		res, err := p.Evaluate(req)
		if !assert.NoError(t, err) {
			return nil
		}
		if res.Decision == iamsim.Deny {
			matched = append(matched, res.Matched...)
		}
	}
	return matched
}

func boolKey(b bool) []string {
	if b {
		return []string{"true"}
	}
	return []string{"false"}
}

// TestJobNetworkConfigIsWhatTheGuardsAllow runs each stack's program, takes every domain's
// jobNetworkConfig output and the deny-guard documents the program rendered for the domain's
// account, and evaluates a training job configured from it (allowed), the same job with a foreign
// subnet (denied), and with no VPC config at all (denied). With several workload accounts (the
// multi fixture), each account's guard also denies a job configured for another account's domain:
// an account's guard names only its own spokes' subnets and groups.
func TestJobNetworkConfigIsWhatTheGuardsAllow(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			if !assert.NotEmpty(t, b.guards) || !assert.Len(t, b.jobs, len(cfg.Domains)) {
				return
			}
			assert.Len(t, b.guardsByAccount, len(cfg.WorkloadAccounts()), "one deny guard per workload account")
			assert.Equal(t, b.guards, b.guardsByAccount[cfg.ScpGuardrailsAccount()],
				"the stack's guard is the deploying account's (else the first workload account's)")
			req := func(job studio.JobNetworkConfig, subnets []string) iamsim.Request {
				return iamsim.Request{Action: "sagemaker:CreateTrainingJob", Keys: map[string][]string{
					"sagemaker:VpcSubnets":                      subnets,
					"sagemaker:VpcSecurityGroupIds":             job.SecurityGroupIds,
					"sagemaker:NetworkIsolation":                boolKey(job.EnableNetworkIsolation),
					"sagemaker:InterContainerTrafficEncryption": boolKey(job.EnableInterContainerTrafficEncryption),
				}}
			}
			for _, d := range cfg.Domains {
				name, acct := d.Name, cfg.SpokeAccount(d.Spoke)
				job := b.jobs[name]
				guards := b.guardsByAccount[acct]
				if !assert.NotEmpty(t, guards, "%s: the deny guard of account %q", name, acct) {
					continue
				}
				assert.NotEmpty(t, job.Subnets, name)
				assert.NotEmpty(t, job.SecurityGroupIds, name)
				assert.Equal(t, cfg.Regulated(), job.EnableNetworkIsolation, name)
				assert.Empty(t, denied(t, guards, req(job, job.Subnets)), "%s: a job from jobNetworkConfig is allowed", name)
				assert.NotEmpty(t, denied(t, guards, req(job, append(append([]string{}, job.Subnets...), "subnet-0foreign000000000"))),
					"%s: a foreign subnet is denied", name)
				assert.NotEmpty(t, denied(t, guards, iamsim.Request{Action: "sagemaker:CreateTrainingJob"}),
					"%s: a job with no VPC config is denied", name)
				for other, docs := range b.guardsByAccount {
					if other != acct {
						assert.NotEmpty(t, denied(t, docs, req(job, job.Subnets)),
							"%s: account %q's guard denies a job in account %q's subnets", name, other, acct)
					}
				}
			}
			// A presigned Studio URL is allowed only through the hub's SageMaker API endpoint.
			presigned := func(vpce string) iamsim.Request {
				keys := map[string][]string{"aws:ViaAWSService": {"false"}, "aws:PrincipalIsAWSService": {"false"}}
				if vpce != "" {
					keys["aws:SourceVpce"] = []string{vpce}
				}
				return iamsim.Request{Action: "sagemaker:CreatePresignedDomainUrl", Keys: keys}
			}
			// The execution roles' guard does not name it (they never call it); the human access
			// policy does (TestHumanAccessPolicyOfTheStacks).
			for acct, guards := range b.guardsByAccount {
				assert.Empty(t, denied(t, guards, presigned(b.apiVpces["sagemaker.api"])), "account %q: through the hub endpoint", acct)
				assert.Empty(t, denied(t, guards, presigned("")), "account %q: not the execution roles' guard", acct)
			}
		})
	}
}

// TestNetworkCostEstimateIsAStackOutput checks that the estimate a preview shows is the cost
// model's answer for the stack's config.
func TestNetworkCostEstimateIsAStackOutput(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			want, err := cost.Compute(landingzone.CostInputs(cfg))
			if !assert.NoError(t, err) {
				return
			}
			got, ok := b.outputs["networkCostEstimate"].(map[string]any)
			if assert.True(t, ok, "networkCostEstimate output: %v", b.outputs["networkCostEstimate"]) {
				assert.InDelta(t, want.MonthlyUSD, got["monthlyUsd"], 0.001)
				assert.Len(t, got["items"], len(want.Items))
				assert.Contains(t, got["alternatives"], cost.AltNATGateways)
				assert.Contains(t, got["alternatives"], cost.AltPerSpokeEndpoints)
			}
			for _, k := range []string{"hubVpcId", "hubCidr", "transitGatewayId", "spokes", "domains", "denyGuardPolicyArns"} {
				assert.Contains(t, b.outputs, k)
			}
			assert.Equal(t, cfg.Hub.CIDR, b.outputs["hubCidr"])
		})
	}
}
