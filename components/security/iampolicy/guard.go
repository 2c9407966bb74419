package iampolicy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
)

// SageMaker condition keys the deny guard tests (Service Authorization Reference, see data/).
const (
	KeyVpcSubnets                      = "sagemaker:VpcSubnets"                      // ArrayOfString
	KeyVpcSecurityGroupIds             = "sagemaker:VpcSecurityGroupIds"             // ArrayOfString
	KeyAppNetworkAccessType            = "sagemaker:AppNetworkAccessType"            // String
	KeyDirectInternetAccess            = "sagemaker:DirectInternetAccess"            // String
	KeyRootAccess                      = "sagemaker:RootAccess"                      // String
	KeyNetworkIsolation                = "sagemaker:NetworkIsolation"                // Bool
	KeyInterContainerTrafficEncryption = "sagemaker:InterContainerTrafficEncryption" // Bool
)

// Global condition keys the guard tests (IAM User Guide, "AWS global condition context keys").
const (
	// KeySourceVpce is the VPC endpoint a request came through; single-valued, and present only
	// when the request goes through a VPC endpoint (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
	KeySourceVpce = "aws:SourceVpce"
	// KeyViaAWSService is true when a service makes the request on the principal's behalf
	// (forward access sessions); the network context is not carried over then (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
	// aws:ViaAWSService).
	KeyViaAWSService = "aws:ViaAWSService"
	// KeyPrincipalIsAWSService is true when the principal is an AWS service principal.
	KeyPrincipalIsAWSService = "aws:PrincipalIsAWSService"
)

// ActionCreatePresignedDomainUrl is the action statement 7 restricts. It has no
// SageMaker-specific condition keys (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html),
// only the global ones.
//
// It is authorized twice over. First the API call itself, which arrives through the hub's
// SageMaker API endpoint (com.amazonaws.<region>.sagemaker.api). Then every request the browser
// makes to the Studio app with the URL: the CreatePresignedDomainUrl API reference says "IAM
// authorization policies for this API are also enforced for every HTTP request and WebSocket
// frame that attempts to connect to the app"
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html).
// Those requests go to https://<domain-id>.studio.<region>.sagemaker.aws and so, from the
// corporate network or a VPC, through the Studio endpoint (aws.sagemaker.<region>.studio), whose
// id is their aws:SourceVpce. AWS's own example policy for this case lists both endpoint ids
// under aws:SourceVpce ("Connect to Studio Through an Interface VPC Endpoint", section "Allow
// Access Only from Within Your VPC", Example 2:
// https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html). So every
// statement about this action admits the API and the Studio endpoints together.
const ActionCreatePresignedDomainUrl = "sagemaker:CreatePresignedDomainUrl"

// Statement IDs of the deny guard. They are stable: the components name documents after them and
// the tests address statements by them.
const (
	SidWithoutVpcSubnets          = "DenySageMakerWithoutVpcSubnets"
	SidOutsideSpokeSubnets        = "DenySageMakerOutsideSpokeSubnets"
	SidWithoutSecurityGroups      = "DenySageMakerWithoutSecurityGroups"
	SidOutsideSecurityGroups      = "DenySageMakerOutsideLandingZoneSecurityGroups"
	SidDomainNotVpcOnly           = "DenyDomainNotVpcOnly"
	SidNotebookInternet           = "DenyNotebookDirectInternetAccess"
	SidNotebookRootAccess         = "DenyNotebookRootAccess"
	SidNetworkIsolationFalse      = "DenyNetworkIsolationFalse"
	SidNetworkIsolationUnset      = "DenyNetworkIsolationUnset"
	SidInterContainerFalse        = "DenyInterContainerEncryptionFalse"
	SidInterContainerUnset        = "DenyInterContainerEncryptionUnset"
	SidPresignedUrlOutsideApiVpce = "DenyPresignedDomainUrlOutsideApiEndpoint"
)

// Values the guard requires.
const (
	AppNetworkAccessVpcOnly = "VpcOnly"
	Disabled                = "Disabled"
)

// MaxIDLength is the length of the longest AWS resource ID suffix (the 17 hexadecimal characters
// of "subnet-0123456789abcdef0"; older IDs have 8). Validation refuses longer suffixes, so a guard
// laid out with WorstCaseSpec IDs never grows when real IDs replace them.
const MaxIDLength = 17

var (
	subnetIDRe   = regexp.MustCompile(`^subnet-[0-9a-zA-Z]{1,17}$`)
	sgIDRe       = regexp.MustCompile(`^sg-[0-9a-zA-Z]{1,17}$`)
	endpointIDRe = regexp.MustCompile(`^vpce-[0-9a-zA-Z]{1,17}$`)
)

// GuardSpec is what the deny guard allows.
type GuardSpec struct {
	// SubnetIds are the landing zone's spoke subnets: the only subnets SageMaker resources may
	// use. Required, at least one.
	SubnetIds []string
	// SecurityGroupIds are the landing zone's Studio security groups: the only security groups
	// SageMaker resources may use. Required, at least one.
	SecurityGroupIds []string
	// ApiEndpointIds are the hub's SageMaker API interface endpoints (com.amazonaws.R.sagemaker.api):
	// with StudioEndpointIds, the only way CreatePresignedDomainUrl may arrive. Required (at least
	// one) with DenyPresignedUrlOutsideApi; otherwise only checked for format.
	ApiEndpointIds []string
	// StudioEndpointIds are the hub's Studio interface endpoints (aws.sagemaker.R.studio): the
	// Studio app's HTTPS and WebSocket requests, authorized as CreatePresignedDomainUrl, arrive
	// through them (ActionCreatePresignedDomainUrl). Required (at least one) with
	// DenyPresignedUrlOutsideApi; otherwise only checked for format.
	StudioEndpointIds []string
	// DenyPresignedUrlOutsideApi adds statement 7 (SidPresignedUrlOutsideApiVpce). Execution
	// roles never call CreatePresignedDomainUrl, so their managed guard leaves it out; it belongs
	// on humans (HumanAccessPolicy) and in the SCP, which binds every principal of the accounts
	// it is attached to, humans included. Default false.
	DenyPresignedUrlOutsideApi bool
	// Regulated adds the NetworkIsolation and InterContainerTrafficEncryption statements.
	// Default false.
	Regulated bool
	// DenyRootAccess adds the notebook RootAccess statement. Default false.
	DenyRootAccess bool
}

// Validate checks every field and returns all problems at once.
func (g GuardSpec) Validate() error {
	var errs []error
	check := func(field string, ids []string, re *regexp.Regexp, want string) {
		if len(ids) == 0 {
			errs = append(errs, fmt.Errorf("GuardSpec.%s is empty: want at least one: %s", field, want))
		}
		for i, id := range ids {
			if !re.MatchString(id) {
				errs = append(errs, fmt.Errorf("GuardSpec.%s[%d] = %q: want %s", field, i, id, want))
			}
		}
	}
	check("SubnetIds", g.SubnetIds, subnetIDRe, "a subnet id (subnet- and up to 17 alphanumerics)")
	check("SecurityGroupIds", g.SecurityGroupIds, sgIDRe, "a security group id (sg- and up to 17 alphanumerics)")
	if g.DenyPresignedUrlOutsideApi || len(g.ApiEndpointIds) > 0 {
		check("ApiEndpointIds", g.ApiEndpointIds, endpointIDRe, "a VPC endpoint id (vpce- and up to 17 alphanumerics) of the hub's sagemaker.api endpoint")
	}
	if g.DenyPresignedUrlOutsideApi || len(g.StudioEndpointIds) > 0 {
		check("StudioEndpointIds", g.StudioEndpointIds, endpointIDRe, "a VPC endpoint id (vpce- and up to 17 alphanumerics) of the hub's studio endpoint: Studio's HTTPS and WebSocket requests are authorized as CreatePresignedDomainUrl through it")
	}
	return errors.Join(errs...)
}

// sortedUnique returns the sorted set of ids.
func sortedUnique(ids []string) Values {
	seen := map[string]bool{}
	out := Values{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func deny(sid string, actions []string, cond Condition) Statement {
	return Statement{Sid: sid, Effect: Deny, Action: Values(actions), Resource: Values{"*"}, Condition: cond}
}

// DenyGuard returns the landing zone's SageMaker deny guard. Each statement tests one thing, so
// that IAM's AND between the keys of one statement never weakens a check, and each names only
// actions the reference lists for the key it tests:
//
//  1. SidWithoutVpcSubnets: Null sagemaker:VpcSubnets true, on every action supporting the key: a
//     resource with no VPC configuration is denied. (The set test of 2 does nothing when the key is
//     absent, hence this statement.)
//  2. SidOutsideSpokeSubnets: ForAnyValue:StringNotEquals sagemaker:VpcSubnets [spoke subnets]:
//     denied when ANY subnet of the request is not a spoke subnet (the key is multivalued,
//     ArrayOfString, so it needs a set operator: IAM User Guide, "Single-valued vs. multivalued
//     context keys"). ForAllValues:StringEquals in an Allow would instead be true for an absent key.
//  3. SidWithoutSecurityGroups / SidOutsideSecurityGroups: the same two for
//     sagemaker:VpcSecurityGroupIds and the landing zone's security groups.
//  4. SidDomainNotVpcOnly: StringNotEquals sagemaker:AppNetworkAccessType VpcOnly on CreateDomain
//     and UpdateDomain. A negated operator is true when the key is absent ("If the policy
//     condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the
//     right key is not present, the condition is true": IAM User Guide, "IAM JSON policy elements:
//     Condition operators"), so a CreateDomain that omits the type (default PublicInternetOnly) is
//     denied, and an UpdateDomain must restate VpcOnly.
//  5. SidNotebookInternet: StringNotEquals sagemaker:DirectInternetAccess Disabled on
//     CreateNotebookInstance (absent means the API default, Enabled: denied);
//     SidNotebookRootAccess (DenyRootAccess): StringNotEquals sagemaker:RootAccess Disabled on
//     CreateNotebookInstance and UpdateNotebookInstance (absent means Enabled on create; an update
//     must restate Disabled).
//  6. Regulated only: for each of sagemaker:NetworkIsolation and
//     sagemaker:InterContainerTrafficEncryption, Bool false and, separately, Null true, on the
//     actions supporting that key: false or absent is denied.
//  7. SidPresignedUrlOutsideApiVpce (only with DenyPresignedUrlOutsideApi: the SCP; the human
//     policy carries the same statement, PresignedUrlOutsideApiStatement): CreatePresignedDomainUrl
//     is denied unless aws:SourceVpce is one of the hub's SageMaker API or Studio endpoints
//     (ActionCreatePresignedDomainUrl: the Studio app's own requests are authorized as this
//     action through the Studio endpoint) (StringNotEquals on a single-valued key, no
//     ForAnyValue: IAM User Guide, "Single-valued vs. multivalued context keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html;
//     absent, i.e. not through an endpoint, is denied), except for calls AWS services
//     make for the principal or service principals (BoolIfExists aws:ViaAWSService false and
//     aws:PrincipalIsAWSService false: the network context is removed on service-to-service
//     calls, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
//
// Consequences to know (documented, deliberate):
//   - The Update* actions the reference lists for a key (UpdateDomain, UpdateUserProfile,
//     UpdateCluster, UpdateMonitoringSchedule, UpdateNotebookInstance) are denied unless the call
//     restates the network settings (subnets, security groups, VpcOnly, RootAccess Disabled): an
//     absent key is not trusted to mean "unchanged".
//   - With statement 7, Studio cannot be opened from the SageMaker console (the console calls
//     CreatePresignedDomainUrl from outside the endpoint); users call the API through the hub, and
//     it works for IAM-auth domains only (caveats of
//     https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html).
//   - CreateTransformJob, CreateSpace and CreateApp carry none of the keys: their network is the
//     model's (CreateModel is guarded) or the domain's.
//
// Statement order is the order above; values are sorted and de-duplicated, so the output is a
// function of the set of IDs only.
func DenyGuard(spec GuardSpec) ([]Statement, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	r := reference
	subnets := sortedUnique(spec.SubnetIds)
	sgs := sortedUnique(spec.SecurityGroupIds)
	stmts := []Statement{
		deny(SidWithoutVpcSubnets, r.ActionsSupporting(KeyVpcSubnets),
			Condition{"Null": {KeyVpcSubnets: {"true"}}}),
		deny(SidOutsideSpokeSubnets, r.ActionsSupporting(KeyVpcSubnets),
			Condition{"ForAnyValue:StringNotEquals": {KeyVpcSubnets: subnets}}),
		deny(SidWithoutSecurityGroups, r.ActionsSupporting(KeyVpcSecurityGroupIds),
			Condition{"Null": {KeyVpcSecurityGroupIds: {"true"}}}),
		deny(SidOutsideSecurityGroups, r.ActionsSupporting(KeyVpcSecurityGroupIds),
			Condition{"ForAnyValue:StringNotEquals": {KeyVpcSecurityGroupIds: sgs}}),
		deny(SidDomainNotVpcOnly, r.ActionsSupporting(KeyAppNetworkAccessType),
			Condition{"StringNotEquals": {KeyAppNetworkAccessType: {AppNetworkAccessVpcOnly}}}),
		deny(SidNotebookInternet, r.ActionsSupporting(KeyDirectInternetAccess),
			Condition{"StringNotEquals": {KeyDirectInternetAccess: {Disabled}}}),
	}
	if spec.DenyRootAccess {
		stmts = append(stmts, deny(SidNotebookRootAccess, r.ActionsSupporting(KeyRootAccess),
			Condition{"StringNotEquals": {KeyRootAccess: {Disabled}}}))
	}
	if spec.Regulated {
		for _, k := range []struct{ key, falseSid, unsetSid string }{
			{KeyNetworkIsolation, SidNetworkIsolationFalse, SidNetworkIsolationUnset},
			{KeyInterContainerTrafficEncryption, SidInterContainerFalse, SidInterContainerUnset},
		} {
			actions := r.ActionsSupporting(k.key)
			stmts = append(stmts,
				deny(k.falseSid, actions, Condition{"Bool": {k.key: {"false"}}}),
				deny(k.unsetSid, actions, Condition{"Null": {k.key: {"true"}}}))
		}
	}
	if spec.DenyPresignedUrlOutsideApi {
		stmts = append(stmts, PresignedUrlOutsideApiStatement(spec.ApiEndpointIds, spec.StudioEndpointIds))
	}
	for _, st := range stmts {
		if len(st.Action) == 0 {
			return nil, fmt.Errorf("iampolicy.DenyGuard: statement %s has no actions: the embedded reference data lacks its key", st.Sid)
		}
	}
	return stmts, nil
}

// PresignedUrlOutsideApiStatement is statement 7 of the guard: deny CreatePresignedDomainUrl
// unless aws:SourceVpce is one of the hub's SageMaker API endpoints (api: the API call) or
// Studio endpoints (studio: the Studio app's HTTPS and WebSocket requests, which AWS authorizes
// as the same action; ActionCreatePresignedDomainUrl), except for calls AWS services make for
// the principal and for service principals. The human access policy and the SCP carry it. (Its
// Sid, SidPresignedUrlOutsideApiVpce, keeps its historical value: Sids are stable.)
func PresignedUrlOutsideApiStatement(api, studio []string) Statement {
	return deny(SidPresignedUrlOutsideApiVpce, []string{ActionCreatePresignedDomainUrl},
		Condition{
			"StringNotEquals": {KeySourceVpce: PresignedUrlEndpoints(api, studio)},
			"BoolIfExists":    {KeyViaAWSService: {"false"}, KeyPrincipalIsAWSService: {"false"}},
		})
}

// PresignedUrlEndpoints is the one list of endpoints through which CreatePresignedDomainUrl is
// admitted: the API endpoints and the Studio endpoints, sorted and de-duplicated.
func PresignedUrlEndpoints(api, studio []string) Values {
	return sortedUnique(append(append([]string{}, api...), studio...))
}

// WorstCaseSpec returns a spec with the given numbers of distinct IDs, each of the longest
// length AWS issues (MaxIDLength characters after the prefix). A layout computed from it (see
// GuardLayout) holds any real spec with at most as many IDs of each kind. apiEndpoints counts the
// hub's endpoints of each kind: that many API and as many Studio endpoint ids.
// The result leaves DenyPresignedUrlOutsideApi false; set it for an SCP capacity.
func WorstCaseSpec(subnets, securityGroups, apiEndpoints int, regulated, denyRootAccess bool) GuardSpec {
	ids := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%0*x", prefix, MaxIDLength, i)
		}
		return out
	}
	vpces := ids("vpce-", 2*apiEndpoints)
	return GuardSpec{
		SubnetIds:         ids("subnet-", subnets),
		SecurityGroupIds:  ids("sg-", securityGroups),
		ApiEndpointIds:    vpces[:apiEndpoints],
		StudioEndpointIds: vpces[apiEndpoints:],
		Regulated:         regulated,
		DenyRootAccess:    denyRootAccess,
	}
}

// Guard groups: the deny guard's statements by concern. Each group has documents of its own,
// named after its key, so that a list growing (one more subnet or security group) updates a
// document in place instead of moving statements between documents and renaming them.
const (
	GroupSubnets        = "subnets"
	GroupSecurityGroups = "security-groups"
	GroupSettings       = "settings"
)

// GuardGroups returns the deny guard's groups, in document order: the subnet statements, the
// security-group statements, and the settings (VpcOnly, notebook, regulated, presigned-URL)
// statements. Every Sid DenyGuard can emit is in exactly one group; optional statements
// (root access, regulated) join their group's documents when switched on.
func GuardGroups() []Group {
	return []Group{
		{Key: GroupSubnets, Sids: []string{SidWithoutVpcSubnets, SidOutsideSpokeSubnets}},
		{Key: GroupSecurityGroups, Sids: []string{SidWithoutSecurityGroups, SidOutsideSecurityGroups}},
		{Key: GroupSettings, Sids: []string{SidDomainNotVpcOnly, SidNotebookInternet, SidNotebookRootAccess,
			SidNetworkIsolationFalse, SidNetworkIsolationUnset, SidInterContainerFalse, SidInterContainerUnset,
			SidPresignedUrlOutsideApiVpce}},
	}
}

// GuardLayout splits the worst-case guard for the given capacity into documents under limit,
// group by group (GuardGroups, SplitGroups), and returns their layout and stable keys. The
// number of documents is therefore a function of plain values (the capacity), known before any
// resource ID is: a Pulumi program creates that many policies, named after the keys, then fills
// them with GuardDocuments once the IDs resolve. A larger capacity never renames a document: it
// can only add "<group>-N" documents.
func GuardLayout(capacity GuardSpec, limit int) (Layout, []string, error) {
	stmts, err := DenyGuard(capacity)
	if err != nil {
		return nil, nil, err
	}
	return layoutOf(stmts, limit)
}

// ServiceControlLayout is GuardLayout for the SCP form of the guard (ServiceControlGuard with
// the exempt principals).
func ServiceControlLayout(capacity GuardSpec, exempt []string, limit int) (Layout, []string, error) {
	stmts, err := ServiceControlGuard(capacity, exempt)
	if err != nil {
		return nil, nil, err
	}
	return layoutOf(stmts, limit)
}

func layoutOf(stmts []Statement, limit int) (Layout, []string, error) {
	docs, keys, err := SplitGroups(stmts, GuardGroups(), limit)
	if err != nil {
		return nil, nil, err
	}
	return LayoutOf(docs), keys, nil
}

// GuardDocuments renders the guard for spec into the documents of layout, each checked against
// limit.
func GuardDocuments(spec GuardSpec, layout Layout, limit int) ([]Document, error) {
	stmts, err := DenyGuard(spec)
	if err != nil {
		return nil, err
	}
	return Arrange(stmts, layout, limit)
}

// ServiceControlDocuments renders ServiceControlGuard(spec, exempt) into the documents of layout,
// each checked against limit.
func ServiceControlDocuments(spec GuardSpec, exempt []string, layout Layout, limit int) ([]Document, error) {
	stmts, err := ServiceControlGuard(spec, exempt)
	if err != nil {
		return nil, err
	}
	return Arrange(stmts, layout, limit)
}
