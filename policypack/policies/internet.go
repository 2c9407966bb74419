package policies

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Type tokens of the internet paths beyond gateways and routes (pulumi-aws v6.83.2; checked in
// the SDK's ctx.RegisterResource calls). Types without a pulumi-aws resource keep their
// aws-native token (they only arrive through aws-native, CloudFormation or Cloud Control).
const (
	typeCarrierGateway           = "aws:ec2/carrierGateway:CarrierGateway"
	typeVpcIpv6Association       = "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation"
	typeManagedPrefixList        = "aws:ec2/managedPrefixList:ManagedPrefixList"
	typeManagedPrefixListEntry   = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry"
	typeTgwPrefixListReference   = "aws:ec2transitgateway/prefixListReference:PrefixListReference"
	typeSecurityGroupAssoc       = "aws:ec2/securityGroupAssociation:SecurityGroupAssociation"
	typeInstance                 = "aws:ec2/instance:Instance"
	typeSpotInstanceRequest      = "aws:ec2/spotInstanceRequest:SpotInstanceRequest"
	typeSpotFleetRequest         = "aws:ec2/spotFleetRequest:SpotFleetRequest"
	typeLaunchTemplate           = "aws:ec2/launchTemplate:LaunchTemplate"
	typeNetworkInterface         = "aws:ec2/networkInterface:NetworkInterface"
	typeEcsService               = "aws:ecs/service:Service"
	typeEcsTaskSet               = "aws:ecs/taskSet:TaskSet"
	typeLB                       = "aws:lb/loadBalancer:LoadBalancer"
	typeALB                      = "aws:alb/loadBalancer:LoadBalancer"
	typeELB                      = "aws:elb/loadBalancer:LoadBalancer"
	typeGlobalAccelerator        = "aws:globalaccelerator/accelerator:Accelerator"
	typeCustomRoutingAccel       = "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator"
	typeFunctionURL              = "aws:lambda/functionUrl:FunctionUrl"
	typeLambda                   = "aws:lambda/function:Function"
	typeRestAPI                  = "aws:apigateway/restApi:RestApi"
	typeAPIv2                    = "aws:apigatewayv2/api:Api"
	typeInstanceConnectEndpoint  = "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint"
	typeClientVpnRoute           = "aws:ec2clientvpn/route:Route"
	typeClientVpnAuthorization   = "aws:ec2clientvpn/authorizationRule:AuthorizationRule"
	typeRdsInstance              = "aws:rds/instance:Instance"
	typeRdsClusterInstance       = "aws:rds/clusterInstance:ClusterInstance"
	typeRedshiftCluster          = "aws:redshift/cluster:Cluster"
	typeRedshiftWorkgroup        = "aws:redshiftserverless/workgroup:Workgroup"
	typeDmsInstance              = "aws:dms/replicationInstance:ReplicationInstance"
	typeMqBroker                 = "aws:mq/broker:Broker"
	typeOpenSearchDomain         = "aws:opensearch/domain:Domain"
	typeElasticsearchDomain      = "aws:elasticsearch/domain:Domain"
	typeTransferServer           = "aws:transfer/server:Server"
	typeCloudFront               = "aws:cloudfront/distribution:Distribution"
	typeAppSync                  = "aws:appsync/graphQLApi:GraphQLApi"
	typeAppRunner                = "aws:apprunner/service:Service"
	typeLightsailInstance        = "aws:lightsail/instance:Instance"
	typeBPAOptions               = "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"
	typeBPAExclusion             = "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion"
	typeResolverFirewallConfig   = "aws:route53/resolverFirewallConfig:ResolverFirewallConfig"
	typeDataQualityJob           = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition"
	typeModelBiasJob             = "aws-native:sagemaker:ModelBiasJobDefinition"
	typeModelExplainabilityJob   = "aws-native:sagemaker:ModelExplainabilityJobDefinition"
	typeModelQualityJob          = "aws-native:sagemaker:ModelQualityJobDefinition"
	typeProcessingJob            = "aws-native:sagemaker:ProcessingJob"
	typeMonitoringScheduleNative = "aws-native:sagemaker:MonitoringSchedule"
	typePipeline                 = "aws:sagemaker/pipeline:Pipeline"
)

// BPAExclusionReasonTag is the tag an aws:ec2/vpcBlockPublicAccessExclusion must carry, with a
// non-empty value, to say why the exclusion exists (agreed with the landing zone's Block Public
// Access component).
const BPAExclusionReasonTag = "exclusion-reason"

// DefaultAllowedIPv6CIDRs are the IPv6 ranges a VPC, subnet or interface may use: unique local
// addresses only (RFC 4193). Amazon's pool and BYOIP ranges are global unicast, reachable from
// the internet as soon as a route exists.
var DefaultAllowedIPv6CIDRs = []string{"fc00::/7"}

// isTrue reads a known boolean (or "true"/"false" in any case); ok false when unknown or absent.
func isTrue(v property.Value) bool {
	b, ok := boolean(v)
	return ok && b
}

var noPublicIP = Policy{
	Name: "no-public-ip",
	Description: "No public IPv4 address on compute: instances, spot requests and fleets, launch templates " +
		"(associatePublicIpAddress, associateCarrierIpAddress), ECS services and task sets (assignPublicIp).",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		var out []string
		flag := func(where string, v property.Value) {
			if isTrue(v) || (v.IsString() && strings.EqualFold(strings.TrimSpace(v.AsString()), "ENABLED")) {
				out = append(out, fmt.Sprintf("%s: %s is %s: it gets a public address on the internet; turn it off", subject(r), where, show(v)))
			}
		}
		nics := func(prefix string, list property.Value) {
			items, _ := elems(list)
			for i, n := range items {
				for _, k := range []string{"associatePublicIpAddress", "associateCarrierIpAddress"} {
					flag(fmt.Sprintf("%s[%d].%s", prefix, i, k), at(n, k))
				}
			}
		}
		switch r.Type {
		case typeInstance, typeSpotInstanceRequest:
			flag("associatePublicIpAddress", prop(r.Properties, "associatePublicIpAddress"))
			nics("networkInterfaces", prop(r.Properties, "networkInterfaces"))
		case typeLaunchTemplate:
			nics("networkInterfaces", prop(r.Properties, "networkInterfaces"))
		case typeSpotFleetRequest:
			specs, _ := elems(prop(r.Properties, "launchSpecifications"))
			for i, sp := range specs {
				flag(fmt.Sprintf("launchSpecifications[%d].associatePublicIpAddress", i), at(sp, "associatePublicIpAddress"))
			}
		case typeEcsService, typeEcsTaskSet:
			flag("networkConfiguration.assignPublicIp", prop(r.Properties, "networkConfiguration", "assignPublicIp"))
		default:
			if deepScanTypes[r.Type] {
				var found []string
				deepPublicAddress("", property.New(r.Properties), 0, &found)
				for _, f := range found {
					out = append(out, subject(r)+": "+f)
				}
			}
		}
		return out
	},
}

// outsideIPv6 explains why an IPv6 address or range is not allowed ("" when allowed, unknown or
// not IPv6).
func outsideIPv6(v property.Value, allowed []netip.Prefix) string {
	if v.IsMap() { // CloudFormation: {Ipv6Address: ...}
		v = at(v, "ipv6Address")
	}
	s, ok := str(v)
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	pfx, err := netip.ParsePrefix(s)
	if err != nil {
		a, aerr := netip.ParseAddr(s)
		if aerr != nil {
			return ""
		}
		pfx = netip.PrefixFrom(a, a.BitLen())
	}
	if pfx.Addr().Is4() || pfx.Addr().Is4In6() {
		return ""
	}
	for _, a := range allowed {
		if !a.Addr().Is4() && a.Bits() <= pfx.Bits() && a.Contains(pfx.Addr()) {
			return ""
		}
	}
	return "it is a global IPv6 range, outside the allowed " + joinPrefixes(allowed)
}

var noGlobalIPv6 = Policy{
	Name: "no-global-ipv6",
	Description: "No IPv6 range or address from Amazon's pool or a BYOIP pool on VPCs, subnets, instances, " +
		"launch templates or network interfaces: only private (unique local, fc00::/7) ranges unless configured.",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"allowedIpv6Cidrs": {
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "IPv6 ranges a VPC, subnet or interface may use (default: " + strings.Join(DefaultAllowedIPv6CIDRs, ", ") + ").",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		var out []string
		one := func(where string, v property.Value) {
			if why := outsideIPv6(v, cfg.IPv6CIDRs); why != "" {
				out = append(out, fmt.Sprintf("%s: %s is %s: %s", subject(r), where, show(v), why))
			}
		}
		list := func(where string, v property.Value) {
			items, _ := elems(v)
			for i, e := range items {
				one(fmt.Sprintf("%s[%d]", where, i), e)
			}
		}
		generated := func() {
			if v := prop(r.Properties, "assignGeneratedIpv6CidrBlock"); isTrue(v) {
				out = append(out, fmt.Sprintf("%s: assignGeneratedIpv6CidrBlock is %s: Amazon's pool gives a global IPv6 range; use a unique local range (fc00::/7)", subject(r), show(v)))
			}
		}
		switch r.Type {
		case typeVpc:
			generated()
			one("ipv6CidrBlock", prop(r.Properties, "ipv6CidrBlock"))
		case typeVpcIpv6Association:
			generated()
			one("ipv6CidrBlock", prop(r.Properties, "ipv6CidrBlock"))
			if v := prop(r.Properties, "ipv6Pool"); !absent(v) && !unknown(v) {
				out = append(out, fmt.Sprintf("%s: ipv6Pool is %s: a BYOIP pool is a global IPv6 range", subject(r), show(v)))
			}
		case typeSubnet, typeDefaultSubnet:
			one("ipv6CidrBlock", prop(r.Properties, "ipv6CidrBlock"))
		case typeInstance, typeSpotInstanceRequest:
			list("ipv6Addresses", prop(r.Properties, "ipv6Addresses"))
		case typeNetworkInterface:
			for _, k := range []string{"ipv6Addresses", "ipv6AddressLists", "ipv6Prefixes"} {
				list(k, prop(r.Properties, k))
			}
		case typeLaunchTemplate:
			nics, _ := elems(prop(r.Properties, "networkInterfaces"))
			for i, n := range nics {
				list(fmt.Sprintf("networkInterfaces[%d].ipv6Addresses", i), at(n, "ipv6Addresses"))
				list(fmt.Sprintf("networkInterfaces[%d].ipv6Prefixes", i), at(n, "ipv6Prefixes"))
			}
		}
		return out
	},
}

// entryPoint judges one type of internet-facing entry point: a message when the resource is
// reachable from the internet, "" when not or undecidable.
type entryPoint func(r *Resource) string

// always reports every resource of the type.
func always(why string) entryPoint { return func(*Resource) string { return why } }

// unlessInternal reports a load balancer that is not internal: unset means internet-facing.
func unlessInternal(r *Resource) string {
	if t, ok := str(prop(r.Properties, "loadBalancerType")); ok && strings.EqualFold(t, "gateway") {
		return "" // a Gateway Load Balancer has no listener on the internet
	}
	v := prop(r.Properties, "internal")
	switch b, ok := boolean(v); {
	case unknown(v):
		return cannotProve("internal")
	case absent(v):
		return "internal is unset, and a load balancer is internet-facing by default; set internal to true"
	case ok && !b:
		return fmt.Sprintf("internal is %s: the load balancer is internet-facing; set internal to true", show(v))
	case !ok:
		return fmt.Sprintf("internal is %s; set it to true", show(v))
	}
	return ""
}

// enumIs reports a string property that is not want (case-insensitive); unset means def.
func enumIs(path []string, want, def, what string) entryPoint {
	return func(r *Resource) string {
		v := prop(r.Properties, path...)
		name := strings.Join(path, ".")
		switch s, ok := str(v); {
		case unknown(v):
			return cannotProve(name)
		case absent(v):
			if !strings.EqualFold(def, want) {
				return fmt.Sprintf("%s is unset, and the default is %q (%s); set it to %q", name, def, what, want)
			}
		case !ok || !strings.EqualFold(strings.TrimSpace(s), want):
			return fmt.Sprintf("%s is %s (%s); set it to %q", name, show(v), what, want)
		}
		return ""
	}
}

// restAPIPrivate requires endpointConfiguration.types to be PRIVATE (unset means EDGE).
func restAPIPrivate(r *Resource) string {
	v := prop(r.Properties, "endpointConfiguration", "types")
	if unknown(v) {
		return cannotProve("endpointConfiguration.types")
	}
	if absent(v) {
		return "endpointConfiguration.types is unset, and the default is EDGE (public); set it to PRIVATE"
	}
	items, isList := elems(v)
	if !isList {
		items = []property.Value{v}
	}
	for _, e := range items {
		if s, ok := str(e); ok && !strings.EqualFold(strings.TrimSpace(s), "PRIVATE") {
			return fmt.Sprintf("endpointConfiguration.types is %s: only a PRIVATE API is reachable from the VPC alone; set it to PRIVATE", show(v))
		}
	}
	return ""
}

// clientVpnAuthorization reports a Client VPN authorization to the whole internet.
func clientVpnAuthorization(cfg *Config) entryPoint {
	return func(r *Resource) string {
		v := prop(r.Properties, "targetNetworkCidr")
		if why := worldOrOutside(v, cfg.RouteCIDRs); why != "" {
			return fmt.Sprintf("targetNetworkCidr is %s: %s; authorize only the landing zone's ranges", show(v), why)
		}
		return ""
	}
}

// entryPoints lists the internet-facing entry points, by type (see policypack/README.md).
var entryPoints = map[string]entryPoint{
	typeLB:                      unlessInternal,
	typeALB:                     unlessInternal,
	typeELB:                     unlessInternal,
	typeGlobalAccelerator:       always("a Global Accelerator gives the stack static anycast addresses on the internet; remove it"),
	typeCustomRoutingAccel:      always("a Global Accelerator gives the stack static anycast addresses on the internet; remove it"),
	typeFunctionURL:             enumIs([]string{"authorizationType"}, "AWS_IAM", "NONE", "a function URL without IAM auth is open to anyone on the internet"),
	typeRestAPI:                 restAPIPrivate,
	typeAPIv2:                   always("HTTP and WebSocket APIs always have a public endpoint; use a PRIVATE aws:apigateway/restApi"),
	typeInstanceConnectEndpoint: always("an EC2 Instance Connect endpoint opens SSH/RDP into the VPC from the internet through the AWS API; use SSM Session Manager through its VPC endpoints"),
	typeRdsInstance:             rdsPublic,
	typeRdsClusterInstance:      rdsPublic,
	typeRedshiftCluster:         redshiftPublic,
	typeRedshiftWorkgroup:       workgroupPublic,
	typeDmsInstance:             dmsPublic,
	typeMqBroker:                mqPublic,
	typeNeptuneInstance:         neptunePublic,
	typeNeptuneGraph:            graphPublic,
	typeEksCluster:              eksPublic,
	typeMskCluster:              mskPublic,
	typeMwaa:                    mwaaPublic,
	typeAossSecurityPolicy:      aossPublic,
	typeS3AccessPoint:           accessPointInternet,
	typeAppStreamFleet:          appStreamInternet,
	typeAppStreamBuilder:        appStreamInternet,
	typeOpenSearchDomain:        noVpcOptions,
	typeElasticsearchDomain:     noVpcOptions,
	typeTransferServer:          transferPublic,
	typeCloudFront:              always("a CloudFront distribution is an entry point on the internet; remove it"),
	typeAppSync:                 enumIs([]string{"visibility"}, "PRIVATE", "GLOBAL", "a GLOBAL API is reachable from the internet"),
	typeAppRunner:               appRunnerPublic,
	typeLightsailInstance:       always("a Lightsail instance always has a public address; use EC2 in the VPC"),
}

func noVpcOptions(r *Resource) string {
	if v := prop(r.Properties, "vpcOptions"); absent(v) {
		return "vpcOptions is unset, so the domain has a public endpoint; set vpcOptions.subnetIds"
	}
	return ""
}

func transferPublic(r *Resource) string {
	if why := enumIs([]string{"endpointType"}, "VPC", "PUBLIC", "a PUBLIC server is reachable from the internet")(r); why != "" {
		return why
	}
	v := prop(r.Properties, "endpointDetails", "addressAllocationIds")
	if has, decided := nonEmptyList(v); decided && has {
		return fmt.Sprintf("endpointDetails.addressAllocationIds is %s: Elastic IPs make the VPC endpoint internet-facing; remove them", show(v))
	}
	return ""
}

func appRunnerPublic(r *Resource) string {
	v := prop(r.Properties, "networkConfiguration", "ingressConfiguration", "isPubliclyAccessible")
	switch b, ok := boolean(v); {
	case unknown(v):
		return cannotProve("networkConfiguration.ingressConfiguration.isPubliclyAccessible")
	case absent(v):
		return "networkConfiguration.ingressConfiguration.isPubliclyAccessible is unset, and an App Runner service is public by default; set it to false"
	case ok && b:
		return fmt.Sprintf("networkConfiguration.ingressConfiguration.isPubliclyAccessible is %s; set it to false", show(v))
	}
	return ""
}

var noInternetEntryPoint = Policy{
	Name: "no-internet-entry-point",
	Description: "No entry point reachable from the internet: internet-facing load balancers, Global " +
		"Accelerators, Lambda function URLs without IAM auth, API Gateway APIs that are not PRIVATE, EC2 " +
		"Instance Connect endpoints, Client VPN authorizations to the world, public databases, brokers and " +
		"search domains, public Transfer servers, CloudFront, AppSync and App Runner.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, cfg *Config) []string {
		judge, ok := entryPoints[r.Type]
		if r.Type == typeClientVpnAuthorization {
			judge, ok = clientVpnAuthorization(cfg), true
		}
		if !ok {
			return nil
		}
		if why := judge(r); why != "" {
			return []string{fmt.Sprintf("%s: %s", subject(r), why)}
		}
		return nil
	},
}

var noDefaultVpc = Policy{
	Name: "no-default-vpc",
	Description: "No resource placed in the default VPC (which has an internet gateway) by leaving out its " +
		"subnet or VPC: instances, spot requests, security groups, RDS instances, Redshift clusters, DMS instances.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		missing := func(keys ...string) bool {
			for _, k := range keys {
				if !absent(prop(r.Properties, k)) {
					return false // set, or unknown: not the default VPC, or cannot decide
				}
			}
			return true
		}
		var key string
		switch r.Type {
		case typeInstance, typeSpotInstanceRequest:
			if missing("subnetId", "networkInterfaces", "launchTemplate") {
				key = "subnetId"
			}
		case typeSecurityGroup:
			if missing("vpcId") {
				key = "vpcId"
			}
		case typeRdsInstance:
			// An Aurora member (CloudFormation DBClusterIdentifier) takes its cluster's subnet group;
			// a read replica its source's.
			if missing("dbSubnetGroupName", "replicateSourceDb", "dbClusterIdentifier", "sourceDBInstanceIdentifier") {
				key = "dbSubnetGroupName"
			}
		case typeRedshiftCluster:
			if missing("clusterSubnetGroupName") {
				key = "clusterSubnetGroupName"
			}
		case typeDmsInstance:
			if missing("replicationSubnetGroupId") {
				key = "replicationSubnetGroupId"
			}
		default:
			if why := defaultVpcPlacement(r); why != "" {
				return []string{subject(r) + ": " + why}
			}
		}
		if key == "" {
			return nil
		}
		return []string{fmt.Sprintf("%s: %s is unset, so AWS places it in the region's default VPC, which has an internet gateway; set it to the landing zone's private subnets or VPC", subject(r), key)}
	},
}

var vpcBlockPublicAccess = Policy{
	Name: "vpc-block-public-access",
	Description: "VPC Block Public Access stays on in both directions (internetGatewayBlockMode " +
		"block-bidirectional), and every exclusion carries a non-empty exclusion-reason tag.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		switch r.Type {
		case typeBPAOptions:
			v := prop(r.Properties, "internetGatewayBlockMode")
			s, ok := str(v)
			switch {
			case absent(v):
				return []string{fmt.Sprintf("%s: internetGatewayBlockMode is unset; set it to \"block-bidirectional\"", subject(r))}
			case unknown(v):
				return []string{fmt.Sprintf("%s: %s", subject(r), cannotProve("internetGatewayBlockMode"))}
			case !ok || !strings.EqualFold(s, "block-bidirectional"):
				// block-ingress still lets the VPC reach out through NAT and egress-only gateways; the
				// landing zone promises both directions.
				// https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html
				return []string{fmt.Sprintf("%s: internetGatewayBlockMode is %s: only \"block-bidirectional\" blocks both directions; set it to \"block-bidirectional\"", subject(r), show(v))}
			}
		case typeBPAExclusion:
			tags := effectiveTags(r)
			if present, decided := tags.has(BPAExclusionReasonTag); decided && !present {
				return []string{fmt.Sprintf("%s: an exclusion from VPC Block Public Access (vpcId %s, subnetId %s) needs a non-empty %q tag saying why",
					subject(r), show(prop(r.Properties, "vpcId")), show(prop(r.Properties, "subnetId")), BPAExclusionReasonTag)}
			}
		}
		return nil
	},
}

var dnsFirewallFailClosed = Policy{
	Name: "dns-firewall-fail-closed",
	Description: "A Route 53 Resolver DNS Firewall configuration must not fail open (firewallFailOpen " +
		"ENABLED lets every query through when the firewall is impaired).",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeResolverFirewallConfig {
			return nil
		}
		v := prop(r.Properties, "firewallFailOpen")
		if s, ok := str(v); ok && strings.EqualFold(strings.TrimSpace(s), "ENABLED") {
			return []string{fmt.Sprintf("%s: firewallFailOpen is %s (resourceId %s); set it to \"DISABLED\" so DNS fails closed",
				subject(r), show(v), show(prop(r.Properties, "resourceId")))}
		}
		return nil
	},
}
