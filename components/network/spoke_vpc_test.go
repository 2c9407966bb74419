package network

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	NetTgwID   = "tgw-0123456789abcdef0"
	NetTgwRtID = "tgw-rtb-0123456789abcdef0"
)

func NetSpokeArgs(azs int) *SpokeVpcArgs {
	return &SpokeVpcArgs{
		Region:            "us-east-1",
		CidrBlock:         "10.1.0.0/16",
		AvailabilityZones: append([]string(nil), componenttest.NetAZs[:azs]...),
		Hub: HubRef{Region: "us-east-1", Cidr: "10.0.0.0/20",
			TransitGatewayId: pulumi.String(NetTgwID), TransitGatewayRouteTableId: pulumi.String(NetTgwRtID),
			ZoneIds: map[string]pulumi.StringInput{
				"sagemaker.api": pulumi.String("ZAPI"), "studio": pulumi.String("ZSTUDIO"), "sts": pulumi.String("ZSTS"),
			}},
		S3BucketNames: []string{"ml-data-bucket", "ml-models.example"},
		Tags:          map[string]string{"team": "ml"},
	}
}

func NetRunSpoke(t *testing.T, args *SpokeVpcArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewSpokeVpc(ctx, "ml", args, opts...)
		return err
	})
}

func TestSpokeVpcResourceCounts(t *testing.T) {
	t.Parallel()
	for _, azs := range []int{2, 3} {
		t.Run(fmt.Sprintf("%dAZ", azs), func(t *testing.T) {
			t.Parallel()
			rec, err := NetRunSpoke(t, NetSpokeArgs(azs))
			if !assert.NoError(t, err) {
				return
			}
			assert.Equal(t, map[string]int{
				SpokeVpcType: 1, componenttest.TypeVpc: 1, componenttest.TypeSubnet: azs, componenttest.TypeRouteTable: azs, componenttest.TypeRouteTableAssociation: azs, componenttest.TypeRoute: azs,
				componenttest.TypeTgwAttachment: 1, componenttest.TypeTgwAssociation: 1, componenttest.TypeTgwPropagation: 1, componenttest.TypeVpcEndpoint: 1,
				componenttest.TypeKmsKey: 1, componenttest.TypeLogGroup: 1, componenttest.TypeIamRole: 1, componenttest.TypeFlowLog: 1, componenttest.TypeZoneAssociation: 3,
			}, componenttest.CountTypes(rec))
			for _, typ := range componenttest.NetForbidden {
				assert.Empty(t, rec.ByType(typ), typ)
			}
		})
	}
}

func TestSpokeVpcRoutesOnlyToTheHubViaTheTransitGateway(t *testing.T) {
	t.Parallel()
	args := NetSpokeArgs(3)
	rec, err := NetRunSpoke(t, args)
	if !assert.NoError(t, err) {
		return
	}
	vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "ml-vpc")
	assert.Equal(t, "default", componenttest.InputString(vpc, "instanceTenancy"))
	for _, attr := range []string{"enableDnsSupport", "enableDnsHostnames"} {
		b, set := componenttest.InputBool(vpc, attr)
		assert.True(t, set && b, attr)
	}
	attach := componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "ml-tgw-attachment")
	routesPerTable := map[string]int{}
	for _, r := range rec.ByType(componenttest.TypeRoute) {
		routesPerTable[componenttest.InputString(r, "routeTableId")]++
		assert.Equal(t, args.Hub.Cidr, componenttest.InputString(r, "destinationCidrBlock"), r.Name)
		assert.Equal(t, NetTgwID, componenttest.InputString(r, "transitGatewayId"), r.Name)
		assert.Empty(t, componenttest.InputString(r, "destinationIpv6CidrBlock"), r.Name)
		for _, other := range []string{"gatewayId", "natGatewayId", "egressOnlyGatewayId", "networkInterfaceId", "vpcPeeringConnectionId"} {
			assert.Empty(t, componenttest.InputString(r, other), "%s %s", r.Name, other)
		}
		assert.Contains(t, r.Dependencies, attach.URN)
	}
	for _, az := range args.AvailabilityZones {
		sn := componenttest.FindOne(t, rec, componenttest.TypeSubnet, "ml-subnet-"+az)
		b, set := componenttest.InputBool(sn, "mapPublicIpOnLaunch")
		assert.True(t, set && !b, sn.Name)
		rt := componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "ml-rt-"+az)
		assert.Equal(t, 1, routesPerTable[rt.ID], "%s: exactly one non-local route", rt.Name)
		assert.True(t, rt.Input("routes").IsNull(), "no inline routes")
		r := componenttest.FindOne(t, rec, componenttest.TypeRoute, "ml-to-hub-"+az)
		assert.Equal(t, rt.ID, componenttest.InputString(r, "routeTableId"))
		rta := componenttest.FindOne(t, rec, componenttest.TypeRouteTableAssociation, "ml-rta-"+az)
		assert.Equal(t, sn.ID, componenttest.InputString(rta, "subnetId"))
		assert.Equal(t, rt.ID, componenttest.InputString(rta, "routeTableId"))
	}
	assert.Equal(t, NetTgwID, componenttest.InputString(attach, "transitGatewayId"))
	assert.Equal(t, vpc.ID, componenttest.InputString(attach, "vpcId"))
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeSubnet, "ml-subnet-", args.AvailabilityZones), recorder.Strings(attach.Input("subnetIds")))
	for _, attr := range []string{"transitGatewayDefaultRouteTableAssociation", "transitGatewayDefaultRouteTablePropagation"} {
		b, set := componenttest.InputBool(attach, attr)
		assert.True(t, set && !b, attr)
	}
	for _, r := range []recorder.Resource{componenttest.FindOne(t, rec, componenttest.TypeTgwAssociation, "ml-tgw-association"), componenttest.FindOne(t, rec, componenttest.TypeTgwPropagation, "ml-tgw-propagation")} {
		assert.Equal(t, attach.ID, componenttest.InputString(r, "transitGatewayAttachmentId"), r.Name)
		assert.Equal(t, NetTgwRtID, componenttest.InputString(r, "transitGatewayRouteTableId"), r.Name)
	}
}

func TestSpokeVpcS3GatewayEndpoint(t *testing.T) {
	t.Parallel()
	rec, err := NetRunSpoke(t, NetSpokeArgs(2))
	if !assert.NoError(t, err) {
		return
	}
	ep := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "ml-s3")
	assert.Equal(t, "com.amazonaws.us-east-1.s3", componenttest.InputString(ep, "serviceName"))
	assert.Equal(t, "Gateway", componenttest.InputString(ep, "vpcEndpointType"))
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeRouteTable, "ml-rt-", componenttest.NetAZs[:2]), recorder.Strings(ep.Input("routeTableIds")))
	d := componenttest.NetParse(t, componenttest.InputString(ep, "policy"))
	for _, s := range d.Statement {
		assert.Equal(t, "*", s.Principal, "gateway endpoint policies need Principal *")
		assert.NotContains(t, componenttest.NetList(s.Resource), "*")
		assert.NotContains(t, componenttest.NetList(s.Action), "s3:*")
	}
	own := map[string]string{"aws:ResourceAccount": recorder.FakeAccountID}
	assert.True(t, componenttest.IamAllows(t, d, "s3:GetObject", "arn:aws:s3:::ml-data-bucket/train/part-0.csv", own))
	assert.True(t, componenttest.IamAllows(t, d, "s3:PutObject", "arn:aws:s3:::ml-models.example/model.tar.gz", own))
	assert.True(t, componenttest.IamAllows(t, d, "s3:PutObject", "arn:aws:s3:::sagemaker-us-east-1-"+recorder.FakeAccountID+"/job/output", own))
	assert.False(t, componenttest.IamAllows(t, d, "s3:GetObject", "arn:aws:s3:::exfil-bucket/x", own))
}

func TestSpokeVpcFlowLog(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		retention int
		want      float64
	}{
		{"default retention", 0, 365},
		{"explicit retention", 90, 90},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetSpokeArgs(2)
			args.FlowLogRetentionDays = tc.retention
			rec, err := NetRunSpoke(t, args)
			if !assert.NoError(t, err) {
				return
			}
			vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "ml-vpc")
			key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ml-flow-logs-key")
			lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, "ml-flow-logs")
			role := componenttest.FindOne(t, rec, componenttest.TypeIamRole, "ml-flow-logs-role")
			fl := componenttest.FindOne(t, rec, componenttest.TypeFlowLog, "ml-flow-log")
			lgArn := componenttest.OutputString(lg, "arn")
			assert.Equal(t, "arn:aws:logs:us-east-1:"+recorder.FakeAccountID+":log-group:/vpconly/flow-logs/sagemaker-landing-zone/dev/ml", lgArn)

			assert.Equal(t, vpc.ID, componenttest.InputString(fl, "vpcId"))
			assert.Equal(t, "ALL", componenttest.InputString(fl, "trafficType"))
			assert.Equal(t, "cloud-watch-logs", componenttest.InputString(fl, "logDestinationType"))
			assert.Equal(t, lgArn, componenttest.InputString(fl, "logDestination"))
			assert.Equal(t, componenttest.OutputString(role, "arn"), componenttest.InputString(fl, "iamRoleArn"))

			assert.Equal(t, tc.want, componenttest.InputNumber(lg, "retentionInDays"))
			assert.Equal(t, componenttest.OutputString(key, "arn"), componenttest.InputString(lg, "kmsKeyId"))

			rot, set := componenttest.InputBool(key, "enableKeyRotation")
			assert.True(t, set && rot, "key rotation")
			kp := componenttest.NetParse(t, componenttest.InputString(key, "policy"))
			logsCtx := map[string]string{"kms:EncryptionContext:aws:logs:arn": lgArn}
			otherCtx := map[string]string{"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:" + recorder.FakeAccountID + ":log-group:other"}
			assert.True(t, componenttest.IamAllows(t, netOnlyPrincipal(kp, "Service", "logs.us-east-1.amazonaws.com"), "kms:GenerateDataKey", "*", logsCtx))
			assert.False(t, componenttest.IamAllows(t, netOnlyPrincipal(kp, "Service", "logs.us-east-1.amazonaws.com"), "kms:GenerateDataKey", "*", otherCtx),
				"CloudWatch Logs may use the key only for the flow-log group")
			assert.False(t, componenttest.IamAllows(t, netOnlyPrincipal(kp, "Service", "logs.us-east-1.amazonaws.com"), "kms:ScheduleKeyDeletion", "*", logsCtx))
			assert.True(t, componenttest.IamAllows(t, netOnlyPrincipal(kp, "AWS", "arn:aws:iam::"+recorder.FakeAccountID+":root"), "kms:PutKeyPolicy", "*", nil))
			assert.False(t, componenttest.IamAllows(t, netOnlyPrincipal(kp, "AWS", "arn:aws:iam::999999999999:root"), "kms:Decrypt", "*", nil))

			trust := componenttest.NetParse(t, componenttest.InputString(role, "assumeRolePolicy"))
			src := map[string]string{"aws:SourceAccount": recorder.FakeAccountID,
				"aws:SourceArn": "arn:aws:ec2:us-east-1:" + recorder.FakeAccountID + ":vpc-flow-log/fl-123"}
			assert.True(t, componenttest.IamAllows(t, netOnlyPrincipal(trust, "Service", "vpc-flow-logs.amazonaws.com"), "sts:AssumeRole", "*", src))
			assert.False(t, componenttest.IamAllows(t, netOnlyPrincipal(trust, "Service", "ec2.amazonaws.com"), "sts:AssumeRole", "*", src), "only vpc-flow-logs")
			assert.False(t, componenttest.IamAllows(t, netOnlyPrincipal(trust, "Service", "vpc-flow-logs.amazonaws.com"), "sts:AssumeRole", "*",
				map[string]string{"aws:SourceAccount": "999999999999", "aws:SourceArn": src["aws:SourceArn"]}), "confused deputy")
			for _, s := range trust.Statement {
				if _, ok := s.Condition["StringEquals"]["aws:SourceAccount"]; !assert.True(t, ok, "aws:SourceAccount condition") {
					continue
				}
			}

			inline := componenttest.NetParse(t, componenttest.InputString(role, "inlinePolicies.0.policy"))
			assert.True(t, componenttest.IamAllows(t, inline, "logs:PutLogEvents", lgArn+":log-stream:eni-1-all", nil))
			assert.True(t, componenttest.IamAllows(t, inline, "logs:CreateLogStream", lgArn, nil))
			assert.False(t, componenttest.IamAllows(t, inline, "logs:PutLogEvents", "arn:aws:logs:us-east-1:"+recorder.FakeAccountID+":log-group:other:log-stream:x", nil))
			assert.False(t, componenttest.IamAllows(t, inline, "logs:DeleteLogGroup", lgArn, nil))
			assert.Empty(t, rec.ByType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), "no managed policies")
		})
	}
}

// netOnlyPrincipal keeps the statements whose Principal names value under kind ("Service",
// "AWS"), or is "*", so that iamAllows answers for that one principal.
func netOnlyPrincipal(d componenttest.NetDoc, kind, value string) componenttest.NetDoc {
	out := componenttest.NetDoc{Version: d.Version}
	for _, s := range d.Statement {
		switch p := s.Principal.(type) {
		case string:
			if p == "*" {
				out.Statement = append(out.Statement, s)
			}
		case map[string]any:
			for _, v := range componenttest.NetList(p[kind]) {
				if v == value {
					out.Statement = append(out.Statement, s)
				}
			}
		}
	}
	return out
}

func TestSpokeVpcZoneAssociations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		zones map[string]pulumi.StringInput
	}{
		{"none", nil},
		{"three", NetSpokeArgs(2).Hub.ZoneIds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetSpokeArgs(2)
			args.Hub.ZoneIds = tc.zones
			rec, err := NetRunSpoke(t, args)
			if !assert.NoError(t, err) {
				return
			}
			vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "ml-vpc")
			assert.Len(t, rec.ByType(componenttest.TypeZoneAssociation), len(tc.zones))
			want := map[string]string{"sagemaker.api": "ZAPI", "studio": "ZSTUDIO", "sts": "ZSTS"}
			for key := range tc.zones {
				a := componenttest.FindOne(t, rec, componenttest.TypeZoneAssociation, "ml-"+key+"-zone")
				assert.Equal(t, want[key], componenttest.InputString(a, "zoneId"))
				assert.Equal(t, vpc.ID, componenttest.InputString(a, "vpcId"))
				assert.Equal(t, "us-east-1", componenttest.InputString(a, "vpcRegion"))
			}
		})
	}
}

func TestSpokeVpcValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(a *SpokeVpcArgs)
		errHas []string
	}{
		{"empty region", func(a *SpokeVpcArgs) { a.Region = "" }, []string{`SpokeVpc "ml": Region = ""`}},
		{"bad cidr", func(a *SpokeVpcArgs) { a.CidrBlock = "10.2.0.0/15" }, []string{`CidrBlock = "10.2.0.0/15"`, "/16 and /28"}},
		{"one AZ", func(a *SpokeVpcArgs) { a.AvailabilityZones = a.AvailabilityZones[:1] }, []string{"AvailabilityZones", "at least 2"}},
		{"duplicate AZ", func(a *SpokeVpcArgs) { a.AvailabilityZones = []string{"us-east-1b", "us-east-1b"} }, []string{`"us-east-1b"`, "once"}},
		{"subnets do not fit", func(a *SpokeVpcArgs) { a.CidrBlock, a.SubnetPrefixLength = "10.1.0.0/28", 28 }, []string{"SubnetPrefixLength = 28", "2 subnets"}},
		{"missing hub cidr", func(a *SpokeVpcArgs) { a.Hub.Cidr = "" }, []string{`Hub.Cidr = ""`}},
		{"hub overlaps spoke", func(a *SpokeVpcArgs) { a.Hub.Cidr = "10.1.16.0/20" }, []string{`Hub.Cidr = "10.1.16.0/20"`, "10.1.0.0/16"}},
		{"default route as hub", func(a *SpokeVpcArgs) { a.Hub.Cidr = "0.0.0.0/0" }, []string{`Hub.Cidr = "0.0.0.0/0"`}},
		{"hub in another region", func(a *SpokeVpcArgs) { a.Hub.Region = "eu-west-1" }, []string{`Hub.Region = "eu-west-1"`, "us-east-1"}},
		{"hub region unset is fine", func(a *SpokeVpcArgs) { a.Hub.Region, a.Region = "", "bad" }, []string{`Region = "bad"`}},
		{"malformed hub account", func(a *SpokeVpcArgs) { a.Hub.Account = "12345" }, []string{`Hub.Account = "12345"`, "12-digit"}},
		{"no tgw", func(a *SpokeVpcArgs) { a.Hub.TransitGatewayId = nil }, []string{"Hub.TransitGatewayId"}},
		{"no tgw route table", func(a *SpokeVpcArgs) { a.Hub.TransitGatewayRouteTableId = nil }, []string{"Hub.TransitGatewayRouteTableId"}},
		{"unknown zone key", func(a *SpokeVpcArgs) { a.Hub.ZoneIds["s3"] = pulumi.String("Z1") }, []string{`Hub.ZoneIds["s3"] = "s3"`, "catalog key"}},
		{"nil zone id", func(a *SpokeVpcArgs) { a.Hub.ZoneIds["sts"] = nil }, []string{`Hub.ZoneIds["sts"]`}},
		{"zero-value zone id (missing map entry)", func(a *SpokeVpcArgs) {
			a.Hub.ZoneIds["sts"] = map[string]pulumi.StringOutput{}["sts"]
		}, []string{`Hub.ZoneIds["sts"] is not set`}},
		{"zero-value tgw", func(a *SpokeVpcArgs) { a.Hub.TransitGatewayId = pulumi.StringOutput{} }, []string{"Hub.TransitGatewayId is not set"}},
		{"bucket arn", func(a *SpokeVpcArgs) { a.S3BucketNames = []string{"arn:aws:s3:::data"} }, []string{`S3BucketNames[0] = "arn:aws:s3:::data"`}},
		{"bucket url", func(a *SpokeVpcArgs) { a.S3BucketNames = []string{"s3://data"} }, []string{`"s3://data"`, "not an ARN or s3:// URL"}},
		{"duplicate bucket", func(a *SpokeVpcArgs) { a.S3BucketNames = []string{"data", "data"} }, []string{`S3BucketNames[1] = "data"`, "once"}},
		{"retention", func(a *SpokeVpcArgs) { a.FlowLogRetentionDays = 42 }, []string{"FlowLogRetentionDays = 42", "365"}},
		{"all at once", func(a *SpokeVpcArgs) { a.Region, a.FlowLogRetentionDays, a.Hub.Cidr = "x", -1, "bad" },
			[]string{"Region", "FlowLogRetentionDays = -1", `Hub.Cidr = "bad"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetSpokeArgs(2)
			tc.mutate(args)
			rec, err := NetRunSpoke(t, args)
			componenttest.AssertRejected(t, rec, err, tc.errHas...)
		})
	}
	t.Run("nil args", func(t *testing.T) {
		t.Parallel()
		_, err := NetRunSpoke(t, nil)
		assert.ErrorContains(t, err, `SpokeVpc "ml": args is not set`)
	})
	t.Run("valid args pass", func(t *testing.T) {
		t.Parallel()
		args := NetSpokeArgs(3)
		args.FlowLogRetentionDays, args.SubnetPrefixLength = 3653, 24
		_, err := NetRunSpoke(t, args)
		assert.NoError(t, err)
	})
}

func TestSpokeVpcProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewSpokeVpc(ctx, "ml", NetSpokeArgs(2), tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			// vpc, 2x(subnet, rt, rta, route), attachment, association, propagation, s3, key, log
			// group, role, flow log, 3 zone associations
			componenttest.AssertChildrenInherit(t, rec, SpokeVpcType, "ml", 20)
		})
	}
}

func TestSpokeVpcOutputs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]any{}
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		s, err := NewSpokeVpc(ctx, "ml", NetSpokeArgs(2))
		if err != nil {
			return err
		}
		pulumi.All(s.VpcId, s.CidrBlock, s.SubnetIds, s.RouteTableIds, s.TransitGatewayAttachmentId, s.S3EndpointId,
			s.S3PrefixListId, s.FlowLogGroupName, s.FlowLogGroupArn, s.FlowLogKmsKeyArn).ApplyT(func(v []any) int {
			mu.Lock()
			defer mu.Unlock()
			for i, k := range []string{"vpc", "cidr", "subnets", "rts", "attach", "s3", "pl", "lgName", "lgArn", "key"} {
				got[k] = v[i]
			}
			return 0
		})
		return nil
	})
	if !assert.NoError(t, err) {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if !assert.Len(t, got, 10, "outputs resolved") {
		return
	}
	ep := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "ml-s3")
	lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, "ml-flow-logs")
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "ml-vpc").ID, got["vpc"])
	assert.Equal(t, "10.1.0.0/16", got["cidr"])
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeSubnet, "ml-subnet-", componenttest.NetAZs[:2]), got["subnets"])
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeRouteTable, "ml-rt-", componenttest.NetAZs[:2]), got["rts"])
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "ml-tgw-attachment").ID, got["attach"])
	assert.Equal(t, ep.ID, got["s3"])
	assert.Equal(t, componenttest.OutputString(ep, "prefixListId"), got["pl"])
	assert.NotEmpty(t, got["pl"])
	assert.Equal(t, "/vpconly/flow-logs/sagemaker-landing-zone/dev/ml", got["lgName"])
	assert.Equal(t, componenttest.OutputString(lg, "arn"), got["lgArn"])
	assert.Equal(t, componenttest.OutputString(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ml-flow-logs-key"), "arn"), got["key"])
}

// TestHubAndSpokesWireUp builds a hub and two spokes the way the landing zone does: each spoke is
// associated with every hub zone, attaches to the hub's TGW route table, and the hub routes back.
func TestHubAndSpokesWireUp(t *testing.T) {
	t.Parallel()
	spokes := map[string]string{"ml": "10.1.0.0/16", "data": "10.2.0.0/16"}
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		hubArgs := NetHubArgs(2)
		hubArgs.SpokeCidrs = spokes
		hubArgs.Endpoints = []string{"sagemaker.api", "sagemaker.runtime", "studio", "ecr.dkr"}
		hub, err := NewEndpointHub(ctx, "hub", hubArgs)
		if err != nil {
			return err
		}
		for _, name := range core.SortedKeys(spokes) {
			if _, err := NewSpokeVpc(ctx, "spoke-"+name, &SpokeVpcArgs{
				Region: "us-east-1", CidrBlock: spokes[name], AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
				Hub: hub.Ref(),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if !assert.NoError(t, err) {
		return
	}
	tgw := componenttest.FindOne(t, rec, componenttest.TypeTransitGateway, "hub-tgw")
	tgwRT := componenttest.FindOne(t, rec, componenttest.TypeTgwRouteTable, "hub-tgw-rt")
	assocs := rec.ByType(componenttest.TypeZoneAssociation)
	assert.Len(t, assocs, 2*4)
	for name := range spokes {
		vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "spoke-"+name+"-vpc")
		for _, key := range []string{"sagemaker.api", "sagemaker.runtime", "studio", "ecr.dkr"} {
			zone := componenttest.FindOne(t, rec, componenttest.TypeZone, "hub-"+key+"-zone")
			n := 0
			for _, a := range assocs {
				if componenttest.InputString(a, "zoneId") == zone.ID && componenttest.InputString(a, "vpcId") == vpc.ID {
					n++
				}
			}
			assert.Equal(t, 1, n, "spoke %s, zone %s", name, key)
		}
		for _, r := range rec.ByType(componenttest.TypeRoute) {
			if strings.HasPrefix(r.Name, "spoke-"+name+"-") {
				assert.Equal(t, tgw.ID, componenttest.InputString(r, "transitGatewayId"))
				assert.Equal(t, "10.0.0.0/20", componenttest.InputString(r, "destinationCidrBlock"))
			}
		}
		assert.Equal(t, tgwRT.ID, componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeTgwAssociation, "spoke-"+name+"-tgw-association"), "transitGatewayRouteTableId"))
		assert.Equal(t, tgwRT.ID, componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeTgwPropagation, "spoke-"+name+"-tgw-propagation"), "transitGatewayRouteTableId"))
	}
}

func TestSpokeVpcSubnetCidrsAndTags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		azs    int
		prefix int
		want   []string
	}{
		{"default prefix 2 AZ", 2, 0, []string{"10.1.0.0/17", "10.1.128.0/17"}},
		{"default prefix 3 AZ", 3, 0, []string{"10.1.0.0/18", "10.1.64.0/18", "10.1.128.0/18"}},
		{"explicit prefix", 3, 24, []string{"10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetSpokeArgs(tc.azs)
			args.SubnetPrefixLength = tc.prefix
			rec, err := NetRunSpoke(t, args)
			if !assert.NoError(t, err) {
				return
			}
			var got []string
			for _, az := range args.AvailabilityZones {
				got = append(got, componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeSubnet, "ml-subnet-"+az), "cidrBlock"))
			}
			assert.Equal(t, tc.want, got)
			for _, typ := range []string{componenttest.TypeVpc, componenttest.TypeSubnet, componenttest.TypeRouteTable, componenttest.TypeTgwAttachment, componenttest.TypeVpcEndpoint, componenttest.TypeKmsKey, componenttest.TypeLogGroup, componenttest.TypeIamRole, componenttest.TypeFlowLog} {
				for _, r := range rec.ByType(typ) {
					assert.Equal(t, "ml", componenttest.InputString(r, "tags.team"), "%s %s", typ, r.Name)
					assert.Equal(t, r.Name, componenttest.InputString(r, "tags.Name"), "%s %s", typ, r.Name)
				}
			}
		})
	}
}
