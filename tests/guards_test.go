package tests

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// built captures, from a real run of the program, the values only Outputs carry.
type built struct {
	mu       sync.Mutex
	guards   []string                               // rendered deny-guard documents
	jobs     map[string]components.JobNetworkConfig // by domain
	outputs  map[string]any                         // stack outputs
	apiVpces map[string]string
	rec      *recorder.Recording // the run's resources
}

func buildStack(t *testing.T, stack string) (*built, *config.Config) {
	t.Helper()
	values := stackConfig(t, stack)
	cfg, err := config.FromGetter(stack, getter(values))
	if err != nil {
		t.Fatal(err)
	}
	b := &built{jobs: map[string]components.JobNetworkConfig{}, apiVpces: map[string]string{}}
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
		for name, d := range lz.Domains {
			d.JobNetworkConfig.ApplyT(func(j components.JobNetworkConfig) error {
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
// jobNetworkConfig output and the deny-guard documents the program rendered, and evaluates a
// training job configured from it (allowed), the same job with a foreign subnet (denied), and with
// no VPC config at all (denied).
func TestJobNetworkConfigIsWhatTheGuardsAllow(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			if !assert.NotEmpty(t, b.guards) || !assert.Len(t, b.jobs, len(cfg.Domains)) {
				return
			}
			for name, job := range b.jobs {
				assert.NotEmpty(t, job.Subnets, name)
				assert.NotEmpty(t, job.SecurityGroupIds, name)
				assert.Equal(t, cfg.Regulated(), job.EnableNetworkIsolation, name)
				req := func(subnets []string) iamsim.Request {
					return iamsim.Request{Action: "sagemaker:CreateTrainingJob", Keys: map[string][]string{
						"sagemaker:VpcSubnets":                      subnets,
						"sagemaker:VpcSecurityGroupIds":             job.SecurityGroupIds,
						"sagemaker:NetworkIsolation":                boolKey(job.EnableNetworkIsolation),
						"sagemaker:InterContainerTrafficEncryption": boolKey(job.EnableInterContainerTrafficEncryption),
					}}
				}
				assert.Empty(t, denied(t, b.guards, req(job.Subnets)), "%s: a job from jobNetworkConfig is allowed", name)
				assert.NotEmpty(t, denied(t, b.guards, req(append(append([]string{}, job.Subnets...), "subnet-0foreign000000000"))),
					"%s: a foreign subnet is denied", name)
				assert.NotEmpty(t, denied(t, b.guards, iamsim.Request{Action: "sagemaker:CreateTrainingJob"}),
					"%s: a job with no VPC config is denied", name)
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
			assert.Empty(t, denied(t, b.guards, presigned(b.apiVpces["sagemaker.api"])), "through the hub endpoint")
			assert.Empty(t, denied(t, b.guards, presigned("")), "not the execution roles' guard")
		})
	}
}

// TestNetworkCostEstimateIsAStackOutput checks that the estimate a preview shows is the cost
// model's answer for the stack's config.
func TestNetworkCostEstimateIsAStackOutput(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
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
