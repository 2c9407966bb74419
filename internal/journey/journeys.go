package journey

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Journey names.
const (
	JourneyStudioLogin     = "studio-login"                // a data scientist opens Studio from the corporate network
	JourneyOtherProfile    = "other-profile"               // the same person asks for another person's profile
	JourneyPipInstall      = "pip-install"                 // a notebook installs a package through CodeArtifact
	JourneyTrainingJob     = "training-job"                // a notebook starts a job in the landing zone's network, the job pulls its image, writes output
	JourneyJobWithoutVpc   = "training-job-without-vpc"    // the same job without VPC config
	JourneyJobForeignNet   = "training-job-foreign-subnet" // the same job in a foreign subnet
	JourneyInternetByName  = "internet-by-name"            // a notebook resolves and reaches pypi.org
	JourneyInternetByIP    = "internet-by-ip"              // a notebook sends a packet to a public address
	JourneyOnPremisesData  = "on-premises-data"            // a notebook reaches an on-premises data source
	JourneyOnPremisesRoute = "on-premises-route"           // the corporate network learns a route to the spoke
	JourneyDomainSettings  = "domain-settings"             // a platform engineer changes the domain's default settings
)

// Addresses and names of the internet journeys: pypi.org and one of its public addresses
// (Fastly, 151.101.0.223 in pypi.org's A records).
const (
	InternetName = "pypi.org"
	InternetIP   = "151.101.0.223"
)

// Options are the plain inputs the recording does not carry.
type Options struct {
	// Region of the stack. Required.
	Region string
	// Reach are the network options (corporate CIDRs, corporate endpoint keys).
	Reach reach.Options
	// Domains are the stack's Studio domains with their users, in config order.
	Domains []Domain
	// Spokes are the stack's spokes, in config order.
	Spokes []Spoke
	// ProfileTagKey is the principal tag naming a person's user profile.
	ProfileTagKey string
	// OrganizationID, when set, is every principal's aws:PrincipalOrgID.
	OrganizationID string
	// Packages and Images say whether the package and image supply paths are configured.
	Packages, Images bool
	// PlatformEngineerArn is the role a platform engineer changes domains with; default the
	// first SCP-exempt principal (the deploy role), else a role of the domain's account.
	PlatformEngineerArn string
}

// Domain is a Studio domain of the stack.
type Domain struct {
	Name, Spoke string
	Users       []string
}

// Spoke is a spoke of the stack.
type Spoke struct {
	Name string
	// OnPremises is set for the spokes in corporate.onPremisesSpokes.
	OnPremises bool
	// Buckets are the spoke's S3 buckets (job output).
	Buckets []string
}

// OptionsFromConfig gives the Options of a validated stack configuration.
func OptionsFromConfig(c *config.Config) Options {
	o := Options{Region: c.Region, Reach: reach.OptionsFromConfig(c), ProfileTagKey: c.HumanAccess.ProfileTagKey,
		OrganizationID: c.OrganizationID}
	if o.ProfileTagKey == "" {
		o.ProfileTagKey = iampolicy.DefaultStudioProfileTagKey
	}
	for _, d := range c.Domains {
		dd := Domain{Name: d.Name, Spoke: d.Spoke}
		for _, u := range d.Users {
			dd.Users = append(dd.Users, u.Name)
		}
		o.Domains = append(o.Domains, dd)
	}
	for _, s := range c.Spokes {
		o.Spokes = append(o.Spokes, Spoke{Name: s.Name, OnPremises: c.Corporate.ReachesOnPremises(s.Name), Buckets: s.S3Buckets})
	}
	if c.Supply != nil {
		o.Packages, o.Images = c.Supply.Packages != nil, c.Supply.Images != nil
	}
	if len(c.Guards.ScpExemptPrincipalArns) > 0 {
		o.PlatformEngineerArn = c.Guards.ScpExemptPrincipalArns[0]
	}
	return o
}

// Run computes the journeys of a recording.
func Run(rec *recorder.Recording, o Options) (Report, error) {
	if o.Region == "" {
		return Report{}, fmt.Errorf("journey: Options.Region is empty: want the stack's region such as us-east-1")
	}
	net, err := reach.NewNetwork(rec, o.Reach)
	if err != nil {
		return Report{}, err
	}
	e := &engine{o: o, net: net, w: &world{rec: rec}, partition: iampolicy.PartitionOf(o.Region)}
	r := Report{Journeys: []Journey{}, NotGenerated: []Skipped{}}
	corp := net.CorporateCidrs()
	skip := func(name, reason string) {
		r.NotGenerated = append(r.NotGenerated, Skipped{Name: name, Reason: reason})
	}
	if len(corp) == 0 {
		skip(JourneyStudioLogin, "no corporate section: nobody connects from a corporate network")
		skip(JourneyOtherProfile, "no corporate section")
		skip(JourneyOnPremisesData, "no corporate section: no on-premises network")
		skip(JourneyOnPremisesRoute, "no corporate section")
	}
	if !o.Packages {
		skip(JourneyPipInstall, "no supply.packages: no CodeArtifact path")
	}
	for _, d := range o.Domains {
		dom, ok := e.domain(d)
		if !ok {
			return Report{}, fmt.Errorf("journey: domain %q is not in the recording", d.Name)
		}
		if len(corp) > 0 {
			r.Journeys = append(r.Journeys, e.studioLogin(dom, corp[0]), e.otherProfile(dom, corp[0]))
		}
		if o.Packages {
			r.Journeys = append(r.Journeys, e.pipInstall(dom))
		}
		r.Journeys = append(r.Journeys, e.trainingJob(dom), e.jobWithoutVpc(dom), e.jobForeignSubnet(dom), e.domainSettings(dom))
	}
	for _, s := range o.Spokes {
		sp, ok := e.spoke(s)
		if !ok {
			return Report{}, fmt.Errorf("journey: spoke %q is not in the recording", s.Name)
		}
		r.Journeys = append(r.Journeys, e.internetByName(sp), e.internetByIP(sp))
		if len(corp) > 0 {
			r.Journeys = append(r.Journeys, e.onPremisesData(sp, corp[0]), e.onPremisesRoute(sp, corp[0]))
		}
	}
	return r, nil
}

type engine struct {
	o         Options
	net       *reach.Network
	w         *world
	partition string
}

// dom is a domain as recorded.
type dom struct {
	Domain
	id, account, vpc string
	subnets          []string
	users            []profile
	spoke            spoke
}

type profile struct {
	name, role, group string
}

// spoke is a spoke as recorded.
type spoke struct {
	Spoke
	vpc                   reach.VPC
	studioGroup, jobGroup string // a Studio group and the job group of the spoke's VPC
}

func (e *engine) spoke(s Spoke) (spoke, bool) {
	out := spoke{Spoke: s}
	found := false
	for _, v := range e.net.VPCs() {
		if v.Role == "spoke" && (v.Component == "spoke-"+s.Name || v.Component == s.Name) {
			out.vpc, found = v, true
		}
	}
	if !found {
		return out, false
	}
	for _, g := range e.net.SecurityGroups() {
		if g.VPC != out.vpc.ID {
			continue
		}
		switch {
		case g.Role == "studio" && out.studioGroup == "":
			out.studioGroup = g.ID
		case g.Role == "job" && out.jobGroup == "":
			out.jobGroup = g.ID
		}
	}
	return out, true
}

func (e *engine) domain(d Domain) (dom, bool) {
	out := dom{Domain: d}
	sp, ok := e.spoke(Spoke{Name: d.Spoke})
	if !ok {
		return out, false
	}
	for _, s := range e.o.Spokes {
		if s.Name == d.Spoke {
			sp.Spoke = s
		}
	}
	out.spoke = sp
	for _, r := range e.w.rec.ByType(typeDomain) {
		if str(r, "domainName") == d.Name || r.Name == "domain-"+d.Name {
			out.id, out.account, out.vpc = r.ID, r.Account, str(r, "vpcId")
			out.subnets = recorder.Strings(recorder.Lookup(r.Inputs, "subnetIds"))
		}
	}
	if out.id == "" {
		return out, false
	}
	for _, u := range d.Users {
		p := profile{name: u}
		for _, r := range e.w.rec.ByType(typeUserProfile) {
			if str(r, "domainId") == out.id && str(r, "userProfileName") == u {
				p.role = str(r, "userSettings.executionRole")
				if gs := recorder.Strings(recorder.Lookup(r.Inputs, "userSettings.securityGroups")); len(gs) > 0 {
					p.group = gs[0]
				}
			}
		}
		if p.group == "" {
			p.group = sp.studioGroup
		}
		out.users = append(out.users, p)
	}
	if len(out.users) == 0 {
		out.users = []profile{{name: "(no user)", group: sp.studioGroup}}
	}
	return out, true
}

// ---- ARNs and names ----

func (e *engine) arn(service, account, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.partition, service, e.o.Region, account, resource)
}

func (e *engine) hostOf(key string) string {
	ep, _ := network.LookupEndpoint(key)
	return ep.ZoneName(e.o.Region)
}

// ---- hops shared by the journeys ----

// target is what a request's name resolution ended at: the endpoint it enters.
type target struct {
	endpoint *reach.Endpoint
}

// firewallHop: the DNS Firewall of the source VPC. Blocked names are answered NXDOMAIN
// (DnsFirewallBlockResponse); the request never leaves the host.
func (e *engine) firewallHop(vpcID, name string) check {
	return func() (Hop, bool) {
		v := e.net.Firewall(vpcID, name)
		if v.Groups == 0 {
			return pass(HopDNSFirewall, "(no DNS Firewall)", "no DNS Firewall rule group is associated with the VPC: every query goes through")
		}
		if !v.Allow {
			return block(HopDNSFirewall, v.Rule, fmt.Sprintf("%s is blocked by rule %s (domain list %s)", name, v.Rule, v.List))
		}
		if v.Rule == "" {
			return pass(HopDNSFirewall, "(no matching rule)", name+" matches no rule: allowed")
		}
		return pass(HopDNSFirewall, v.Rule, fmt.Sprintf("%s is allowed by rule %s (domain list %s)", name, v.Rule, v.List))
	}
}

// dnsHop resolves name in a VPC and expects an answer pointing at the hub endpoint for key; t
// receives the endpoint.
func (e *engine) dnsHop(vpcID, vpcLabel, name, key string, t *target) check {
	return func() (Hop, bool) {
		a, h := e.net.Resolve(vpcID, name)
		if h != nil {
			return block(HopDNS, h.Resource, h.Detail)
		}
		switch {
		case a.Forwarded:
			return block(HopDNS, a.By, fmt.Sprintf("%s is forwarded to the corporate DNS by %s, not answered by the hub's zones", name, a.By))
		case a.Public || a.Endpoint == nil:
			return block(HopDNS, vpcLabel, fmt.Sprintf("no private hosted zone associated with %s answers %s with a %s endpoint: it would resolve to the public service, which has no route", vpcLabel, name, key))
		}
		t.endpoint = a.Endpoint
		return pass(HopDNS, a.By, fmt.Sprintf("%s resolves in %s to %s", name, vpcLabel, a.Endpoint.Name))
	}
}

// endpointHop: the endpoint the answer names must be the hub's interface endpoint for key; the
// request then carries aws:SourceVpce (its id) and aws:SourceVpc (its VPC, the hub's: with
// centralized endpoints the hub VPC, not the caller's): "aws:SourceVpce ... present only when the
// request is made through a VPC endpoint" (IAM User Guide, "AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce).
func (e *engine) endpointHop(key string, t *target) check {
	return func() (Hop, bool) {
		if t.endpoint == nil {
			return block(HopEndpoint, key, "the name resolved to no endpoint")
		}
		if !strings.HasSuffix(t.endpoint.Service, "."+key) {
			return block(HopEndpoint, t.endpoint.Name, fmt.Sprintf("the name leads to %s (%s), not to a %s endpoint", t.endpoint.Name, t.endpoint.Service, key))
		}
		return pass(HopEndpoint, t.endpoint.Name, fmt.Sprintf("enters %s: aws:SourceVpce=%s, aws:SourceVpc=%s", t.endpoint.Service, t.endpoint.ID, t.endpoint.VPC))
	}
}

// networkFromGroup: HTTPS from a security group to the endpoint t resolved to.
func (e *engine) networkFromGroup(groupID string, t *target) check {
	return func() (Hop, bool) {
		if t.endpoint == nil {
			return block(HopNetwork, groupID, "no endpoint to reach")
		}
		if h := e.net.GroupToEndpoint(groupID, t.endpoint.ID); h != nil {
			return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
		}
		return pass(HopNetwork, t.endpoint.Name, fmt.Sprintf("tcp/443 from %s to %s and back", e.groupName(groupID), t.endpoint.Name))
	}
}

// networkFromCorporate: HTTPS from the corporate CIDR to the endpoint t resolved to.
func (e *engine) networkFromCorporate(c netip.Prefix, t *target) check {
	return func() (Hop, bool) {
		if t.endpoint == nil {
			return block(HopNetwork, c.String(), "no endpoint to reach")
		}
		if h := e.net.CorporateToEndpoint(c, t.endpoint.ID); h != nil {
			return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
		}
		return pass(HopNetwork, t.endpoint.Name, fmt.Sprintf("tcp/443 from corporate %s to %s and back", c, t.endpoint.Name))
	}
}

func (e *engine) groupName(id string) string {
	for _, g := range e.net.SecurityGroups() {
		if g.ID == id {
			return g.Name
		}
	}
	return id
}

// apiRequest is a request through a resolved endpoint: keys of the principal, aws:SourceVpce and
// aws:SourceVpc of the endpoint, and extra keys.
func (e *engine) apiRequest(p principal, t *target, action, resource string, extra map[string][]string) func() iamsim.Request {
	return func() iamsim.Request {
		k := p.keys(e.o.OrganizationID)
		if t != nil && t.endpoint != nil {
			k[iampolicy.KeySourceVpce] = []string{t.endpoint.ID}
			k["aws:SourceVpc"] = []string{t.endpoint.VPC}
		}
		for key, v := range extra {
			k[key] = v
		}
		return iamsim.Request{Action: action, Resource: resource, Keys: k}
	}
}

// lazy defers a policy hop until the endpoint is known (the request context needs it).
func lazy(mk func(iamsim.Request) check, req func() iamsim.Request) check {
	return func() (Hop, bool) { return mk(req())() }
}

// policyHops are the policy hops of a request through an endpoint: endpoint policy, identity,
// boundary, SCP, then the resource policy when there is one.
func (e *engine) policyHops(p principal, t *target, req func() iamsim.Request, res *doc, sameAccount bool) []check {
	return []check{
		func() (Hop, bool) {
			if t.endpoint == nil {
				return block(HopEndpointPolicy, "(none)", "no endpoint")
			}
			return endpointPolicyHop(e.w, t.endpoint.ID, req())()
		},
		lazy(func(r iamsim.Request) check { return identityHop(p, r) }, req),
		lazy(func(r iamsim.Request) check { return boundaryHop(p, r) }, req),
		lazy(func(r iamsim.Request) check { return scpHop(p, r) }, req),
		lazy(func(r iamsim.Request) check { return resourceHop(res, sameAccount, r) }, req),
	}
}

// fromVpc is a request from a Studio app or a job in a spoke: DNS Firewall, DNS, network,
// endpoint, then the policy hops.
func (e *engine) fromVpc(name string, sp spoke, group, host, key string, p principal, action, resource string,
	extra map[string][]string, res *doc, sameAccount bool) request {
	t := &target{}
	req := e.apiRequest(p, t, action, resource, extra)
	hops := []check{
		e.firewallHop(sp.vpc.ID, host),
		e.dnsHop(sp.vpc.ID, sp.vpc.Name, host, key, t),
		e.networkFromGroup(group, t),
		e.endpointHop(key, t),
	}
	return request{name: name, hops: append(hops, e.policyHops(p, t, req, res, sameAccount)...)}
}

// ---- the journeys ----

// resolveFromCorporate: the corporate DNS forwards the hub's zones to the Resolver inbound
// endpoint (conditional forwarders, Access.ConditionalForwarders), which answers from the zones
// associated with its VPC ("Forwarding inbound DNS queries to your VPCs", Route 53 Developer
// Guide, https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html).
//
// With corporate.dns.inbound none there is no inbound endpoint: the corporate DNS itself holds the
// exported records (a CNAME per endpoint people use, to the endpoint's regional DNS name, public
// DNS that resolves to its private addresses; reach.Network.CorporateRecord), and the name
// resolves without crossing to the hub.
func (e *engine) resolveFromCorporate(c netip.Prefix, name, key string, t *target) []check {
	if e.net.CorporateRecordsOnly() {
		return []check{func() (Hop, bool) {
			r, ep, ok := e.net.CorporateRecord(name)
			if !ok {
				return block(HopDNS, "(corporate DNS)", fmt.Sprintf("corporate.dns.inbound is none and no exported corporate DNS record answers %s", name))
			}
			t.endpoint = &ep
			return pass(HopDNS, "(corporate DNS)", fmt.Sprintf("%s %s -> %s's regional DNS name, which resolves to its private addresses", r.Name, r.Type, ep.Name))
		}}
	}
	return []check{
		func() (Hop, bool) {
			if h := e.net.CorporateToResolver(c); h != nil {
				return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
			}
			return pass(HopNetwork, "resolver inbound", fmt.Sprintf("udp and tcp/53 from corporate %s to the Resolver inbound endpoint and back", c))
		},
		func() (Hop, bool) {
			vpc, res, ok := e.net.InboundResolverVPC()
			if !ok {
				return block(HopDNS, "(none)", "no Route 53 Resolver inbound endpoint")
			}
			h, _ := e.dnsHop(vpc, res, name, key, t)()
			return h, true
		},
	}
}

// presignedAction: CreatePresignedDomainUrl is also the action Studio authorizes every HTTP
// request and WebSocket frame with: "IAM authorization policies for this API are also enforced
// for every HTTP request and WebSocket frame that attempts to connect to the app" (SageMaker API
// Reference, CreatePresignedDomainUrl,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html);
// those requests arrive through the studio endpoint, which is why AWS's example policy admits both
// endpoint ids ("Connect to Studio through an interface VPC endpoint", Example 2,
// https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html).
const presignedAction = iampolicy.ActionCreatePresignedDomainUrl

func (e *engine) presignedRequests(d dom, c netip.Prefix, who principal, profileName string) []request {
	profileArn := e.arn("sagemaker", d.account, "user-profile/"+d.id+"/"+profileName)
	api := &target{}
	apiHost := e.hostOf("sagemaker.api")
	reqs := []request{
		{name: "resolve " + apiHost, hops: e.resolveFromCorporate(c, apiHost, "sagemaker.api", api)},
		{name: "CreatePresignedDomainUrl", hops: append([]check{e.networkFromCorporate(c, api), e.endpointHop("sagemaker.api", api)},
			e.policyHops(who, api, e.apiRequest(who, api, presignedAction, profileArn, nil), nil, true)...)},
	}
	studio := &target{}
	studioHost := d.id + "." + e.hostOf("studio")
	reqs = append(reqs, request{name: "resolve " + studioHost, hops: e.resolveFromCorporate(c, studioHost, "studio", studio)})
	for _, what := range []string{"Studio HTTPS", "Studio WebSocket"} {
		reqs = append(reqs, request{name: what, hops: append([]check{e.networkFromCorporate(c, studio), e.endpointHop("studio", studio)},
			e.policyHops(who, studio, e.apiRequest(who, studio, presignedAction, profileArn, nil), nil, true)...)})
	}
	return reqs
}

func (e *engine) studioLogin(d dom, c netip.Prefix) Journey {
	u := d.users[0].name
	who := e.w.human(d.account, u, e.o.ProfileTagKey)
	return run(JourneyStudioLogin, Required, d.Name+"/"+u, e.presignedRequests(d, c, who, u)...)
}

func (e *engine) otherProfile(d dom, c netip.Prefix) Journey {
	u := d.users[0].name
	other := "someone-else"
	if len(d.users) > 1 {
		other = d.users[1].name
	}
	who := e.w.human(d.account, u, e.o.ProfileTagKey)
	return run(JourneyOtherProfile, Forbidden, d.Name+"/"+u+"->"+other, e.presignedRequests(d, c, who, other)[:2]...)
}

// executionRole returns the principal of a profile's execution role.
func (e *engine) executionRole(u profile) (principal, Hop, bool) {
	p, ok := e.w.roleByArn(u.role)
	if !ok {
		h, _ := block(HopIdentity, u.role, "the user profile's execution role is not in the recording")
		return p, h, false
	}
	return p, Hop{}, true
}

func failed(name, kind, subject string, h Hop) Journey {
	h.Request = "execution role"
	return Journey{Name: name, Kind: kind, Subject: subject, Verdict: Blocked, Hops: []Hop{h}, Blocking: &h}
}

// pipInstall: pip in a notebook gets a CodeArtifact token (GetAuthorizationToken through the
// codeartifact.api endpoint; CodeArtifact asks STS for a bearer token on the caller's behalf,
// which the caller's identity policy must allow with sts:AWSServiceName codeartifact.amazonaws.com:
// IAM User Guide, "Service bearer tokens",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bearer.html), then reads the
// PyPI index through the codeartifact.repositories endpoint
// (<domain>-<account>.d.codeartifact.<region>.amazonaws.com; CodeArtifact User Guide, "Use
// CodeArtifact with VPC endpoints", https://docs.aws.amazon.com/codeartifact/latest/ug/vpc-endpoints.html).
func (e *engine) pipInstall(d dom) Journey {
	u := d.users[0]
	subject := d.Name + "/" + u.name
	p, h, ok := e.executionRole(u)
	if !ok {
		return failed(JourneyPipInstall, Required, subject, h)
	}
	caDomain, caAccount, repo, domPolicy, repoPolicy := e.codeArtifact()
	domainArn := e.arn("codeartifact", caAccount, "domain/"+caDomain)
	repoArn := e.arn("codeartifact", caAccount, "repository/"+caDomain+"/"+repo)
	same := caAccount == p.account
	bearer := func() iamsim.Request {
		k := p.keys(e.o.OrganizationID)
		k["sts:AWSServiceName"] = []string{iampolicy.CodeArtifactServiceName}
		return iamsim.Request{Action: "sts:GetServiceBearerToken", Resource: "*", Keys: k}
	}
	repoHost := caDomain + "-" + caAccount + ".d." + e.hostOf("codeartifact.repositories")
	return run(JourneyPipInstall, Required, subject,
		e.fromVpc("codeartifact:GetAuthorizationToken", d.spoke, u.group, e.hostOf("codeartifact.api"), "codeartifact.api", p,
			"codeartifact:GetAuthorizationToken", domainArn, nil, domPolicy, same),
		request{name: "sts:GetServiceBearerToken (by CodeArtifact for the caller)", hops: []check{
			lazy(func(r iamsim.Request) check { return identityHop(p, r) }, bearer),
			lazy(func(r iamsim.Request) check { return scpHop(p, r) }, bearer),
		}},
		e.fromVpc("pip index "+repoHost, d.spoke, u.group, repoHost, "codeartifact.repositories", p,
			"codeartifact:ReadFromRepository", repoArn, nil, repoPolicy, same),
	)
}

// codeArtifact returns the recorded domain, its owner account, the repository pip reads (the
// one with an upstream, else the first by name), and the domain and repository policies.
func (e *engine) codeArtifact() (domain, account, repo string, domPolicy, repoPolicy *doc) {
	hasUpstreams := false
	for _, r := range e.w.rec.ByType(typeCADomain) {
		domain, account = str(r, "domain"), r.Account
	}
	var repos []recorder.Resource
	for _, r := range e.w.rec.ByType(typeCARepository) {
		repos = append(repos, r)
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].Name < repos[j].Name })
	for _, r := range repos { // the first with upstreams, else the first
		if repo == "" || (!recorder.Lookup(r.Inputs, "upstreams").IsNull() && !hasUpstreams) {
			repo, hasUpstreams = str(r, "repository"), !recorder.Lookup(r.Inputs, "upstreams").IsNull()
		}
	}
	for _, r := range e.w.rec.ByType(typeCADomainPolicy) {
		domPolicy = &doc{name: r.Name, text: str(r, "policyDocument")}
	}
	for _, r := range e.w.rec.ByType(typeCARepoPolicy) {
		if str(r, "repository") == repo {
			repoPolicy = &doc{name: r.Name, text: str(r, "policyDocument")}
		}
	}
	return
}

// jobKeys are the condition keys of a CreateTrainingJob in the landing zone's network
// (sagemaker:VpcSubnets and sagemaker:VpcSecurityGroupIds are multivalued, the others Bool:
// Service Authorization Reference for SageMaker,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html).
func jobKeys(subnets []string, group string) map[string][]string {
	k := map[string][]string{
		iampolicy.KeyNetworkIsolation:                {"true"},
		iampolicy.KeyInterContainerTrafficEncryption: {"true"},
	}
	if len(subnets) > 0 {
		k[iampolicy.KeyVpcSubnets] = subnets
	}
	if group != "" {
		k[iampolicy.KeyVpcSecurityGroupIds] = []string{group}
	}
	return k
}

// trainingJob: a notebook starts a training job in the spoke's subnets with the spoke's job
// group (CreateTrainingJob through the API endpoint, passing its own role); the job then pulls
// its image (ECR API and Docker endpoints, layers from S3 through the spoke's gateway endpoint:
// "Amazon ECR interface VPC endpoints (AWS PrivateLink)", Amazon ECR User Guide,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html) and writes its
// output to the spoke's bucket through the same gateway endpoint.
func (e *engine) trainingJob(d dom) Journey {
	u := d.users[0]
	subject := d.Name + "/" + u.name
	p, h, ok := e.executionRole(u)
	if !ok {
		return failed(JourneyTrainingJob, Required, subject, h)
	}
	jobArn := e.arn("sagemaker", d.account, "training-job/journey-job")
	reqs := []request{
		e.fromVpc("CreateTrainingJob", d.spoke, u.group, e.hostOf("sagemaker.api"), "sagemaker.api", p,
			"sagemaker:CreateTrainingJob", jobArn, jobKeys(d.subnets, d.spoke.jobGroup), nil, true),
		{name: "iam:PassRole (its own role, to SageMaker)", hops: []check{
			lazy(func(r iamsim.Request) check { return identityHop(p, r) }, func() iamsim.Request {
				k := p.keys(e.o.OrganizationID)
				k["iam:PassedToService"] = []string{iampolicy.SageMakerServicePrincipal}
				return iamsim.Request{Action: "iam:PassRole", Resource: p.arn, Keys: k}
			}),
		}},
	}
	if _, ok := e.net.HubEndpoint("ecr.dkr"); ok && e.o.Images {
		repo, repoAccount, repoPolicy := e.ecrRepository()
		repoArn := e.arn("ecr", repoAccount, "repository/"+repo)
		same := repoAccount == p.account
		reqs = append(reqs,
			e.fromVpc("ecr:GetAuthorizationToken", d.spoke, d.spoke.jobGroup, e.hostOf("ecr.api"), "ecr.api", p,
				"ecr:GetAuthorizationToken", "*", nil, nil, true),
			e.fromVpc("pull image "+repo, d.spoke, d.spoke.jobGroup, repoAccount+"."+e.hostOf("ecr.dkr"), "ecr.dkr", p,
				"ecr:BatchGetImage", repoArn, nil, repoPolicy, same),
			e.s3Request("image layers from S3", d.spoke, d.spoke.jobGroup, p, "s3:GetObject",
				"arn:"+e.partition+":s3:::prod-"+e.o.Region+"-starport-layer-bucket/layer", false),
		)
	}
	if len(d.spoke.Buckets) > 0 {
		reqs = append(reqs, e.s3Request("write output to "+d.spoke.Buckets[0], d.spoke, d.spoke.jobGroup, p, "s3:PutObject",
			"arn:"+e.partition+":s3:::"+d.spoke.Buckets[0]+"/output/model.tar.gz", true))
	}
	return run(JourneyTrainingJob, Required, subject, reqs...)
}

// s3Request: S3 from a spoke group through the spoke's S3 gateway endpoint ("Gateway endpoints
// for Amazon S3", https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html): the
// DNS Firewall must allow the regional S3 names, the route and group must reach the prefix list,
// the gateway endpoint's policy must allow it, and (for the caller's own buckets) the identity.
// ECR's layer bucket is AWS's: only the endpoint policy applies to it (ECR User Guide, "Create
// the Amazon S3 gateway endpoint").
func (e *engine) s3Request(name string, sp spoke, group string, p principal, action, resource string, identity bool) request {
	t := &target{}
	for _, ep := range e.net.Endpoints() {
		if ep.VPC == sp.vpc.ID && ep.Kind == "Gateway" && strings.HasSuffix(ep.Service, ".s3") {
			epc := ep
			t.endpoint = &epc
		}
	}
	bucket := strings.SplitN(strings.TrimPrefix(resource, "arn:"+e.partition+":s3:::"), "/", 2)[0]
	host := bucket + ".s3." + e.o.Region + ".amazonaws.com"
	// The bucket's owner: aws:ResourceAccount (and aws:ResourceOrgID) are the account (and
	// organization) of the resource, present on S3 requests (IAM User Guide, "AWS global
	// condition context keys", aws:ResourceAccount,
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount).
	// AWS's own buckets (ECR's layer bucket) belong to accounts AWS does not publish: left out.
	var owner map[string][]string
	if identity {
		owner = map[string][]string{"aws:ResourceAccount": {p.account}}
		if e.o.OrganizationID != "" {
			owner["aws:ResourceOrgID"] = []string{e.o.OrganizationID}
		}
	}
	req := e.apiRequest(p, t, action, resource, owner)
	hops := []check{
		e.firewallHop(sp.vpc.ID, host),
		func() (Hop, bool) {
			if h := e.net.GroupToS3(group); h != nil {
				return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
			}
			return pass(HopNetwork, sp.vpc.Name, fmt.Sprintf("tcp/443 from %s to the S3 prefix list through the gateway endpoint", e.groupName(group)))
		},
		func() (Hop, bool) {
			if t.endpoint == nil {
				return block(HopEndpoint, sp.vpc.Name, "no S3 gateway endpoint in the spoke")
			}
			return pass(HopEndpoint, t.endpoint.Name, fmt.Sprintf("enters the S3 gateway endpoint: aws:SourceVpce=%s", t.endpoint.ID))
		},
		func() (Hop, bool) { return endpointPolicyHop(e.w, t.endpoint.ID, req())() },
	}
	if identity {
		hops = append(hops, lazy(func(r iamsim.Request) check { return identityHop(p, r) }, req),
			lazy(func(r iamsim.Request) check { return scpHop(p, r) }, req))
	}
	return request{name: name, hops: hops}
}

// ecrRepository returns the first recorded ECR repository by name, its account and its policy
// (nil when it has none or the policy names principals iamsim does not model).
func (e *engine) ecrRepository() (name, account string, policy *doc) {
	var repos []recorder.Resource
	for _, r := range e.w.rec.ByType(typeEcrRepository) {
		repos = append(repos, r)
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].Name < repos[j].Name })
	if len(repos) == 0 {
		return "(none)", "", nil
	}
	name, account = str(repos[0], "name"), repos[0].Account
	for _, r := range e.w.rec.ByType(typeEcrRepoPolicy) {
		if str(r, "repository") == name {
			d := &doc{name: r.Name, text: str(r, "policy")}
			if _, err := iamsim.ParseResourcePolicy([]byte(d.text)); err == nil {
				policy = d
			}
		}
	}
	return name, account, policy
}

func (e *engine) jobWithoutVpc(d dom) Journey {
	u := d.users[0]
	subject := d.Name + "/" + u.name
	p, h, ok := e.executionRole(u)
	if !ok {
		return failed(JourneyJobWithoutVpc, Forbidden, subject, h)
	}
	return run(JourneyJobWithoutVpc, Forbidden, subject,
		e.fromVpc("CreateTrainingJob without VpcConfig", d.spoke, u.group, e.hostOf("sagemaker.api"), "sagemaker.api", p,
			"sagemaker:CreateTrainingJob", e.arn("sagemaker", d.account, "training-job/journey-job"), jobKeys(nil, ""), nil, true))
}

// ForeignSubnet is the subnet id the foreign-subnet journey adds: no landing-zone subnet.
const ForeignSubnet = "subnet-0f0e0d0c0b0a09080"

func (e *engine) jobForeignSubnet(d dom) Journey {
	u := d.users[0]
	subject := d.Name + "/" + u.name
	p, h, ok := e.executionRole(u)
	if !ok {
		return failed(JourneyJobForeignNet, Forbidden, subject, h)
	}
	return run(JourneyJobForeignNet, Forbidden, subject,
		e.fromVpc("CreateTrainingJob in "+ForeignSubnet, d.spoke, u.group, e.hostOf("sagemaker.api"), "sagemaker.api", p,
			"sagemaker:CreateTrainingJob", e.arn("sagemaker", d.account, "training-job/journey-job"),
			jobKeys(append(append([]string{}, d.subnets...), ForeignSubnet), d.spoke.jobGroup), nil, true))
}

// internetByName: a notebook resolves pypi.org and connects to the answer. The DNS Firewall
// should answer NXDOMAIN; without it the name resolves publicly and routing must drop the packet.
func (e *engine) internetByName(sp spoke) Journey {
	return run(JourneyInternetByName, Forbidden, "spoke-"+sp.Name, request{name: "https://" + InternetName, hops: []check{
		e.firewallHop(sp.vpc.ID, InternetName),
		func() (Hop, bool) {
			a, h := e.net.Resolve(sp.vpc.ID, InternetName)
			if h != nil {
				return block(HopDNS, h.Resource, h.Detail)
			}
			return pass(HopDNS, a.By, InternetName+" resolves through "+a.By)
		},
		e.internetHop(sp, InternetIP),
	}})
}

func (e *engine) internetByIP(sp spoke) Journey {
	return run(JourneyInternetByIP, Forbidden, "spoke-"+sp.Name, request{name: "tcp/443 to " + InternetIP, hops: []check{e.internetHop(sp, InternetIP)}})
}

// internetHop passes when any subnet of the spoke routes addr out (to an internet, NAT or
// egress-only gateway, or onward through the Transit Gateway).
func (e *engine) internetHop(sp spoke, ip string) check {
	return func() (Hop, bool) {
		addr := netip.MustParseAddr(ip)
		for _, s := range e.net.Subnets(sp.vpc.ID) {
			if h := e.net.SubnetToAddress(s.ID, addr); h != nil {
				return pass(HopNetwork, h.Resource, h.Step+": "+h.Detail)
			}
		}
		return block(HopNetwork, sp.vpc.Name, fmt.Sprintf("no route of any subnet of %s carries %s: the packet is dropped", sp.vpc.Name, ip))
	}
}

// onPremisesData: a notebook in the spoke opens a connection to an on-premises data source
// (the first host address of the first corporate CIDR, HTTPS): routed to the corporate attachment and
// admitted by the Studio group's egress. Required for the spokes in corporate.onPremisesSpokes,
// forbidden for the others.
func (e *engine) onPremisesData(sp spoke, c netip.Prefix) Journey {
	kind := Forbidden
	if sp.OnPremises {
		kind = Required
	}
	host := netip.PrefixFrom(c.Addr().Next(), 32)
	group := sp.studioGroup
	if group == "" {
		group = sp.jobGroup // a spoke without a domain: its jobs
	}
	return run(JourneyOnPremisesData, kind, "spoke-"+sp.Name, request{name: "tcp/443 to on-premises " + host.Addr().String(), hops: []check{
		func() (Hop, bool) {
			if h := e.net.GroupToCorporate(group, host, "tcp", 443); h != nil {
				return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
			}
			return pass(HopNetwork, e.groupName(group), fmt.Sprintf("%s reaches on-premises %s over the Transit Gateway", e.groupName(group), host.Addr()))
		},
	}})
}

// onPremisesRoute: the corporate network learns a route to the spoke (the Transit Gateway
// advertises the corporate attachment's route table over BGP). Required for the on-premises
// spokes, forbidden for the others: with every spoke advertised, on-premises hosts reach spokes
// that never declared it.
func (e *engine) onPremisesRoute(sp spoke, c netip.Prefix) Journey {
	kind := Forbidden
	if sp.OnPremises {
		kind = Required
	}
	return run(JourneyOnPremisesRoute, kind, "spoke-"+sp.Name, request{name: "route to " + sp.vpc.Name + " advertised to corporate " + c.String(), hops: []check{
		func() (Hop, bool) {
			if h := e.net.CorporateRouteTo(c, sp.vpc.ID); h != nil {
				return block(HopNetwork, h.Resource, h.Step+": "+h.Detail)
			}
			return pass(HopNetwork, sp.vpc.Name, fmt.Sprintf("the corporate attachment's route table routes %s to %s", joinPrefixes(sp.vpc.Cidrs), sp.vpc.Name))
		},
	}})
}

func joinPrefixes(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}

// DomainSettingsNote is what the domain-settings journey concludes about the provider.
const DomainSettingsNote = "UpdateDomain must restate AppNetworkAccessType VpcOnly with the subnets and groups: the deny guard and SCP deny it otherwise, and AWS rejects a VpcOnly update without VpcId and SubnetIds (ValidationException \"VpcId and Subnet IDs are required for updating domains to VpcOnly mode\"). terraform-provider-aws #45528 (open; pulumi-aws bridges it): the provider's in-place update sends AppNetworkAccessType without them, so `pulumi up` fails on a domain change; change default settings with `aws sagemaker update-domain` restating the network, as this journey does, until it is fixed (https://github.com/hashicorp/terraform-provider-aws/issues/45528)."

// domainSettings: a platform engineer changes the domain's default settings with UpdateDomain
// through the API endpoint, restating the network (AppNetworkAccessType VpcOnly, the domain's
// subnets, the Studio group). Hops: the endpoint policy and the SCPs (the platform engineer's
// own identity policy is not part of the program).
func (e *engine) domainSettings(d dom) Journey {
	arn := e.o.PlatformEngineerArn
	if arn == "" {
		arn = "arn:" + e.partition + ":iam::" + d.account + ":role/platform-engineer"
	}
	// The engineer works in the domain's account (the recording's account id, which the
	// endpoint policy's aws:PrincipalAccount names).
	p := principal{label: "platform engineer " + arn, account: d.account, arn: arn, scps: e.w.scpsFor(d.account)}
	api, ok := e.net.HubEndpoint("sagemaker.api")
	t := &target{}
	if ok {
		t.endpoint = &api
	}
	keys := jobKeys(d.subnets, d.users[0].group)
	delete(keys, iampolicy.KeyNetworkIsolation)
	delete(keys, iampolicy.KeyInterContainerTrafficEncryption)
	keys[iampolicy.KeyAppNetworkAccessType] = []string{iampolicy.AppNetworkAccessVpcOnly}
	req := e.apiRequest(p, t, "sagemaker:UpdateDomain", e.arn("sagemaker", d.account, "domain/"+d.id), keys)
	j := run(JourneyDomainSettings, Required, d.Name, request{name: "UpdateDomain (default settings, network restated)", hops: []check{
		e.endpointHop("sagemaker.api", t),
		func() (Hop, bool) { return endpointPolicyHop(e.w, api.ID, req())() },
		lazy(func(r iamsim.Request) check { return scpHop(p, r) }, req),
	}})
	j.Note = DomainSettingsNote
	return j
}
