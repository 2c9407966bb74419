package studio

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// studioGuardJobActions are the job and model actions a team runs from Studio with the SDK's
// NetworkConfig.
var studioGuardJobActions = []string{
	"sagemaker:CreateTrainingJob",
	"sagemaker:CreateProcessingJob",
	"sagemaker:CreateHyperParameterTuningJob",
	"sagemaker:CreateModel",
	"sagemaker:CreateAutoMLJobV2",
}

// studioGuard renders the landing zone's deny guard for the component's subnets and security
// groups and parses it back as IAM reads it.
func studioGuard(t *testing.T, subnets, sgs []string, regulated bool) iamsim.Policy {
	t.Helper()
	stmts, err := iampolicy.DenyGuard(iampolicy.GuardSpec{
		SubnetIds:        subnets,
		SecurityGroupIds: sgs,
		ApiEndpointIds:   []string{"vpce-0123456789abcdef0"},
		Regulated:        regulated,
		DenyRootAccess:   true,
	})
	if err != nil {
		t.Fatalf("DenyGuard: %v", err)
	}
	doc, err := iampolicy.NewDocument(stmts...).JSON()
	if err != nil {
		t.Fatalf("guard JSON: %v", err)
	}
	p, err := iamsim.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("iamsim.Parse: %v", err)
	}
	return p
}

// studioJobRequest is the request context a job created with the given network config carries:
// only the keys the action supports (a key the action does not support is never in its context).
func studioJobRequest(action string, j JobNetworkConfig) iamsim.Request {
	ref := iampolicy.SageMakerReference()
	keys := map[string][]string{}
	add := func(key string, vals ...string) {
		if ref.Supports(action, key) {
			keys[key] = vals
		}
	}
	add(iampolicy.KeyVpcSubnets, j.Subnets...)
	add(iampolicy.KeyVpcSecurityGroupIds, j.SecurityGroupIds...)
	add(iampolicy.KeyNetworkIsolation, studioBoolString(j.EnableNetworkIsolation))
	add(iampolicy.KeyInterContainerTrafficEncryption, studioBoolString(j.EnableInterContainerTrafficEncryption))
	return iamsim.Request{Action: action, Keys: keys}
}

func studioBoolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// The jobNetworkConfig output is what the deny guard approves: jobs configured with it are not
// denied, in a regulated stack too; a job that strays from it is.
func TestStudioJobNetworkConfigPassesTheGuard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		domainRegulate bool // the domain's Regulated
		guardRegulated bool // the stack's guard
		mutate         func(*JobNetworkConfig)
		denied         bool
		deniedBy       string
	}{
		{"as output", false, false, func(*JobNetworkConfig) {}, false, ""},
		{"as output regulated", true, true, func(*JobNetworkConfig) {}, false, ""},
		{"foreign subnet", false, false, func(j *JobNetworkConfig) { j.Subnets = append(j.Subnets, "subnet-0f0reign") },
			true, iampolicy.SidOutsideSpokeSubnets},
		{"no security groups", false, false, func(j *JobNetworkConfig) { j.SecurityGroupIds = nil },
			true, iampolicy.SidWithoutSecurityGroups},
		{"foreign security group", false, false, func(j *JobNetworkConfig) { j.SecurityGroupIds = []string{"sg-0f0reign"} },
			true, iampolicy.SidOutsideSecurityGroups},
		{"isolation off in a regulated stack", true, true, func(j *JobNetworkConfig) { j.EnableNetworkIsolation = false },
			true, iampolicy.SidNetworkIsolationFalse},
		{"non-regulated domain in a regulated stack", false, true, func(*JobNetworkConfig) {},
			true, iampolicy.SidNetworkIsolationFalse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			args.Regulated = tc.domainRegulate
			rec, got, err := StudioRun(t, "dev", args)
			if !assert.NoError(t, err) {
				return
			}
			got.Mu.Lock()
			job, sgs := got.Job, got.securityGroupIDs
			got.Mu.Unlock()
			d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
			// The guard names the spoke's subnets (those the domain uses) and every Studio
			// security group of the landing zone (the component's securityGroupIds output).
			guard := studioGuard(t, recorder.Strings(d.Input("subnetIds")), sgs, tc.guardRegulated)

			tc.mutate(&job)
			checked := 0
			for _, action := range studioGuardJobActions {
				res, err := guard.Evaluate(studioJobRequest(action, job))
				if !assert.NoError(t, err, action) {
					continue
				}
				if tc.denied {
					if studioActionTestsGuardKey(action, tc.deniedBy) {
						assert.Equal(t, iamsim.Deny, res.Decision, "%s: %v", action, res.Matched)
						assert.Contains(t, res.Matched, tc.deniedBy, action)
						checked++
					}
				} else {
					assert.NotEqual(t, iamsim.Deny, res.Decision, "%s denied by %v", action, res.Matched)
					checked++
				}
			}
			assert.NotZero(t, checked, "no action exercised the case")
		})
	}
}

// studioActionTestsGuardKey reports whether the guard statement sid covers action (some job
// actions do not support every key, e.g. CreateModel has no InterContainerTrafficEncryption).
func studioActionTestsGuardKey(action, sid string) bool {
	key := map[string]string{
		iampolicy.SidOutsideSpokeSubnets:   iampolicy.KeyVpcSubnets,
		iampolicy.SidWithoutSecurityGroups: iampolicy.KeyVpcSecurityGroupIds,
		iampolicy.SidOutsideSecurityGroups: iampolicy.KeyVpcSecurityGroupIds,
		iampolicy.SidNetworkIsolationFalse: iampolicy.KeyNetworkIsolation,
	}[sid]
	return iampolicy.SageMakerReference().Supports(action, key)
}

// The domain and its user profiles, as the component registers them, pass the same guard:
// CreateDomain carries the spoke subnets, Studio security groups and VpcOnly, CreateUserProfile
// its security group. A PublicInternetOnly domain would be denied (the failing case).
func TestStudioDomainRequestsPassTheGuard(t *testing.T) {
	t.Parallel()
	rec, got, err := StudioRun(t, "prod", func() *StudioDomainArgs {
		a := StudioTestArgs()
		a.Protect = true
		a.Regulated = true
		return a
	}())
	if !assert.NoError(t, err) {
		return
	}
	got.Mu.Lock()
	sgs := got.securityGroupIDs
	got.Mu.Unlock()
	d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	subnets := recorder.Strings(d.Input("subnetIds"))
	guard := studioGuard(t, subnets, sgs, true)

	domainSGs := map[string]bool{}
	for _, path := range []string{"defaultUserSettings.securityGroups", "defaultSpaceSettings.securityGroups", "domainSettings.securityGroupIds"} {
		for _, sg := range recorder.Strings(d.Input(path)) {
			domainSGs[sg] = true
		}
	}
	var sgList []string
	for sg := range domainSGs {
		sgList = append(sgList, sg)
	}
	sort.Strings(sgList)

	for _, tc := range []struct {
		name   string
		access string
		denied bool
	}{
		{"as registered", componenttest.InputString(d, "appNetworkAccessType"), false},
		{"public internet", "PublicInternetOnly", true},
	} {
		for _, action := range []string{"sagemaker:CreateDomain", "sagemaker:UpdateDomain"} {
			req := iamsim.Request{Action: action, Keys: map[string][]string{
				iampolicy.KeyVpcSubnets:           subnets,
				iampolicy.KeyVpcSecurityGroupIds:  sgList,
				iampolicy.KeyAppNetworkAccessType: {tc.access},
			}}
			res, err := guard.Evaluate(req)
			if !assert.NoError(t, err) {
				continue
			}
			if tc.denied {
				assert.Equal(t, iamsim.Deny, res.Decision, "%s %s", tc.name, action)
				assert.Contains(t, res.Matched, iampolicy.SidDomainNotVpcOnly)
			} else {
				assert.NotEqual(t, iamsim.Deny, res.Decision, "%s %s denied by %v", tc.name, action, res.Matched)
			}
		}
	}

	for _, p := range rec.ByType(componenttest.TypeUserProfile) {
		req := iamsim.Request{Action: "sagemaker:CreateUserProfile", Keys: map[string][]string{
			iampolicy.KeyVpcSecurityGroupIds: recorder.Strings(p.Input("userSettings.securityGroups")),
		}}
		res, err := guard.Evaluate(req)
		if assert.NoError(t, err) {
			assert.NotEqual(t, iamsim.Deny, res.Decision, "%s denied by %v", p.Name, res.Matched)
		}
	}
	// Failing case: a profile without security groups is denied.
	res, err := guard.Evaluate(iamsim.Request{Action: "sagemaker:CreateUserProfile"})
	if assert.NoError(t, err) {
		assert.Equal(t, iamsim.Deny, res.Decision)
	}
}
