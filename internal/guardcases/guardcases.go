// Package guardcases is the proof matrix of the deny guard (components/security/iampolicy): test
// scaffolding shared by the offline tests and the live IAM simulation, kept out of the public API.
package guardcases

import (
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"

	"sort"
	"strings"
)

// The proof matrix of the deny guard: request contexts that must be denied (and by which
// statements) and ones that must be allowed. The offline tests evaluate it with internal/iamsim;
// the live test (internal/iamsim/live_test.go) sends the same cases to IAM's
// SimulateCustomPolicy. The expectations are written out by hand, never derived from DenyGuard.

// IDs of the case spec.
const (
	CaseSubnetA      = "subnet-0aaaaaaaaaaaaaaa1"
	CaseSubnetB      = "subnet-0bbbbbbbbbbbbbbb2"
	CaseSubnetAlien  = "subnet-0ffffffffffffff99"
	CaseSGDomain     = "sg-0d0d0d0d0d0d0d0d1"
	CaseSGUser       = "sg-0e0e0e0e0e0e0e0e2"
	CaseSGAlien      = "sg-0ffffffffffffff99"
	CaseApiEndpoint  = "vpce-0a1a1a1a1a1a1a1a1"
	CaseOtherVpce    = "vpce-0b2b2b2b2b2b2b2b2"
	CaseStudioVpce   = "vpce-0c3c3c3c3c3c3c3c3"
	caseTrue         = "true"
	caseFalse        = "false"
	caseEnabled      = "Enabled"
	casePublicDomain = "PublicInternetOnly"
)

// CaseSpec is the spec the cases are written against: two spoke subnets, a domain and a user
// security group, one hub API endpoint and one hub Studio endpoint, DenyRootAccess on, the presigned-URL statement on (the
// SCP's statement set, the largest), and Regulated as given.
func CaseSpec(regulated bool) iampolicy.GuardSpec {
	return iampolicy.GuardSpec{
		SubnetIds:                  []string{CaseSubnetA, CaseSubnetB},
		SecurityGroupIds:           []string{CaseSGDomain, CaseSGUser},
		ApiEndpointIds:             []string{CaseApiEndpoint},
		StudioEndpointIds:          []string{CaseStudioVpce},
		Regulated:                  regulated,
		DenyRootAccess:             true,
		DenyPresignedUrlOutsideApi: true,
	}
}

// ManagedCaseSpec is CaseSpec as the execution roles' managed guard has it: without the
// presigned-URL statement.
func ManagedCaseSpec(regulated bool) iampolicy.GuardSpec {
	s := CaseSpec(regulated)
	s.DenyPresignedUrlOutsideApi = false
	return s
}

// GuardCase is one request and its expected outcome under CaseSpec(Regulated).
type GuardCase struct {
	Name      string
	Regulated bool
	Action    string
	// Keys is the whole request context: a key not in the map is absent.
	Keys map[string][]string
	// DeniedBy are the Sids of the statements that must match, sorted; empty: no statement may
	// match (the guard allows the request).
	DeniedBy []string
}

// compliantKeys is a request context for action that sets, to an allowed value, every key of the
// guard the action supports: what a well-configured client sends.
func compliantKeys(action string) map[string][]string {
	good := map[string][]string{
		iampolicy.KeyVpcSubnets:                      {CaseSubnetA},
		iampolicy.KeyVpcSecurityGroupIds:             {CaseSGDomain},
		iampolicy.KeyAppNetworkAccessType:            {iampolicy.AppNetworkAccessVpcOnly},
		iampolicy.KeyDirectInternetAccess:            {iampolicy.Disabled},
		iampolicy.KeyRootAccess:                      {iampolicy.Disabled},
		iampolicy.KeyNetworkIsolation:                {caseTrue},
		iampolicy.KeyInterContainerTrafficEncryption: {caseTrue},
	}
	out := map[string][]string{}
	ref := iampolicy.SageMakerReference()
	for k, v := range good {
		if ref.Supports(action, k) {
			out[k] = v
		}
	}
	return out
}

// with returns compliantKeys(action) with set applied and unset removed.
func with(action string, set map[string][]string, unset ...string) map[string][]string {
	out := compliantKeys(action)
	for k, v := range set {
		out[k] = v
	}
	for _, k := range unset {
		delete(out, k)
	}
	return out
}

func presigned(set map[string][]string) map[string][]string {
	out := map[string][]string{iampolicy.KeyViaAWSService: {caseFalse}, iampolicy.KeyPrincipalIsAWSService: {caseFalse}}
	for k, v := range set {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func sids(s ...string) []string {
	sort.Strings(s)
	return s
}

// GuardCases returns the proof matrix.
func GuardCases() []GuardCase {
	const (
		train    = "sagemaker:CreateTrainingJob"
		process  = "sagemaker:CreateProcessingJob"
		model    = "sagemaker:CreateModel"
		domain   = "sagemaker:CreateDomain"
		updDom   = "sagemaker:UpdateDomain"
		profile  = "sagemaker:CreateUserProfile"
		notebook = "sagemaker:CreateNotebookInstance"
		updNb    = "sagemaker:UpdateNotebookInstance"
		automl   = "sagemaker:CreateAutoMLJobV2"
	)
	type kv = map[string][]string
	cases := []GuardCase{
		// 1-2: subnets.
		{Name: "training job in an approved subnet", Action: train, Keys: with(train, nil)},
		{Name: "training job in both approved subnets", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSubnets: {CaseSubnetA, CaseSubnetB}})},
		{Name: "training job with no VPC config", Action: train, Keys: with(train, nil, iampolicy.KeyVpcSubnets, iampolicy.KeyVpcSecurityGroupIds),
			DeniedBy: sids(iampolicy.SidWithoutVpcSubnets, iampolicy.SidWithoutSecurityGroups)},
		{Name: "training job with security groups but no subnets", Action: train, Keys: with(train, nil, iampolicy.KeyVpcSubnets),
			DeniedBy: sids(iampolicy.SidWithoutVpcSubnets)},
		{Name: "training job in a foreign subnet", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSubnets: {CaseSubnetAlien}}),
			DeniedBy: sids(iampolicy.SidOutsideSpokeSubnets)},
		{Name: "training job in approved and foreign subnets", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSubnets: {CaseSubnetA, CaseSubnetAlien}}),
			DeniedBy: sids(iampolicy.SidOutsideSpokeSubnets)},
		{Name: "processing job with no VPC config", Action: process, Keys: with(process, nil, iampolicy.KeyVpcSubnets, iampolicy.KeyVpcSecurityGroupIds),
			DeniedBy: sids(iampolicy.SidWithoutVpcSubnets, iampolicy.SidWithoutSecurityGroups)},
		{Name: "model with no VPC config", Action: model, Keys: with(model, nil, iampolicy.KeyVpcSubnets, iampolicy.KeyVpcSecurityGroupIds),
			DeniedBy: sids(iampolicy.SidWithoutVpcSubnets, iampolicy.SidWithoutSecurityGroups)},
		{Name: "model in the spoke", Action: model, Keys: with(model, nil)},
		{Name: "notebook instance with no VPC config", Action: notebook, Keys: with(notebook, nil, iampolicy.KeyVpcSubnets, iampolicy.KeyVpcSecurityGroupIds),
			DeniedBy: sids(iampolicy.SidWithoutVpcSubnets, iampolicy.SidWithoutSecurityGroups)},
		// 3: security groups.
		{Name: "training job with a foreign security group", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSecurityGroupIds: {CaseSGAlien}}),
			DeniedBy: sids(iampolicy.SidOutsideSecurityGroups)},
		{Name: "training job with approved and foreign security groups", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSecurityGroupIds: {CaseSGDomain, CaseSGAlien}}),
			DeniedBy: sids(iampolicy.SidOutsideSecurityGroups)},
		{Name: "training job with both approved security groups", Action: train, Keys: with(train, kv{iampolicy.KeyVpcSecurityGroupIds: {CaseSGDomain, CaseSGUser}})},
		{Name: "user profile with its own security group (no subnet key exists for it)", Action: profile, Keys: with(profile, kv{iampolicy.KeyVpcSecurityGroupIds: {CaseSGUser}})},
		{Name: "user profile without security groups", Action: profile, Keys: with(profile, nil, iampolicy.KeyVpcSecurityGroupIds),
			DeniedBy: sids(iampolicy.SidWithoutSecurityGroups)},
		{Name: "user profile with a foreign security group", Action: profile, Keys: with(profile, kv{iampolicy.KeyVpcSecurityGroupIds: {CaseSGAlien}}),
			DeniedBy: sids(iampolicy.SidOutsideSecurityGroups)},
		// 4: domains.
		{Name: "VpcOnly domain in the spoke", Action: domain, Keys: with(domain, nil)},
		{Name: "PublicInternetOnly domain", Action: domain, Keys: with(domain, kv{iampolicy.KeyAppNetworkAccessType: {casePublicDomain}}),
			DeniedBy: sids(iampolicy.SidDomainNotVpcOnly)},
		{Name: "domain without AppNetworkAccessType (API default PublicInternetOnly)", Action: domain, Keys: with(domain, nil, iampolicy.KeyAppNetworkAccessType),
			DeniedBy: sids(iampolicy.SidDomainNotVpcOnly)},
		{Name: "PublicInternetOnly domain in a foreign subnet", Action: domain, Keys: with(domain, kv{iampolicy.KeyAppNetworkAccessType: {casePublicDomain}, iampolicy.KeyVpcSubnets: {CaseSubnetAlien}}),
			DeniedBy: sids(iampolicy.SidDomainNotVpcOnly, iampolicy.SidOutsideSpokeSubnets)},
		{Name: "domain update to PublicInternetOnly", Action: updDom, Keys: with(updDom, kv{iampolicy.KeyAppNetworkAccessType: {casePublicDomain}}),
			DeniedBy: sids(iampolicy.SidDomainNotVpcOnly)},
		{Name: "domain update restating VpcOnly", Action: updDom, Keys: with(updDom, nil)},
		// 5: notebook instances.
		{Name: "notebook without direct internet access or root", Action: notebook, Keys: with(notebook, nil)},
		{Name: "notebook with direct internet access", Action: notebook, Keys: with(notebook, kv{iampolicy.KeyDirectInternetAccess: {caseEnabled}}),
			DeniedBy: sids(iampolicy.SidNotebookInternet)},
		{Name: "notebook without DirectInternetAccess (API default Enabled)", Action: notebook, Keys: with(notebook, nil, iampolicy.KeyDirectInternetAccess),
			DeniedBy: sids(iampolicy.SidNotebookInternet)},
		{Name: "notebook with root access", Action: notebook, Keys: with(notebook, kv{iampolicy.KeyRootAccess: {caseEnabled}}),
			DeniedBy: sids(iampolicy.SidNotebookRootAccess)},
		{Name: "notebook update enabling root access", Action: updNb, Keys: with(updNb, kv{iampolicy.KeyRootAccess: {caseEnabled}}),
			DeniedBy: sids(iampolicy.SidNotebookRootAccess)},
		{Name: "notebook update keeping root disabled", Action: updNb, Keys: with(updNb, nil)},
		// 6: regulated.
		{Name: "regulated: isolated, encrypted training job", Regulated: true, Action: train, Keys: with(train, nil)},
		{Name: "regulated: training job with network isolation false", Regulated: true, Action: train, Keys: with(train, kv{iampolicy.KeyNetworkIsolation: {caseFalse}}),
			DeniedBy: sids(iampolicy.SidNetworkIsolationFalse)},
		{Name: "regulated: training job without network isolation key", Regulated: true, Action: train, Keys: with(train, nil, iampolicy.KeyNetworkIsolation),
			DeniedBy: sids(iampolicy.SidNetworkIsolationUnset)},
		{Name: "regulated: training job with inter-container encryption false", Regulated: true, Action: train, Keys: with(train, kv{iampolicy.KeyInterContainerTrafficEncryption: {caseFalse}}),
			DeniedBy: sids(iampolicy.SidInterContainerFalse)},
		{Name: "regulated: training job without inter-container encryption key", Regulated: true, Action: train, Keys: with(train, nil, iampolicy.KeyInterContainerTrafficEncryption),
			DeniedBy: sids(iampolicy.SidInterContainerUnset)},
		{Name: "regulated: model (no inter-container key) with isolation", Regulated: true, Action: model, Keys: with(model, nil)},
		{Name: "regulated: model without isolation", Regulated: true, Action: model, Keys: with(model, nil, iampolicy.KeyNetworkIsolation),
			DeniedBy: sids(iampolicy.SidNetworkIsolationUnset)},
		{Name: "regulated: AutoML V2 (no isolation key) with encryption", Regulated: true, Action: automl, Keys: with(automl, nil)},
		{Name: "not regulated: training job with isolation and encryption false", Action: train,
			Keys: with(train, kv{iampolicy.KeyNetworkIsolation: {caseFalse}, iampolicy.KeyInterContainerTrafficEncryption: {caseFalse}})},
		// 7: presigned domain URLs.
		{Name: "presigned URL through the hub API endpoint", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeySourceVpce: {CaseApiEndpoint}})},
		{Name: "presigned URL from the internet", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(nil), DeniedBy: sids(iampolicy.SidPresignedUrlOutsideApiVpce)},
		{Name: "presigned URL through another VPC endpoint", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeySourceVpce: {CaseOtherVpce}}), DeniedBy: sids(iampolicy.SidPresignedUrlOutsideApiVpce)},
		// The Studio app's HTTPS requests and WebSocket frames are authorized as
		// CreatePresignedDomainUrl and arrive through the Studio endpoint (API reference of
		// CreatePresignedDomainUrl): admitted.
		{Name: "Studio app request through the hub Studio endpoint", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeySourceVpce: {CaseStudioVpce}})},
		{Name: "presigned URL made by an AWS service for the user", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeyViaAWSService: {caseTrue}})},
		{Name: "presigned URL from a service principal", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeyPrincipalIsAWSService: {caseTrue}})},
		{Name: "presigned URL with no service keys and no endpoint", Action: iampolicy.ActionCreatePresignedDomainUrl,
			Keys: presigned(kv{iampolicy.KeyViaAWSService: nil, iampolicy.KeyPrincipalIsAWSService: nil}), DeniedBy: sids(iampolicy.SidPresignedUrlOutsideApiVpce)},
		// Actions outside every statement.
		{Name: "CreateApp carries none of the keys", Action: "sagemaker:CreateApp", Keys: map[string][]string{}},
		{Name: "CreateTransformJob has no VPC keys: its network is enforced on CreateModel", Action: "sagemaker:CreateTransformJob", Keys: map[string][]string{}},
		{Name: "presigned-URL keys do not affect DescribeUserProfile", Action: "sagemaker:DescribeUserProfile", Keys: presigned(nil)},
	}
	for i := range cases {
		cases[i].Name = strings.TrimSpace(cases[i].Name)
	}
	return cases
}
