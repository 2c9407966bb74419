package security

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	GrSubnetA  = "subnet-0aaaaaaaaaaaaaaa1"
	GrSubnetB  = "subnet-0bbbbbbbbbbbbbbb2"
	GrSGDomain = "sg-0d0d0d0d0d0d0d0d1"
	GrSGAlice  = "sg-0a11ce0a11ce0a11c"
	grVpce     = "vpce-0a1a1a1a1a1a1a1a1"
	grStudio   = "vpce-0c3c3c3c3c3c3c3c3"
)

func GrArgs() *GuardrailsArgs {
	return &GuardrailsArgs{
		Region:           "us-east-1",
		SpokeSubnetIds:   pulumi.StringArray{pulumi.String(GrSubnetA), pulumi.String(GrSubnetB)},
		SecurityGroupIds: pulumi.StringArray{pulumi.String(GrSGDomain), pulumi.String(GrSGAlice)},
		Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{"sagemaker.api": pulumi.String(grVpce),
			"studio": pulumi.String(grStudio)}},
		DataSensitivity:        "confidential",
		DenyNotebookRootAccess: true,
		BucketNames:            []string{"ml-data"},
		KmsKeyArns:             []string{"arn:aws:kms:us-east-1:123456789012:key/abcd"},
		LogGroupArns:           []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs"},
		EcrRepositoryArns:      []string{"arn:aws:ecr:us-east-1:123456789012:repository/ml/base"},
		ExtraRoles:             []string{"ds-alice"},
		Tags:                   map[string]string{"team": "ml"},
	}
}

type grCapture struct {
	Mu                sync.Mutex
	denyArns, ScpDocs []string
	scpIDs            []string
	execArn           string
	userArns          map[string]string
	plainUsers        map[string]string
}

func GrRun(t *testing.T, args *GuardrailsArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, *Guardrails, *grCapture, error) {
	t.Helper()
	got := &grCapture{plainUsers: map[string]string{}}
	var comp *Guardrails
	rec, err := componenttest.RunDev(t,
		func(ctx *pulumi.Context) error {
			c, err := NewGuardrails(ctx, "gr", args, opts...)
			if err != nil {
				return err
			}
			comp = c
			pulumi.All(c.DenyGuardPolicyArns, c.ServiceControlPolicyDocuments, c.ServiceControlPolicyIds,
				c.ExecutionRoleArn, c.UserExecutionRoleArns).ApplyT(func(v []interface{}) string {
				got.Mu.Lock()
				defer got.Mu.Unlock()
				got.denyArns, got.ScpDocs, got.scpIDs = v[0].([]string), v[1].([]string), v[2].([]string)
				got.execArn, got.userArns = v[3].(string), v[4].(map[string]string)
				return ""
			})
			for k, o := range c.UserRoles {
				k := k
				o.ApplyT(func(s string) string {
					got.Mu.Lock()
					defer got.Mu.Unlock()
					got.plainUsers[k] = s
					return s
				})
			}
			return nil
		})
	return rec, comp, got, err
}

// TestGuardrailsRolesTrustOnlySageMaker: every role is trusted by sagemaker.amazonaws.com only,
// and nothing anywhere attaches an AWS managed policy (AmazonSageMakerFullAccess in particular).
func TestGuardrailsRolesTrustOnlySageMaker(t *testing.T) {
	t.Parallel()
	rec, _, _, err := GrRun(t, GrArgs())
	require.NoError(t, err)
	roles := rec.ByType(componenttest.TypeIamRole)
	var names []string
	for _, r := range roles {
		names = append(names, r.Name)
		var doc struct {
			Statement []struct {
				Effect    string
				Principal map[string]any
				Action    any
				Condition map[string]any
			}
		}
		require.NoError(t, json.Unmarshal([]byte(componenttest.InputString(r, "assumeRolePolicy")), &doc), r.Name)
		require.Len(t, doc.Statement, 1, r.Name)
		st := doc.Statement[0]
		assert.Equal(t, "Allow", st.Effect)
		assert.Equal(t, map[string]any{"Service": "sagemaker.amazonaws.com"}, st.Principal, r.Name)
		assert.True(t, r.Input("managedPolicyArns").IsNull(), "%s: no inline managed policy list", r.Name)
	}
	assert.ElementsMatch(t, []string{"gr-execution", "gr-user-ds-alice"}, names)
	for _, r := range rec.Resources {
		blob, _ := json.Marshal(r.Inputs.Mappable())
		assert.NotContains(t, string(blob), "AmazonSageMakerFullAccess", "%s %s", r.Type, r.Name)
		assert.NotContains(t, string(blob), "arn:aws:iam::aws:policy/", "%s %s attaches an AWS managed policy", r.Type, r.Name)
	}
}

// TestGuardrailsGuardAttachedToEveryRole: each role has every deny-guard policy and every access
// policy attached, and its own pass-self policy.
func TestGuardrailsGuardAttachedToEveryRole(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		extra []string
	}{
		{"shared role only", nil},
		{"shared and two user roles", []string{"ds-alice", "ds-bob"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			args.ExtraRoles = tc.extra
			rec, comp, got, err := GrRun(t, args)
			require.NoError(t, err)
			var deny, access []string
			for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
				arn := componenttest.OutputString(p, "arn")
				switch {
				case strings.HasPrefix(p.Name, "gr-deny-"):
					deny = append(deny, arn)
				case strings.HasPrefix(p.Name, "gr-access-"):
					access = append(access, arn)
				default:
					t.Errorf("unexpected policy %s", p.Name)
				}
			}
			assert.Len(t, deny, len(comp.ManagedLayout))
			assert.NotEmpty(t, access)
			got.Mu.Lock()
			assert.ElementsMatch(t, deny, got.denyArns, "exported deny-guard ARNs")
			got.Mu.Unlock()
			roles := rec.ByType(componenttest.TypeIamRole)
			assert.Len(t, roles, 1+len(tc.extra))
			for _, role := range roles {
				var attached []string
				for _, a := range rec.ByType(componenttest.TypeIamRolePolicyAttachment) {
					if componenttest.InputString(a, "role") == role.ID {
						attached = append(attached, componenttest.InputString(a, "policyArn"))
					}
				}
				assert.ElementsMatch(t, append(append([]string{}, deny...), access...), attached, "attachments of %s", role.Name)
				var self []recorder.Resource
				for _, rp := range rec.ByType(componenttest.TypeIamRolePolicy) {
					if componenttest.InputString(rp, "role") == role.ID {
						self = append(self, rp)
					}
				}
				require.Len(t, self, 1, role.Name)
				p, err := iamsim.Parse([]byte(componenttest.InputString(self[0], "policy")))
				require.NoError(t, err)
				for _, other := range roles {
					res, err := p.Evaluate(iamsim.Request{Action: "iam:PassRole", Resource: componenttest.OutputString(other, "arn"),
						Keys: map[string][]string{"iam:PassedToService": {"sagemaker.amazonaws.com"}}})
					require.NoError(t, err)
					want := iamsim.NotApplicable
					if other.Name == role.Name {
						want = iamsim.Allow
					}
					assert.Equal(t, want, res.Decision, "%s passing %s", role.Name, other.Name)
				}
			}
		})
	}
}

// TestGuardrailsDenyGuardDocuments: the created policies hold the guard for the wired IDs and
// deny and allow what they should; each is under the managed-policy limit; regulated stacks get
// the isolation statements and others do not.
func TestGuardrailsDenyGuardDocuments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sensitivity string
		regulated   bool
	}{{"public", false}, {"confidential", false}, {"regulated", true}}
	for _, tc := range cases {
		t.Run(tc.sensitivity, func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			args.DataSensitivity = tc.sensitivity
			rec, comp, _, err := GrRun(t, args)
			require.NoError(t, err)
			var stmts []iamsim.Statement
			var sids []string
			for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
				if !strings.HasPrefix(p.Name, "gr-deny-") {
					continue
				}
				doc := componenttest.InputString(p, "policy")
				assert.LessOrEqual(t, iampolicy.CountNonSpace(doc), iampolicy.ManagedPolicyLimit, p.Name)
				parsed, err := iamsim.Parse([]byte(doc))
				require.NoError(t, err, p.Name)
				for _, s := range parsed.Statements {
					sids = append(sids, s.Sid)
				}
				stmts = append(stmts, parsed.Statements...)
			}
			var layoutSids []string
			for _, d := range comp.ManagedLayout {
				layoutSids = append(layoutSids, d...)
			}
			assert.ElementsMatch(t, layoutSids, sids)
			assert.Equal(t, tc.regulated, slices.Contains(sids, iampolicy.SidNetworkIsolationUnset))
			assert.True(t, slices.Contains(sids, iampolicy.SidNotebookRootAccess))

			train := func(subnets ...string) iamsim.Request {
				return iamsim.Request{Action: "sagemaker:CreateTrainingJob", Keys: map[string][]string{
					iampolicy.KeyVpcSubnets: subnets, iampolicy.KeyVpcSecurityGroupIds: {GrSGAlice},
					iampolicy.KeyNetworkIsolation: {"true"}, iampolicy.KeyInterContainerTrafficEncryption: {"true"}}}
			}
			checks := []struct {
				name string
				r    iamsim.Request
				want iamsim.Decision
			}{
				{"job in the spoke", train(GrSubnetA, GrSubnetB), iamsim.NotApplicable},
				{"job in a foreign subnet", train(GrSubnetA, "subnet-0ffffffffffffff99"), iamsim.Deny},
				{"job without VPC", iamsim.Request{Action: "sagemaker:CreateTrainingJob"}, iamsim.Deny},
				{"presigned URL via the hub endpoint", iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl,
					Keys: map[string][]string{iampolicy.KeySourceVpce: {grVpce}}}, iamsim.NotApplicable},
				// Execution roles never call CreatePresignedDomainUrl: the human access policy and
				// the SCP carry that statement, the managed guard does not.
				{"presigned URL from elsewhere is not the execution roles' guard", iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl}, iamsim.NotApplicable},
			}
			for _, c := range checks {
				res, err := iamsim.Evaluate(stmts, c.r)
				require.NoError(t, err)
				assert.Equal(t, c.want, res.Decision, "%s: %v", c.name, res.Matched)
			}
		})
	}
}

// TestGuardrailsServiceControlPolicy: the SCP documents are always output and under the SCP
// limit; organizations policies exist only when asked for.
func TestGuardrailsServiceControlPolicy(t *testing.T) {
	t.Parallel()
	for _, create := range []bool{false, true} {
		create := create
		t.Run(map[bool]string{false: "not asked", true: "asked"}[create], func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			args.DataSensitivity = "regulated"
			args.CreateServiceControlPolicy = create
			rec, comp, got, err := GrRun(t, args)
			require.NoError(t, err)
			got.Mu.Lock()
			defer got.Mu.Unlock()
			require.Len(t, got.ScpDocs, len(comp.ServiceControlLayout))
			var scpStmts []iamsim.Statement
			for _, d := range got.ScpDocs {
				assert.LessOrEqual(t, iampolicy.CountNonSpace(d), iampolicy.SCPLimit)
				assert.NotContains(t, d, `"Principal":`, "SCPs take no Principal")
				parsed, err := iamsim.Parse([]byte(d))
				require.NoError(t, err)
				scpStmts = append(scpStmts, parsed.Statements...)
			}
			// The SCP binds humans too: it keeps the presigned-URL statement.
			presigned := func(keys map[string][]string) iamsim.Decision {
				res, err := iamsim.Evaluate(scpStmts, iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl, Keys: keys})
				require.NoError(t, err)
				return res.Decision
			}
			assert.Equal(t, iamsim.Deny, presigned(nil), "from outside any endpoint")
			assert.Equal(t, iamsim.NotApplicable, presigned(map[string][]string{iampolicy.KeySourceVpce: {grVpce}}), "through the hub endpoint")
			scps := rec.ByType(componenttest.TypeOrgPolicy)
			if !create {
				assert.Empty(t, scps)
				assert.Empty(t, got.scpIDs)
				return
			}
			require.Len(t, scps, len(comp.ServiceControlLayout))
			var contents, ids []string
			for _, s := range scps {
				assert.Equal(t, "SERVICE_CONTROL_POLICY", componenttest.InputString(s, "type"))
				assert.True(t, strings.HasPrefix(s.Name, "gr-scp-"), s.Name)
				contents = append(contents, componenttest.InputString(s, "content"))
				ids = append(ids, s.ID)
			}
			assert.ElementsMatch(t, got.ScpDocs, contents)
			assert.ElementsMatch(t, ids, got.scpIDs)
		})
	}
}

// TestGuardrailsCapacity: with IDs wired from other resources the number of documents comes from
// the capacity, and more IDs than the capacity fail with the field to raise.
func TestGuardrailsCapacity(t *testing.T) {
	t.Parallel()
	wired := func(ids ...string) pulumi.StringArrayOutput {
		arr := pulumi.StringArray{}
		for _, id := range ids {
			arr = append(arr, pulumi.String(id))
		}
		return arr.ToStringArrayOutput()
	}
	t.Run("default capacity", func(t *testing.T) {
		t.Parallel()
		args := GrArgs()
		args.SpokeSubnetIds = wired(GrSubnetA)
		args.SecurityGroupIds = wired(GrSGDomain)
		args.DataSensitivity = "regulated"
		rec, comp, _, err := GrRun(t, args)
		require.NoError(t, err)
		want, keys, err := iampolicy.GuardLayout(iampolicy.WorstCaseSpec(DefaultMaxSubnetIds, DefaultMaxSecurityGroupIds, 1, true, true),
			iampolicy.ManagedPolicyLimit)
		require.NoError(t, err)
		assert.Equal(t, want, comp.ManagedLayout)
		assert.Equal(t, keys, comp.ManagedKeys)
		var n int
		for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
			if strings.HasPrefix(p.Name, "gr-deny-") {
				n++
			}
		}
		assert.Equal(t, len(want), n)
	})
	t.Run("preview with unknown IDs", func(t *testing.T) {
		t.Parallel()
		rec, err := recorder.Run(recorder.Options{Stack: "dev", DryRun: true, Config: map[string]string{"aws:region": "us-east-1"}},
			func(ctx *pulumi.Context) error {
				args := GrArgs()
				args.SpokeSubnetIds = pulumi.UnsafeUnknownOutput(nil).ApplyT(func(any) []string { return nil }).(pulumi.StringArrayOutput)
				args.CreateServiceControlPolicy = true
				_, err := NewGuardrails(ctx, "gr", args)
				return err
			})
		require.NoError(t, err, "unknown IDs during preview are not an error")
		var deny, scp int
		for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
			if strings.HasPrefix(p.Name, "gr-deny-") {
				deny++
				assert.False(t, p.Input("policy").IsString(), "the document is unknown during preview")
			}
		}
		scp = len(rec.ByType(componenttest.TypeOrgPolicy))
		assert.Positive(t, deny)
		assert.Positive(t, scp)
	})
	t.Run("over capacity", func(t *testing.T) {
		t.Parallel()
		args := GrArgs()
		args.SpokeSubnetIds = wired(GrSubnetA, GrSubnetB, "subnet-0ccccccccccccccc3")
		args.MaxSubnetIds = 2
		_, _, _, err := GrRun(t, args)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "SpokeSubnetIds resolved to 3 subnets: want at most MaxSubnetIds (2); raise MaxSubnetIds")
	})
	t.Run("resolved ID of the wrong kind", func(t *testing.T) {
		t.Parallel()
		args := GrArgs()
		args.Hub.EndpointIds = map[string]pulumi.StringInput{"sagemaker.api": pulumi.String("").ToStringOutput(),
			"studio": pulumi.String(grStudio)}
		_, _, _, err := GrRun(t, args)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `Hub.EndpointIds["sagemaker.api"][0] resolved to "": want VPC endpoint id`)
	})
}

func TestGuardrailsOutputs(t *testing.T) {
	t.Parallel()
	rec, _, got, err := GrRun(t, GrArgs())
	require.NoError(t, err)
	got.Mu.Lock()
	defer got.Mu.Unlock()
	exec, ok := rec.Find(componenttest.TypeIamRole, "gr-execution")
	require.True(t, ok)
	alice, ok := rec.Find(componenttest.TypeIamRole, "gr-user-ds-alice")
	require.True(t, ok)
	assert.Equal(t, componenttest.OutputString(exec, "arn"), got.execArn)
	assert.Equal(t, map[string]string{"ds-alice": componenttest.OutputString(alice, "arn")}, got.userArns)
	assert.Equal(t, got.userArns, got.plainUsers)
	assert.Equal(t, "ml", componenttest.InputString(exec, "tags.team"))

	var access []string
	for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
		if strings.HasPrefix(p.Name, "gr-access-") {
			access = append(access, componenttest.InputString(p, "policy"))
			assert.Equal(t, "ml", componenttest.InputString(p, "tags.team"))
		}
	}
	joined := strings.Join(access, "\n")
	for _, want := range []string{"arn:aws:s3:::ml-data/*", "arn:aws:kms:us-east-1:123456789012:key/abcd",
		"arn:aws:ecr:us-east-1:123456789012:repository/ml/base", "log-group:/aws/sagemaker/TrainingJobs:log-stream:*"} {
		assert.Contains(t, joined, want)
	}
	assert.NotContains(t, joined, "iam:PassRole")
}

func TestGuardrailsProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "eu-west-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				args := GrArgs()
				args.CreateServiceControlPolicy = true
				_, err := NewGuardrails(ctx, "gr", args, tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			componenttest.AssertChildrenInherit(t, rec, GuardrailsType, "gr", 31)
			types := map[string]bool{}
			for _, r := range rec.Resources {
				if r.Type == GuardrailsType || r.Type == componenttest.TypeAwsProvider {
					continue
				}
				types[r.Type] = true
				// Only the dependencies the inputs imply: roles and policies wait for nothing, a
				// role's pass-self policy for its role, an attachment for its role and its policy.
				switch r.Type {
				case componenttest.TypeIamRole, componenttest.TypeIamPolicy, componenttest.TypeOrgPolicy:
					assert.Empty(t, r.Dependencies, "%s %s", r.Type, r.Name)
				case componenttest.TypeIamRolePolicy:
					assert.Len(t, r.Dependencies, 1, r.Name)
				case componenttest.TypeIamRolePolicyAttachment:
					assert.Len(t, r.Dependencies, 2, r.Name)
				}
			}
			assert.Equal(t, []string{componenttest.TypeIamPolicy, componenttest.TypeIamRole, componenttest.TypeIamRolePolicy, componenttest.TypeIamRolePolicyAttachment, componenttest.TypeOrgPolicy},
				slices.Sorted(maps.Keys(types)))
		})
	}
}

func TestGuardrailsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *GuardrailsArgs)
		want   []string
	}{
		{"missing inputs", func(a *GuardrailsArgs) {
			a.Region, a.SpokeSubnetIds, a.SecurityGroupIds, a.Hub = "", nil, nil, network.HubRef{}
		}, []string{"Region is not set", "SpokeSubnetIds is not set", "SecurityGroupIds is not set", `Hub.EndpointIds["sagemaker.api"] is not set`,
			`Hub.EndpointIds["studio"] is not set`}},
		{"hub without sagemaker.api", func(a *GuardrailsArgs) {
			a.Hub.EndpointIds = map[string]pulumi.StringInput{"sts": pulumi.String("vpce-0123"), "studio": pulumi.String(grStudio)}
		}, []string{`Hub.EndpointIds["sagemaker.api"] is not set`, "must have a sagemaker.api endpoint"}},
		{"hub without studio", func(a *GuardrailsArgs) {
			a.Hub.EndpointIds = map[string]pulumi.StringInput{"sagemaker.api": pulumi.String(grVpce)}
		}, []string{`Hub.EndpointIds["studio"] is not set`, "must have a studio endpoint"}},
		{"hub in another region", func(a *GuardrailsArgs) { a.Hub.Region = "eu-west-1" }, []string{`Hub.Region = "eu-west-1"`}},
		{"bad literals", func(a *GuardrailsArgs) {
			a.Region = "mars"
			a.SpokeSubnetIds = pulumi.StringArray{pulumi.String("subnet-1"), pulumi.String("net-2")}
			a.SecurityGroupIds = pulumi.StringArray{}
			a.Hub.EndpointIds = map[string]pulumi.StringInput{"sagemaker.api": pulumi.String("vpc-123"), "studio": pulumi.String(grStudio)}
		}, []string{`Region = "mars"`, `SpokeSubnetIds[1] = "net-2"`, `SecurityGroupIds = "[]"`, `Hub.EndpointIds["sagemaker.api"] = "vpc-123"`}},
		{"sensitivity", func(a *GuardrailsArgs) { a.DataSensitivity = "secret" },
			[]string{`DataSensitivity = "secret": want one of public, internal, confidential, regulated`}},
		{"access lists", func(a *GuardrailsArgs) {
			a.BucketNames = []string{"UPPER"}
			a.KmsKeyArns = []string{"alias/x"}
		}, []string{`BucketNames[0] = "UPPER"`, `KmsKeyArns[0] = "alias/x"`}},
		{"extra roles", func(a *GuardrailsArgs) {
			a.ExtraRoles = []string{"ds-alice", "DS-ALICE", "has space", strings.Repeat("x", 60)}
		}, []string{`ExtraRoles[1] = "DS-ALICE": want a key not already listed`, `ExtraRoles[2] = "has space"`, `ExtraRoles[3] = "xxxx`}},
		{"capacities", func(a *GuardrailsArgs) { a.MaxSubnetIds, a.MaxSecurityGroupIds = 1, -1 },
			[]string{`MaxSubnetIds = 1: want at least len(SpokeSubnetIds) = 2`, `MaxSecurityGroupIds = -1`}},
		{"capacity too large for one statement", func(a *GuardrailsArgs) { a.MaxSubnetIds = 1000 },
			[]string{`MaxSubnetIds = 1000`, iampolicy.SidOutsideSpokeSubnets}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			tc.mutate(args)
			rec, _, _, err := GrRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}
