// Package reach is the offline reachability proof of the landing zone: from the resources a
// program registers under the recording mock alone (internal/recorder), it models security
// groups and their rules, VPC route tables, routes and associations, Transit Gateway route
// tables, associations, propagations and routes, VPC endpoints, private hosted zones with their
// VPC associations and records, and Route 53 Resolver endpoints, and it decides the paths the
// landing zone must open and the paths it must never open. `cmd/plan` prints the result as its
// `access` section and exits 4 when a required path is blocked or a forbidden one exists.
//
// The package lives under internal/ because its input, recorder.Recording, does.
//
// Roles are found generically, preferring component type tokens over names:
//   - hub VPC / hub endpoints: a VPC (or interface endpoint) under a vpconly:network:EndpointHub
//     component; spoke VPCs: a VPC under a vpconly:network:SpokeVpc component;
//   - Studio groups: security groups under a vpconly:security:StudioSecurityGroups component;
//   - job groups: security groups under a component whose type token's last segment contains
//     "job", or else whose logical name has a dash-separated token "job" or "jobs";
//   - endpoint / resolver groups: the groups a hub interface endpoint / a Resolver endpoint uses;
//   - the corporate attachment: a Transit Gateway attachment that is not a VPC attachment of the
//     recording and that a TGW route for a corporate CIDR targets or that is propagated into a TGW
//     route table (a propagated VPN or Direct Connect attachment is assumed to carry the
//     corporate CIDRs over BGP).
//
// Limits: network ACLs, VGW-terminated VPNs, VPC peering (other than as an existing forbidden
// route), security-group references across VPCs, the TGW default route table, prefix-list
// contents, longer routes that divert part of a range, and what AWS does outside the VPC (service
// policies, endpoint policies, IAM) are not modelled; see docs/reachability.md.
package reach

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Verdicts.
const (
	Reachable     Verdict = "reachable"      // a required path works
	Blocked       Verdict = "blocked"        // a required path does not: Hop says where
	Absent        Verdict = "absent"         // a forbidden path does not exist
	Exists        Verdict = "exists"         // a forbidden path exists: Hop says what opens it
	NotConfigured Verdict = "not configured" // a corporate path without corporate CIDRs
)

// Path kinds.
const (
	Required  = "required"
	Forbidden = "forbidden"
)

// Checks (Path.Check), stable identifiers of the path families.
const (
	CheckCorporateResolver = "corporate-resolver" // corporate CIDR -> Resolver inbound endpoint, TCP and UDP 53
	CheckCorporateEndpoint = "corporate-endpoint" // corporate CIDR -> Studio / SageMaker API endpoints, TCP 443
	CheckStudioEndpoint    = "studio-endpoint"    // Studio group -> every hub endpoint, TCP 443, with DNS
	CheckStudioSelf        = "studio-self"        // Studio group <-> itself, TCP 2049 and 8192-65535
	CheckStudioS3          = "studio-s3"          // Studio group -> S3 prefix list, TCP 443
	CheckJobSelf           = "job-self"           // job group <-> itself, all traffic
	CheckInternet          = "internet"           // any subnet -> 0.0.0.0/0 or ::/0 (forbidden)
	CheckSpokeToSpoke      = "spoke-spoke"        // spoke -> another spoke (forbidden unless allowed)
	CheckCorporateOther    = "corporate-other"    // corporate CIDR -> anything else (forbidden)
)

// DefaultCorporateEndpoints are the hub endpoints people use from the corporate network: the
// Studio web UI and the SageMaker API (CreatePresignedDomainUrl), the components' own default
// (network.DefaultCorporateEndpoints). Keys are endpoint catalog keys; an endpoint matches a
// key when its service name ends with "."+key.
var DefaultCorporateEndpoints = network.DefaultCorporateEndpoints()

// Verdict is the outcome of one path.
type Verdict string

// Options are the plain inputs of the analysis that the recording does not carry.
type Options struct {
	// CorporateCidrs are the corporate networks (sagemaker-landing-zone:corporate.cidrs). With
	// none, the corporate paths are "not configured".
	CorporateCidrs []string
	// CorporateEndpoints are the catalog keys of the hub endpoints the corporate CIDRs must
	// reach on TCP 443; nil means DefaultCorporateEndpoints.
	CorporateEndpoints []string
	// AllowedSpokePairs lists spoke pairs allowed to reach each other (either direction), by
	// spoke name ("research") or component name ("spoke-research").
	AllowedSpokePairs [][2]string
	// CorporateDnsRecords are the records the corporate DNS holds instead of forwarding to a
	// Resolver inbound endpoint (corporate.dns.inbound none; access.CorporateDnsRecords).
	// With records, a corporate endpoint's name resolves when a record names its catalog key, and
	// the corporate-resolver paths are not configured. Default none: the inbound endpoint answers.
	CorporateDnsRecords []access.CorporateDnsRecord
}

// Hop is one step of a path: for a blocked required path the first hop that blocks it, for an
// existing forbidden path the resource that opens it.
type Hop struct {
	Step     string `json:"step"`     // dns-record, dns-zone-association, sg-egress, route, tgw-route, sg-ingress, return-route, ...
	Resource string `json:"resource"` // logical name of the resource at that step (or of what lacks it)
	Detail   string `json:"detail"`
}

// Path is one path and its verdict.
type Path struct {
	ID      string  `json:"id"`
	Kind    string  `json:"kind"` // required or forbidden
	Check   string  `json:"check"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Traffic string  `json:"traffic"` // "tcp/443", "udp/53", "all", "any"
	Verdict Verdict `json:"verdict"`
	Hop     *Hop    `json:"hop,omitempty"`
}

// Failed reports whether the path breaks the landing zone's contract.
func (p Path) Failed() bool { return p.Verdict == Blocked || p.Verdict == Exists }

// Report is the access section of the plan.
type Report struct {
	CorporateCidrs []string `json:"corporateCidrs"`
	Paths          []Path   `json:"paths"`
}

// Failures returns the paths that fail, in report order.
func (r Report) Failures() []Path {
	var out []Path
	for _, p := range r.Paths {
		if p.Failed() {
			out = append(out, p)
		}
	}
	return out
}

// Analyze computes the access report of a recording. It fails only on invalid Options.
func Analyze(rec *recorder.Recording, opts Options) (Report, error) {
	corp, keys, err := parseOptions(opts)
	if err != nil {
		return Report{}, err
	}
	m := newModel(rec)
	m.corpCache = corp
	a := &analysis{m: m, corp: corp, keys: keys, allowed: opts.AllowedSpokePairs, records: opts.CorporateDnsRecords}
	a.corporate()
	a.studio()
	a.jobs()
	a.internet()
	a.spokes()
	a.corporateOther()
	r := Report{CorporateCidrs: []string{}, Paths: a.paths}
	for _, c := range corp {
		r.CorporateCidrs = append(r.CorporateCidrs, c.String())
	}
	if r.Paths == nil {
		r.Paths = []Path{}
	}
	return r, nil
}

// parseOptions validates the options: the corporate CIDRs, parsed, and the corporate endpoint keys.
func parseOptions(opts Options) ([]netip.Prefix, []string, error) {
	var problems []error
	var corp []netip.Prefix
	for i, c := range opts.CorporateCidrs {
		p, err := netip.ParsePrefix(strings.TrimSpace(c))
		if err != nil || !p.Addr().Is4() {
			problems = append(problems, fmt.Errorf("reach: CorporateCidrs[%d] %q is not an IPv4 CIDR such as 10.100.0.0/16", i, c))
			continue
		}
		corp = append(corp, p.Masked())
	}
	keys := opts.CorporateEndpoints
	if keys == nil {
		keys = DefaultCorporateEndpoints
	}
	for i, k := range keys {
		if strings.TrimSpace(k) == "" {
			problems = append(problems, fmt.Errorf("reach: CorporateEndpoints[%d] is empty; want an endpoint catalog key such as sagemaker.api", i))
		}
	}
	return corp, keys, errors.Join(problems...)
}

type analysis struct {
	m       *model
	corp    []netip.Prefix
	keys    []string
	allowed [][2]string
	records []access.CorporateDnsRecord
	paths   []Path
}

func (a *analysis) add(p Path, hop *Hop) {
	if p.Kind == Required {
		p.Verdict = Reachable
		if hop != nil {
			p.Verdict = Blocked
		}
	} else {
		p.Verdict = Absent
		if hop != nil {
			p.Verdict = Exists
		}
	}
	p.Hop = hop
	if p.ID == "" {
		p.ID = p.Check + ":" + p.From + "->" + p.To + ":" + p.Traffic
	}
	a.paths = append(a.paths, p)
}

// ---- security groups ----

// peer is the other side of a flow as a security group rule sees it.
type peer struct {
	cidr       netip.Prefix // every address of it must be admitted
	groups     []string     // the peer's security groups
	vpc        string       // the peer's VPC (group references only count within one VPC)
	prefixList string
}

func (m *model) ruleMatches(r sgRule, p peer, ownVPC string) bool {
	switch {
	case r.cidr.IsValid():
		return p.cidr.IsValid() && contains(r.cidr, p.cidr)
	case r.prefixList != "":
		return r.prefixList == p.prefixList
	case r.group != "":
		g := m.sgs[r.group]
		if g == nil || g.vpc != ownVPC || p.vpc != ownVPC {
			return false
		}
		for _, pg := range p.groups {
			if pg == r.group {
				return true
			}
		}
	}
	return false
}

// sgCheck reports whether the union of the groups' rules in one direction admits proto on every
// port of [from, to] for the peer; if not, a hop naming the group.
func (m *model) sgCheck(groups []string, egress bool, proto string, from, to int, p peer, step, what string) *Hop {
	type span struct{ from, to int }
	var spans []span
	var names []string
	for _, id := range groups {
		g := m.sgs[id]
		if g == nil {
			continue
		}
		names = append(names, g.name)
		rules := g.ingress
		if egress {
			rules = g.egress
		}
		for _, r := range rules {
			if r.proto != "all" && r.proto != proto {
				continue
			}
			if !m.ruleMatches(r, p, g.vpc) {
				continue
			}
			spans = append(spans, span{r.from, r.to})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	next := from
	for _, s := range spans {
		if s.from > next {
			break
		}
		if s.to+1 > next {
			next = s.to + 1
		}
	}
	if next > to {
		return nil
	}
	name := strings.Join(names, ", ")
	if name == "" {
		name = strings.Join(groups, ", ")
		if name == "" {
			name = "(no security group)"
		}
	}
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	return &Hop{Step: step, Resource: name, Detail: fmt.Sprintf("no %s rule admits %s %s (port %d not covered)",
		dir, traffic(proto, from, to), what, next)}
}

func traffic(proto string, from, to int) string {
	if proto == "all" {
		return "all"
	}
	if from == to {
		return fmt.Sprintf("%s/%d", proto, from)
	}
	return fmt.Sprintf("%s/%d-%d", proto, from, to)
}

// ---- routing ----

// flow checks the forward routing from subnet src to subnet dst: the source route table, the
// source VPC's TGW attachment, its association and the TGW route to the destination's attachment.
func (m *model) flow(src, dst *subnetInfo, pre string) *Hop {
	rt := m.routeTableOf(src.id)
	r, ok := lookupRoute(m.vpcRoutes(rt), dst.cidr)
	if src.vpc == dst.vpc {
		if !ok || r.target != "local" {
			return &Hop{Step: pre + "route", Resource: rt.name, Detail: fmt.Sprintf("%s is not routed locally within %s", dst.cidr, m.vpcName(src.vpc))}
		}
		return nil
	}
	if !ok {
		return &Hop{Step: pre + "route", Resource: rt.name, Detail: fmt.Sprintf("no route for %s (%s) from %s", dst.cidr, dst.name, src.name)}
	}
	if r.target == "pcx" {
		return m.viaPeering(r, src, dst, pre)
	}
	if r.target != "tgw" {
		return &Hop{Step: pre + "route", Resource: r.name, Detail: fmt.Sprintf("%s routes %s to %s %s, not to a transit gateway or a peering", rt.name, dst.cidr, r.target, r.targetID)}
	}
	return m.viaTGW(src, r.targetID, dst.cidr, pre, func(attach string) *Hop {
		da := m.attachmentOf(dst.vpc, r.targetID)
		if da == nil {
			return &Hop{Step: pre + "tgw-attachment", Resource: m.vpcName(dst.vpc), Detail: fmt.Sprintf("%s has no attachment to transit gateway %s", m.vpcName(dst.vpc), m.nameOf(r.targetID))}
		}
		if attach != da.id {
			return &Hop{Step: pre + "tgw-route", Resource: da.name, Detail: fmt.Sprintf("the transit gateway sends %s to attachment %s, not to %s", dst.cidr, attach, da.name)}
		}
		return m.azCheck(da, dst, pre)
	})
}

// viaPeering checks a hop over the VPC peering connection route r names: it must exist, be
// active, join src's VPC, and its other side must be dst's VPC — a peering is not transitive
// ("VPC peering limitations", Amazon VPC Peering guide:
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations),
// so traffic never continues from the peer VPC to a third one.
func (m *model) viaPeering(r vpcRoute, src, dst *subnetInfo, pre string) *Hop {
	pc := m.peerings[r.targetID]
	if pc == nil {
		return &Hop{Step: pre + "peering", Resource: r.name, Detail: fmt.Sprintf("%s names peering connection %s, which the program does not create", r.name, r.targetID)}
	}
	if !pc.active {
		return &Hop{Step: pre + "peering", Resource: pc.name, Detail: "the peering connection is never accepted (no auto_accept, no accepter)"}
	}
	other := ""
	switch src.vpc {
	case pc.vpc:
		other = pc.peer
	case pc.peer:
		other = pc.vpc
	default:
		return &Hop{Step: pre + "peering", Resource: pc.name, Detail: fmt.Sprintf("%s does not join %s", pc.name, m.vpcName(src.vpc))}
	}
	if other != dst.vpc {
		return &Hop{Step: pre + "peering", Resource: pc.name, Detail: fmt.Sprintf("%s joins %s with %s, not %s (a peering is not transitive)",
			pc.name, m.vpcName(src.vpc), m.vpcName(other), m.vpcName(dst.vpc))}
	}
	return nil
}

// azCheck: "any resources in Availability Zones where there is no transit gateway attachment
// cannot reach the transit gateway" (Amazon VPC attachments in AWS Transit Gateway, Limits:
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html).
func (m *model) azCheck(a *vpcAttachmentInfo, s *subnetInfo, pre string) *Hop {
	for _, id := range a.subnets {
		if sn := m.subnets[id]; sn != nil && sn.az == s.az {
			return nil
		}
	}
	return &Hop{Step: pre + "tgw-attachment", Resource: a.name, Detail: fmt.Sprintf("attachment has no subnet in %s, so %s cannot use it", s.az, s.name)}
}

// viaTGW checks the source side of a TGW hop: the source VPC's attachment to tgw (with a
// subnet in the source AZ), its association and the TGW route for dst; then calls arrive with
// the attachment the route targets.
func (m *model) viaTGW(src *subnetInfo, tgw string, dst netip.Prefix, pre string, arrive func(attach string) *Hop) *Hop {
	sa := m.attachmentOf(src.vpc, tgw)
	if sa == nil {
		return &Hop{Step: pre + "tgw-attachment", Resource: m.vpcName(src.vpc), Detail: fmt.Sprintf("%s has no attachment to transit gateway %s", m.vpcName(src.vpc), m.nameOf(tgw))}
	}
	if h := m.azCheck(sa, src, pre); h != nil {
		return h
	}
	return m.tgwForward(sa.id, sa.name, dst, pre, arrive)
}

// tgwForward looks dst up in the TGW route table the attachment is associated with.
func (m *model) tgwForward(attach, attachName string, dst netip.Prefix, pre string, arrive func(attach string) *Hop) *Hop {
	rtID, ok := m.tgwAssoc[attach]
	if !ok {
		return &Hop{Step: pre + "tgw-association", Resource: attachName, Detail: "the attachment is associated with no transit gateway route table"}
	}
	rtName := rtID
	if rt := m.tgwRTs[rtID]; rt != nil {
		rtName = rt.name
	}
	e, ok := lookupTGW(m.tgwRoutes(rtID, m.corpCache), dst)
	if !ok {
		return &Hop{Step: pre + "tgw-route", Resource: rtName, Detail: fmt.Sprintf("no route (static or propagated) for %s", dst)}
	}
	if e.blackhole {
		return &Hop{Step: pre + "tgw-route", Resource: e.name, Detail: fmt.Sprintf("%s is a blackhole in %s", dst, rtName)}
	}
	if h := arrive(e.attach); h != nil {
		if h.Step == pre+"tgw-route" && !strings.Contains(h.Detail, rtName) {
			h.Detail += " (" + rtName + ", " + e.name + ")"
		}
		return h
	}
	return nil
}

// toCorporate checks the routing from subnet src to corporate CIDR c through one of the
// corporate attachments.
func (m *model) toCorporate(src *subnetInfo, c netip.Prefix, corpAttach []string, pre string) *Hop {
	rt := m.routeTableOf(src.id)
	r, ok := lookupRoute(m.vpcRoutes(rt), c)
	if !ok {
		return &Hop{Step: pre + "route", Resource: rt.name, Detail: fmt.Sprintf("no route for corporate %s from %s", c, src.name)}
	}
	if r.target != "tgw" {
		return &Hop{Step: pre + "route", Resource: r.name, Detail: fmt.Sprintf("%s routes %s to %s %s, not to the transit gateway", rt.name, c, r.target, r.targetID)}
	}
	return m.viaTGW(src, r.targetID, c, pre, func(attach string) *Hop {
		for _, ca := range corpAttach {
			if attach == ca {
				return nil
			}
		}
		return &Hop{Step: pre + "tgw-route", Resource: m.attachmentLabel(attach), Detail: fmt.Sprintf("the transit gateway sends %s to %s, not to a corporate attachment", c, m.attachmentLabel(attach))}
	})
}

// corporateAttachments returns the non-VPC attachments that carry corporate CIDR c on the
// transit gateway tgw: targets of static routes for c, and propagated non-VPC attachments.
func (m *model) corporateAttachments(c netip.Prefix, tgw string) []string {
	set := map[string]bool{}
	for _, rt := range m.tgwRTs {
		if tgw != "" && rt.tgw != tgw {
			continue
		}
		for _, s := range rt.static {
			if !s.blackhole && s.attach != "" && m.vpcAttach[s.attach] == nil && contains(s.dest, c) {
				set[s.attach] = true
			}
		}
		for _, p := range rt.propagations {
			if p.attach != "" && m.vpcAttach[p.attach] == nil {
				set[p.attach] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// attachmentLabel names an attachment id by the resource whose outputs carry it, when any.
func (m *model) attachmentLabel(id string) string {
	for _, r := range m.rec.Resources {
		if r.Custom && r.Type != typeTGWVpcAttachment && r.Type != typeTGWAssoc && r.Type != typeTGWProp && r.Type != typeTGWRoute {
			if v := recorder.Lookup(r.Outputs, "transitGatewayAttachmentId"); v.IsString() && v.StringValue() == id {
				return r.Name
			}
		}
	}
	if name, ok := strings.CutPrefix(id, "attachment-of:"); ok {
		return name
	}
	if name, ok := m.tgwAssocBy[id]; ok {
		return id + " (" + name + ")"
	}
	return id
}
