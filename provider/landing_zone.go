package main

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// LandingZoneType is the type token of the whole landing zone as one component (public API).
const LandingZoneType = Name + ":index:LandingZone"

// LandingZone is the whole SageMaker VpcOnly landing zone of one stack configuration: the
// endpoint hub, the spokes, the Studio domains, the guards, the corporate and supply paths and
// the runtime controls, built exactly as the Go program builds them (landingzone.Build), every
// top-level resource a child of this component. Its arguments are the stack configuration
// (docs/configuration.md), validated by the same validator as a stack's. One per stack: its
// children are named as the program's are.
type LandingZone struct {
	pulumi.ResourceState

	// Hub is the hub reference a workload stack or program builds its spokes on: the map the
	// Go program exports as its "hub" output (network.HubRef.Export: cidr, region, vpcId,
	// transitGatewayId, endpointIds, zoneIds, account, ...).
	Hub pulumi.MapOutput `pulumi:"hub"`
	// Spokes maps each spoke name to its vpcId, subnetIds, routeTableIds, s3EndpointId,
	// s3PrefixListId, transitGatewayAttachmentId, flowLogGroupName and jobSecurityGroupId.
	Spokes pulumi.MapOutput `pulumi:"spokes"`
	// Domains maps each Studio domain name to its domainId, url, domainArn, kmsKeyArn,
	// homeEfsFileSystemId, securityGroupIds, userProfileArns and jobNetworkConfig.
	Domains pulumi.MapOutput `pulumi:"domains"`
	// Access holds the access outputs: corporateAccess (kind, cidrs, transitGatewayAttachmentId,
	// vpnConnectionId), the corporate DNS forwarders or records, and the human access policy
	// (humanAccessPolicyArn, humanAccessPermissionSetInlinePolicy). Empty without corporate or
	// human access configuration.
	Access pulumi.MapOutput `pulumi:"access"`
	// Supply holds the supply path outputs (CodeArtifact domain and repositories, the image
	// repository); empty without supply configuration.
	Supply pulumi.MapOutput `pulumi:"supply"`
	// Outputs are all the outputs the Go program exports for the same configuration, under the
	// same names (docs/configuration.md): region, hubVpcId, endpointIds, executionRoleArn,
	// networkCostEstimate, runtime, accounts, ...
	Outputs pulumi.MapOutput `pulumi:"outputs"`
}

// newLandingZone validates args as a stack's configuration, then registers the component and
// builds the landing zone under it. Invalid arguments fail before anything is registered, with
// the messages the Go program gives for the same stack configuration.
func newLandingZone(ctx *pulumi.Context, name string, args config.Config, opts ...pulumi.ResourceOption) (*LandingZone, error) {
	cfg, err := landingZoneConfig(ctx, args)
	if err != nil {
		return nil, err
	}
	c := &LandingZone{}
	if err := ctx.RegisterComponentResource(LandingZoneType, name, c, opts...); err != nil {
		return nil, err
	}
	lz, err := landingzone.BuildIn(ctx, cfg, c)
	if err != nil {
		return nil, err
	}
	outs := lz.Outputs()
	c.Hub = asMap(outs[network.HubOutput])
	c.Spokes = asMap(outs[landingzone.OutputSpokes])
	c.Domains = asMap(outs["domains"])
	c.Access = lz.AccessOutputs().ToMapOutput()
	c.Supply = asMap(outs["supply"])
	c.Outputs = outs.ToMapOutput()
	return c, nil
}

// landingZoneConfig hands the arguments to landingzone.LoadConfig, the loader a stack's program uses:
// each set top-level field is served as the raw config value of its key
// ("sagemaker-landing-zone:<json name>", JSON for structured values), so decoding, defaults and
// validation are the stack's, and so are the error messages. The region is the region argument,
// else the consumer stack's aws:region.
func landingZoneConfig(ctx *pulumi.Context, args config.Config) (*config.Config, error) {
	raw := map[string]string{}
	region := args.Region
	if region == "" {
		region, _ = ctx.GetConfig("aws:region")
	}
	if region != "" {
		raw["aws:region"] = region
	}
	v := reflect.ValueOf(args)
	for i := 0; i < v.NumField(); i++ {
		key := strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0]
		f := v.Field(i)
		if key == "" || key == "-" || f.IsZero() {
			continue
		}
		if f.Kind() == reflect.String {
			raw[config.Project+":"+key] = f.String()
			continue
		}
		b, err := json.Marshal(f.Interface())
		if err != nil {
			return nil, err
		}
		raw[config.Project+":"+key] = string(b)
	}
	return landingzone.LoadConfig(ctx.Stack(), func(key string) (string, bool) {
		v, ok := raw[key]
		return v, ok
	})
}

// asMap is an output value of the program's outputs (a map, or absent) as a MapOutput.
func asMap(v pulumi.Input) pulumi.MapOutput {
	if v == nil {
		return pulumi.Map{}.ToMapOutput()
	}
	return pulumi.ToOutput(v).ApplyT(func(x any) map[string]any {
		m, _ := x.(map[string]any)
		return m
	}).(pulumi.MapOutput)
}
