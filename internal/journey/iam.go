package journey

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Resource types the IAM side reads.
const (
	typeIamPolicy       = "aws:iam/policy:Policy"
	typeIamRole         = "aws:iam/role:Role"
	typeRolePolicy      = "aws:iam/rolePolicy:RolePolicy"
	typeRoleAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeOrgPolicy       = "aws:organizations/policy:Policy"
	typeOrgAttachment   = "aws:organizations/policyAttachment:PolicyAttachment"
	typeVpcEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeEndpointPolicy  = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy"
	typeDomain          = "aws:sagemaker/domain:Domain"
	typeUserProfile     = "aws:sagemaker/userProfile:UserProfile"
	typeCADomain        = "aws:codeartifact/domain:Domain"
	typeCARepository    = "aws:codeartifact/repository:Repository"
	typeCADomainPolicy  = "aws:codeartifact/domainPermissions:DomainPermissions"
	typeCARepoPolicy    = "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy"
	typeEcrRepository   = "aws:ecr/repository:Repository"
	typeEcrRepoPolicy   = "aws:ecr/repositoryPolicy:RepositoryPolicy"
	denyGuardNamePrefix = "deny-" // Guardrails names its deny-guard policies "<name>-deny-<key>"
)

// doc is a named policy document as the recording holds it.
type doc struct {
	name string // logical name of the resource holding it
	text string
}

// principal is who makes a request: its identity policies, permission boundary and the SCPs of
// its account, and the context keys AWS puts on its requests.
type principal struct {
	label    string
	account  string
	arn      string
	tags     map[string]string
	policies []doc
	boundary *doc
	scps     []doc
}

// keys returns the principal's context keys (IAM User Guide, "AWS global condition context
// keys": aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalTag/<key>,
// aws:PrincipalIsAWSService; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
// aws:ViaAWSService is false: the principal makes the request itself.
func (p principal) keys(orgID string) map[string][]string {
	k := map[string][]string{
		"aws:PrincipalArn":          {p.arn},
		"aws:PrincipalAccount":      {p.account},
		iampolicy.KeyViaAWSService:  {"false"},
		"aws:PrincipalIsAWSService": {"false"},
	}
	if orgID != "" {
		k["aws:PrincipalOrgID"] = []string{orgID}
	}
	for tk, tv := range p.tags {
		k["aws:PrincipalTag/"+tk] = []string{tv}
	}
	return k
}

// evaluate evaluates one policy document for a request. kind selects the parser: identity
// documents (no Principal), endpoint and resource policies (Principal "*").
func evaluate(d doc, kind string, req iamsim.Request) (iamsim.Result, error) {
	var p iamsim.Policy
	var err error
	switch kind {
	case HopEndpointPolicy:
		p, err = iamsim.ParseEndpointPolicy([]byte(d.text))
	case HopResource:
		p, err = iamsim.ParseResourcePolicy([]byte(d.text))
	default:
		p, err = iamsim.Parse([]byte(d.text))
	}
	if err != nil {
		return iamsim.Result{}, fmt.Errorf("%s: %w", d.name, err)
	}
	return p.Evaluate(req)
}

func describe(req iamsim.Request) string {
	s := req.Action
	if req.Resource != "" {
		s += " on " + req.Resource
	}
	return s
}

// identityHop: an explicit Deny in any identity policy wins, else an Allow in any allows, else
// the implicit deny (IAM User Guide, "Policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
func identityHop(p principal, req iamsim.Request) check {
	return func() (Hop, bool) {
		var allowedBy []string
		for _, d := range p.policies {
			res, err := evaluate(d, HopIdentity, req)
			if err != nil {
				return block(HopIdentity, d.name, "cannot evaluate: "+err.Error())
			}
			switch res.Decision {
			case iamsim.Deny:
				return block(HopIdentity, d.name, fmt.Sprintf("%s denies %s to %s (%s)", d.name, describe(req), p.label, strings.Join(res.Matched, ", ")))
			case iamsim.Allow:
				allowedBy = append(allowedBy, d.name)
			}
		}
		if len(allowedBy) == 0 {
			names := make([]string, 0, len(p.policies))
			for _, d := range p.policies {
				names = append(names, d.name)
			}
			return block(HopIdentity, joinNames(names), fmt.Sprintf("no identity policy of %s allows %s (implicit deny)", p.label, describe(req)))
		}
		return pass(HopIdentity, joinNames(allowedBy), fmt.Sprintf("%s may %s", p.label, describe(req)))
	}
}

// boundaryHop: a permission boundary must allow the action too ("Permissions boundaries for IAM
// entities": the effective permissions are the intersection,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). No hop
// without a boundary.
func boundaryHop(p principal, req iamsim.Request) check {
	return func() (Hop, bool) {
		if p.boundary == nil {
			return Hop{}, false
		}
		res, err := evaluate(*p.boundary, HopIdentity, req)
		if err != nil {
			return block(HopBoundary, p.boundary.name, "cannot evaluate: "+err.Error())
		}
		if res.Decision != iamsim.Allow {
			return block(HopBoundary, p.boundary.name, fmt.Sprintf("the permission boundary of %s does not allow %s (%s)", p.label, describe(req), res.Decision))
		}
		return pass(HopBoundary, p.boundary.name, "the permission boundary allows it")
	}
}

// scpHop: the landing zone's SCPs are deny lists (the organization's FullAWSAccess allows the
// rest); a Deny in any stops the request, whoever allows it ("Service control policies", AWS
// Organizations User Guide, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
// No hop when the account has none.
func scpHop(p principal, req iamsim.Request) check {
	return func() (Hop, bool) {
		if len(p.scps) == 0 {
			return Hop{}, false
		}
		names := []string{}
		for _, d := range p.scps {
			names = append(names, d.name)
			res, err := evaluate(d, HopSCP, req)
			if err != nil {
				return block(HopSCP, d.name, "cannot evaluate: "+err.Error())
			}
			if res.Decision == iamsim.Deny {
				return block(HopSCP, d.name, fmt.Sprintf("the SCP denies %s to %s (%s)", describe(req), p.label, strings.Join(res.Matched, ", ")))
			}
		}
		return pass(HopSCP, joinNames(names), "no SCP statement denies it")
	}
}

// endpointPolicyHop: an interface endpoint's policy must allow the request; an endpoint without
// a policy has AWS's default policy, which allows full access through the endpoint ("Control
// access to VPC endpoints using endpoint policies", AWS PrivateLink guide,
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
func endpointPolicyHop(w *world, endpointID string, req iamsim.Request) check {
	return func() (Hop, bool) {
		d, name := w.endpointPolicy(endpointID)
		if d == nil {
			return pass(HopEndpointPolicy, name, "no endpoint policy: the default policy allows full access")
		}
		res, err := evaluate(*d, HopEndpointPolicy, req)
		if err != nil {
			return block(HopEndpointPolicy, d.name, "cannot evaluate: "+err.Error())
		}
		if res.Decision != iamsim.Allow {
			return block(HopEndpointPolicy, d.name, fmt.Sprintf("the endpoint policy does not allow %s (%s %s)", describe(req), res.Decision, strings.Join(res.Matched, ", ")))
		}
		return pass(HopEndpointPolicy, d.name, "the endpoint policy allows it ("+strings.Join(res.Matched, ", ")+")")
	}
}

// resourceHop: the resource's policy. A Deny stops the request; across accounts it must also
// allow, within one account the identity policy's Allow suffices ("Cross-account policy
// evaluation logic", IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
func resourceHop(d *doc, sameAccount bool, req iamsim.Request) check {
	return func() (Hop, bool) {
		if d == nil {
			return Hop{}, false
		}
		res, err := evaluate(*d, HopResource, req)
		if err != nil {
			return block(HopResource, d.name, "cannot evaluate: "+err.Error())
		}
		switch {
		case res.Decision == iamsim.Deny:
			return block(HopResource, d.name, fmt.Sprintf("the resource policy denies %s (%s)", describe(req), strings.Join(res.Matched, ", ")))
		case !sameAccount && res.Decision != iamsim.Allow:
			return block(HopResource, d.name, fmt.Sprintf("across accounts the resource policy must allow %s, and it does not", describe(req)))
		}
		return pass(HopResource, d.name, fmt.Sprintf("the resource policy admits it (%s)", res.Decision))
	}
}

// ---- the recording's IAM side ----

// world is what the journeys read from the recording besides the network.
type world struct {
	rec *recorder.Recording
}

func str(r recorder.Resource, path string) string { return r.String(path) }

// ancestorTypes returns the component types above r, nearest first, with their names.
func (w *world) ancestor(r recorder.Resource, typ string) (recorder.Resource, bool) {
	seen := map[string]bool{}
	for p := r.Parent; p != "" && !seen[p]; {
		seen[p] = true
		pr, ok := w.rec.ByURN(p)
		if !ok {
			break
		}
		if pr.Type == typ {
			return pr, true
		}
		p = pr.Parent
	}
	return recorder.Resource{}, false
}

// endpointPolicy returns the policy of the endpoint with that id: an aws:ec2/vpcEndpointPolicy
// naming it, else the endpoint's own policy input; nil for the default.
func (w *world) endpointPolicy(id string) (*doc, string) {
	name := id
	for _, r := range w.rec.ByType(typeEndpointPolicy) {
		if str(r, "vpcEndpointId") == id && str(r, "policy") != "" {
			return &doc{name: r.Name, text: str(r, "policy")}, r.Name
		}
	}
	for _, r := range w.rec.ByType(typeVpcEndpoint) {
		if r.ID == id {
			name = r.Name
			if p := str(r, "policy"); p != "" {
				return &doc{name: r.Name, text: p}, r.Name
			}
		}
	}
	return nil, name
}

// policyByArn returns the managed policy with that ARN.
func (w *world) policyByArn(arn string) (doc, bool) {
	for _, r := range w.rec.ByType(typeIamPolicy) {
		if str(r, "arn") == arn {
			return doc{name: r.Name, text: str(r, "policy")}, true
		}
	}
	return doc{}, false
}

// roleByArn returns an execution role as a principal: its inline policies, its attached managed
// policies, its permission boundary, and the SCPs of its account.
func (w *world) roleByArn(arn string) (principal, bool) {
	for _, r := range w.rec.ByType(typeIamRole) {
		if str(r, "arn") != arn {
			continue
		}
		p := principal{label: "role " + r.Name, account: r.Account, arn: arn}
		ids := map[string]bool{r.ID: true, str(r, "name"): true}
		var inline, attached []doc
		for _, rp := range w.rec.ByType(typeRolePolicy) {
			if ids[str(rp, "role")] {
				inline = append(inline, doc{name: rp.Name, text: str(rp, "policy")})
			}
		}
		for _, ra := range w.rec.ByType(typeRoleAttachment) {
			if ids[str(ra, "role")] {
				if d, ok := w.policyByArn(str(ra, "policyArn")); ok {
					attached = append(attached, d)
				}
			}
		}
		sortDocs(inline)
		sortDocs(attached)
		p.policies = append(inline, attached...)
		if b := str(r, "permissionsBoundary"); b != "" {
			if d, ok := w.policyByArn(b); ok {
				p.boundary = &d
			} else {
				p.boundary = &doc{name: b, text: `{"Version":"2012-10-17","Statement":[]}`}
			}
		}
		p.scps = w.scpsFor(r.Account)
		return p, true
	}
	return principal{}, false
}

func sortDocs(d []doc) { sort.Slice(d, func(i, j int) bool { return d[i].name < d[j].name }) }

// human returns a data scientist of an account: the human access policy of that account
// (vpconly:access:HumanAccessPolicy) and the account's deny-guard policies, which the program
// puts on the people too (HumanAccessPolicyArgs.DenyGuard), with the profile tag.
func (w *world) human(account, user, tagKey string) principal {
	p := principal{label: "data scientist " + user, account: account,
		arn: "arn:aws:iam::" + account + ":role/data-scientist-" + user, tags: map[string]string{tagKey: user}}
	var human, guard []doc
	for _, r := range w.rec.ByType(typeIamPolicy) {
		if r.Account != account {
			continue
		}
		if _, ok := w.ancestor(r, access.HumanAccessPolicyType); ok {
			human = append(human, doc{name: r.Name, text: str(r, "policy")})
			continue
		}
		if g, ok := w.ancestor(r, security.GuardrailsType); ok && strings.HasPrefix(r.Name, g.Name+"-"+denyGuardNamePrefix) {
			guard = append(guard, doc{name: r.Name, text: str(r, "policy")})
		}
	}
	sortDocs(human)
	sortDocs(guard)
	p.policies = append(human, guard...)
	p.scps = w.scpsFor(account)
	return p
}

// scpsFor returns the service control policies attached to an account, directly or through an
// OU or the root (any target that is not another account's 12-digit id).
func (w *world) scpsFor(account string) []doc {
	var out []doc
	for _, r := range w.rec.ByType(typeOrgPolicy) {
		if t := str(r, "type"); t != "" && t != "SERVICE_CONTROL_POLICY" {
			continue
		}
		applies := false
		for _, a := range w.rec.ByType(typeOrgAttachment) {
			if str(a, "policyId") != r.ID {
				continue
			}
			t := str(a, "targetId")
			if t == account || !isAccountID(t) {
				applies = true
			}
		}
		if applies {
			out = append(out, doc{name: r.Name, text: str(r, "content")})
		}
	}
	sortDocs(out)
	return out
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
