// Package cost estimates the fixed monthly cost of the landing zone's network — the interface
// endpoints of the hub (billed per AZ), the Transit Gateway attachments, the private hosted zones,
// the KMS keys and the flow-log volume — and sets beside it what the same spokes would cost with
// per-spoke interface endpoints (the design of the AWS samples) and with NAT gateways instead of
// endpoints. It is pure Go: the plan, the Pulumi program (as a stack output) and the tests share
// it. Prices come from the committed per-region tables in cost/prices (pricelist.go), each with its
// AWS source and date; a price a region's table lacks is an assumption the estimate lists.
package cost

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// DefaultFlowLogGBPerMonth is the flow-log volume assumed per spoke when Inputs gives none: 5 GB
// a month. An assumption, not a measurement: a default-format record is roughly 100-150 bytes,
// so 5 GB is some 40 million records a month (about 15 a second around the clock), a lightly used
// ML spoke. Measure the real figure (the log group's IncomingBytes metric) and pass it.
const DefaultFlowLogGBPerMonth = 5.0

// DefaultFlowLogRetentionDays is the retention assumed when a Spoke gives none; it matches the
// stack config's default (flowLogRetentionDays: 365).
const DefaultFlowLogRetentionDays = 365

// Alternative keys in Estimate.Alternatives.
const (
	AltPerSpokeEndpoints = "perSpokeEndpoints"
	AltNATGateways       = "natGateways"
	// AltPeering is hub-to-spoke VPC peering instead of the Transit Gateway (issue 15's
	// "connectivity choice"; hub.connectivity "peering" builds it). Shown when the stack uses the
	// Transit Gateway.
	AltPeering = "peering"
	// AltTransitGateway is the Transit Gateway design, shown when the stack peers (Inputs.Peering).
	AltTransitGateway = "transitGateway"
)

// Active VPC peering connections per VPC (quota L-7E9ECCDB), by default and at most: the
// components own the quota (network.DefaultPeeringQuota, MaxPeeringQuota, with their source).
// In the peering design the hub VPC holds one peering per spoke, so these bound the number of
// spokes.
const (
	PeeringsPerVPCDefault = network.DefaultPeeringQuota
	PeeringsPerVPCMax     = network.MaxPeeringQuota
)

// Spoke is one spoke VPC.
type Spoke struct {
	Name string // required, unique
	AZs  int    // AZs the spoke spans; required, >= 1
	// FlowLogRetentionDays is how long the spoke's flow logs are kept; it sets the stored volume
	// at steady state. Default DefaultFlowLogRetentionDays.
	FlowLogRetentionDays int
}

// Inputs describe the network a stack builds.
type Inputs struct {
	Region    string  // AWS region; must be in PriceTable (or the table given to ComputeWith)
	HubAZs    int     // AZs the hub's interface endpoints span; required, >= 1
	Endpoints int     // interface endpoints in the hub (gateway endpoints are free); >= 0
	Spokes    []Spoke // at least one
	KMSKeys   int     // customer managed KMS keys the stack creates; default 0
	// HostedZones is the number of Route 53 private hosted zones the hub creates for the endpoint
	// hostnames (with private DNS off on the endpoints). Default 0. The per-spoke design needs
	// none (it uses the endpoints' own private DNS).
	HostedZones int
	// FlowLogGBPerMonth is the flow-log volume per spoke per month, in GB. 0 means
	// DefaultFlowLogGBPerMonth; negative is invalid.
	FlowLogGBPerMonth float64
	// TrafficGBPerMonth is the traffic per spoke per month, in GB, from the spoke to AWS service
	// APIs (what flows through the endpoints, or the NAT gateways). Default 0: data processing is
	// left out and only the fixed costs are compared; each design still reports its price per GB
	// and each alternative the traffic at which it breaks even with the hub design.
	TrafficGBPerMonth float64
	// Supply is the package and image supply path (supply.go). Default nil: none.
	Supply *SupplyInputs
	// Access is the corporate access (Resolver endpoints, VPN, corporate attachment); access.go.
	Access Access
	// Runtime is the runtime controls (DNS Firewall, query logs, Config rules, dashboard, alarms;
	// runtime.go). Its Region is ignored: the estimate's region applies. Default nil: none.
	Runtime *RuntimeInputs
	// Peering says the stack peers its spokes with the hub (hub.connectivity "peering"): the
	// estimate is then the peering design and the Transit Gateway design becomes the
	// AltTransitGateway alternative. Default false: the Transit Gateway design, with AltPeering.
	Peering bool
	// CrossAccountVPCs are, for each workload account other than the hub's, how many of its
	// spoke VPCs get the hub's HostedZones across accounts (zonesharing.go). Default none: one
	// account, every VPC associated directly.
	CrossAccountVPCs []int
	// ZoneProfiles: those VPCs get the zones through a Route 53 Profile (hub.zoneSharing:
	// profile) instead of per-zone authorizations. Only with CrossAccountVPCs. Default false.
	ZoneProfiles bool
}

// The AWS Budgets cost-filter "Service" values (Cost Explorer's SERVICE dimension) the estimate's
// lines are billed under. Budgets takes the Cost Explorer names, not the price-list service codes
// (so "AmazonCloudWatch", but "Amazon Route 53").
const (
	ServiceVPC          = finops.BudgetServiceVPC
	ServiceEC2Other     = finops.BudgetServiceEC2Other
	ServiceRoute53      = finops.BudgetServiceRoute53
	ServiceKMS          = finops.BudgetServiceKMS
	ServiceCloudWatch   = finops.BudgetServiceCloudWatch
	ServiceCodeArtifact = finops.BudgetServiceCodeArtifact
	ServiceECR          = finops.BudgetServiceECR
	ServiceConfig       = finops.BudgetServiceConfig
)

// BudgetServices returns the Budgets "Service" filter values of every line the model can price,
// in the hub design and in both alternatives, sorted: the one list a budget on the landing
// zone's network must watch (a test keeps it equal to finops.NetworkBudgetServices).
func BudgetServices() []string {
	// Every quantity non-zero, so that every line the model knows appears.
	est, err := Compute(Inputs{Region: "us-east-1", HubAZs: 1, Endpoints: 1, KMSKeys: 1, HostedZones: 1,
		TrafficGBPerMonth: 1, Spokes: []Spoke{{Name: "s", AZs: 1}},
		Supply: &SupplyInputs{Packages: true, Images: true, KMSKeys: 1},
		Runtime: &RuntimeInputs{DNSFirewallVPCs: 1, DNSFirewallDomains: 1, QueryLogRetentionDays: 1, ConfigRules: 1,
			Dashboards: 1, Alarms: 1, CustomMetrics: 1, KMSKeys: 1}})
	if err != nil { // cannot happen: the input above is valid
		panic(err)
	}
	seen := map[string]bool{}
	add := func(items []Item) {
		for _, it := range items {
			seen[it.Service] = true
		}
	}
	add(est.Items)
	for _, a := range est.Alternatives {
		add(a.Items)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Item is one line of an estimate.
type Item struct {
	Resource string `json:"resource"`
	// Service is the AWS Budgets / Cost Explorer service the line is billed under (Service*).
	Service    string  `json:"service"`
	Unit       string  `json:"unit"`
	Quantity   float64 `json:"quantity"`
	UnitUSD    float64 `json:"unitUsd"`
	MonthlyUSD float64 `json:"monthlyUsd"`
	// price is the PriceKeys name of UnitUSD ("" for a line with no charge): the estimate's
	// sources and assumptions are those of the prices its lines use.
	price string
}

// Alternative is another design for the same spokes.
type Alternative struct {
	Description string  `json:"description"`
	MonthlyUSD  float64 `json:"monthlyUsd"`
	// DeltaUSD is MonthlyUSD minus the hub design's MonthlyUSD (positive: the alternative costs more).
	DeltaUSD float64 `json:"deltaUsd"`
	// PerGBUSD is what one GB of spoke-to-AWS-service traffic costs on this design.
	PerGBUSD float64 `json:"perGbUsd"`
	// BreakEvenGBPerMonth is the total spoke traffic (GB a month, all spokes together) at which
	// this design and the hub design cost the same; absent when the two never meet.
	BreakEvenGBPerMonth *float64 `json:"breakEvenGbPerMonth,omitempty"`
	Items               []Item   `json:"items"`
}

// Estimate is the cost of the hub-and-spoke network a stack builds, and its alternatives.
type Estimate struct {
	MonthlyUSD   float64                `json:"monthlyUsd"`
	Items        []Item                 `json:"items"`
	PerGBUSD     float64                `json:"perGbUsd"`
	Alternatives map[string]Alternative `json:"alternatives"`
	PriceSource  string                 `json:"priceSource"`
	PriceDate    string                 `json:"priceDate"`
	Region       string                 `json:"region"`
	// Assumptions lists every assumed price or default the estimate used.
	Assumptions []string `json:"assumptions"`
}

// Validate reports every problem with in, or nil.
func (in Inputs) Validate() error { return in.validate(priceTable) }

func (in Inputs) validate(pt map[string]Prices) error {
	var errs []error
	if _, ok := pt[in.Region]; !ok {
		regions := make([]string, 0, len(pt))
		for r := range pt {
			regions = append(regions, r)
		}
		sort.Strings(regions)
		errs = append(errs, fmt.Errorf("cost: Region %q has no prices; priced regions: %s",
			in.Region, strings.Join(regions, ", ")))
	}
	if in.HubAZs < 1 {
		errs = append(errs, fmt.Errorf("cost: HubAZs is %d; must be at least 1", in.HubAZs))
	}
	if in.Endpoints < 0 {
		errs = append(errs, fmt.Errorf("cost: Endpoints is %d; must be 0 or more", in.Endpoints))
	}
	if in.KMSKeys < 0 {
		errs = append(errs, fmt.Errorf("cost: KMSKeys is %d; must be 0 or more", in.KMSKeys))
	}
	if in.HostedZones < 0 {
		errs = append(errs, fmt.Errorf("cost: HostedZones is %d; must be 0 or more", in.HostedZones))
	}
	if in.FlowLogGBPerMonth < 0 || math.IsNaN(in.FlowLogGBPerMonth) || math.IsInf(in.FlowLogGBPerMonth, 0) {
		errs = append(errs, fmt.Errorf("cost: FlowLogGBPerMonth is %v; must be a finite number >= 0 (0 = default %v)",
			in.FlowLogGBPerMonth, DefaultFlowLogGBPerMonth))
	}
	if in.TrafficGBPerMonth < 0 || math.IsNaN(in.TrafficGBPerMonth) || math.IsInf(in.TrafficGBPerMonth, 0) {
		errs = append(errs, fmt.Errorf("cost: TrafficGBPerMonth is %v; must be a finite number >= 0", in.TrafficGBPerMonth))
	}
	if len(in.Spokes) == 0 {
		errs = append(errs, errors.New("cost: Spokes is empty; at least one spoke is required"))
	}
	errs = append(errs, in.Supply.validate()...)
	errs = append(errs, in.Access.validate()...)
	errs = append(errs, in.validateZoneSharing()...)
	seen := map[string]bool{}
	for i, s := range in.Spokes {
		switch {
		case s.Name == "":
			errs = append(errs, fmt.Errorf("cost: Spokes[%d].Name is empty; a unique name is required", i))
		case seen[s.Name]:
			errs = append(errs, fmt.Errorf("cost: Spokes[%d].Name %q is a duplicate; names must be unique", i, s.Name))
		}
		seen[s.Name] = true
		if s.AZs < 1 {
			errs = append(errs, fmt.Errorf("cost: Spokes[%d] (%q).AZs is %d; must be at least 1", i, s.Name, s.AZs))
		}
		if s.FlowLogRetentionDays < 0 {
			errs = append(errs, fmt.Errorf("cost: Spokes[%d] (%q).FlowLogRetentionDays is %d; must be 0 (default %d) or more",
				i, s.Name, s.FlowLogRetentionDays, DefaultFlowLogRetentionDays))
		}
	}
	return errors.Join(errs...)
}

// Compute prices the network described by in with the committed price tables. It fails, naming
// every problem, on invalid input or an unpriced region. (Go cannot have a function and a type
// both named Estimate in one package, so the function is Compute.)
func Compute(in Inputs) (Estimate, error) { return ComputeWith(priceTable, in) }

// ComputeWith is Compute with other price tables (Resolve of tables cmd/prices wrote).
func ComputeWith(pt map[string]Prices, in Inputs) (Estimate, error) {
	if err := in.validate(pt); err != nil {
		return Estimate{}, err
	}
	p := pt[in.Region]
	var assumptions []string
	flowGB := in.FlowLogGBPerMonth
	if flowGB == 0 {
		flowGB = DefaultFlowLogGBPerMonth
		assumptions = append(assumptions, fmt.Sprintf("flow-log volume %v GB per spoke per month (default)", flowGB))
	}
	spokeAZs := 0
	storedGBMonths := 0.0
	for _, s := range in.Spokes {
		spokeAZs += s.AZs
		days := s.FlowLogRetentionDays
		if days == 0 {
			days = DefaultFlowLogRetentionDays
		}
		// Steady state: the log group holds `days` worth of logs, i.e. days×12/365 months' volume.
		storedGBMonths += flowGB * float64(days) * 12 / 365
	}
	nSpokes := float64(len(in.Spokes))
	traffic := in.TrafficGBPerMonth * nSpokes

	// Shared by every design: the spokes' flow logs and the KMS keys.
	shared := []Item{
		priced(p, "kmsKeyMonth", ServiceKMS, "KMS keys", "key-month", float64(in.KMSKeys)),
		priced(p, "logsIngestionGb", ServiceCloudWatch, "Flow logs: CloudWatch Logs ingestion", "GB", flowGB*nSpokes),
		priced(p, "logsStorageGbMonth", ServiceCloudWatch, "Flow logs: CloudWatch Logs storage (steady state)", "GB-month", storedGBMonths),
	}
	shared = append(shared, supplyItems(in.Supply, p, &assumptions)...)
	shared = append(shared, in.Access.items(p)...)
	if in.Runtime != nil {
		rin := *in.Runtime
		rin.Region = in.Region
		rt, err := ComputeRuntimeWith(pt, rin)
		if err != nil {
			return Estimate{}, err
		}
		shared = append(shared, rt.Items...)
		assumptions = append(assumptions, usageAssumptions(rt.Assumptions, p)...)
	}
	assumptions = append(assumptions, zoneSharingAssumptions(in, p)...)
	zoneSharing := zoneSharingItems(in, in.ZoneProfiles, p)

	hubPerGB := p.InterfaceEndpointGB + p.TGWDataGB
	hub := join(
		[]Item{
			priced(p, "interfaceEndpointAzHour", ServiceVPC, "Interface endpoints (hub, per AZ)", "endpoint-AZ-hour",
				float64(in.Endpoints*in.HubAZs)*HoursPerMonth),
			priced(p, "tgwAttachmentHour", ServiceVPC, "Transit Gateway attachments (hub + spokes)", "attachment-hour",
				(1+nSpokes)*HoursPerMonth),
			priced(p, "hostedZoneMonth", ServiceRoute53, "Route 53 private hosted zones", "zone-month", float64(in.HostedZones)),
		},
		zoneSharing,
		shared,
		dataItems(traffic, []Item{
			priced(p, "interfaceEndpointGb", ServiceVPC, "Interface endpoint data processing", "GB", traffic),
			priced(p, "tgwDataGb", ServiceVPC, "Transit Gateway data processing", "GB", traffic),
		}),
	)

	perSpokePerGB := p.InterfaceEndpointGB
	perSpoke := join(
		[]Item{priced(p, "interfaceEndpointAzHour", ServiceVPC, "Interface endpoints (every spoke, per AZ)", "endpoint-AZ-hour",
			float64(in.Endpoints*spokeAZs)*HoursPerMonth)},
		shared,
		dataItems(traffic, []Item{priced(p, "interfaceEndpointGb", ServiceVPC, "Interface endpoint data processing", "GB", traffic)}),
	)

	natPerGB := p.NATDataGB
	nat := join(
		[]Item{
			priced(p, "natGatewayHour", ServiceEC2Other, "NAT gateways (one per spoke AZ)", "gateway-hour", float64(spokeAZs)*HoursPerMonth),
			priced(p, "publicIpv4Hour", ServiceVPC, "Public IPv4 addresses (one per NAT gateway)", "address-hour", float64(spokeAZs)*HoursPerMonth),
		},
		shared,
		dataItems(traffic, []Item{priced(p, "natDataGb", ServiceEC2Other, "NAT gateway data processing", "GB", traffic)}),
	)

	// Peering: the spokes keep the hub's endpoints and zones and reach them over one VPC peering
	// each; no Transit Gateway attachment for the spokes. The hub keeps its own attachment only
	// when the corporate network connects to the Transit Gateway (Access.CorporateAttachments), as
	// that is how it reaches the hub (Resolver inbound). A peering has no hourly charge; traffic
	// that crosses an AZ pays CrossAZDataGB out and again in (same-AZ is free). The endpoint's
	// regional name resolves to an address in every hub AZ, so the share of traffic crossing an
	// AZ is taken as (HubAZs−1)/HubAZs (evenly spread).
	crossShare := float64(in.HubAZs-1) / float64(in.HubAZs)
	peeringPerGB := p.InterfaceEndpointGB + crossShare*2*p.CrossAZDataGB
	hubAttachments := 0.0
	if in.Access.CorporateAttachments > 0 || in.Access.ResolverEndpointIPs > 0 {
		// the corporate network is connected (Resolver inbound comes with it): the hub keeps
		// its Transit Gateway attachment for it (network.EndpointHubArgs.Connectivity)
		hubAttachments = 1
	}
	peering := join(
		[]Item{
			priced(p, "interfaceEndpointAzHour", ServiceVPC, "Interface endpoints (hub, per AZ)", "endpoint-AZ-hour",
				float64(in.Endpoints*in.HubAZs)*HoursPerMonth),
			item(ServiceVPC, "VPC peering connections (hub to each spoke; no hourly charge)", "connection", nSpokes, 0),
			priced(p, "tgwAttachmentHour", ServiceVPC, "Transit Gateway attachment (hub only, for the corporate network)", "attachment-hour",
				hubAttachments*HoursPerMonth),
			priced(p, "hostedZoneMonth", ServiceRoute53, "Route 53 private hosted zones", "zone-month", float64(in.HostedZones)),
		},
		zoneSharing,
		shared,
		dataItems(traffic, []Item{
			priced(p, "interfaceEndpointGb", ServiceVPC, "Interface endpoint data processing", "GB", traffic),
			// Inter-AZ data transfer is billed under EC2-Other (see ServiceEC2Other).
			priced(p, "crossAzDataGb", ServiceEC2Other, "VPC peering cross-AZ data transfer", "GB (each direction)", traffic*crossShare*2),
		}),
	)
	if traffic > 0 && in.HubAZs > 1 {
		assumptions = append(assumptions, fmt.Sprintf(
			"peering: spoke traffic spread evenly over the hub's %d AZs, so %.0f%% of it crosses an AZ", in.HubAZs, crossShare*100))
	}

	primary, primaryPerGB := hub, hubPerGB
	if in.Peering {
		primary, primaryPerGB = peering, peeringPerGB
	}
	est := Estimate{
		MonthlyUSD:  total(primary),
		Items:       primary,
		PerGBUSD:    primaryPerGB,
		PriceDate:   p.Date,
		Region:      in.Region,
		Assumptions: assumptions,
	}
	est.Alternatives = map[string]Alternative{
		AltPerSpokeEndpoints: alternative(est, fixed(primary), perSpoke, perSpokePerGB,
			"every spoke has its own interface endpoints in each of its AZs (the AWS samples' design); no hub, no Transit Gateway, no private hosted zones"),
		AltNATGateways: alternative(est, fixed(primary), nat, natPerGB,
			"every spoke reaches AWS services through a NAT gateway in each of its AZs (public subnets, internet gateway, one EIP each); no endpoints, no Transit Gateway"),
	}
	if in.Peering {
		est.Alternatives[AltTransitGateway] = alternative(est, fixed(primary), hub, hubPerGB,
			transitGatewayDescription(len(in.Spokes), fixed(hub), hubPerGB, fixed(peering), peeringPerGB))
	} else {
		est.Alternatives[AltPeering] = alternative(est, fixed(hub), peering, peeringPerGB, peeringDescription(in.HubAZs, len(in.Spokes),
			fixed(peering), peeringPerGB, fixed(hub), hubPerGB, fixed(perSpoke)))
	}
	if len(in.CrossAccountVPCs) > 0 {
		key, alt := zoneSharingAlternative(est, primary, in, p)
		est.Alternatives[key] = alt
	}
	for key, alt := range resolverAlternatives(est, p, primary, fixed(primary), in.Access) {
		est.Alternatives[key] = alt
	}
	lines := append([]Item(nil), est.Items...)
	for _, a := range est.Alternatives {
		lines = append(lines, a.Items...)
	}
	est.PriceSource = priceSource(p, lines)
	est.Assumptions = append(priceAssumptions(p, lines), est.Assumptions...)
	return est, nil
}

// transitGatewayDescription says what the Transit Gateway design adds over the peering design
// the stack uses and where it wins.
func transitGatewayDescription(spokes int, tgwFixed, tgwPerGB, peerFixed, peerPerGB float64) string {
	win := "costs more than peering at any traffic here"
	switch {
	case tgwFixed < peerFixed:
		win = "cheaper than peering here"
	case tgwPerGB < peerPerGB:
		win = "cheaper than peering above the break-even traffic"
	}
	return fmt.Sprintf("every spoke attached to the hub's Transit Gateway instead of peered (hub.connectivity: transitGateway): "+
		"one attachment per VPC billed per hour (%d spokes + the hub) and per GB processed; in exchange the routing is "+
		"transitive, so spokes can reach the corporate network (corporate.onPremisesSpokes), and there is no peering quota "+
		"(%d per VPC by default). %s.", spokes, PeeringsPerVPCDefault, win)
}

// peeringDescription says in plain words what the peering design is, where it wins (from the
// figures: fixed cost and price per GB against the hub and the per-spoke endpoints) and what it
// cannot do. Sources: the Prices "vpc-peering" citation (no transitive routing, AZ data transfer)
// and PeeringsPerVPCDefault/Max (quota).
func peeringDescription(hubAZs, spokes int, peerFixed, peerPerGB, hubFixed, hubPerGB, perSpokeFixed float64) string {
	var wins []string
	switch {
	case peerFixed < hubFixed && peerPerGB <= hubPerGB:
		wins = append(wins, "cheaper than the hub at any traffic")
	case peerFixed < hubFixed:
		wins = append(wins, "cheaper than the hub below the break-even traffic")
	default:
		wins = append(wins, "no cheaper than the hub here")
	}
	if peerFixed < perSpokeFixed {
		wins = append(wins, fmt.Sprintf("%.0f%% of the per-spoke endpoints' fixed cost", 100*peerFixed/perSpokeFixed))
	} else {
		wins = append(wins, "but not cheaper than per-spoke endpoints here (too few spokes for the shared endpoints to pay off)")
	}
	return fmt.Sprintf("hub-to-spoke VPC peering instead of the Transit Gateway: each spoke is peered with the hub and keeps using "+
		"the hub's shared interface endpoints and private hosted zones; no spoke attachments (a peering has no hourly charge, so "+
		"the fixed cost is the hub's endpoints and zones, plus the hub's own attachment when the corporate network is on the "+
		"Transit Gateway), and traffic pays the endpoint's processing plus the cross-AZ transfer rate each way "+
		"when it crosses an AZ, free within one (per GB assumes traffic spread over the hub's %d AZs: %d in %d GB cross). "+
		"Wins: %s. Cannot: a peering is not transitive, so the corporate network (VPN or Direct Connect on the Transit "+
		"Gateway) reaches the hub but no spoke resource through it; no spoke-to-spoke path (by construction: spokes are "+
		"peered only with the hub); %d active peerings per VPC by default (adjustable to %d) cap the hub's spokes (%d here). "+
		"hub.connectivity: peering builds it.",
		hubAZs, hubAZs-1, hubAZs, strings.Join(wins, "; "), PeeringsPerVPCDefault, PeeringsPerVPCMax, spokes)
}

func item(service, resource, unit string, qty, unitUSD float64) Item {
	return Item{Resource: resource, Service: service, Unit: unit, Quantity: qty, UnitUSD: unitUSD, MonthlyUSD: round2(qty * unitUSD)}
}

// priced is a line billed at p's price key.
func priced(p Prices, key, service, resource, unit string, qty float64) Item {
	it := item(service, resource, unit, qty, p.Price(key))
	it.price = key
	return it
}

// usedPrices are the price keys of the lines with a quantity, in PriceKeys order.
func usedPrices(lines []Item) []string {
	used := map[string]bool{}
	for _, it := range lines {
		if it.Quantity != 0 && it.price != "" {
			used[it.price] = true
		}
	}
	var out []string
	for _, k := range PriceKeys() {
		if used[k] {
			out = append(out, k)
		}
	}
	return out
}

// priceAssumptions are the assumptions behind the prices lines use: one per price no AWS source
// gave for the region (Prices.Assumed).
func priceAssumptions(p Prices, lines []Item) []string {
	var out []string
	for _, k := range usedPrices(lines) {
		if a, ok := p.Assumed[k]; ok {
			out = append(out, a)
		}
	}
	return out
}

// usageAssumptions drops from assumptions the price assumptions of p (which the caller lists
// once, for all its lines), keeping the usage ones.
func usageAssumptions(assumptions []string, p Prices) []string {
	price := map[string]bool{}
	for _, a := range p.Assumed {
		price[a] = true
	}
	var out []string
	for _, a := range assumptions {
		if !price[a] {
			out = append(out, a)
		}
	}
	return out
}

// dataItems returns items when traffic is modelled (traffic > 0), else nothing.
func dataItems(traffic float64, items []Item) []Item {
	if traffic <= 0 {
		return nil
	}
	return items
}

// join concatenates item lists, dropping lines with zero quantity.
func join(lists ...[]Item) []Item {
	out := []Item{}
	for _, l := range lists {
		for _, it := range l {
			if it.Quantity != 0 {
				out = append(out, it)
			}
		}
	}
	return out
}

func total(items []Item) float64 {
	t := 0.0
	for _, it := range items {
		t += it.MonthlyUSD
	}
	return round2(t)
}

// fixed is the total without the traffic-dependent (per-GB processing and transfer) lines.
func fixed(items []Item) float64 {
	t := 0.0
	for _, it := range items {
		if !strings.HasSuffix(it.Resource, "data processing") && !strings.HasSuffix(it.Resource, "data transfer") {
			t += it.MonthlyUSD
		}
	}
	return t
}

func alternative(hub Estimate, hubFixed float64, items []Item, perGB float64, desc string) Alternative {
	a := Alternative{Description: desc, MonthlyUSD: total(items), PerGBUSD: perGB, Items: items}
	a.DeltaUSD = round2(a.MonthlyUSD - hub.MonthlyUSD)
	// hubFixed + hubPerGB×T = altFixed + altPerGB×T  ⇒  T = (hubFixed − altFixed)/(altPerGB − hubPerGB)
	if d := perGB - hub.PerGBUSD; d != 0 {
		if t := (hubFixed - fixed(items)) / d; t > 0 {
			t = math.Round(t)
			a.BreakEvenGBPerMonth = &t
		}
	}
	return a
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// priceSource names the region's price table, its date and the AWS sources (offer files and
// pages) of the region's own prices that lines use, sorted: an assumed price has none.
func priceSource(p Prices, lines []Item) string {
	seen := map[string]bool{}
	var urls []string
	for _, k := range usedPrices(lines) {
		if _, assumed := p.Assumed[k]; assumed {
			continue // not this region's source
		}
		if e := p.Sources[k]; e.URL != "" && !seen[e.URL] {
			seen[e.URL] = true
			urls = append(urls, e.URL)
		}
	}
	sort.Strings(urls)
	src := "cost/prices/" + p.Region + ".json"
	if p.Date != "" {
		src += " (" + p.Date + ")"
	}
	if len(urls) == 0 {
		return src + ": no AWS-sourced price used"
	}
	return src + ": " + strings.Join(urls, " ")
}

// AsMap returns the estimate as plain JSON-shaped values (map[string]any, []any, float64,
// string), for a stack output: pulumi.ToMap(est.AsMap()).
func (e Estimate) AsMap() map[string]any {
	b, err := json.Marshal(e)
	if err != nil { // cannot happen: the type holds only JSON-encodable values
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// WriteTable prints the estimate as text: the hub design's lines, the alternatives, the price
// source and the assumptions.
func (e Estimate) WriteTable(w io.Writer) error {
	var b strings.Builder
	design, vs := "hub and spoke", "the hub"
	if _, peering := e.Alternatives[AltTransitGateway]; peering {
		design, vs = "hub and spoke over VPC peering", "peering"
	}
	fmt.Fprintf(&b, "Network cost estimate, %s, prices of %s: $%.2f/month (%s)\n", e.Region, e.PriceDate, e.MonthlyUSD, design)
	writeItems(&b, e.Items)
	fmt.Fprintf(&b, "  per GB of spoke traffic to AWS services: $%.3f\n", e.PerGBUSD)
	keys := make([]string, 0, len(e.Alternatives))
	for k := range e.Alternatives {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := e.Alternatives[k]
		be := "none"
		if a.BreakEvenGBPerMonth != nil {
			be = fmt.Sprintf("%.0f GB/month of spoke traffic", *a.BreakEvenGBPerMonth)
		}
		fmt.Fprintf(&b, "\nAlternative %s: $%.2f/month (%+.2f vs %s); per GB $%.3f; break-even with %s: %s\n  %s\n",
			k, a.MonthlyUSD, a.DeltaUSD, strings.TrimPrefix(vs, "the "), a.PerGBUSD, vs, be, a.Description)
		writeItems(&b, a.Items)
	}
	fmt.Fprintf(&b, "\nPrices: %s\n", e.PriceSource)
	for _, a := range e.Assumptions {
		fmt.Fprintf(&b, "Assumed: %s\n", a)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeItems(w io.Writer, items []Item) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  RESOURCE\tQUANTITY\tUNIT\tUNIT USD\tMONTHLY USD")
	for _, it := range items {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%g\t%.2f\n", it.Resource, trimFloat(it.Quantity), it.Unit, it.UnitUSD, it.MonthlyUSD)
	}
	_ = tw.Flush() // writes to a strings.Builder
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
