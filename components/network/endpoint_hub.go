package network

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// EndpointHubType is the type token of the EndpointHub component (public API).
const EndpointHubType = "vpconly:network:EndpointHub"

// EndpointHubArgs configure an EndpointHub.
type EndpointHubArgs struct {
	// Region is the AWS Region the hub lives in, e.g. "us-east-1"; it renders the endpoint
	// service names and PHZ names. Required.
	Region string `pulumi:"region,optional"`
	// CidrBlock is the hub VPC's IPv4 CIDR, /16 to /28. Required.
	CidrBlock string `pulumi:"cidrBlock,optional"`
	// AvailabilityZones are the zones of the hub's isolated subnets, one subnet each, at least 2,
	// each a zone of Region ("us-east-1a"). Required.
	AvailabilityZones []string `pulumi:"availabilityZones,optional"`
	// SubnetPrefixLength is the prefix of each hub subnet. Default 0:
	// DefaultSubnetPrefix(VPC prefix, len(AvailabilityZones)). Each subnet must hold one ENI per
	// endpoint plus the Transit Gateway attachment's ENI.
	SubnetPrefixLength int `pulumi:"subnetPrefixLength,optional"`
	// Endpoints are the catalog keys (CatalogKeys) of the interface endpoints to create, each at
	// most once. Default nil: RequiredEndpointKeys().
	Endpoints []string `pulumi:"endpoints,optional"`
	// SpokeCidrs maps a spoke name to its VPC CIDR. The endpoint security group admits TCP 443
	// from these (and the hub CIDR) only, and every hub route table routes each of them to the
	// Transit Gateway. Spoke names are 1-63 letters, digits or '-'; CIDRs must not overlap the
	// hub or each other. Default none.
	SpokeCidrs map[string]string `pulumi:"spokeCidrs,optional"`
	// AccountId is the account whose principals the endpoint policies admit
	// (aws:PrincipalAccount). Default nil: the account of the provider's credentials
	// (aws:index/getCallerIdentity). Ignored when OrganizationId is set.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// OrganizationId, when set ("o-a1b2c3d4e5"), makes the endpoint policies admit the
	// principals of the whole organization (aws:PrincipalOrgID) instead of one account.
	// Default "".
	OrganizationId string `pulumi:"organizationId,optional"`
	// AdmittedAccountIds are more accounts whose principals the endpoint policies admit besides
	// AccountId (a multi-account landing zone's workload accounts): the policies' condition is
	// then aws:PrincipalAccount with the list (HubEndpointPolicyAccounts). Ignored when
	// OrganizationId is set. Default nil: AccountId only.
	AdmittedAccountIds pulumi.StringArrayInput `pulumi:"admittedAccountIds,optional"`
	// Tags are merged into every taggable child's tags (each child also gets a Name tag unless
	// Tags sets one). Default none.
	Tags map[string]string `pulumi:"tags,optional"`
	// CorporateCidrs are the corporate network's CIDRs (CheckCorporateCidr; no overlap with the
	// hub, the spokes or each other): every hub route table routes each to the Transit Gateway
	// ("<name>-to-corporate-<cidr key>-<az>"), and the CorporateEndpoints admit TCP 443 from them
	// through a security group of their own (hubCorporateSecurityGroup). Default none.
	CorporateCidrs []string `pulumi:"corporateCidrs,optional"`
	// CorporateEndpoints are the catalog keys of the endpoints people use directly from the
	// corporate network; the others admit nothing from it. Each must be one of Endpoints.
	// Default nil: CorporateEndpointKeys (DefaultCorporateEndpoints among Endpoints), only with
	// CorporateCidrs.
	CorporateEndpoints []string `pulumi:"corporateEndpoints,optional"`
	// Connectivity is how spokes reach the hub: ConnectivityTransitGateway (each spoke attaches
	// to the hub's Transit Gateway, and every hub route table routes each SpokeCidrs entry to it)
	// or ConnectivityPeering (each spoke peers with the hub VPC and adds the hub's return routes
	// itself, SpokeVpc; the hub routes no spoke CIDR, and has a Transit Gateway only with
	// CorporateCidrs, for the corporate network). Default "": DefaultConnectivity.
	Connectivity string `pulumi:"connectivity,optional"`
	// PeeringQuota is the hub VPC's quota of active VPC peering connections with
	// ConnectivityPeering: SpokeCidrs may hold at most that many spokes. Default 0:
	// DefaultPeeringQuota (50, AWS's default); at most MaxPeeringQuota (125) — raise the quota
	// in Service Quotas before setting it.
	PeeringQuota int `pulumi:"peeringQuota,optional"`
	// AmazonSideAsn is the Transit Gateway's Amazon-side BGP ASN (CheckAmazonSideAsn: a private
	// ASN). It must differ from the ASN of a Direct Connect gateway associated with the Transit
	// Gateway and from a VPN customer gateway's. Default 0: DefaultTransitGatewayAsn (not AWS's
	// default 64512, see there).
	AmazonSideAsn int64 `pulumi:"amazonSideAsn,optional"`
}

// EndpointHub is a hub VPC with no internet path at all: isolated subnets, centralized interface
// endpoints with private DNS off, one Route 53 private hosted zone per service hostname, and a
// Transit Gateway with its own route table that the spokes attach to (the pattern of the AWS
// whitepaper "Building a Scalable and Secure Multi-VPC AWS Network Infrastructure", section
// "Centralized access to VPC private endpoints").
type EndpointHub struct {
	pulumi.ResourceState

	// VpcId is the hub VPC.
	VpcId pulumi.StringOutput `pulumi:"vpcId"`
	// CidrBlock is the hub VPC's IPv4 CIDR.
	CidrBlock     pulumi.StringOutput      `pulumi:"cidrBlock"`
	SubnetIds     pulumi.StringArrayOutput `pulumi:"subnetIds"`     // in AvailabilityZones order
	RouteTableIds pulumi.StringArrayOutput `pulumi:"routeTableIds"` // in AvailabilityZones order
	EndpointIds   pulumi.StringMapOutput   `pulumi:"endpointIds"`   // by catalog key
	// EndpointDnsNames are the interface endpoints' regional DNS names (dnsEntries[0], the hub's
	// alias targets), by catalog key: the targets of CorporateDnsRecords.
	EndpointDnsNames pulumi.StringMapOutput `pulumi:"endpointDnsNames"`
	// EndpointSecurityGroupId is the interface endpoints' security group.
	EndpointSecurityGroupId pulumi.StringOutput    `pulumi:"endpointSecurityGroupId"`
	ZoneIds                 pulumi.StringMapOutput `pulumi:"zoneIds"` // by catalog key
	// TransitGatewayId is the hub's Transit Gateway ("" for a peering hub without a corporate network).
	TransitGatewayId pulumi.StringOutput `pulumi:"transitGatewayId"`
	// TransitGatewayRouteTableId is the Transit Gateway route table the hub and the spokes use.
	TransitGatewayRouteTableId pulumi.StringOutput `pulumi:"transitGatewayRouteTableId"`
	// TransitGatewayAttachmentId is the hub VPC's Transit Gateway attachment.
	TransitGatewayAttachmentId pulumi.StringOutput `pulumi:"transitGatewayAttachmentId"`

	// Vpc, Subnets, RouteTables (in AvailabilityZones order) and Endpoints (by catalog key) are the
	// hub's children, for a Go program that extends the hub (a route, a tag, a resource in a
	// subnet) as awsx's ec2.Vpc exposes its own. They are not component outputs: another language
	// or stack reads the ids above.
	Vpc         *ec2.Vpc
	Subnets     []*ec2.Subnet
	RouteTables []*ec2.RouteTable
	Endpoints   map[string]*ec2.VpcEndpoint

	ref HubRef
}

// Ref is the hub as one value for spokes, guards and access paths (SpokeVpcArgs.Hub,
// GuardrailsArgs.Hub, ...): plain CIDR, Region and catalog keys, the ids as Outputs of this
// hub's resources. Account is "" (the deploying account). Export writes it as a stack output
// for a workload stack's HubRefFromStack.
func (h *EndpointHub) Ref() HubRef { return h.ref }

// NewEndpointHub validates args and registers the hub. Invalid args fail before any resource is
// registered, with every problem listed.
func NewEndpointHub(ctx *pulumi.Context, name string, args *EndpointHubArgs, opts ...pulumi.ResourceOption) (*EndpointHub, error) {
	plan, err := planEndpointHub(name, args)
	if err != nil {
		return nil, err
	}
	c := &EndpointHub{}
	if err := ctx.RegisterComponentResource(EndpointHubType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }

	net, err := netIsolatedVpc(ctx, name, args.CidrBlock, args.AvailabilityZones, plan.subnetCidrs, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	v, subnetIDs, rtIDs := net.vpc, net.subnetIDs, net.routeTableIDs
	c.Vpc, c.Subnets, c.RouteTables = v, net.subnets, net.routeTables
	c.Endpoints = map[string]*ec2.VpcEndpoint{}

	// Endpoint security group: no inline rules (so separate rule resources never fight it), and
	// no egress rule at all (the Terraform-based provider removes AWS's default allow-all egress
	// when it creates a group; an interface endpoint answers, it never initiates).
	sg, err := ec2.NewSecurityGroup(ctx, name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       v.ID(),
		Description: pulumi.String("Interface endpoints: HTTPS from the hub and spoke VPCs only"),
		Tags:        tags(name + "-endpoints"),
	}, parent)
	if err != nil {
		return nil, err
	}
	// Spokes reach the endpoints over the Transit Gateway, where security-group referencing is
	// off by default (SecurityGroupReferencingSupport "is disabled by default",
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-transitgatewayattachment-options.html),
	// so the rules name CIDRs.
	ingress := map[string]string{"hub": args.CidrBlock}
	for spoke, cidr := range args.SpokeCidrs {
		ingress["spoke-"+spoke] = cidr
	}
	for _, key := range core.SortedKeys(ingress) {
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-https-from-"+key, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(443),
			ToPort:          pulumi.Int(443),
			CidrIpv4:        pulumi.String(ingress[key]),
			Description:     pulumi.String("HTTPS to the interface endpoints from " + key),
			Tags:            tags(name + "-https-from-" + key),
		}, parent); err != nil {
			return nil, err
		}
	}

	// The corporate network's own group, on the endpoints people use directly (nil without it).
	var corporateSG *ec2.SecurityGroup
	if len(args.CorporateCidrs) > 0 {
		if corporateSG, err = hubCorporateSecurityGroup(ctx, name, v.ID(), args.CorporateCidrs, args.Tags, parent); err != nil {
			return nil, err
		}
	}

	// Who may use the endpoints: the account's principals, or the organization's.
	var policy pulumi.StringOutput
	if args.OrganizationId != "" {
		doc, err := HubEndpointPolicy("", args.OrganizationId)
		if err != nil {
			return nil, err
		}
		policy = pulumi.String(doc).ToStringOutput()
	} else {
		account := args.AccountId
		if account == nil {
			account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
		}
		if args.AdmittedAccountIds != nil {
			policy = hubAccountsPolicy(account, args.AdmittedAccountIds)
		} else {
			policy = account.ToStringOutput().ApplyT(func(acct string) (string, error) {
				return HubEndpointPolicy(acct, "")
			}).(pulumi.StringOutput)
		}
	}

	endpointIDs := pulumi.StringMap{}
	endpointDnsNames := pulumi.StringMap{}
	zoneIDs := pulumi.StringMap{}
	refZones, refEndpoints := map[string]pulumi.StringInput{}, map[string]pulumi.StringInput{}
	for _, key := range plan.endpoints {
		svc, _ := LookupEndpoint(key)
		epArgs := &ec2.VpcEndpointArgs{
			VpcId:             v.ID(),
			ServiceName:       pulumi.String(svc.ServiceName(args.Region)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(false), // the hub's PHZs answer instead, for every spoke
			SubnetIds:         subnetIDs,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Tags:              tags(name + "-" + key),
		}
		if corporateSG != nil && slices.Contains(plan.corporateEndpoints, key) {
			epArgs.SecurityGroupIds = pulumi.StringArray{sg.ID(), corporateSG.ID()}
		}
		if svc.PolicySupported {
			epArgs.Policy = policy
		}
		ep, err := ec2.NewVpcEndpoint(ctx, name+"-"+key, epArgs, parent)
		if err != nil {
			return nil, err
		}
		c.Endpoints[key] = ep
		// One PHZ per service hostname, created with the hub VPC inline; spokes add themselves
		// with route53.ZoneAssociation, so "vpcs" is ignored to avoid a perpetual diff (doc
		// comment of route53/zone.go,
		// https://github.com/pulumi/pulumi-aws/blob/v6.83.2/sdk/go/aws/route53/zone.go).
		zone, err := route53.NewZone(ctx, name+"-"+key+"-zone", &route53.ZoneArgs{
			Name:    pulumi.String(svc.ZoneName(args.Region)),
			Comment: pulumi.String("Private DNS for the " + key + " interface endpoint in " + name),
			Vpcs: route53.ZoneVpcArray{&route53.ZoneVpcArgs{
				VpcId:     v.ID(),
				VpcRegion: pulumi.String(args.Region),
			}},
			Tags: tags(name + "-" + key + "-zone"),
		}, parent, pulumi.IgnoreChanges([]string{"vpcs"}))
		if err != nil {
			return nil, err
		}
		epName := name + "-" + key
		entry := ep.DnsEntries.ApplyT(func(es []ec2.VpcEndpointDnsEntry) (ec2.VpcEndpointDnsEntry, error) {
			return core.FirstDnsEntry(epName, es)
		}).(ec2.VpcEndpointDnsEntryOutput)
		if _, err := route53.NewRecord(ctx, name+"-"+key+"-alias", &route53.RecordArgs{
			ZoneId: zone.ZoneId,
			Name:   pulumi.String(svc.RecordName(args.Region)),
			Type:   pulumi.String("A"),
			Aliases: route53.RecordAliasArray{&route53.RecordAliasArgs{
				Name:                 entry.DnsName().Elem(),
				ZoneId:               entry.HostedZoneId().Elem(),
				EvaluateTargetHealth: pulumi.Bool(true),
			}},
		}, parent); err != nil {
			return nil, err
		}
		endpointIDs[key] = ep.ID()
		endpointDnsNames[key] = entry.DnsName().Elem()
		zoneIDs[key] = zone.ZoneId
		refZones[key] = zone.ZoneId
		refEndpoints[key] = ep.ID().ToStringOutput()
	}

	// Transit Gateway: no default route table, so nothing is associated or propagated unless we
	// say so; shared attachments are not auto-accepted. A peering hub has one only for the
	// corporate network.
	c.TransitGatewayId = pulumi.String("").ToStringOutput()
	c.TransitGatewayRouteTableId = pulumi.String("").ToStringOutput()
	c.TransitGatewayAttachmentId = pulumi.String("").ToStringOutput()
	var refTGW, refTGWRT pulumi.StringInput
	if plan.transitGateway {
		tgw, err := ec2transitgateway.NewTransitGateway(ctx, name+"-tgw", &ec2transitgateway.TransitGatewayArgs{
			Description:                  pulumi.String("Hub-and-spoke transit for " + name),
			DefaultRouteTableAssociation: pulumi.String("disable"),
			DefaultRouteTablePropagation: pulumi.String("disable"),
			DnsSupport:                   pulumi.String("enable"),
			AutoAcceptSharedAttachments:  pulumi.String("disable"),
			AmazonSideAsn:                pulumi.Int(int(TransitGatewayAsn(args.AmazonSideAsn))),
			Tags:                         tags(name + "-tgw"),
		}, parent)
		if err != nil {
			return nil, err
		}
		tgwRT, err := ec2transitgateway.NewRouteTable(ctx, name+"-tgw-rt", &ec2transitgateway.RouteTableArgs{
			TransitGatewayId: tgw.ID(),
			Tags:             tags(name + "-tgw-rt"),
		}, parent)
		if err != nil {
			return nil, err
		}
		attach, err := net.attachToTransitGateway(ctx, name, tgw.ID(), tgwRT.ID(), args.Tags, parent)
		if err != nil {
			return nil, err
		}

		// Return path: each hub route table sends each spoke CIDR to the Transit Gateway (a
		// peering spoke adds its own return routes, to its peering connection).
		if plan.connectivity == ConnectivityTransitGateway {
			for _, spoke := range core.SortedKeys(args.SpokeCidrs) {
				if err := net.routeToTransitGateway(ctx, name+"-to-"+spoke, args.AvailabilityZones, args.SpokeCidrs[spoke],
					tgw.ID(), attach, parent); err != nil {
					return nil, err
				}
			}
		}
		for _, cidr := range args.CorporateCidrs {
			if err := net.routeToTransitGateway(ctx, name+"-to-corporate-"+CidrKey(cidr), args.AvailabilityZones, cidr,
				tgw.ID(), attach, parent); err != nil {
				return nil, err
			}
		}
		c.TransitGatewayId = tgw.ID().ToStringOutput()
		c.TransitGatewayRouteTableId = tgwRT.ID().ToStringOutput()
		c.TransitGatewayAttachmentId = attach.ID().ToStringOutput()
		refTGW, refTGWRT = c.TransitGatewayId, c.TransitGatewayRouteTableId
	}
	refRouteTables := map[string]pulumi.StringInput{}
	for i, az := range args.AvailabilityZones {
		refRouteTables[az] = rtIDs[i]
	}

	c.VpcId = v.ID().ToStringOutput()
	c.CidrBlock = v.CidrBlock
	c.SubnetIds = subnetIDs.ToStringArrayOutput()
	c.RouteTableIds = rtIDs.ToStringArrayOutput()
	c.EndpointIds = endpointIDs.ToStringMapOutput()
	c.EndpointDnsNames = endpointDnsNames.ToStringMapOutput()
	c.EndpointSecurityGroupId = sg.ID().ToStringOutput()
	c.ZoneIds = zoneIDs.ToStringMapOutput()
	c.ref = HubRef{Region: args.Region, Cidr: args.CidrBlock, VpcId: c.VpcId, Connectivity: plan.connectivity,
		TransitGatewayId: refTGW, TransitGatewayRouteTableId: refTGWRT, RouteTableIds: refRouteTables,
		ZoneIds: refZones, EndpointIds: refEndpoints, EndpointKeys: slices.Clone(plan.endpoints)}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vpcId":                      c.VpcId,
		"cidrBlock":                  c.CidrBlock,
		"subnetIds":                  c.SubnetIds,
		"routeTableIds":              c.RouteTableIds,
		"endpointIds":                c.EndpointIds,
		"endpointDnsNames":           c.EndpointDnsNames,
		"endpointSecurityGroupId":    c.EndpointSecurityGroupId,
		"zoneIds":                    c.ZoneIds,
		"transitGatewayId":           c.TransitGatewayId,
		"transitGatewayRouteTableId": c.TransitGatewayRouteTableId,
		"transitGatewayAttachmentId": c.TransitGatewayAttachmentId,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// HubEndpointPolicy returns the VPC endpoint policy the hub attaches to every interface endpoint
// whose service supports policies: allow any action on any resource, but only to principals of
// accountID (aws:PrincipalAccount), or of the organization orgID (aws:PrincipalOrgID) when orgID
// is set. Exactly one of the two must be non-empty. One policy serves every spoke (whitepaper
// caveat); endpoint policies are limited to 20,480 characters, this one is far below.
func HubEndpointPolicy(accountID, orgID string) (string, error) {
	var key, value, sid string
	switch {
	case orgID != "" && accountID == "":
		key, value, sid = "aws:PrincipalOrgID", orgID, "AllowPrincipalsOfOrganization"
	case accountID != "" && orgID == "":
		key, value, sid = "aws:PrincipalAccount", accountID, "AllowPrincipalsOfAccount"
	default:
		return "", fmt.Errorf("HubEndpointPolicy: accountID %q and orgID %q; want exactly one of them set", accountID, orgID)
	}
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       sid,
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "*",
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": map[string]any{key: value}},
		}},
	}), nil
}

// hubPlan is what validation derives from the args.
type hubPlan struct {
	endpoints          []string
	subnetCidrs        []string
	corporateEndpoints []string
	connectivity       string // resolved: never ""
	transitGateway     bool   // the hub has a Transit Gateway: for the spokes, or for the corporate network
}

// Validate checks the arguments of the EndpointHub name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewEndpointHub applies the same checks (planEndpointHub) first.
func (a *EndpointHubArgs) Validate(name string) error {
	_, err := planEndpointHub(name, a)
	return err
}

func planEndpointHub(name string, args *EndpointHubArgs) (*hubPlan, error) {
	p := core.NewProblems("EndpointHub", name)
	if args == nil {
		p.Missing("args", "an *EndpointHubArgs with Region, CidrBlock and AvailabilityZones set")
		return nil, p.Err()
	}
	plan := &hubPlan{endpoints: args.Endpoints}
	if len(plan.endpoints) == 0 {
		plan.endpoints = RequiredEndpointKeys()
	}
	seen := map[string]bool{}
	for i, key := range plan.endpoints {
		if _, ok := LookupEndpoint(key); !ok {
			p.Bad(fmt.Sprintf("Endpoints[%d]", i), key, "an endpoint catalog key: "+strings.Join(CatalogKeys(), ", "))
		}
		if seen[key] {
			p.Bad(fmt.Sprintf("Endpoints[%d]", i), key, "each endpoint key once")
		}
		seen[key] = true
	}
	plan.endpoints = append([]string(nil), plan.endpoints...)
	sort.Strings(plan.endpoints)

	plan.subnetCidrs = checkNetwork(p, args.Region, args.CidrBlock, args.AvailabilityZones, args.SubnetPrefixLength,
		len(plan.endpoints)+1, fmt.Sprintf("one ENI for each of the %d endpoints and one for the Transit Gateway attachment", len(plan.endpoints)))

	hubOK := true
	if _, err := NetParseCIDR(args.CidrBlock); err != nil {
		hubOK = false
	}
	names := core.SortedKeys(args.SpokeCidrs)
	var good []string
	for _, spoke := range names {
		cidr := args.SpokeCidrs[spoke]
		field := fmt.Sprintf("SpokeCidrs[%q]", spoke)
		if !netSpokeNameRe.MatchString(spoke) {
			p.Bad(field, spoke, "a spoke name of 1-63 letters, digits or '-', starting with a letter or digit")
		}
		if _, err := NetParseCIDR(cidr); err != nil {
			p.Bad(field, cidr, "an IPv4 network CIDR such as 10.1.0.0/16 ("+err.Error()+")")
			continue
		}
		if hubOK && Overlaps(cidr, args.CidrBlock) {
			p.Bad(field, cidr, fmt.Sprintf("a CIDR that does not overlap the hub's CidrBlock %s", args.CidrBlock))
		}
		for _, other := range good {
			if Overlaps(cidr, args.SpokeCidrs[other]) {
				p.Bad(field, cidr, fmt.Sprintf("a CIDR that does not overlap spoke %q (%s)", other, args.SpokeCidrs[other]))
			}
		}
		good = append(good, spoke)
	}
	if args.OrganizationId != "" && !netOrgIDRe.MatchString(args.OrganizationId) {
		p.Bad("OrganizationId", args.OrganizationId, "an AWS Organizations id like o-a1b2c3d4e5, or empty")
	}
	plan.corporateEndpoints = hubCorporate(p, args, plan.endpoints)
	plan.connectivity = args.Connectivity
	if plan.connectivity == "" {
		plan.connectivity = DefaultConnectivity
	}
	if err := CheckConnectivity(args.Connectivity); err != nil {
		p.Bad("Connectivity", args.Connectivity, "one of "+strings.Join(connectivities, ", ")+` (or "": `+DefaultConnectivity+")")
	}
	if err := CheckPeeringQuota(args.PeeringQuota); err != nil {
		p.Bad("PeeringQuota", args.PeeringQuota, err.Error())
	} else if err := CheckPeeredSpokes(plan.connectivity, args.PeeringQuota, len(args.SpokeCidrs)); err != nil {
		p.Bad("SpokeCidrs", len(args.SpokeCidrs), err.Error())
	}
	if args.AmazonSideAsn != 0 {
		if err := CheckAmazonSideAsn(args.AmazonSideAsn); err != nil {
			p.Bad("AmazonSideAsn", args.AmazonSideAsn, err.Error()+" (or 0 for the default)")
		}
	}
	plan.transitGateway = plan.connectivity == ConnectivityTransitGateway || len(args.CorporateCidrs) > 0
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// netSpokeNameRe is what EndpointHubArgs.SpokeCidrs keys may be: they name child resources.
var (
	netSpokeNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,62}$`)
	netOrgIDRe     = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
)

// network validates the fields hub and spoke share and returns the subnet CIDRs (nil when
// invalid). need is how many addresses each subnet must offer, for what.
func checkNetwork(p *core.Problems, region, cidr string, azs []string, prefix, need int, what string) []string {
	regionOK := core.RegionRe.MatchString(region)
	if !regionOK {
		p.Bad("Region", region, "an AWS Region name such as us-east-1")
	}
	if len(azs) < 2 {
		p.Bad("AvailabilityZones", azs, "at least 2 availability zones (one isolated subnet each)")
	}
	seen := map[string]bool{}
	for i, az := range azs {
		field := fmt.Sprintf("AvailabilityZones[%d]", i)
		if seen[az] {
			p.Bad(field, az, "each availability zone once")
		}
		seen[az] = true
		if regionOK && !ValidAvailabilityZone(region, az) {
			p.Bad(field, az, fmt.Sprintf("an availability zone of %s, such as %sa", region, region))
		}
	}
	vpc, err := NetParseCIDR(cidr)
	if err != nil {
		p.Bad("CidrBlock", cidr, "an IPv4 network CIDR such as 10.0.0.0/16 ("+err.Error()+")")
		return nil
	}
	if vpc.Bits() < MinVpcPrefix || vpc.Bits() > MaxSubnetPrefix {
		p.Bad("CidrBlock", cidr, fmt.Sprintf("a VPC block between /%d and /%d (AWS limits)", MinVpcPrefix, MaxSubnetPrefix))
		return nil
	}
	n := max(len(azs), 1)
	if prefix == 0 {
		prefix = DefaultSubnetPrefix(vpc.Bits(), n)
	}
	switch {
	case prefix < vpc.Bits() || prefix > MaxSubnetPrefix:
		p.Bad("SubnetPrefixLength", prefix, fmt.Sprintf("a subnet prefix between the VPC's /%d and /%d", vpc.Bits(), MaxSubnetPrefix))
		return nil
	case UsableIPs(prefix) < need:
		p.Bad("SubnetPrefixLength", prefix, fmt.Sprintf("subnets with at least %d usable addresses for %s; a /%d has %d (AWS keeps %d)",
			need, what, prefix, UsableIPs(prefix), AWSReservedIPsPerSubnet))
		return nil
	}
	cidrs, err := SubnetCidrs(cidr, prefix, n)
	if err != nil {
		p.Bad("SubnetPrefixLength", prefix, fmt.Sprintf("a prefix at which %d subnets fit in %s (at most /%d): %v",
			n, cidr, DefaultSubnetPrefix(vpc.Bits(), n), err))
		return nil
	}
	return cidrs
}

// netIsolatedVpc makes the VPC (DNS support and hostnames on, which private hosted zones need;
// default tenancy, which VpcOnly Studio needs) and, per AZ, one subnet, one route table and their
// association, named by AZ. The route tables get no routes here: only local, plus what the
// caller adds. Subnet and route table IDs are in azs order.
func netIsolatedVpc(ctx *pulumi.Context, name, cidr string, azs, subnetCidrs []string, base map[string]string,
	parent pulumi.ResourceOption) (*netVpc, error) {
	v, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock:          pulumi.String(cidr),
		EnableDnsSupport:   pulumi.Bool(true), // PHZs need both (Route 53 private hosted zone considerations)
		EnableDnsHostnames: pulumi.Bool(true),
		InstanceTenancy:    pulumi.String("default"),
		Tags:               core.NameTags(base, name+"-vpc"),
	}, parent)
	if err != nil {
		return nil, err
	}
	out := &netVpc{vpc: v, subnetIDs: pulumi.StringArray{}, routeTableIDs: pulumi.StringArray{}}
	for i, az := range azs {
		sn, err := ec2.NewSubnet(ctx, name+"-subnet-"+az, &ec2.SubnetArgs{
			VpcId:               v.ID(),
			CidrBlock:           pulumi.String(subnetCidrs[i]),
			AvailabilityZone:    pulumi.String(az),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                core.NameTags(base, name+"-subnet-"+az),
		}, parent)
		if err != nil {
			return nil, err
		}
		rt, err := ec2.NewRouteTable(ctx, name+"-rt-"+az, &ec2.RouteTableArgs{
			VpcId: v.ID(),
			Tags:  core.NameTags(base, name+"-rt-"+az),
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, name+"-rta-"+az, &ec2.RouteTableAssociationArgs{
			SubnetId:     sn.ID(),
			RouteTableId: rt.ID(),
		}, parent); err != nil {
			return nil, err
		}
		out.subnetIDs = append(out.subnetIDs, sn.ID())
		out.routeTableIDs = append(out.routeTableIDs, rt.ID())
		out.subnets = append(out.subnets, sn)
		out.routeTables = append(out.routeTables, rt)
	}
	return out, nil
}

// netVpc is what netIsolatedVpc made.
type netVpc struct {
	vpc                      *ec2.Vpc
	subnetIDs, routeTableIDs pulumi.StringArray // in AZ order
	subnets                  []*ec2.Subnet
	routeTables              []*ec2.RouteTable
}

// attachToTransitGateway attaches the VPC to the transit gateway (in every subnet, no default
// route table association or propagation) and associates and propagates the attachment in the
// TGW route table routeTableID. Children: "<name>-tgw-attachment", "-tgw-association",
// "-tgw-propagation".
func (n *netVpc) attachToTransitGateway(ctx *pulumi.Context, name string, tgwID, routeTableID pulumi.StringInput,
	base map[string]string, parent pulumi.ResourceOption) (*ec2transitgateway.VpcAttachment, error) {
	attach, err := ec2transitgateway.NewVpcAttachment(ctx, name+"-tgw-attachment", &ec2transitgateway.VpcAttachmentArgs{
		TransitGatewayId: tgwID,
		VpcId:            n.vpc.ID(),
		SubnetIds:        n.subnetIDs,
		DnsSupport:       pulumi.String("enable"),
		TransitGatewayDefaultRouteTableAssociation: pulumi.Bool(false),
		TransitGatewayDefaultRouteTablePropagation: pulumi.Bool(false),
		Tags: core.NameTags(base, name+"-tgw-attachment"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2transitgateway.NewRouteTableAssociation(ctx, name+"-tgw-association", &ec2transitgateway.RouteTableAssociationArgs{
		TransitGatewayAttachmentId: attach.ID(),
		TransitGatewayRouteTableId: routeTableID,
	}, parent); err != nil {
		return nil, err
	}
	if _, err := ec2transitgateway.NewRouteTablePropagation(ctx, name+"-tgw-propagation", &ec2transitgateway.RouteTablePropagationArgs{
		TransitGatewayAttachmentId: attach.ID(),
		TransitGatewayRouteTableId: routeTableID,
	}, parent); err != nil {
		return nil, err
	}
	return attach, nil
}

// routeToTransitGateway adds, to each route table, a route of destination via the transit
// gateway, named "<prefix>-<az>". The route names the TGW, not the attachment, so its implicit
// dependency is on the TGW only; EC2 refuses a route to a transit gateway the VPC is not attached
// to yet, hence the DependsOn on attach.
func (n *netVpc) routeToTransitGateway(ctx *pulumi.Context, prefix string, azs []string, destination string,
	tgwID pulumi.StringInput, attach pulumi.Resource, parent pulumi.ResourceOption) error {
	for i, az := range azs {
		if _, err := ec2.NewRoute(ctx, prefix+"-"+az, &ec2.RouteArgs{
			RouteTableId:         n.routeTableIDs[i],
			DestinationCidrBlock: pulumi.String(destination),
			TransitGatewayId:     tgwID,
		}, parent, pulumi.DependsOn([]pulumi.Resource{attach})); err != nil {
			return err
		}
	}
	return nil
}
