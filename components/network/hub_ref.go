package network

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// HubOutput is the name of the stack output that carries a HubRef (HubRef.Export writes it,
// HubRefFromStack reads it). The keys of that map are the HubKey* constants: exporter and reader
// share them, so they cannot drift.
const HubOutput = "hub"

// Catalog keys of the CodeArtifact endpoints PackageSupply admits requests through
// (PackageSupplyArgs.Hub.EndpointIds).
const (
	CodeArtifactAPIEndpointKey          = "codeartifact.api"
	CodeArtifactRepositoriesEndpointKey = "codeartifact.repositories"
)

// Keys of the HubOutput map.
const (
	HubKeyAccount                    = "account"                    // string: 12 digits, or "" (the deploying account)
	HubKeyRegion                     = "region"                     // string, e.g. "us-east-1"
	HubKeyVpcId                      = "vpcId"                      // string vpc-...
	HubKeyCidr                       = "cidr"                       // string, the hub VPC's IPv4 CIDR
	HubKeyTransitGatewayId           = "transitGatewayId"           // string tgw-...
	HubKeyTransitGatewayRouteTableId = "transitGatewayRouteTableId" // string tgw-rtb-...
	HubKeyZoneIds                    = "zoneIds"                    // map: catalog key -> private hosted zone id
	HubKeyEndpointIds                = "endpointIds"                // map: catalog key -> vpce-...
	HubKeyEndpointKeys               = "endpointKeys"               // list: the catalog keys, sorted
	HubKeyConnectivity               = "connectivity"               // string: a Connectivities value; missing means transitGateway
	HubKeyRouteTableIds              = "routeTableIds"              // map: availability zone -> rtb-... (the hub's route tables)
)

// HubRef is everything a spoke, a guard or an access path needs to know about an EndpointHub,
// as one value: from the hub in the same program (EndpointHub.Ref) or from the network stack's
// HubOutput in another (HubRefFromStack). What components branch on is plain (Cidr, Region,
// Account, the keys of ZoneIds and EndpointIds, EndpointKeys); the ids are Inputs, so that the
// same program wires them from the hub's resources.
type HubRef struct {
	// Account is the 12-digit id of the account the hub is in; "" means the deploying account
	// (a single-account landing zone, or "the account of SpokeVpcArgs.HubProvider"). Components
	// accept only "" or 12 digits. A peering spoke in another account names it as the peer owner
	// (when "", it asks the hub provider's caller identity).
	Account string `pulumi:"account,optional"`
	// Connectivity is how spokes reach the hub (EndpointHubArgs.Connectivity): "" or
	// ConnectivityTransitGateway, or ConnectivityPeering. Spokes follow it.
	Connectivity string `pulumi:"connectivity,optional"`
	// Region is the hub's AWS Region. Components with a Region of their own require it to match
	// (a Transit Gateway attachment and a PHZ association are regional); "" skips that check.
	Region string `pulumi:"region,optional"`
	// Cidr is the hub VPC's IPv4 CIDR: the spokes' only non-local route, the destination the
	// security groups allow HTTPS to.
	Cidr string `pulumi:"cidr,optional"`
	// VpcId is the hub VPC.
	VpcId pulumi.StringInput `pulumi:"vpcId,optional"`
	// TransitGatewayId and TransitGatewayRouteTableId are the hub's Transit Gateway and the route
	// table spokes associate with and propagate to. nil for a peering hub without a corporate
	// network (it has no Transit Gateway).
	TransitGatewayId           pulumi.StringInput `pulumi:"transitGatewayId,optional"`
	TransitGatewayRouteTableId pulumi.StringInput `pulumi:"transitGatewayRouteTableId,optional"`
	// RouteTableIds are the hub's route tables by availability zone: a peering spoke adds its
	// return route to each ("<spoke>-from-hub-<az>"). Required with ConnectivityPeering.
	RouteTableIds map[string]pulumi.StringInput `pulumi:"routeTableIds,optional"`
	// ZoneIds maps each endpoint catalog key to the hub's private hosted zone for it.
	ZoneIds map[string]pulumi.StringInput `pulumi:"zoneIds,optional"`
	// EndpointIds maps each endpoint catalog key to the hub's interface endpoint (vpce-...).
	EndpointIds map[string]pulumi.StringInput `pulumi:"endpointIds,optional"`
	// EndpointKeys are the catalog keys the hub has endpoints for, sorted.
	EndpointKeys []string `pulumi:"endpointKeys,optional"`
}

// Peering reports whether spokes peer with the hub instead of attaching to its Transit Gateway.
func (r HubRef) Peering() bool { return r.Connectivity == ConnectivityPeering }

// EndpointId is the hub's interface endpoint for a catalog key, or nil when the hub has none.
func (r HubRef) EndpointId(key string) pulumi.StringInput { return r.EndpointIds[key] }

// Export is the HubOutput value: a map under the HubKey* keys. account overrides Account when
// not nil (the landing zone passes the caller identity's account, so a workload stack learns
// which account the hub is in); nil writes Account as is.
func (r HubRef) Export(account pulumi.StringInput) pulumi.Map {
	zones, eps, rts := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for k, v := range r.RouteTableIds {
		rts[k] = v
	}
	connectivity := r.Connectivity
	if connectivity == "" {
		connectivity = DefaultConnectivity
	}
	tgw, tgwRT := r.TransitGatewayId, r.TransitGatewayRouteTableId
	if tgw == nil {
		tgw = pulumi.String("")
	}
	if tgwRT == nil {
		tgwRT = pulumi.String("")
	}
	for k, v := range r.ZoneIds {
		zones[k] = v
	}
	for k, v := range r.EndpointIds {
		eps[k] = v
	}
	if account == nil {
		account = pulumi.String(r.Account)
	}
	return pulumi.Map{
		HubKeyAccount:                    account,
		HubKeyRegion:                     pulumi.String(r.Region),
		HubKeyVpcId:                      r.VpcId,
		HubKeyCidr:                       pulumi.String(r.Cidr),
		HubKeyTransitGatewayId:           tgw,
		HubKeyTransitGatewayRouteTableId: tgwRT,
		HubKeyConnectivity:               pulumi.String(connectivity),
		HubKeyRouteTableIds:              rts,
		HubKeyZoneIds:                    zones,
		HubKeyEndpointIds:                eps,
		HubKeyEndpointKeys:               pulumi.ToStringArray(slices.Sorted(slices.Values(r.EndpointKeys))),
	}
}

// HubNeeds says which parts of a HubRef a component uses; HubRef.Check validates those.
type HubNeeds struct {
	Region     string   // the component's Region: Hub.Region must match it when both are set
	Cidr       bool     // Hub.Cidr must be a CIDR
	Tgw        bool     // the Transit Gateway ids must be set
	spokeLink  bool     // what a spoke connects with: the TGW ids, or with peering VpcId and RouteTableIds
	Endpoints  []string // catalog keys Hub.EndpointIds must have
	zonesValid bool     // Hub.ZoneIds' keys must be catalog keys with set ids
}

// Check validates the parts of the hub a component needs (need): nil, or the joined *arg.Error
// values of the bad parts, each under field "Hub." and without a component (a component's
// Validate records them under its own name).
func (r HubRef) Check(need HubNeeds) error {
	p := core.NewProblems("", "")
	checkHub(p, r, need)
	return p.Err()
}

// checkHub records the problems of the parts of hub a component needs, under field "Hub".
func checkHub(p *core.Problems, hub HubRef, need HubNeeds) {
	if hub.Account != "" && !core.AccountIDRe.MatchString(hub.Account) {
		p.Bad("Hub.Account", hub.Account, `a 12-digit account id, or "" for the deploying account`)
	}
	if need.Region != "" && hub.Region != "" && hub.Region != need.Region {
		p.Bad("Hub.Region", hub.Region, fmt.Sprintf("the component's Region %s (or \"\"): the hub must be in the same Region", need.Region))
	}
	if need.Cidr {
		if _, err := NetParseCIDR(hub.Cidr); err != nil {
			p.Bad("Hub.Cidr", hub.Cidr, "the hub VPC's IPv4 CIDR such as 10.0.0.0/16 ("+err.Error()+")")
		}
	}
	if err := CheckConnectivity(hub.Connectivity); need.spokeLink && err != nil {
		p.Bad("Hub.Connectivity", hub.Connectivity, "one of "+strings.Join(connectivities, ", ")+` (or "": `+DefaultConnectivity+")")
	}
	if need.spokeLink && hub.Peering() {
		if core.UnsetInput(hub.VpcId) {
			p.Missing("Hub.VpcId", "the hub VPC's id (EndpointHub.Ref().VpcId): a peering spoke peers with it")
		}
		if len(hub.RouteTableIds) == 0 {
			p.Missing("Hub.RouteTableIds", "the hub's route tables by availability zone (EndpointHub.Ref().RouteTableIds): a peering spoke adds its return routes to them")
		}
		for _, az := range core.SortedKeys(hub.RouteTableIds) {
			if core.UnsetInput(hub.RouteTableIds[az]) {
				p.Missing(fmt.Sprintf("Hub.RouteTableIds[%q]", az), "the hub's route table id in "+az+" (a zero-value Output never resolves)")
			}
		}
	} else if need.spokeLink {
		need.Tgw = true
	}
	if need.Tgw {
		if core.UnsetInput(hub.TransitGatewayId) {
			p.Missing("Hub.TransitGatewayId", "the hub's Transit Gateway id (EndpointHub.Ref().TransitGatewayId)")
		}
		if core.UnsetInput(hub.TransitGatewayRouteTableId) {
			p.Missing("Hub.TransitGatewayRouteTableId", "the hub's TGW route table id (EndpointHub.Ref().TransitGatewayRouteTableId)")
		}
	}
	for _, key := range need.Endpoints {
		field := fmt.Sprintf("Hub.EndpointIds[%q]", key)
		if id, ok := hub.EndpointIds[key]; !ok || core.UnsetInput(id) {
			p.Missing(field, "the hub's "+key+" interface endpoint id (vpce-...): the hub must have a "+key+" endpoint")
		} else if s, ok := id.(pulumi.String); ok && !core.VpceIDRe.MatchString(string(s)) {
			p.Bad(field, string(s), "the hub's "+key+" VPC endpoint id (vpce-...)")
		}
	}
	if need.zonesValid {
		for _, key := range core.SortedKeys(hub.ZoneIds) {
			field := fmt.Sprintf("Hub.ZoneIds[%q]", key)
			if _, ok := LookupEndpoint(key); !ok {
				p.Bad(field, key, "an endpoint catalog key: "+strings.Join(CatalogKeys(), ", "))
			}
			if core.UnsetInput(hub.ZoneIds[key]) {
				p.Missing(field, "the hub's private hosted zone id for "+key+" (a zero-value Output never resolves)")
			}
		}
	}
}

// Shapes of the ids HubRefFromOutputs accepts.
var (
	hubVpcIDRe     = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	hubTgwIDRe     = regexp.MustCompile(`^tgw-[0-9a-f]{8,17}$`)
	hubTgwRtbIDRe  = regexp.MustCompile(`^tgw-rtb-[0-9a-f]{8,17}$`)
	hubRtbIDRe     = regexp.MustCompile(`^rtb-[0-9a-f]{8,17}$`)
	hubZoneIDRe    = regexp.MustCompile(`^Z[0-9A-Za-z]{1,32}$`)
	hubOutputsWant = "a map under the keys " + strings.Join([]string{HubKeyAccount, HubKeyRegion, HubKeyVpcId, HubKeyCidr,
		HubKeyTransitGatewayId, HubKeyTransitGatewayRouteTableId, HubKeyZoneIds, HubKeyEndpointIds, HubKeyEndpointKeys,
		HubKeyConnectivity, HubKeyRouteTableIds}, ", ") +
		" (HubRef.Export)"
)

// HubRefFromStack reads the network stack's HubOutput through ref and returns it as a HubRef
// with plain values, at construction (StackReference.GetOutputDetails waits for the
// reference): a missing or mistyped output fails here, naming the output and the key, before
// any resource is registered. needs are catalog keys the caller relies on (e.g.
// "sagemaker.api"); each must be among the hub's endpoints. The stack must have been deployed:
// an output that does not exist yet is an error, not an unknown.
func HubRefFromStack(ctx *pulumi.Context, ref *pulumi.StackReference, needs ...string) (HubRef, error) {
	if ref == nil {
		return HubRef{}, fmt.Errorf("HubRefFromStack: the stack reference is nil")
	}
	stack := awaitName(ctx, ref)
	d, err := ref.GetOutputDetails(HubOutput)
	if err != nil {
		return HubRef{}, fmt.Errorf("HubRefFromStack: reading output %q of stack %s: %w", HubOutput, stack, err)
	}
	v := d.Value
	if v == nil {
		v = d.SecretValue
	}
	return HubRefFromOutputs(stack, v, needs...)
}

// awaitName is the referenced stack's name, for error messages ("" when it cannot be read).
func awaitName(ctx *pulumi.Context, ref *pulumi.StackReference) string {
	ch := make(chan string, 1)
	ref.Name.ApplyT(func(s string) string { ch <- s; return s })
	select {
	case s := <-ch:
		return s
	case <-ctx.Context().Done():
		return ""
	}
}

// HubRefFromOutputs decodes value, the HubOutput of stack (as a StackReference returns it:
// map[string]any of strings, maps and lists), into a HubRef with plain values. Every problem is
// reported at once, each naming the output, the key, the value and what was expected. needs
// are catalog keys that must be among the hub's endpoints.
func HubRefFromOutputs(stack string, value any, needs ...string) (HubRef, error) {
	out := fmt.Sprintf("stack output %q of stack %s", HubOutput, stack)
	m, ok := value.(map[string]any)
	if !ok {
		if value == nil {
			return HubRef{}, fmt.Errorf("%s is missing: want %s; is the network stack deployed with this version of the landing zone?", out, hubOutputsWant)
		}
		return HubRef{}, fmt.Errorf("%s is a %T: want %s", out, value, hubOutputsWant)
	}
	var errs []string
	fail := func(key string, v any, want string) {
		if v == nil {
			errs = append(errs, fmt.Sprintf("%s: key %q is missing: want %s", out, key, want))
			return
		}
		errs = append(errs, fmt.Sprintf("%s: key %q is %#v: want %s", out, key, v, want))
	}
	str := func(key string, re *regexp.Regexp, want string, optional bool) string {
		s, ok := m[key].(string)
		if !ok || (s == "" && !optional) || (s != "" && re != nil && !re.MatchString(s)) {
			fail(key, m[key], want)
			return ""
		}
		return s
	}
	ids := func(key string, re *regexp.Regexp, want string) map[string]pulumi.StringInput {
		raw, ok := m[key].(map[string]any)
		if !ok {
			fail(key, m[key], "a map from endpoint catalog key to "+want)
			return nil
		}
		res := map[string]pulumi.StringInput{}
		for _, k := range core.SortedKeys(raw) {
			s, ok := raw[k].(string)
			_, known := LookupEndpoint(k)
			if !ok || !known || !re.MatchString(s) {
				fail(key+"."+k, raw[k], want+" under an endpoint catalog key")
				continue
			}
			res[k] = pulumi.String(s)
		}
		return res
	}
	// connectivity: written since the peering option; a network stack from before has none and
	// is a Transit Gateway hub.
	connectivity := DefaultConnectivity
	if v, present := m[HubKeyConnectivity]; present {
		s, ok := v.(string)
		if !ok || s == "" || CheckConnectivity(s) != nil {
			fail(HubKeyConnectivity, v, "one of "+strings.Join(connectivities, ", "))
		} else {
			connectivity = s
		}
	}
	peering := connectivity == ConnectivityPeering
	r := HubRef{
		Account:      str(HubKeyAccount, core.AccountIDRe, `a 12-digit account id or ""`, true),
		Connectivity: connectivity,
		Region:       str(HubKeyRegion, core.RegionRe, "an AWS Region such as us-east-1", false),
		Cidr:         str(HubKeyCidr, nil, "the hub VPC's IPv4 CIDR", false),
		VpcId:        pulumi.String(str(HubKeyVpcId, hubVpcIDRe, "a VPC id (vpc-...)", false)),
		ZoneIds:      ids(HubKeyZoneIds, hubZoneIDRe, "a Route 53 hosted zone id (Z...)"),
		EndpointIds:  ids(HubKeyEndpointIds, core.VpceIDRe, "a VPC endpoint id (vpce-...)"),
	}
	// A peering hub has a Transit Gateway only for the corporate network: its ids may be "".
	if tgw := str(HubKeyTransitGatewayId, hubTgwIDRe, "a Transit Gateway id (tgw-...)", peering); tgw != "" {
		r.TransitGatewayId = pulumi.String(tgw)
	}
	if rt := str(HubKeyTransitGatewayRouteTableId, hubTgwRtbIDRe, "a Transit Gateway route table id (tgw-rtb-...)", peering); rt != "" {
		r.TransitGatewayRouteTableId = pulumi.String(rt)
	}
	switch raw, present := m[HubKeyRouteTableIds]; {
	case !present && !peering:
		// optional for a Transit Gateway hub (older network stacks do not write it)
	default:
		rts, ok := raw.(map[string]any)
		if !ok || (peering && len(rts) == 0) {
			fail(HubKeyRouteTableIds, raw, "a map from availability zone to the hub's route table id (rtb-...)")
			break
		}
		r.RouteTableIds = map[string]pulumi.StringInput{}
		for _, az := range core.SortedKeys(rts) {
			s, ok := rts[az].(string)
			if !ok || !hubRtbIDRe.MatchString(s) || len(az) < 2 || !ValidRegion(az[:len(az)-1]) || !ValidAvailabilityZone(az[:len(az)-1], az) {
				fail(HubKeyRouteTableIds+"."+az, rts[az], "a route table id (rtb-...) under an availability zone name")
				continue
			}
			r.RouteTableIds[az] = pulumi.String(s)
		}
	}
	if r.Cidr != "" {
		if _, err := NetParseCIDR(r.Cidr); err != nil {
			fail(HubKeyCidr, r.Cidr, "the hub VPC's IPv4 CIDR ("+err.Error()+")")
		}
	}
	if raw, ok := m[HubKeyEndpointKeys].([]any); ok {
		for i, k := range raw {
			s, ok := k.(string)
			if _, known := LookupEndpoint(s); !ok || !known {
				fail(fmt.Sprintf("%s[%d]", HubKeyEndpointKeys, i), k, "an endpoint catalog key")
				continue
			}
			r.EndpointKeys = append(r.EndpointKeys, s)
		}
		sort.Strings(r.EndpointKeys)
		if r.EndpointIds != nil && !slices.Equal(r.EndpointKeys, core.SortedKeys(r.EndpointIds)) {
			fail(HubKeyEndpointKeys, raw, fmt.Sprintf("the keys of %s, %v", HubKeyEndpointIds, core.SortedKeys(r.EndpointIds)))
		}
	} else {
		fail(HubKeyEndpointKeys, m[HubKeyEndpointKeys], "a list of endpoint catalog keys")
	}
	for _, k := range needs {
		if !slices.Contains(r.EndpointKeys, k) {
			errs = append(errs, fmt.Sprintf("%s: the hub has no %q endpoint (it has %v); this program needs it: add it to the hub's endpoints",
				out, k, r.EndpointKeys))
		}
	}
	if len(errs) > 0 {
		return HubRef{}, fmt.Errorf("HubRefFromStack: %s", strings.Join(errs, "\n"))
	}
	return r, nil
}

// hubEndpointID is a resolved hub endpoint id from a pulumi.All: a string, or a pulumi.ID when
// the caller wired a resource's ID() into HubRef.EndpointIds; anything else is an error naming
// the key, never a panic.
func HubEndpointID(v any, key string) (string, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case pulumi.ID:
		return string(s), nil
	}
	return "", fmt.Errorf("Hub.EndpointIds[%q] resolved to a %T (%v): want a VPC endpoint id string (vpce-...)", key, v, v)
}
