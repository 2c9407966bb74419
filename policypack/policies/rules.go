package policies

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Type tokens (pulumi-aws v6.83.2, pulumi-awsx v2.22.0): the token each SDK resource file passes to
// ctx.RegisterResource, e.g.
// https://github.com/pulumi/pulumi-aws/blob/v6.83.2/sdk/go/aws/ec2/natGateway.go and
// https://github.com/pulumi/pulumi-awsx/blob/v2.22.0/sdk/go/awsx/ec2/vpc.go.
const (
	typeNatGateway           = "aws:ec2/natGateway:NatGateway"
	typeInternetGateway      = "aws:ec2/internetGateway:InternetGateway"
	typeEgressOnlyIGW        = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
	typeIGWAttachment        = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment"
	typeAwsxVpc              = "awsx:ec2:Vpc"
	typeAwsxDefaultVpc       = "awsx:ec2:DefaultVpc"
	typeDefaultVpc           = "aws:ec2/defaultVpc:DefaultVpc"
	typeVpc                  = "aws:ec2/vpc:Vpc"
	typeSubnet               = "aws:ec2/subnet:Subnet"
	typeDefaultSubnet        = "aws:ec2/defaultSubnet:DefaultSubnet"
	typeRoute                = "aws:ec2/route:Route"
	typeRouteTable           = "aws:ec2/routeTable:RouteTable"
	typeDefaultRouteTable    = "aws:ec2/defaultRouteTable:DefaultRouteTable"
	typeTgwRoute             = "aws:ec2transitgateway/route:Route"
	typeEip                  = "aws:ec2/eip:Eip"
	typeEipAssociation       = "aws:ec2/eipAssociation:EipAssociation"
	typeDomain               = "aws:sagemaker/domain:Domain"
	typeNotebookInstance     = "aws:sagemaker/notebookInstance:NotebookInstance"
	typeModel                = "aws:sagemaker/model:Model"
	typeVpcEndpoint          = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeSecurityGroup        = "aws:ec2/securityGroup:SecurityGroup"
	typeDefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typeSecurityGroupRule    = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeSGIngressRule        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeSGEgressRule         = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// subject names a resource in a message: its type and logical name, and for a view the type it
// was declared as and where inside it the judged resource sits.
func subject(r *Resource) string {
	switch {
	case r.shown == "":
		return fmt.Sprintf("%s %q", r.Type, r.Name)
	case r.via == "":
		return fmt.Sprintf("%s %q", r.shown, r.Name)
	}
	return fmt.Sprintf("%s %q (%s)", r.shown, r.Name, r.via)
}

var noNatGateway = Policy{
	Name: "no-nat-gateway",
	Description: "No NAT gateway: a NAT gateway gives private subnets a path to the internet. " +
		"Reach AWS services through VPC endpoints instead.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeNatGateway {
			return nil
		}
		ct := prop(r.Properties, "connectivityType")
		desc := "connectivityType " + show(ct)
		if absent(ct) {
			desc = `connectivityType unset (default "public")`
		}
		return []string{fmt.Sprintf("%s: a NAT gateway is not allowed (%s, subnetId %s); remove it and use VPC endpoints",
			subject(r), desc, show(prop(r.Properties, "subnetId")))}
	},
}

var noInternetGateway = Policy{
	Name: "no-internet-gateway",
	Description: "No internet gateway, egress-only internet gateway or carrier gateway, including the one every " +
		"awsx:ec2:Vpc attaches and the one of a default VPC: each opens the VPC to the internet.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		switch r.Type {
		case typeInternetGateway, typeEgressOnlyIGW, typeIGWAttachment, typeCarrierGateway:
			return []string{fmt.Sprintf("%s: internet gateways (and Wavelength carrier gateways) are not allowed (vpcId %s); remove it",
				subject(r), show(prop(r.Properties, "vpcId")))}
		case typeAwsxVpc:
			return []string{fmt.Sprintf("%s: an awsx:ec2:Vpc always creates and attaches an "+
				"aws:ec2/internetGateway:InternetGateway, even with only Isolated subnetSpecs; build the VPC from "+
				"aws:ec2/vpc:Vpc and aws:ec2/subnet:Subnet instead", subject(r))}
		case typeDefaultVpc, typeAwsxDefaultVpc:
			return []string{fmt.Sprintf("%s: the default VPC comes with an internet gateway and public subnets; "+
				"use an isolated aws:ec2/vpc:Vpc instead", subject(r))}
		}
		return nil
	},
}

var noPublicSubnet = Policy{
	Name:               "no-public-subnet",
	Description:        "No subnet that gives instances public IP addresses (mapPublicIpOnLaunch).",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeSubnet && r.Type != typeDefaultSubnet {
			return nil
		}
		v := prop(r.Properties, "mapPublicIpOnLaunch")
		if b, ok := boolean(v); ok && b {
			return []string{fmt.Sprintf("%s: mapPublicIpOnLaunch is %s; set it to false (the default)", subject(r), show(v))}
		}
		// A default subnet maps public IPs unless told otherwise.
		if r.Type == typeDefaultSubnet && absent(v) {
			return []string{fmt.Sprintf("%s: mapPublicIpOnLaunch is unset, and a default subnet maps public IPs; set it to false", subject(r))}
		}
		return nil
	},
}

// worldOrOutside explains why a CIDR value is not allowed: it is the whole internet, or lies outside
// every allowed range (when ranges are configured). Unknown and unparsable values give "".
func worldOrOutside(v property.Value, allowed []netip.Prefix) string {
	s, ok := str(v)
	if !ok {
		return ""
	}
	pfx, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	if neverRouted(pfx) {
		return ""
	}
	if pfx.Bits() == 0 {
		return "it is the whole internet"
	}
	if len(allowed) == 0 {
		return ""
	}
	for _, a := range allowed {
		if a.Addr().Is4() == pfx.Addr().Is4() && a.Bits() <= pfx.Bits() && a.Contains(pfx.Addr()) {
			return ""
		}
	}
	return "it is outside the allowed ranges " + joinPrefixes(allowed)
}

// neverRouted reports a range no packet leaves the VPC for: link-local 169.254.0.0/16 (RFC 3927;
// the VPC resolver 169.254.169.253 and instance metadata live there:
// https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html) and the limited
// broadcast address 255.255.255.255/32 (RFC 919, never forwarded; the AWS CDK's "disallow all
// traffic" egress rule names it: https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.SecurityGroup.html).
func neverRouted(p netip.Prefix) bool {
	return (p.Addr().Is4() && p.Bits() >= 16 && linkLocal.Contains(p.Addr())) || p == limitedBroadcast
}

var (
	linkLocal        = netip.MustParsePrefix("169.254.0.0/16")
	limitedBroadcast = netip.MustParsePrefix("255.255.255.255/32")
)

func joinPrefixes(ps []netip.Prefix) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// internetTarget explains why a route target leads to the internet ("" when it does not or is
// unknown): an internet gateway (igw-…), an egress-only internet gateway, a NAT gateway or a
// carrier gateway (Wavelength), or a gateway of a CloudFormation template that is one of these.
func internetTarget(route property.Value, gatewayKey string) (string, string) {
	if s, ok := str(at(route, gatewayKey)); ok && strings.HasPrefix(strings.ToLower(s), "igw-") {
		return gatewayKey, "an internet gateway"
	}
	for _, k := range []string{"egressOnlyGatewayId", "natGatewayId", "carrierGatewayId"} {
		if s, ok := str(at(route, k)); ok && s != "" {
			return k, "a gateway to the internet"
		}
	}
	return "", ""
}

var noInternetRoute = Policy{
	Name: "no-internet-route",
	Description: "No route to 0.0.0.0/0 or ::/0, to a range outside the allowed CIDR ranges, or through " +
		"an internet, egress-only, NAT or carrier gateway (a blackhole route drops traffic and is allowed).",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"allowedCidrs": {
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "CIDR ranges a route may point at (default: " + strings.Join(DefaultAllowedCIDRs, ", ") + ").",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		var out []string
		checkRoute := func(where string, route property.Value, v4, v6, gatewayKey string) {
			for _, k := range []string{v4, v6} {
				v := at(route, k)
				if why := worldOrOutside(v, cfg.RouteCIDRs); why != "" {
					out = append(out, fmt.Sprintf("%s: %s%s is %s: %s; route only to the landing zone's private ranges",
						subject(r), where, k, show(v), why))
				}
			}
			if gatewayKey == "" {
				return
			}
			if k, why := internetTarget(route, gatewayKey); k != "" {
				out = append(out, fmt.Sprintf("%s: %s%s is %s: it routes through %s", subject(r), where, k,
					show(at(route, k)), why))
			}
		}
		switch r.Type {
		case typeRoute:
			checkRoute("", property.New(r.Properties), "destinationCidrBlock", "destinationIpv6CidrBlock", "gatewayId")
		case typeTgwRoute:
			// A blackhole route drops what matches it: a hardening pattern, not a path.
			if bh, ok := boolean(prop(r.Properties, "blackhole")); ok && bh {
				return nil
			}
			checkRoute("", property.New(r.Properties), "destinationCidrBlock", "", "")
		case typeClientVpnRoute:
			checkRoute("", property.New(r.Properties), "destinationCidrBlock", "", "")
		case typeRouteTable, typeDefaultRouteTable:
			if routes, ok := elems(prop(r.Properties, "routes")); ok {
				for i, route := range routes {
					checkRoute(fmt.Sprintf("routes[%d].", i), route, "cidrBlock", "ipv6CidrBlock", "gatewayId")
				}
			}
		}
		return out
	},
}

var noElasticIP = Policy{
	Name:               "no-elastic-ip",
	Description:        "No Elastic IP: a public address is a path to and from the internet.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		switch r.Type {
		case typeEip:
			return []string{fmt.Sprintf("%s: Elastic IPs are not allowed (domain %s); remove it", subject(r),
				show(prop(r.Properties, "domain")))}
		case typeEipAssociation:
			return []string{fmt.Sprintf("%s: Elastic IP associations are not allowed (allocationId %s); remove it",
				subject(r), show(prop(r.Properties, "allocationId")))}
		}
		return nil
	},
}

var awsxVpcIsolatedOnly = Policy{
	Name: "awsx-vpc-isolated-only",
	Description: "An awsx:ec2:Vpc must set natGateways.strategy to None and declare only Isolated (or Unused) " +
		"subnetSpecs: its defaults are a NAT gateway per AZ and Public and Private subnets.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeAwsxVpc {
			return nil
		}
		var out []string
		out = append(out, stringIs(r, "None", `awsx defaults to "OnePerAz" (a NAT gateway per AZ)`, "natGateways", "strategy")...)
		specs := prop(r.Properties, "subnetSpecs")
		switch list, ok := elems(specs); {
		case unknown(specs):
		case absent(specs) || (ok && len(list) == 0):
			out = append(out, fmt.Sprintf("%s: subnetSpecs is unset, and awsx defaults to Public and Private subnets; declare Isolated subnetSpecs", subject(r)))
		case ok:
			for i, spec := range list {
				t := at(spec, "type")
				if s, ok := str(t); ok && (strings.EqualFold(s, "Public") || strings.EqualFold(s, "Private")) {
					out = append(out, fmt.Sprintf(`%s: subnetSpecs[%d].type is %s; only "Isolated" or "Unused" subnets are allowed`, subject(r), i, show(t)))
				}
			}
		}
		return out
	},
}

// stringIs checks that the string property at path is want: an unknown value (preview) cannot be
// decided yet, an absent one gets the provider default that unset describes, anything else is a
// violation that echoes the value.
func stringIs(r *Resource, want, unset string, path ...string) []string {
	v := prop(r.Properties, path...)
	name := strings.Join(path, ".")
	switch s, ok := str(v); {
	case unknown(v):
	case absent(v):
		return []string{fmt.Sprintf(`%s: %s is unset, and %s; set it to %q`, subject(r), name, unset, want)}
	case !ok || !strings.EqualFold(strings.TrimSpace(s), want):
		return []string{fmt.Sprintf(`%s: %s is %s; only %q is allowed`, subject(r), name, show(v), want)}
	}
	return nil
}

var domainVpcOnly = Policy{
	Name: "sagemaker-domain-vpc-only",
	Description: "A SageMaker domain must use appNetworkAccessType VpcOnly and name security groups in " +
		"defaultUserSettings.securityGroups, so Studio apps reach nothing but the VPC.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeDomain {
			return nil
		}
		var out []string
		out = append(out, stringIs(r, "VpcOnly", `the default is "PublicInternetOnly"`, "appNetworkAccessType")...)
		sgs := prop(r.Properties, "defaultUserSettings", "securityGroups")
		if has, decided := nonEmptyList(sgs); decided && !has {
			out = append(out, fmt.Sprintf("%s: defaultUserSettings.securityGroups is %s; a VpcOnly domain needs at least one security group", subject(r), show(sgs)))
		}
		return out
	},
}

var notebookNoDirectInternet = Policy{
	Name: "sagemaker-notebook-no-direct-internet",
	Description: "A SageMaker notebook instance must set directInternetAccess to Disabled and run in a subnet " +
		"of the VPC.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeNotebookInstance {
			return nil
		}
		var out []string
		out = append(out, stringIs(r, "Disabled", `the default is "Enabled"`, "directInternetAccess")...)
		if sub := prop(r.Properties, "subnetId"); absent(sub) {
			out = append(out, fmt.Sprintf("%s: subnetId is unset, so the instance runs outside the VPC; set a private subnet", subject(r)))
		}
		return out
	},
}

// regulated decides whether a resource holds regulated data: the config override, else its
// effective data-sensitivity tag. decided is false when the tag's value is unknown.
func regulated(r *Resource, cfg *Config) (isRegulated, decided bool) {
	if cfg.Regulated != nil {
		return *cfg.Regulated, true
	}
	tags := effectiveTags(r)
	v, ok := tags.values["data-sensitivity"]
	if !ok {
		return false, !tags.unknown
	}
	if s, ok := str(v); ok {
		return strings.EqualFold(strings.TrimSpace(s), "regulated"), true
	}
	return false, !unknown(v)
}

var modelVpc = Policy{
	Name: "sagemaker-model-vpc",
	Description: "A SageMaker model must run in the VPC (vpcConfig with subnets and securityGroupIds); " +
		"a model of a regulated stack (data-sensitivity tag \"regulated\") must also set enableNetworkIsolation.",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"regulated": {
			"type": "boolean",
			"description": "Treat every model as regulated (true) or not (false), overriding the " +
				"data-sensitivity tag; unset reads the tag.",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		if r.Type != typeModel {
			return nil
		}
		var out []string
		vc := prop(r.Properties, "vpcConfig")
		switch {
		case unknown(vc):
		case absent(vc):
			out = append(out, fmt.Sprintf("%s: vpcConfig is unset, so the model's containers run outside the VPC; set vpcConfig.subnets and vpcConfig.securityGroupIds", subject(r)))
		default:
			for _, k := range []string{"subnets", "securityGroupIds"} {
				v := at(vc, k)
				if has, decided := nonEmptyList(v); decided && !has {
					out = append(out, fmt.Sprintf("%s: vpcConfig.%s is %s; name at least one", subject(r), k, show(v)))
				}
			}
		}
		if reg, decided := regulated(r, cfg); decided && reg {
			ni := prop(r.Properties, "enableNetworkIsolation")
			if b, ok := boolean(ni); (ok && !b) || absent(ni) {
				out = append(out, fmt.Sprintf("%s: enableNetworkIsolation is %s in a regulated stack; set it to true", subject(r), show(ni)))
			}
		}
		return out
	},
}

var interfaceEndpointSecurityGroups = Policy{
	Name: "vpc-interface-endpoint-security-groups",
	Description: "An Interface VPC endpoint must name its own security groups (securityGroupIds, or an " +
		"aws:ec2/securityGroupAssociation in the stack); otherwise AWS attaches the VPC's default security group (stack policy).",
	DefaultEnforcement: Mandatory,
	checkStack:         checkEndpointSecurityGroups,
}

var noOpenSecurityGroup = Policy{
	Name: "no-open-security-group",
	Description: "No security group or rule (ingress or egress) open to 0.0.0.0/0 or ::/0, or naming an " +
		"IPv4 CIDR outside the allowed ranges (IPv6 ranges other than ::/0: see no-external-ipv6-security-group).",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"allowedCidrs": {
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "CIDR ranges a security group rule may name (default: " + strings.Join(DefaultAllowedCIDRs, ", ") + ").",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		var out []string
		checkList := func(where string, v property.Value) {
			list, ok := elems(v)
			if !ok {
				return
			}
			for i, e := range list {
				if why := sgRange(e, cfg.SecurityGroupCIDRs); why != "" {
					out = append(out, fmt.Sprintf("%s: %s[%d] is %s: %s", subject(r), where, i, show(e), why))
				}
			}
		}
		checkOne := func(where string, v property.Value) {
			if why := sgRange(v, cfg.SecurityGroupCIDRs); why != "" {
				out = append(out, fmt.Sprintf("%s: %s is %s: %s", subject(r), where, show(v), why))
			}
		}
		switch r.Type {
		case typeSecurityGroup, typeDefaultSecurityGroup:
			for _, dir := range []string{"ingress", "egress"} {
				rules, _ := elems(prop(r.Properties, dir))
				for i, rule := range rules {
					checkList(fmt.Sprintf("%s[%d].cidrBlocks", dir, i), at(rule, "cidrBlocks"))
					checkList(fmt.Sprintf("%s[%d].ipv6CidrBlocks", dir, i), at(rule, "ipv6CidrBlocks"))
				}
			}
		case typeSecurityGroupRule:
			checkList("cidrBlocks", prop(r.Properties, "cidrBlocks"))
			checkList("ipv6CidrBlocks", prop(r.Properties, "ipv6CidrBlocks"))
		case typeSGIngressRule, typeSGEgressRule:
			checkOne("cidrIpv4", prop(r.Properties, "cidrIpv4"))
			checkOne("cidrIpv6", prop(r.Properties, "cidrIpv6"))
		}
		return out
	},
}

// sgRange judges a security group rule's CIDR: the whole internet always, an IPv4 range outside
// the allowed ones. An IPv6 range outside them may be the VPC's own (Amazon-provided) range,
// which only the stack shows: no-external-ipv6-security-group judges it.
func sgRange(v property.Value, allowed []netip.Prefix) string {
	why := worldOrOutside(v, allowed)
	if why == "" || why == "it is the whole internet" {
		return why
	}
	if s, ok := str(v); ok {
		if p, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil && !p.Addr().Is4() {
			return ""
		}
	}
	return why
}

var requiredTags = Policy{
	Name: "required-tags",
	Description: "Every taggable resource carries the FinOps tags (default owner, cost-center, " +
		"data-sensitivity), on the resource or through its provider's defaultTags.",
	DefaultEnforcement: Advisory,
	ConfigProperties: map[string]map[string]any{
		"requiredTags": {
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "Tag keys every taggable resource must carry (default: " + strings.Join(DefaultRequiredTags, ", ") + ").",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		if _, ok := taggableTypes[r.Type]; !ok {
			if _, hasTags := r.Properties.GetOk("tags"); !hasTags {
				return nil
			}
		}
		tags := effectiveTags(r)
		var missing []string
		for _, k := range cfg.RequiredTags {
			if present, decided := tags.has(k); decided && !present {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		return []string{fmt.Sprintf("%s: tags is missing %s (neither the resource's tags nor its provider's defaultTags.tags set them)",
			subject(r), strings.Join(missing, ", "))}
	},
}

var domainRetainHome = Policy{
	Name: "sagemaker-domain-retain-home",
	Description: "A SageMaker domain keeps users' home EFS volume when deleted " +
		"(retentionPolicy.homeEfsFileSystem Retain, the default).",
	DefaultEnforcement: Advisory,
	check: func(r *Resource, _ *Config) []string {
		if r.Type != typeDomain {
			return nil
		}
		v := prop(r.Properties, "retentionPolicy", "homeEfsFileSystem")
		if s, ok := str(v); ok && s != "Retain" {
			return []string{fmt.Sprintf(`%s: retentionPolicy.homeEfsFileSystem is %s; set it to "Retain" (or leave it unset) so deleting the domain keeps users' home directories`, subject(r), show(v))}
		}
		return nil
	},
}
