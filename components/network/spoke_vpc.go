package network

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// SpokeVpcType is the type token of the SpokeVpc component (public API).
const SpokeVpcType = "vpconly:network:SpokeVpc"

// DefaultFlowLogRetentionDays is the flow-log retention when SpokeVpcArgs.FlowLogRetentionDays is 0.
const DefaultFlowLogRetentionDays = 365

// CloudWatchRetentionDays are the retentions CloudWatch Logs accepts for a log group
// (PutRetentionPolicy retentionInDays).
func CloudWatchRetentionDays() []int { return slices.Clone(core.RetentionDays) }

// S3 actions the gateway endpoint policy allows on the configured buckets, split by the resource
// type each action authorizes on (Service Authorization Reference, Amazon S3: ListBucket,
// GetBucketLocation and ListBucketMultipartUploads act on the "bucket" resource
// arn:aws:s3:::<bucket>; the object actions on "object", arn:aws:s3:::<bucket>/<key>): a
// statement naming only "bucket/*" would never allow a listing. Object read/write, multipart
// upload and listing are what the SageMaker Python SDK and training/processing channels use;
// bucket administration (policies, ACLs, deletion) is not reachable through the endpoint.
var (
	spokeS3BucketActions = []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"}
	spokeS3ObjectActions = []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
		"s3:GetObjectVersion", "s3:ListMultipartUploadParts", "s3:PutObject"}
)

// SpokeVpcArgs configure a SpokeVpc.
type SpokeVpcArgs struct {
	// Region is the AWS Region, e.g. "us-east-1". Required.
	Region string `pulumi:"region,optional"`
	// CidrBlock is the spoke VPC's IPv4 CIDR, /16 to /28; it must not overlap Hub.Cidr. Required.
	CidrBlock string `pulumi:"cidrBlock,optional"`
	// AvailabilityZones are the zones of the isolated subnets, one subnet each, at least 2, each a
	// zone of Region. Required.
	AvailabilityZones []string `pulumi:"availabilityZones,optional"`
	// SubnetPrefixLength is the prefix of each subnet. Default 0:
	// DefaultSubnetPrefix(VPC prefix, len(AvailabilityZones)).
	SubnetPrefixLength int `pulumi:"subnetPrefixLength,optional"`
	// Hub is the endpoint hub the spoke attaches to (EndpointHub.Ref() in the same program,
	// HubRefFromStack from another): Hub.Cidr is the only non-local route of every spoke route
	// table, via Hub.TransitGatewayId; the attachment is associated with and propagated to
	// Hub.TransitGatewayRouteTableId; the spoke VPC is associated with each of Hub.ZoneIds (keys
	// must be catalog keys), so the endpoint hostnames resolve to the hub endpoints. Hub.Region,
	// when set, must equal Region. Required (Cidr and the Transit Gateway ids).
	Hub HubRef `pulumi:"hub"`
	// S3BucketNames are the buckets the S3 gateway endpoint policy allows data access to (bucket
	// and objects), in addition to what SageMaker itself needs (SpokeS3EndpointPolicy). Plain
	// bucket names, not ARNs or s3:// URLs. Each must be owned by AccountId (or, with
	// OrganizationId, by an account of the organization): the policy checks the owner. Default none.
	S3BucketNames []string `pulumi:"s3BucketNames,optional"`
	// OrganizationId, when set ("o-a1b2c3d4e5"), lets S3BucketNames be owned by any account of the
	// organization (aws:ResourceOrgID) instead of AccountId only. Default "".
	OrganizationId string `pulumi:"organizationId,optional"`
	// RetainFlowLogs keeps the flow-log group and its KMS key in AWS when Pulumi deletes or
	// replaces them (RetainOnDelete), so that a destroy, a removed spoke or a renamed group never
	// loses the logs or the key that decrypts them. Set it for production (the landing zone sets it
	// when environment is prod). Default false: they are deleted with the spoke.
	RetainFlowLogs bool `pulumi:"retainFlowLogs,optional"`
	// FlowLogRetentionDays is the flow-log group's retention, one of CloudWatchRetentionDays.
	// Default 0: DefaultFlowLogRetentionDays (365).
	FlowLogRetentionDays int `pulumi:"flowLogRetentionDays,optional"`
	// AccountId is the account the spoke lives in: it scopes the KMS key policy, the flow-log
	// role's confused-deputy conditions and SageMaker's default bucket
	// ("sagemaker-<region>-<account>"). Default nil: the account of the provider's credentials
	// (aws:index/getCallerIdentity).
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// Tags are merged into every taggable child's tags (each child also gets a Name tag unless
	// Tags sets one). Default none.
	Tags map[string]string `pulumi:"tags,optional"`
	// CorporateCidrs are corporate network CIDRs this spoke reaches (on-premises data sources):
	// each spoke route table routes them to the Transit Gateway ("<name>-to-corporate-<cidr
	// key>-<az>"). CheckCorporateCidr; no overlap with CidrBlock or Hub.Cidr. Default none: the
	// spoke reaches the hub only.
	CorporateCidrs []string `pulumi:"corporateCidrs,optional"`
	// HubProvider is the provider of the hub's account when the spoke is in another account (the
	// spoke's own provider comes through the resource options). With it, the spoke's Transit
	// Gateway attachment is created in the spoke's account and accepted in the hub's
	// (ec2transitgateway.VpcAttachmentAccepter, "<name>-tgw-accepter"), the route table
	// association and propagation are made on the accepter in the hub's account, and each hub
	// private hosted zone is authorized in the hub's account
	// (route53.VpcAssociationAuthorization, "<name>-<key>-zone-auth") before the spoke's account
	// associates it. Default nil: hub and spoke in one account (no accepter, no authorization).
	HubProvider pulumi.ProviderResource
	// HubShareReady are what the attachment waits for when HubProvider is set: the RAM share of
	// the Transit Gateway with the spoke's account (HubShare.Ready[account]). Default none (the
	// share exists already, e.g. made by the network stack).
	HubShareReady []pulumi.Resource
	// DnsProfileId is a Route 53 Profile holding the hub's private hosted zones
	// (HubDnsProfile.ProfileId, shared with the spoke's account): when set, the spoke VPC gets
	// the zones through one route53.ProfilesAssociation ("<name>-dns-profile", in the spoke's
	// account) instead of one ZoneAssociation (and, with HubProvider, one authorization) per
	// zone. A VPC can have only one Profile. Default nil: per-zone associations.
	DnsProfileId pulumi.StringInput `pulumi:"dnsProfileId,optional"`
	// DnsProfileReady are what the Profile association waits for when DnsProfileId is set:
	// HubDnsProfile.Ready[account]. Default none (the Profile is shared already).
	DnsProfileReady []pulumi.Resource
}

// SpokeVpc is a workload VPC with no internet path: isolated subnets whose only non-local route
// is the hub CIDR via the Transit Gateway, an S3 gateway endpoint with a restrictive policy (S3
// gateway endpoints cannot be reached through a transit gateway, so each spoke has its own), a
// KMS-encrypted VPC flow log, and associations with the hub's private hosted zones.
//
// The spoke routes only to the hub, so spokes cannot reach each other even though all attachments
// propagate into the one TGW route table. The TGW attachment's association and propagation are
// made in the TGW's account: by the spoke's provider in one account, on the accepter with
// HubProvider across accounts (they cannot be configured from the account a TGW is shared with).
type SpokeVpc struct {
	pulumi.ResourceState

	// VpcId is the spoke VPC.
	VpcId pulumi.StringOutput `pulumi:"vpcId"`
	// CidrBlock is the spoke VPC's IPv4 CIDR.
	CidrBlock                  pulumi.StringOutput      `pulumi:"cidrBlock"`
	SubnetIds                  pulumi.StringArrayOutput `pulumi:"subnetIds"`                  // in AvailabilityZones order
	RouteTableIds              pulumi.StringArrayOutput `pulumi:"routeTableIds"`              // in AvailabilityZones order
	TransitGatewayAttachmentId pulumi.StringOutput      `pulumi:"transitGatewayAttachmentId"` // "" with peering
	PeeringConnectionId        pulumi.StringOutput      `pulumi:"peeringConnectionId"`        // "" with a Transit Gateway
	// S3EndpointId is the spoke's S3 gateway endpoint.
	S3EndpointId pulumi.StringOutput `pulumi:"s3EndpointId"`
	// S3PrefixListId is the S3 gateway endpoint's prefix list (for security group rules).
	S3PrefixListId pulumi.StringOutput `pulumi:"s3PrefixListId"`
	// FlowLogGroupName is the spoke's VPC flow log group.
	FlowLogGroupName pulumi.StringOutput `pulumi:"flowLogGroupName"`
	// FlowLogGroupArn is the spoke's VPC flow log group ARN.
	FlowLogGroupArn pulumi.StringOutput `pulumi:"flowLogGroupArn"`
	// FlowLogKmsKeyArn is the KMS key encrypting the flow log group.
	FlowLogKmsKeyArn pulumi.StringOutput `pulumi:"flowLogKmsKeyArn"`

	// Vpc, Subnets, RouteTables (in AvailabilityZones order) and S3Endpoint are the spoke's
	// children, for a Go program that extends the spoke as awsx's ec2.Vpc exposes its own (a route
	// added to RouteTables is still judged by the policy pack's no-internet-route policy). They
	// are not component outputs: another language or stack reads the ids above.
	Vpc         *ec2.Vpc
	Subnets     []*ec2.Subnet
	RouteTables []*ec2.RouteTable
	S3Endpoint  *ec2.VpcEndpoint
}

// NewSpokeVpc validates args and registers the spoke. Invalid args fail before any resource is
// registered, with every problem listed.
func NewSpokeVpc(ctx *pulumi.Context, name string, args *SpokeVpcArgs, opts ...pulumi.ResourceOption) (*SpokeVpc, error) {
	plan, err := planSpokeVpc(name, args)
	if err != nil {
		return nil, err
	}
	c := &SpokeVpc{}
	if err := ctx.RegisterComponentResource(SpokeVpcType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }
	partition, _ := core.PartitionOf(args.Region)
	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	}
	accountOut := account.ToStringOutput()

	net, err := netIsolatedVpc(ctx, name, args.CidrBlock, args.AvailabilityZones, plan.subnetCidrs, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	v, subnetIDs, rtIDs := net.vpc, net.subnetIDs, net.routeTableIDs
	c.Vpc, c.Subnets, c.RouteTables = v, net.subnets, net.routeTables
	attachmentID := pulumi.String("").ToStringOutput()
	peeringID := pulumi.String("").ToStringOutput()
	if args.Hub.Peering() {
		pcx, err := net.peerWithHub(ctx, name, args, parent)
		if err != nil {
			return nil, err
		}
		peeringID = pcx
	} else {
		var attach *ec2transitgateway.VpcAttachment
		var attached pulumi.Resource // what routes to the Transit Gateway wait for
		if args.HubProvider == nil {
			attach, err = net.attachToTransitGateway(ctx, name, args.Hub.TransitGatewayId, args.Hub.TransitGatewayRouteTableId, args.Tags, parent)
			attached = attach
		} else {
			attach, attached, err = net.attachAcrossAccounts(ctx, name, args, parent)
		}
		if err != nil {
			return nil, err
		}
		attachmentID = attach.ID().ToStringOutput()
		if acc, ok := attached.(*ec2transitgateway.VpcAttachmentAccepter); ok {
			// Across accounts, the same id as accepted in the hub's account: what uses it (the
			// corporate route table's propagation) waits for the acceptance.
			attachmentID = acc.TransitGatewayAttachmentId
		}
		// The only non-local route: the hub CIDR via the Transit Gateway.
		if err := net.routeToTransitGateway(ctx, name+"-to-hub", args.AvailabilityZones, args.Hub.Cidr,
			args.Hub.TransitGatewayId, attached, parent); err != nil {
			return nil, err
		}
		// And, where configured, the corporate network's data sources.
		for _, cidr := range args.CorporateCidrs {
			if err := net.routeToTransitGateway(ctx, name+"-to-corporate-"+CidrKey(cidr), args.AvailabilityZones, cidr,
				args.Hub.TransitGatewayId, attached, parent); err != nil {
				return nil, err
			}
		}
	}

	// S3 gateway endpoint on every spoke route table (gateway endpoints do not work through a
	// TGW, so each spoke needs its own:
	// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html).
	buckets := append([]string(nil), args.S3BucketNames...)
	s3, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           v.ID(),
		ServiceName:     pulumi.String("com.amazonaws." + args.Region + ".s3"),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   rtIDs,
		Policy: accountOut.ApplyT(func(acct string) string {
			return SpokeS3EndpointPolicy(partition, args.Region, acct, args.OrganizationId, buckets)
		}).(pulumi.StringOutput),
		Tags: tags(name + "-s3"),
	}, parent)
	if err != nil {
		return nil, err
	}
	c.S3Endpoint = s3

	// Flow logs: the encrypted log group (newEncryptedLogGroup; its name carries the project and
	// stack, so two stacks in one account never collide), the role the flow-log service assumes,
	// and the flow log.
	keep := pulumi.RetainOnDelete(args.RetainFlowLogs)
	logGroup, key, err := core.NewEncryptedLogGroup(ctx, name+"-flow-logs", core.EncryptedLogGroup{
		Kind: core.LogKindFlowLogs, Component: name, Region: args.Region, Account: accountOut,
		RetentionDays: plan.retention, KeyDescription: "Encrypts the VPC flow logs of " + name, Tags: tags,
	}, parent, keep)
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(ctx, name+"-flow-logs-role", &iam.RoleArgs{
		Description: pulumi.String("Assumed by VPC Flow Logs to publish the flow logs of " + name),
		AssumeRolePolicy: accountOut.ApplyT(func(acct string) string {
			return FlowLogTrustPolicy(partition, args.Region, acct)
		}).(pulumi.StringOutput),
		InlinePolicies: iam.RoleInlinePolicyArray{&iam.RoleInlinePolicyArgs{
			Name: pulumi.String("publish-flow-logs"),
			Policy: logGroup.Arn.ApplyT(func(arn string) string {
				return FlowLogPublishPolicy(arn)
			}).(pulumi.StringOutput),
		}},
		Tags: tags(name + "-flow-logs-role"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewFlowLog(ctx, name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:              v.ID(),
		TrafficType:        pulumi.String("ALL"),
		LogDestinationType: pulumi.String("cloud-watch-logs"),
		LogDestination:     logGroup.Arn,
		IamRoleArn:         role.Arn,
		Tags:               tags(name + "-flow-log"),
	}, parent); err != nil {
		return nil, err
	}

	// Resolve the endpoint hostnames through the hub's PHZs (per zone, or one Route 53 Profile).
	if err := associateHubZones(ctx, name, args, v.ID(), parent); err != nil {
		return nil, err
	}

	c.VpcId = v.ID().ToStringOutput()
	c.CidrBlock = v.CidrBlock
	c.SubnetIds = subnetIDs.ToStringArrayOutput()
	c.RouteTableIds = rtIDs.ToStringArrayOutput()
	c.TransitGatewayAttachmentId = attachmentID
	c.PeeringConnectionId = peeringID
	c.S3EndpointId = s3.ID().ToStringOutput()
	c.S3PrefixListId = s3.PrefixListId
	c.FlowLogGroupName = logGroup.Name
	c.FlowLogGroupArn = logGroup.Arn
	c.FlowLogKmsKeyArn = key.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vpcId":                      c.VpcId,
		"cidrBlock":                  c.CidrBlock,
		"subnetIds":                  c.SubnetIds,
		"routeTableIds":              c.RouteTableIds,
		"transitGatewayAttachmentId": c.TransitGatewayAttachmentId,
		"peeringConnectionId":        c.PeeringConnectionId,
		"s3EndpointId":               c.S3EndpointId,
		"s3PrefixListId":             c.S3PrefixListId,
		"flowLogGroupName":           c.FlowLogGroupName,
		"flowLogGroupArn":            c.FlowLogGroupArn,
		"flowLogKmsKeyArn":           c.FlowLogKmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// SpokeS3EndpointPolicy returns the S3 gateway endpoint policy of a spoke. Gateway endpoint
// policies must use Principal "*". Every statement names bucket ARNs for the bucket-level actions
// and object ARNs ("<bucket>/*") for the object actions (spokeS3BucketActions,
// spokeS3ObjectActions). It allows:
//   - data access to each bucket in buckets and its objects, only while the bucket is owned by
//     this account (aws:ResourceAccount = accountID) or, when organizationID is set, by an account
//     of the organization (aws:ResourceOrgID = organizationID). Bucket names are global, so
//     without the owner condition anyone could create a bucket with a configured name that does
//     not exist yet (or that was deleted) and receive the spoke's data through the endpoint
//     ("aws:ResourceAccount" and "aws:ResourceOrgID", IAM User Guide, AWS global condition
//     context keys; AWS "What's New", 2020-12-21, "New IAM condition keys for Amazon S3 limit
//     requests to buckets owned by specific AWS accounts": the owner-account key is meant for VPC
//     endpoint policies, so that they keep applying as buckets are added and removed);
//   - the same plus s3:CreateBucket on SageMaker's default bucket "sagemaker-<region>-<account>",
//     which the SageMaker Python SDK's Session.default_bucket() names and creates on first use
//     (sagemaker-python-sdk src/sagemaker/session.py: "sagemaker-{}-{}".format(region, account)),
//     only when owned by accountID, so a bucket with that name in another account cannot
//     receive data;
//   - read (s3:ListBucket on the bucket, s3:GetObject on objects) of the AWS-owned buckets
//     SageMaker needs without internet: JumpStart's model and script cache
//     "jumpstart-cache-prod-<region>" and its gated-model cache
//     "jumpstart-private-cache-prod-<region>" (sagemaker-python-sdk
//     src/sagemaker/jumpstart/constants.py, JumpStartLaunchedRegionInfo content_bucket and
//     gated_content_bucket; the models that need an EULA acceptance, such as Llama, are served
//     from the private cache), and ECR's image layer bucket "prod-<region>-starport-layer-bucket"
//     (Amazon ECR user guide, "Minimum Amazon S3 bucket permissions for Amazon ECR"), since Studio
//     images and training containers come from ECR. These carry no owner condition: they belong
//     to AWS service accounts that AWS does not publish, so neither aws:ResourceAccount nor
//     aws:ResourceOrgID can name them. They cannot be squatted (the names are taken by AWS, and
//     S3 bucket names are globally unique), and only reads are allowed, which carry no object
//     data out of the spoke.
//
// Everything else through the endpoint is implicitly denied.
func SpokeS3EndpointPolicy(partition, region, accountID, organizationID string, buckets []string) string {
	arn := func(b string) string { return "arn:" + partition + ":s3:::" + b }
	pair := func(sid string, bucketActions, objectActions, names []string, cond map[string]any) []any {
		var bucketARNs, objectARNs []string
		for _, b := range names {
			bucketARNs = append(bucketARNs, arn(b))
			objectARNs = append(objectARNs, arn(b)+"/*")
		}
		var out []any
		for _, s := range []struct {
			suffix    string
			actions   []string
			resources []string
		}{{"Buckets", bucketActions, bucketARNs}, {"Objects", objectActions, objectARNs}} {
			if len(s.actions) == 0 {
				continue
			}
			st := map[string]any{"Sid": sid + s.suffix, "Effect": "Allow", "Principal": "*",
				"Action": s.actions, "Resource": s.resources}
			if cond != nil {
				st["Condition"] = cond
			}
			out = append(out, st)
		}
		return out
	}
	owned := map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": accountID}}
	var stmts []any
	if len(buckets) > 0 {
		sorted := slices.Clone(buckets)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		cond, sid := owned, "AllowConfiguredBucketsOfThisAccount"
		if organizationID != "" {
			cond = map[string]any{"StringEquals": map[string]any{"aws:ResourceOrgID": organizationID}}
			sid = "AllowConfiguredBucketsOfThisOrganization"
		}
		stmts = append(stmts, pair(sid, spokeS3BucketActions, spokeS3ObjectActions, sorted, cond)...)
	}
	def := "sagemaker-" + region + "-" + accountID
	stmts = append(stmts, pair("AllowSageMakerDefaultBucketOfThisAccount",
		append(slices.Clone(spokeS3BucketActions), "s3:CreateBucket"), spokeS3ObjectActions, []string{def}, owned)...)
	stmts = append(stmts, pair("AllowJumpStartBucketsReadOnly", []string{"s3:ListBucket"}, []string{"s3:GetObject"},
		[]string{"jumpstart-cache-prod-" + region, "jumpstart-private-cache-prod-" + region}, nil)...)
	stmts = append(stmts, pair("AllowEcrLayerBucketReadOnly", nil, []string{"s3:GetObject"},
		[]string{"prod-" + region + "-starport-layer-bucket"}, nil)...)
	return core.PolicyJSON(map[string]any{"Version": "2012-10-17", "Statement": stmts})
}

// FlowLogTrustPolicy returns the trust policy of the flow-log role: only the VPC Flow Logs service
// may assume it, and only for flow logs of accountID in region (aws:SourceAccount and
// aws:SourceArn against the confused deputy; Amazon VPC user guide, "IAM role for publishing flow
// logs to CloudWatch Logs").
func FlowLogTrustPolicy(partition, region, accountID string) string {
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "VpcFlowLogsOnly", "Effect": "Allow",
			"Principal": map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
			"Action":    "sts:AssumeRole",
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": accountID},
				"ArnLike":      map[string]any{"aws:SourceArn": "arn:" + partition + ":ec2:" + region + ":" + accountID + ":vpc-flow-log/*"},
			},
		}},
	})
}

// FlowLogPublishPolicy returns the flow-log role's inline policy: the permissions the Amazon VPC
// user guide lists for the flow-log role ("IAM role for publishing flow logs to CloudWatch Logs":
// CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogGroups, DescribeLogStreams on "*"),
// without CreateLogGroup (the component creates the group) and scoped to the one log group
// (logGroupArn, without a trailing ":*") and its streams.
func FlowLogPublishPolicy(logGroupArn string) string {
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "PublishToTheFlowLogGroup", "Effect": "Allow",
			"Action":   []string{"logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"},
			"Resource": []string{logGroupArn, logGroupArn + ":log-stream:*"},
		}},
	})
}

type spokePlan struct {
	subnetCidrs []string
	retention   int
}

// Validate checks the arguments of the SpokeVpc name without registering anything: nil, or the
// joined *arg.Error values, each naming the field, the value and what is allowed. NewSpokeVpc
// applies the same checks (planSpokeVpc) first.
func (a *SpokeVpcArgs) Validate(name string) error {
	_, err := planSpokeVpc(name, a)
	return err
}

func planSpokeVpc(name string, args *SpokeVpcArgs) (*spokePlan, error) {
	p := core.NewProblems("SpokeVpc", name)
	if args == nil {
		p.Missing("args", "a *SpokeVpcArgs with Region, CidrBlock, AvailabilityZones and Hub set")
		return nil, p.Err()
	}
	plan := &spokePlan{retention: args.FlowLogRetentionDays}
	p.CheckRoleName(name, spokeFlowLogRoleSuffix)
	// Each spoke subnet holds at least the TGW attachment's ENI and one workload ENI.
	plan.subnetCidrs = checkNetwork(p, args.Region, args.CidrBlock, args.AvailabilityZones, args.SubnetPrefixLength, 2,
		"the Transit Gateway attachment and at least one workload ENI")
	checkHub(p, args.Hub, HubNeeds{Region: args.Region, Cidr: true, spokeLink: true, zonesValid: true})
	if args.Hub.Peering() && len(args.CorporateCidrs) > 0 {
		p.Bad("CorporateCidrs", args.CorporateCidrs, "none with Hub.Connectivity "+ConnectivityPeering+
			": a VPC peering is not transitive, so the spoke cannot reach the corporate network through the hub (use "+ConnectivityTransitGateway+")")
	}
	if hub, err := NetParseCIDR(args.Hub.Cidr); err == nil && Overlaps(hub.String(), args.CidrBlock) {
		p.Bad("Hub.Cidr", args.Hub.Cidr, fmt.Sprintf("a CIDR that does not overlap the spoke's CidrBlock %s", args.CidrBlock))
	}
	checkDnsProfile(p, name, args)
	checkCorporateCidrs(p, "CorporateCidrs", args.CorporateCidrs, map[string]string{"CidrBlock": args.CidrBlock, "Hub.Cidr": args.Hub.Cidr})
	seen := map[string]bool{}
	for i, b := range args.S3BucketNames {
		field := fmt.Sprintf("S3BucketNames[%d]", i)
		if !ValidBucketName(b) {
			p.Bad(field, b, "an S3 bucket name (3-63 lowercase letters, digits, '.' or '-'); not an ARN or s3:// URL")
		}
		if seen[b] {
			p.Bad(field, b, "each bucket once")
		}
		seen[b] = true
	}
	if args.OrganizationId != "" && !netOrgIDRe.MatchString(args.OrganizationId) {
		p.Bad("OrganizationId", args.OrganizationId, "an AWS Organizations id like o-a1b2c3d4e5, or empty")
	}
	if plan.retention == 0 {
		plan.retention = DefaultFlowLogRetentionDays
	} else if !slices.Contains(core.RetentionDays, plan.retention) {
		p.Bad("FlowLogRetentionDays", plan.retention, fmt.Sprintf("0 (default %d) or a CloudWatch Logs retention: %v",
			DefaultFlowLogRetentionDays, core.RetentionDays))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// FlowLogGroupName is the log group of a spoke's flow logs (the flow-logs kind of the shared log group naming).
func FlowLogGroupName(project, stack, name string) string {
	return core.LogGroupName(core.LogKindFlowLogs, project, stack, name)
}
