package iampolicy_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/guardcases"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// keyTable is testdata/condition-key-table.json: the ten SageMaker condition keys the guards test,
// with their types and the exact actions supporting each, hand-copied from the Service
// Authorization Reference page the embedded data/ files were parsed from.
type keyTable struct {
	Source string `json:"source"`
	Keys   []struct {
		Key     string   `json:"key"`
		Type    string   `json:"type"`
		Actions []string `json:"actions"`
	} `json:"keys"`
}

// keyTableMismatches lists where ref disagrees with the table: a key's type, or the set of
// actions supporting it (unprefixed action names, sorted).
func keyTableMismatches(ref iampolicy.Reference, table keyTable) []string {
	var bad []string
	for _, row := range table.Keys {
		if got := ref.KeyTypes[row.Key]; got != row.Type {
			bad = append(bad, fmt.Sprintf("%s: type %q, the page says %q", row.Key, got, row.Type))
		}
		var got []string
		for action, keys := range ref.ActionKeys {
			if slices.Contains(keys, row.Key) {
				got = append(got, action)
			}
		}
		sort.Strings(got)
		want := slices.Sorted(slices.Values(row.Actions))
		if !slices.Equal(got, want) {
			bad = append(bad, fmt.Sprintf("%s: actions %v, the page says %v", row.Key, got, want))
		}
	}
	return bad
}

// TestEmbeddedReferenceMatchesThePage: the embedded reference data agree with the condition-key
// table copied from the public page (testdata/condition-key-table.json), and the comparison
// catches a dropped action and a wrong type.
func TestEmbeddedReferenceMatchesThePage(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "condition-key-table.json"))
	require.NoError(t, err)
	var table keyTable
	require.NoError(t, json.Unmarshal(b, &table))
	require.Len(t, table.Keys, 10)
	assert.Equal(t, "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html", table.Source)
	ref := iampolicy.SageMakerReference()
	assert.Empty(t, keyTableMismatches(ref, table))

	// A reference missing one supporting action, or with a key's type changed, is caught.
	keys, err := iampolicy.EmbeddedFile(iampolicy.ActionKeysFile)
	require.NoError(t, err)
	defs, err := iampolicy.EmbeddedFile(iampolicy.KeyDefsFile)
	require.NoError(t, err)
	broken, err := iampolicy.LoadReference(keys, defs)
	require.NoError(t, err)
	broken.ActionKeys["CreateModel"] = slices.DeleteFunc(slices.Clone(broken.ActionKeys["CreateModel"]),
		func(k string) bool { return k == iampolicy.KeyNetworkIsolation })
	broken.KeyTypes[iampolicy.KeyVpcSubnets] = "String"
	assert.Len(t, keyTableMismatches(broken, table), 2)
}

// guardDoc renders statements and parses them back with the evaluator, so that the proofs run
// against the JSON IAM receives, not the Go values.
func guardDoc(t *testing.T, stmts []iampolicy.Statement) iamsim.Policy {
	t.Helper()
	js, err := iampolicy.NewDocument(stmts...).JSON()
	require.NoError(t, err)
	p, err := iamsim.Parse([]byte(js))
	require.NoError(t, err)
	return p
}

func mustGuard(t *testing.T, spec iampolicy.GuardSpec) []iampolicy.Statement {
	t.Helper()
	stmts, err := iampolicy.DenyGuard(spec)
	require.NoError(t, err)
	return stmts
}

// TestEveryActionSupportsItsKeys is the check the issue asks for: every action a statement names
// supports every condition key the statement tests, according to the reference data (IAM does
// not put an unsupported key in the request context, so the statement would never, or always,
// fire).
func TestEveryActionSupportsItsKeys(t *testing.T) {
	t.Parallel()
	for _, regulated := range []bool{false, true} {
		for _, st := range mustGuard(t, guardcases.CaseSpec(regulated)) {
			assert.Empty(t, iampolicy.SageMakerReference().Unsupported(st), "statement %s", st.Sid)
		}
	}
	// The check itself catches a wrong action.
	bad := iampolicy.Statement{Sid: "Bad", Effect: iampolicy.Deny, Action: iampolicy.Values{"sagemaker:CreateApp", "sagemaker:CreateSpaceship", "sagemaker:Create*"},
		Condition: iampolicy.Condition{"Null": {iampolicy.KeyVpcSubnets: {"true"}}}}
	problems := iampolicy.SageMakerReference().Unsupported(bad)
	assert.Equal(t, []string{
		"sagemaker:CreateApp does not support sagemaker:VpcSubnets",
		"sagemaker:CreateSpaceship: not a SageMaker action of the reference",
		"sagemaker:Create*: wildcard actions cannot be checked against the reference",
	}, problems)
}

// TestActionListsMatchTheReferenceTable pins the action lists against the condition-key table of
// the Service Authorization Reference (testdata/condition-key-table.json: counts and the notable
// inclusions/exclusions).
func TestActionListsMatchTheReferenceTable(t *testing.T) {
	t.Parallel()
	actions := map[string][]string{}
	for _, st := range mustGuard(t, guardcases.CaseSpec(true)) {
		actions[st.Sid] = st.Action
	}
	cases := []struct {
		sid      string
		count    int
		contains []string
		lacks    []string
	}{
		{iampolicy.SidWithoutVpcSubnets, 18, []string{"sagemaker:CreateTrainingJob", "sagemaker:CreateModel", "sagemaker:CreateNotebookInstance", "sagemaker:UpdateDomain"},
			[]string{"sagemaker:CreateUserProfile", "sagemaker:CreateTransformJob", "sagemaker:CreateApp"}},
		{iampolicy.SidOutsideSpokeSubnets, 18, nil, []string{"sagemaker:CreateUserProfile"}},
		{iampolicy.SidWithoutSecurityGroups, 20, []string{"sagemaker:CreateUserProfile", "sagemaker:UpdateUserProfile"}, []string{"sagemaker:CreateSpace"}},
		{iampolicy.SidOutsideSecurityGroups, 20, nil, nil},
		{iampolicy.SidDomainNotVpcOnly, 2, []string{"sagemaker:CreateDomain", "sagemaker:UpdateDomain"}, nil},
		{iampolicy.SidNotebookInternet, 1, []string{"sagemaker:CreateNotebookInstance"}, nil},
		{iampolicy.SidNotebookRootAccess, 2, []string{"sagemaker:CreateNotebookInstance", "sagemaker:UpdateNotebookInstance"}, nil},
		{iampolicy.SidNetworkIsolationFalse, 11, []string{"sagemaker:CreateModel"}, []string{"sagemaker:CreateAutoMLJob"}},
		{iampolicy.SidNetworkIsolationUnset, 11, nil, nil},
		{iampolicy.SidInterContainerFalse, 11, []string{"sagemaker:CreateAutoMLJobV2"}, []string{"sagemaker:CreateModel"}},
		{iampolicy.SidInterContainerUnset, 11, nil, nil},
		{iampolicy.SidPresignedUrlOutsideApiVpce, 1, []string{"sagemaker:CreatePresignedDomainUrl"}, nil},
	}
	for _, tc := range cases {
		got := actions[tc.sid]
		assert.Len(t, got, tc.count, tc.sid)
		for _, a := range tc.contains {
			assert.Contains(t, got, a, tc.sid)
		}
		for _, a := range tc.lacks {
			assert.NotContains(t, got, a, tc.sid)
		}
	}
	assert.Len(t, actions, len(cases), "one statement per row above")
}

// TestGuardCases evaluates every case of the proof matrix against the rendered guard.
func TestGuardCases(t *testing.T) {
	t.Parallel()
	policies := map[bool]iamsim.Policy{
		false: guardDoc(t, mustGuard(t, guardcases.CaseSpec(false))),
		true:  guardDoc(t, mustGuard(t, guardcases.CaseSpec(true))),
	}
	for _, tc := range guardcases.GuardCases() {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			got, err := policies[tc.Regulated].Evaluate(iamsim.Request{Action: tc.Action, Keys: tc.Keys})
			require.NoError(t, err)
			matched := append([]string{}, got.Matched...)
			sort.Strings(matched)
			if len(tc.DeniedBy) == 0 {
				assert.Equal(t, iamsim.NotApplicable, got.Decision, "must be allowed; matched %v", matched)
				assert.Empty(t, matched)
			} else {
				assert.Equal(t, iamsim.Deny, got.Decision)
				assert.Equal(t, tc.DeniedBy, matched)
			}
		})
	}
}

// TestEveryStatementHasADenyAndAnAllowCase: the matrix proves every statement both ways (a case
// it denies, and a case with the same action it lets through).
func TestEveryStatementHasADenyAndAnAllowCase(t *testing.T) {
	t.Parallel()
	for _, st := range mustGuard(t, guardcases.CaseSpec(true)) { // the regulated guard has every statement
		deniedActions := map[string]bool{}
		for _, c := range guardcases.GuardCases() {
			if slices.Contains(c.DeniedBy, st.Sid) {
				deniedActions[c.Action] = true
			}
		}
		assert.NotEmpty(t, deniedActions, "no case is denied by %s", st.Sid)
		passes := false
		for _, c := range guardcases.GuardCases() {
			if deniedActions[c.Action] && !slices.Contains(c.DeniedBy, st.Sid) {
				passes = true
			}
		}
		assert.True(t, passes, "no case with the same action passes %s", st.Sid)
	}
}

// TestEveryActionOfEveryStatementFires goes through every action of every statement: a request
// that violates the statement's test is denied by it, and the well-formed request is not.
func TestEveryActionOfEveryStatementFires(t *testing.T) {
	t.Parallel()
	spec := guardcases.CaseSpec(true)
	for _, st := range mustGuard(t, spec) {
		one := guardDoc(t, []iampolicy.Statement{st})
		for _, action := range st.Action {
			good, bad := map[string][]string{}, map[string][]string{}
			switch st.Sid {
			case iampolicy.SidWithoutVpcSubnets, iampolicy.SidOutsideSpokeSubnets:
				good[iampolicy.KeyVpcSubnets] = spec.SubnetIds
				if st.Sid == iampolicy.SidOutsideSpokeSubnets {
					bad[iampolicy.KeyVpcSubnets] = []string{spec.SubnetIds[0], guardcases.CaseSubnetAlien}
				}
			case iampolicy.SidWithoutSecurityGroups, iampolicy.SidOutsideSecurityGroups:
				good[iampolicy.KeyVpcSecurityGroupIds] = spec.SecurityGroupIds
				if st.Sid == iampolicy.SidOutsideSecurityGroups {
					bad[iampolicy.KeyVpcSecurityGroupIds] = []string{guardcases.CaseSGAlien}
				}
			case iampolicy.SidDomainNotVpcOnly:
				good[iampolicy.KeyAppNetworkAccessType] = []string{"VpcOnly"}
				bad[iampolicy.KeyAppNetworkAccessType] = []string{"PublicInternetOnly"}
			case iampolicy.SidNotebookInternet:
				good[iampolicy.KeyDirectInternetAccess] = []string{"Disabled"}
				bad[iampolicy.KeyDirectInternetAccess] = []string{"Enabled"}
			case iampolicy.SidNotebookRootAccess:
				good[iampolicy.KeyRootAccess] = []string{"Disabled"}
				bad[iampolicy.KeyRootAccess] = []string{"Enabled"}
			case iampolicy.SidNetworkIsolationFalse, iampolicy.SidNetworkIsolationUnset:
				good[iampolicy.KeyNetworkIsolation] = []string{"true"}
				if st.Sid == iampolicy.SidNetworkIsolationFalse {
					bad[iampolicy.KeyNetworkIsolation] = []string{"false"}
				}
			case iampolicy.SidInterContainerFalse, iampolicy.SidInterContainerUnset:
				good[iampolicy.KeyInterContainerTrafficEncryption] = []string{"true"}
				if st.Sid == iampolicy.SidInterContainerFalse {
					bad[iampolicy.KeyInterContainerTrafficEncryption] = []string{"false"}
				}
			case iampolicy.SidPresignedUrlOutsideApiVpce:
				good[iampolicy.KeySourceVpce] = spec.ApiEndpointIds
				if len(spec.StudioEndpointIds) > 0 && action == iampolicy.ActionCreatePresignedDomainUrl {
					// The Studio app's requests, through the studio endpoint, pass too.
					studio := map[string][]string{iampolicy.KeySourceVpce: spec.StudioEndpointIds}
					got, err := one.Evaluate(iamsim.Request{Action: action, Keys: studio})
					require.NoError(t, err)
					assert.Equal(t, iamsim.NotApplicable, got.Decision, "Studio endpoint request")
				}
				bad[iampolicy.KeySourceVpce] = []string{guardcases.CaseOtherVpce}
			default:
				t.Fatalf("statement %s has no proof here", st.Sid)
			}
			for name, r := range map[string]struct {
				keys map[string][]string
				want iamsim.Decision
			}{"well-formed": {good, iamsim.NotApplicable}, "violating": {bad, iamsim.Deny}} {
				got, err := one.Evaluate(iamsim.Request{Action: action, Keys: r.keys})
				require.NoError(t, err)
				assert.Equal(t, r.want, got.Decision, "%s, %s request for %s", st.Sid, name, action)
			}
		}
	}
}

// TestManagedGuardLeavesOutThePresignedUrlStatement: execution roles never call
// CreatePresignedDomainUrl, so their guard has no statement for it; the SCP set keeps it.
func TestManagedGuardLeavesOutThePresignedUrlStatement(t *testing.T) {
	t.Parallel()
	for _, regulated := range []bool{false, true} {
		managed := guardDoc(t, mustGuard(t, guardcases.ManagedCaseSpec(regulated)))
		scp := guardDoc(t, mustGuard(t, guardcases.CaseSpec(regulated)))
		r := iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl}
		got, err := managed.Evaluate(r)
		require.NoError(t, err)
		assert.Equal(t, iamsim.NotApplicable, got.Decision)
		got, err = scp.Evaluate(r)
		require.NoError(t, err)
		assert.Equal(t, iamsim.Deny, got.Decision)
		assert.Equal(t, []string{iampolicy.SidPresignedUrlOutsideApiVpce}, got.Matched)
	}
	// Without the statement no API endpoint is required.
	spec := guardcases.ManagedCaseSpec(false)
	spec.ApiEndpointIds = nil
	_, err := iampolicy.DenyGuard(spec)
	assert.NoError(t, err)
	spec.StudioEndpointIds = nil
	_, err = iampolicy.DenyGuard(spec)
	assert.NoError(t, err)
	spec.DenyPresignedUrlOutsideApi = true
	_, err = iampolicy.DenyGuard(spec)
	assert.ErrorContains(t, err, "GuardSpec.ApiEndpointIds is empty")
	assert.ErrorContains(t, err, "GuardSpec.StudioEndpointIds is empty")
}

// TestPresignedUrlStatementAdmitsTheStudioEndpoint: the Studio app's HTTPS and WebSocket
// requests are authorized as CreatePresignedDomainUrl and arrive through the Studio endpoint, so
// statement 7 admits exactly the API and the Studio endpoints; the spec's Studio endpoint is what
// makes the difference.
func TestPresignedUrlStatementAdmitsTheStudioEndpoint(t *testing.T) {
	t.Parallel()
	spec := guardcases.CaseSpec(false)
	doc := guardDoc(t, mustGuard(t, spec))
	noStudio := spec
	noStudio.StudioEndpointIds = []string{guardcases.CaseOtherVpce}
	without := guardDoc(t, mustGuard(t, noStudio))
	req := func(vpce string) iamsim.Request {
		return iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl, Keys: map[string][]string{
			iampolicy.KeySourceVpce: {vpce}, iampolicy.KeyViaAWSService: {"false"}, iampolicy.KeyPrincipalIsAWSService: {"false"}}}
	}
	for _, tc := range []struct {
		vpce          string
		with, without iamsim.Decision
	}{
		{guardcases.CaseApiEndpoint, iamsim.NotApplicable, iamsim.NotApplicable},
		{guardcases.CaseStudioVpce, iamsim.NotApplicable, iamsim.Deny},
		{"vpce-0d4d4d4d4d4d4d4d4", iamsim.Deny, iamsim.Deny},
	} {
		got, err := doc.Evaluate(req(tc.vpce))
		require.NoError(t, err)
		assert.Equal(t, tc.with, got.Decision, tc.vpce)
		got, err = without.Evaluate(req(tc.vpce))
		require.NoError(t, err)
		assert.Equal(t, tc.without, got.Decision, "without the studio endpoint in the spec: %s", tc.vpce)
	}
	assert.Equal(t, iampolicy.Values{guardcases.CaseApiEndpoint, guardcases.CaseStudioVpce},
		iampolicy.PresignedUrlEndpoints([]string{guardcases.CaseApiEndpoint}, []string{guardcases.CaseStudioVpce, guardcases.CaseApiEndpoint}))
}

func TestDenyGuardValidation(t *testing.T) {
	t.Parallel()
	_, err := iampolicy.DenyGuard(iampolicy.GuardSpec{
		SubnetIds:        []string{"subnet-0abc", "sub-1"},
		SecurityGroupIds: nil,
		ApiEndpointIds:   []string{"vpce-0123456789abcdef01234"},
	})
	require.Error(t, err)
	for _, want := range []string{
		`GuardSpec.SubnetIds[1] = "sub-1": want a subnet id`,
		`GuardSpec.SecurityGroupIds is empty: want at least one: a security group id`,
		`GuardSpec.ApiEndpointIds[0] = "vpce-0123456789abcdef01234": want a VPC endpoint id`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NotContains(t, err.Error(), "subnet-0abc")
}

// TestDeterministic: the same set of IDs in any order and with duplicates renders the same bytes.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	spec := iampolicy.WorstCaseSpec(9, 7, 2, true, true)
	want, err := iampolicy.NewDocument(mustGuard(t, spec)...).JSON()
	require.NoError(t, err)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5; i++ {
		shuffled := spec
		shuffled.SubnetIds = append(append([]string{}, spec.SubnetIds...), spec.SubnetIds[0])
		shuffled.SecurityGroupIds = append([]string{}, spec.SecurityGroupIds...)
		rng.Shuffle(len(shuffled.SubnetIds), func(a, b int) {
			shuffled.SubnetIds[a], shuffled.SubnetIds[b] = shuffled.SubnetIds[b], shuffled.SubnetIds[a]
		})
		rng.Shuffle(len(shuffled.SecurityGroupIds), func(a, b int) {
			shuffled.SecurityGroupIds[a], shuffled.SecurityGroupIds[b] = shuffled.SecurityGroupIds[b], shuffled.SecurityGroupIds[a]
		})
		got, err := iampolicy.NewDocument(mustGuard(t, shuffled)...).JSON()
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}

// TestSizeLimits: worst cases split into documents each under its limit, keep every statement in
// order, and the split guard denies exactly what the whole guard denies.
func TestSizeLimits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                  string
		subnets, sgs, vpces   int
		limit                 int
		minDocs               int
		regulated, denyRootOn bool
	}{
		{"small managed", 2, 2, 1, iampolicy.ManagedPolicyLimit, 1, false, true},
		{"regulated managed", 6, 12, 2, iampolicy.ManagedPolicyLimit, 2, true, true},
		{"many subnets and groups, managed", 96, 160, 3, iampolicy.ManagedPolicyLimit, 3, true, true},
		{"small SCP", 2, 2, 1, iampolicy.SCPLimit, 1, false, false},
		{"many subnets and groups, SCP", 96, 160, 3, iampolicy.SCPLimit, 3, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := iampolicy.WorstCaseSpec(tc.subnets, tc.sgs, tc.vpces, tc.regulated, tc.denyRootOn)
			stmts := mustGuard(t, spec)
			docs, err := iampolicy.Split(stmts, tc.limit)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(docs), tc.minDocs)
			var flat []string
			for _, d := range docs {
				size, err := d.Size()
				require.NoError(t, err)
				assert.LessOrEqual(t, size, tc.limit)
				js, err := d.JSON()
				require.NoError(t, err)
				assert.Equal(t, size, len(js), "compact JSON has no white space")
				flat = append(flat, d.Sids()...)
			}
			var want []string
			for _, s := range stmts {
				want = append(want, s.Sid)
			}
			assert.Equal(t, want, flat)

			// The split guard decides every case as the whole guard does.
			assertSplitDecidesAsWhole(t, docs, stmts)
		})
	}
}

func TestSplitRefusesAStatementOverTheLimit(t *testing.T) {
	t.Parallel()
	stmts := mustGuard(t, iampolicy.WorstCaseSpec(400, 1, 1, false, false))
	_, err := iampolicy.Split(stmts, iampolicy.SCPLimit)
	require.Error(t, err)
	assert.Contains(t, err.Error(), iampolicy.SidOutsideSpokeSubnets)
	assert.Contains(t, err.Error(), "want at most 5120")
	_, err = iampolicy.Split(nil, iampolicy.SCPLimit)
	assert.ErrorContains(t, err, "no statements")
}

// TestLayoutFromCapacity: a layout computed from a worst-case capacity holds any real spec up to
// that capacity (same documents, same order), and refuses one that outgrows it.
func TestLayoutFromCapacity(t *testing.T) {
	t.Parallel()
	layout, keys, err := iampolicy.GuardLayout(iampolicy.WorstCaseSpec(48, 64, 2, true, true), iampolicy.ManagedPolicyLimit)
	require.NoError(t, err)
	assert.Equal(t, []string{iampolicy.GroupSubnets, iampolicy.GroupSecurityGroups, iampolicy.GroupSettings}, keys)

	real := guardcases.ManagedCaseSpec(true)
	docs, err := iampolicy.GuardDocuments(real, layout, iampolicy.ManagedPolicyLimit)
	require.NoError(t, err)
	assert.Equal(t, layout, iampolicy.LayoutOf(docs))

	tooMany := iampolicy.WorstCaseSpec(400, 64, 2, true, true)
	_, err = iampolicy.GuardDocuments(tooMany, layout, iampolicy.ManagedPolicyLimit)
	assert.ErrorContains(t, err, "want at most 6144")

	// A layout for another guard shape (not regulated) cannot hold a regulated guard.
	small, _, err := iampolicy.GuardLayout(iampolicy.WorstCaseSpec(2, 2, 1, false, true), iampolicy.ManagedPolicyLimit)
	require.NoError(t, err)
	_, err = iampolicy.GuardDocuments(real, small, iampolicy.ManagedPolicyLimit)
	assert.ErrorContains(t, err, "have no place in the layout")
}

// TestGolden pins the rendered documents.
func TestGolden(t *testing.T) {
	t.Parallel()
	type golden struct {
		name string
		docs func() ([]iampolicy.Document, error)
	}
	access := iampolicy.AccessSpec{Partition: "aws", BucketNames: []string{"ml-data", "ml-artifacts"},
		KmsKeyArns:        []string{"arn:aws:kms:us-east-1:123456789012:key/1111-2222"},
		LogGroupArns:      []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs"},
		EcrRepositoryArns: []string{"arn:aws:ecr:us-east-1:123456789012:repository/ml/base"}}
	cases := []golden{
		{"deny-guard-managed", func() ([]iampolicy.Document, error) {
			s, err := iampolicy.DenyGuard(guardcases.ManagedCaseSpec(false))
			if err != nil {
				return nil, err
			}
			docs, _, err := iampolicy.SplitGroups(s, iampolicy.GuardGroups(), iampolicy.ManagedPolicyLimit)
			return docs, err
		}},
		{"deny-guard-regulated-managed", func() ([]iampolicy.Document, error) {
			s, err := iampolicy.DenyGuard(guardcases.ManagedCaseSpec(true))
			if err != nil {
				return nil, err
			}
			docs, _, err := iampolicy.SplitGroups(s, iampolicy.GuardGroups(), iampolicy.ManagedPolicyLimit)
			return docs, err
		}},
		{"deny-guard-regulated-scp", func() ([]iampolicy.Document, error) {
			s, err := iampolicy.ServiceControlGuard(guardcases.CaseSpec(true), []string{
				"arn:aws:iam::123456789012:role/pulumi-deploy", "arn:aws:iam::*:role/platform/*-deployer"})
			if err != nil {
				return nil, err
			}
			docs, _, err := iampolicy.SplitGroups(s, iampolicy.GuardGroups(), iampolicy.SCPLimit)
			return docs, err
		}},
		{"execution-role-trust", func() ([]iampolicy.Document, error) {
			return []iampolicy.Document{iampolicy.ExecutionRoleTrustPolicy()}, nil
		}},
		{"studio-access", func() ([]iampolicy.Document, error) {
			s, err := iampolicy.StudioAccessPolicy(access)
			if err != nil {
				return nil, err
			}
			return []iampolicy.Document{iampolicy.NewDocument(s...)}, nil
		}},
		{"human-access", func() ([]iampolicy.Document, error) {
			d, err := iampolicy.HumanAccessPolicy(humanSpec())
			return []iampolicy.Document{d}, err
		}},
		{"pass-role-self", func() ([]iampolicy.Document, error) {
			return []iampolicy.Document{iampolicy.PassRoleSelfPolicy("arn:aws:iam::123456789012:role/exec")}, nil
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			docs, err := tc.docs()
			require.NoError(t, err)
			var b strings.Builder
			b.WriteString("[\n")
			for i, d := range docs {
				s, err := d.Indented()
				require.NoError(t, err)
				if i > 0 {
					b.WriteString(",\n")
				}
				b.WriteString(strings.TrimRight(s, "\n"))
			}
			b.WriteString("\n]\n")
			path := filepath.Join("testdata", tc.name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./components/security/iampolicy -run TestGolden -update")
			assert.Equal(t, string(want), b.String())
		})
	}
}

// assertSplitDecidesAsWhole: documents split from stmts, taken together, decide every case of
// the proof matrix exactly as the unsplit statements do.
func assertSplitDecidesAsWhole(t *testing.T, docs []iampolicy.Document, stmts []iampolicy.Statement) {
	t.Helper()
	var all []iamsim.Statement
	for _, d := range docs {
		p, err := iamsim.Parse([]byte(d.MustJSON()))
		require.NoError(t, err)
		all = append(all, p.Statements...)
	}
	whole := guardDoc(t, stmts)
	for _, c := range guardcases.GuardCases() {
		r := iamsim.Request{Action: c.Action, Keys: c.Keys}
		a, err := iamsim.Evaluate(all, r)
		require.NoError(t, err)
		b, err := whole.Evaluate(r)
		require.NoError(t, err)
		assert.Equal(t, b, a, c.Name)
	}
}
