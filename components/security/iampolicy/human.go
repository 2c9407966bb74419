package iampolicy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
)

// The human access policy: what a data scientist's IAM role (or IAM Identity Center permission
// set) needs to open Studio through the landing zone, and no more.
//
// Whose profile. CreatePresignedDomainUrl's only resource is the user profile
// (arn:<partition>:sagemaker:<region>:<account>:user-profile/<domainId>/<profileName>;
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html), so the policy names the profile through a policy variable on the caller's principal tag:
// ${aws:PrincipalTag/<ProfileTagKey>}. IAM User Guide, "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), section
// "Tags as policy variables": "${aws:PrincipalTag/tag-key}" in the Resource element resolves to
// the tag on the calling principal. The tag comes from the IAM role or user, from a SAML/OIDC
// session tag, or from IAM Identity Center's "attributes for access control" (which become
// session tags, so the same document works as a permission-set inline policy). ${aws:userid}
// was not used: for an assumed role it is "<role id>:<session name>", not a profile name.
//
// Statements (Sids are stable):
//   - SidHumanList: the List* calls the Studio landing page and the CLI make (no resource-level
//     permissions: "*").
//   - SidHumanDescribe: DescribeDomain on the landing zone's domains; DescribeUserProfile on the
//     caller's own profile; DescribeSpace and DescribeApp in the domains.
//   - SidHumanPresignedOwnProfile: CreatePresignedDomainUrl on the caller's own profile in each
//     domain, only when aws:SourceVpce is one of the hub's SageMaker API endpoints (the API call)
//     or Studio endpoints (every HTTPS request and WebSocket frame of the Studio app, which AWS
//     authorizes as CreatePresignedDomainUrl too: see ActionCreatePresignedDomainUrl). The
//     resource stays the caller's own profile, so the app's requests are admitted for that
//     profile only.
//   - SidPresignedUrlOutsideApiVpce: the guard's statement 7 (PresignedUrlOutsideApiStatement),
//     so no other policy of the caller (a broad managed policy, say) can open it from elsewhere.
//   - SidHumanPresignedOtherProfiles: Deny CreatePresignedDomainUrl on every user profile but
//     the caller's own (NotResource with the same variable).
//   - SidHumanPresignedWithoutTag: Deny CreatePresignedDomainUrl when the caller has no profile
//     tag at all (Null), since an unresolvable variable may make a statement invalid rather than
//     match (same IAM page, note at the top and "Policy variables with no value").

// DefaultStudioProfileTagKey is the principal tag whose value is the caller's Studio user profile
// name, when HumanSpec.ProfileTagKey is empty.
const DefaultStudioProfileTagKey = "studio-user-profile"

// Statement IDs of the human access policy.
const (
	SidHumanList                   = "ListStudioDomainsAndProfiles"
	SidHumanDescribe               = "DescribeOwnStudioResources"
	SidHumanPresignedOwnProfile    = "CreatePresignedDomainUrlForOwnProfileThroughApiEndpoint"
	SidHumanPresignedOtherProfiles = "DenyPresignedDomainUrlForOtherProfiles"
	SidHumanPresignedWithoutTag    = "DenyPresignedDomainUrlWithoutProfileTag"
)

// HumanListActions are the List calls a data scientist makes to find their domain and profile
// (the Studio landing page, `aws sagemaker list-domains`, `list-user-profiles`). They support no
// resource-level permissions.
var humanListActions = []string{"sagemaker:ListApps", "sagemaker:ListDomains", "sagemaker:ListSpaces", "sagemaker:ListUserProfiles"}

var (
	tagKeyRe    = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)
	accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)
	domainIDRe  = regexp.MustCompile(`^d-[a-z0-9]{1,20}$`)
	regionRe    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
)

// ProfileTagKeyPattern is what HumanSpec.ProfileTagKey accepts (IAM tag key characters, 1-128).
var ProfileTagKeyPattern = tagKeyRe.String()

// HumanSpec is what the human access policy names.
type HumanSpec struct {
	// Partition is the AWS partition ("aws"). Required.
	Partition string
	// Region is the domains' region. Required.
	Region string
	// AccountId is the domains' account (12 digits). Required.
	AccountId string
	// DomainIds are the landing zone's Studio domains (d-...). Required, at least one.
	DomainIds []string
	// ApiEndpointIds are the hub's SageMaker API interface endpoints (vpce-...). Required.
	ApiEndpointIds []string
	// StudioEndpointIds are the hub's Studio interface endpoints (vpce-...), through which the
	// Studio app's requests arrive (ActionCreatePresignedDomainUrl). Required.
	StudioEndpointIds []string
	// ProfileTagKey is the principal tag holding the caller's user profile name. Default
	// DefaultStudioProfileTagKey.
	ProfileTagKey string
}

// Validate checks every field and returns all problems at once.
func (h HumanSpec) Validate() error {
	var errs []error
	ok := false
	for _, p := range partitions {
		ok = ok || h.Partition == p
	}
	if !ok {
		errs = append(errs, fmt.Errorf("HumanSpec.Partition = %q: want one of %v", h.Partition, partitions))
	}
	if !regionRe.MatchString(h.Region) {
		errs = append(errs, fmt.Errorf("HumanSpec.Region = %q: want a region name such as us-east-1", h.Region))
	}
	if !accountIDRe.MatchString(h.AccountId) {
		errs = append(errs, fmt.Errorf("HumanSpec.AccountId = %q: want a 12-digit account id", h.AccountId))
	}
	list := func(field string, ids []string, re *regexp.Regexp, want string) {
		if len(ids) == 0 {
			errs = append(errs, fmt.Errorf("HumanSpec.%s is empty: want at least one %s", field, want))
		}
		for i, id := range ids {
			if !re.MatchString(id) {
				errs = append(errs, fmt.Errorf("HumanSpec.%s[%d] = %q: want %s", field, i, id, want))
			}
		}
	}
	list("DomainIds", h.DomainIds, domainIDRe, "a SageMaker domain id (d- and lowercase alphanumerics)")
	list("ApiEndpointIds", h.ApiEndpointIds, endpointIDRe, "a VPC endpoint id (vpce-...) of the hub's sagemaker.api endpoint")
	list("StudioEndpointIds", h.StudioEndpointIds, endpointIDRe, "a VPC endpoint id (vpce-...) of the hub's studio endpoint (Studio's HTTPS and WebSocket requests are authorized through it)")
	if h.ProfileTagKey != "" && !tagKeyRe.MatchString(h.ProfileTagKey) {
		errs = append(errs, fmt.Errorf("HumanSpec.ProfileTagKey = %q: want an IAM tag key (1-128 letters, digits, spaces or _.:/=+-@)", h.ProfileTagKey))
	}
	return errors.Join(errs...)
}

// ProfileVariable is the policy variable naming the caller's own user profile.
func (h HumanSpec) ProfileVariable() string {
	key := h.ProfileTagKey
	if key == "" {
		key = DefaultStudioProfileTagKey
	}
	return "${aws:PrincipalTag/" + key + "}"
}

func (h HumanSpec) arn(resource string) string {
	return fmt.Sprintf("arn:%s:sagemaker:%s:%s:%s", h.Partition, h.Region, h.AccountId, resource)
}

// HumanAccessPolicy returns the human access policy document for h (see the statements above).
func HumanAccessPolicy(h HumanSpec) (Document, error) {
	if err := h.Validate(); err != nil {
		return Document{}, err
	}
	domains := append([]string(nil), h.DomainIds...)
	sort.Strings(domains)
	domains = []string(sortedUnique(domains))
	own := h.ProfileVariable()
	var domainArns, ownProfiles, inDomain []string
	for _, d := range domains {
		domainArns = append(domainArns, h.arn("domain/"+d))
		ownProfiles = append(ownProfiles, h.arn("user-profile/"+d+"/"+own))
		inDomain = append(inDomain, h.arn("space/"+d+"/*"), h.arn("app/"+d+"/*"))
	}
	vpces := PresignedUrlEndpoints(h.ApiEndpointIds, h.StudioEndpointIds)
	tagKey := "aws:PrincipalTag/" + own[len("${aws:PrincipalTag/"):len(own)-1]
	return NewDocument(
		Statement{Sid: SidHumanList, Effect: Allow, Action: sorted(humanListActions), Resource: Values{"*"}},
		Statement{Sid: SidHumanDescribe, Effect: Allow,
			Action:   Values{"sagemaker:DescribeApp", "sagemaker:DescribeDomain", "sagemaker:DescribeSpace", "sagemaker:DescribeUserProfile"},
			Resource: sorted(append(append(append([]string{}, domainArns...), ownProfiles...), inDomain...))},
		Statement{Sid: SidHumanPresignedOwnProfile, Effect: Allow,
			Action: Values{ActionCreatePresignedDomainUrl}, Resource: sorted(ownProfiles),
			Condition: Condition{"StringEquals": {KeySourceVpce: vpces}}},
		PresignedUrlOutsideApiStatement(h.ApiEndpointIds, h.StudioEndpointIds),
		Statement{Sid: SidHumanPresignedOtherProfiles, Effect: Deny,
			Action: Values{ActionCreatePresignedDomainUrl}, NotResource: sorted(ownProfiles)},
		Statement{Sid: SidHumanPresignedWithoutTag, Effect: Deny,
			Action: Values{ActionCreatePresignedDomainUrl}, Resource: Values{"*"},
			Condition: Condition{"Null": {tagKey: {"true"}}}},
	), nil
}
