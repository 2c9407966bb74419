package recorder

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// FakeRegion is the region the mocks answer with when the program asks (aws:index/getRegion).
const FakeRegion = "us-east-1"

// FakeAccountID is the account the mocks answer with (aws:index/getCallerIdentity, the fake
// ARNs) for the default provider and for an explicit provider that names no account (see
// ProviderAccount).
const FakeAccountID = "123456789012"

// ProviderAccount is the account an explicit aws provider's inputs pin it to: its
// allowedAccountIds when they name exactly one id, else the account of its assumeRole.roleArn
// ("arn:<partition>:iam::<account>:role/..."), else "" (the mock then answers FakeAccountID).
// This is what the real provider would answer: AllowedAccountIds makes it refuse any other
// account, and an assumed role's credentials are that role's account's.
func ProviderAccount(inputs resource.PropertyMap) string {
	if ids := Strings(Lookup(inputs, "allowedAccountIds")); len(ids) == 1 && ids[0] != "" {
		return ids[0]
	}
	if v := Lookup(inputs, "assumeRole.roleArn"); v.IsString() {
		// arn:partition:iam::account:role/name: the account is the fifth field.
		if f := strings.SplitN(v.StringValue(), ":", 6); len(f) == 6 && f[0] == "arn" && f[2] == "iam" && f[4] != "" {
			return f[4]
		}
	}
	return ""
}

// fakeID derives a stable, type-flavoured physical ID from the type token and logical name, so
// that a test can map an ID in one resource's inputs back to the resource that produced it.
func fakeID(typ, name string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(typ + "::" + name))
	sum := fmt.Sprintf("%016x", h.Sum64())
	prefix := map[string]string{
		"aws:ec2/vpc:Vpc":                                     "vpc-",
		"aws:ec2/subnet:Subnet":                               "subnet-",
		"aws:ec2/routeTable:RouteTable":                       "rtb-",
		"aws:ec2/securityGroup:SecurityGroup":                 "sg-",
		"aws:ec2/vpcEndpoint:VpcEndpoint":                     "vpce-",
		"aws:ec2/internetGateway:InternetGateway":             "igw-",
		"aws:ec2/natGateway:NatGateway":                       "nat-",
		"aws:ec2/eip:Eip":                                     "eipalloc-",
		"aws:ec2transitgateway/transitGateway:TransitGateway": "tgw-",
		"aws:ec2transitgateway/routeTable:RouteTable":         "tgw-rtb-",
		"aws:ec2transitgateway/vpcAttachment:VpcAttachment":   "tgw-attach-",
		"aws:route53/zone:Zone":                               "Z",
		"aws:sagemaker/domain:Domain":                         "d-",
		"aws:kms/key:Key":                                     "key-",
		"aws:ec2/flowLog:FlowLog":                             "fl-",
	}[typ]
	if prefix == "" {
		return name + "-id"
	}
	return prefix + sum[:12]
}

// FakeOutputs returns the computed outputs the mocks add to a custom resource's inputs, for the
// outputs our programs read (IDs, ARNs, DNS entries, prefix lists, ...), as a resource in account
// (FakeAccountID when "") would get them. Inputs always win.
func FakeOutputs(account, typ, name, id string, inputs resource.PropertyMap) resource.PropertyMap {
	if account == "" {
		account = FakeAccountID
	}
	arn := func(service, resType, id string) resource.PropertyValue {
		return resource.NewStringProperty(fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", service, FakeRegion,
			account, resType, id))
	}
	out := resource.PropertyMap{}
	str := func(k string) string {
		v := inputs[resource.PropertyKey(k)]
		v = unwrap(v)
		if v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	switch typ {
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		svc := str("serviceName")
		out["arn"] = arn("ec2", "vpc-endpoint", id)
		out["prefixListId"] = resource.NewStringProperty("pl-" + id[len(id)-8:])
		short := svc
		for _, p := range []string{"com.amazonaws." + FakeRegion + ".", "aws.sagemaker." + FakeRegion + "."} {
			short = strings.TrimPrefix(short, p)
		}
		out["dnsEntries"] = resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"dnsName":      resource.NewStringProperty(fmt.Sprintf("%s-abcdefgh.%s.%s.vpce.amazonaws.com", id, short, FakeRegion)),
				"hostedZoneId": resource.NewStringProperty("Z7HUB22UULQXV"),
			}),
		})
		out["ownerId"] = resource.NewStringProperty(account)
	case "aws:ec2/vpc:Vpc":
		out["arn"] = arn("ec2", "vpc", id)
		out["defaultSecurityGroupId"] = resource.NewStringProperty("sg-default-" + id)
		out["mainRouteTableId"] = resource.NewStringProperty("rtb-main-" + id)
	case "aws:ec2/subnet:Subnet":
		out["arn"] = arn("ec2", "subnet", id)
	case "aws:ec2/securityGroup:SecurityGroup":
		out["arn"] = arn("ec2", "security-group", id)
	case "aws:ec2transitgateway/transitGateway:TransitGateway":
		out["arn"] = arn("ec2", "transit-gateway", id)
		out["associationDefaultRouteTableId"] = resource.NewStringProperty("tgw-rtb-default")
		out["propagationDefaultRouteTableId"] = resource.NewStringProperty("tgw-rtb-default")
		out["ownerId"] = resource.NewStringProperty(account)
	case "aws:route53/zone:Zone":
		out["zoneId"] = resource.NewStringProperty(id)
		out["arn"] = resource.NewStringProperty("arn:aws:route53:::hostedzone/" + id)
	case "aws:sagemaker/domain:Domain":
		out["arn"] = arn("sagemaker", "domain", id)
		out["url"] = resource.NewStringProperty(fmt.Sprintf("https://%s.studio.%s.sagemaker.aws", id, FakeRegion))
		out["homeEfsFileSystemId"] = resource.NewStringProperty("fs-" + id[2:])
		out["securityGroupIdForDomainBoundary"] = resource.NewStringProperty("sg-boundary-" + id)
	case "aws:sagemaker/userProfile:UserProfile":
		out["arn"] = arn("sagemaker", "user-profile", str("domainId")+"/"+str("userProfileName"))
	case "aws:iam/role:Role":
		out["arn"] = resource.NewStringProperty(fmt.Sprintf("arn:aws:iam::%s:role/%s", account, nameOr(str("name"), name)))
	case "aws:iam/policy:Policy":
		out["arn"] = resource.NewStringProperty(fmt.Sprintf("arn:aws:iam::%s:policy/%s", account, nameOr(str("name"), name)))
	case "aws:kms/key:Key":
		out["arn"] = arn("kms", "key", id)
		out["keyId"] = resource.NewStringProperty(id)
	case "aws:cloudwatch/logGroup:LogGroup":
		out["arn"] = resource.NewStringProperty(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", FakeRegion, account, nameOr(str("name"), name)))
	case "aws:organizations/policy:Policy":
		out["arn"] = resource.NewStringProperty("arn:aws:organizations::" + account + ":policy/o-example/service_control_policy/p-" + id)
	case "aws:sns/topic:Topic":
		out["arn"] = arn("sns", "topic", id)
	case "aws:budgets/budget:Budget":
		out["arn"] = resource.NewStringProperty("arn:aws:budgets::" + account + ":budget/" + nameOr(str("name"), name))
	case "aws:ecr/repository:Repository":
		repo := nameOr(str("name"), name)
		out["arn"] = arn("ecr", "repository", repo)
		out["registryId"] = resource.NewStringProperty(account)
		out["repositoryUrl"] = resource.NewStringProperty(fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", account, FakeRegion, repo))
	case "awsx:ec2:Vpc":
		out["vpcId"] = resource.NewStringProperty("vpc-awsx-" + name)
	case "aws:ec2/vpnConnection:VpnConnection":
		// A VPN connection on a Transit Gateway creates its attachment.
		out["transitGatewayAttachmentId"] = resource.NewStringProperty(fakeID("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "vpn:"+name))
	}
	if _, ok := out["arn"]; !ok && strings.HasPrefix(typ, "aws:") {
		out["arn"] = resource.NewStringProperty(fmt.Sprintf("arn:aws:mock:%s:%s:%s", FakeRegion, account, id))
	}
	return out
}

func nameOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// FakeCall answers the provider functions (invokes) our programs call, as a provider in account
// (FakeAccountID when "") would.
func FakeCall(account, token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	if account == "" {
		account = FakeAccountID
	}
	switch token {
	case "aws:index/getRegion:getRegion":
		return resource.PropertyMap{"name": resource.NewStringProperty(FakeRegion), "id": resource.NewStringProperty(FakeRegion)}, nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{
			"accountId": resource.NewStringProperty(account),
			"arn":       resource.NewStringProperty("arn:aws:iam::" + account + ":user/mock"),
			"userId":    resource.NewStringProperty("AIDAMOCK"),
			"id":        resource.NewStringProperty(account),
		}, nil
	case "aws:ec2transitgateway/getDirectConnectGatewayAttachment:getDirectConnectGatewayAttachment":
		// The attachment AWS creates for a Direct Connect gateway association.
		out := args.Copy()
		out["id"] = resource.NewStringProperty("tgw-attach-0d1c0d1c0d1c")
		return out, nil
	case "aws:index/getPartition:getPartition":
		return resource.PropertyMap{"partition": resource.NewStringProperty("aws"), "dnsSuffix": resource.NewStringProperty("amazonaws.com")}, nil
	}
	return args, nil
}

// OutputsFunc changes, in place, the state the mock returns for a custom resource of type typ
// named name (Options.Outputs).
type OutputsFunc func(typ, name string, state resource.PropertyMap)

// EmptyDnsEntries is an OutputsFunc that answers every VPC endpoint with an empty dnsEntries list,
// as the provider may for an endpoint whose DNS is not ready.
func EmptyDnsEntries(typ, _ string, state resource.PropertyMap) {
	if typ == "aws:ec2/vpcEndpoint:VpcEndpoint" {
		state["dnsEntries"] = resource.NewArrayProperty(nil)
	}
}
