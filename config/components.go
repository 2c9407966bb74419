package config

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
)

// The resource names the program (landingzone.Build) gives its components. Validation derives
// the components' arguments exactly as the program does, so the names must agree: the
// whole-program property test (tests/config_property_test.go) fails when they do not.
const (
	hubName      = "hub"
	spokePrefix  = "spoke-"
	studioPrefix = "studio-"
	domainPrefix = "domain-"
	budgetName   = "network-budget"
)

// wired stands for an input the program wires from another resource: known only at deployment,
// so the components' validators check only that it is set, as they do in the program.
func wired() pulumi.StringOutput { return pulumi.String("").ToStringOutput() }

// hubRef is the hub as the program passes it (EndpointHub.Ref()): plain CIDR, Region and keys
// from config, ids wired.
func (c *Config) hubRef() network.HubRef {
	zones, eps := map[string]pulumi.StringInput{}, map[string]pulumi.StringInput{}
	for _, e := range c.Hub.Endpoints {
		zones[e], eps[e] = wired(), wired()
	}
	rts := map[string]pulumi.StringInput{}
	for _, az := range c.HubAZs() {
		rts[az] = wired()
	}
	return network.HubRef{Region: c.Region, Cidr: c.Hub.CIDR, VpcId: wired(), TransitGatewayId: wired(),
		TransitGatewayRouteTableId: wired(), ZoneIds: zones, EndpointIds: eps,
		Connectivity: c.Hub.Connectivity, RouteTableIds: rts,
		EndpointKeys: slices.Sorted(slices.Values(c.Hub.Endpoints))}
}

func wiredArray(n int) pulumi.StringArray {
	out := make(pulumi.StringArray, n)
	for i := range out {
		out[i] = wired()
	}
	return out
}

// componentRules runs every component's own validator on the arguments the program derives from
// c, and maps each problem's field back to the configuration key it comes from.
func (v *validator) componentRules(c *Config) {
	spokeCidrs := map[string]string{}
	for _, s := range c.Spokes {
		spokeCidrs[s.Name] = s.CIDR
	}
	hub := &network.EndpointHubArgs{Region: c.Region, CidrBlock: c.Hub.CIDR, AvailabilityZones: c.HubAZs(),
		SubnetPrefixLength: c.Hub.SubnetPrefixLength, Endpoints: c.Hub.Endpoints, SpokeCidrs: spokeCidrs,
		AccountId: wired(), OrganizationId: c.OrganizationID, Connectivity: c.Hub.Connectivity, PeeringQuota: c.Hub.PeeringQuota,
		AmazonSideAsn: c.Hub.AmazonSideAsn}
	v.mapErrors(hub.Validate(hubName), k("hub"), func(f field) string {
		switch f.head {
		case "Region":
			return "aws:region"
		case "CidrBlock":
			return k("hub.cidr")
		case "AvailabilityZones":
			return k("availabilityZones" + f.index())
		case "SubnetPrefixLength":
			return k("hub.subnetPrefixLength")
		case "Endpoints":
			return k("hub.endpoints" + f.index())
		case "SpokeCidrs":
			if f.key == "" {
				return k("spokes") // how many: the peering quota
			}
			return k("spokes[" + f.key + "].cidr")
		case "Connectivity":
			return k("hub.connectivity")
		case "PeeringQuota":
			return k("hub.peeringQuota")
		case "OrganizationId":
			return k("organizationId")
		case "AmazonSideAsn":
			return k("hub.amazonSideAsn")
		}
		return ""
	})

	hubRef := c.hubRef()
	for i, s := range c.Spokes {
		base := spokeBase(i, s)
		args := &network.SpokeVpcArgs{Region: c.Region, CidrBlock: s.CIDR, AvailabilityZones: c.SpokeAZs(s),
			SubnetPrefixLength: s.SubnetPrefixLength, Hub: hubRef, S3BucketNames: s.S3Buckets,
			FlowLogRetentionDays: s.FlowLogRetentionDays}
		v.mapErrors(args.Validate(spokePrefix+s.Name), k(base), func(f field) string {
			switch f.head {
			case "Region":
				return "aws:region"
			case "name":
				return k(base + ".name")
			case "Hub":
				if f.rest == "Connectivity" {
					return k("hub.connectivity")
				}
				if f.rest != "Cidr" {
					return k("hub.endpoints")
				}
				if _, err := netip.ParsePrefix(c.Hub.CIDR); err != nil {
					return k("hub.cidr") // the hub's CIDR itself is bad
				}
				return k(base + ".cidr") // the spoke overlaps it
			case "CidrBlock":
				return k(base + ".cidr")
			case "AvailabilityZones":
				return k("availabilityZones" + f.index())
			case "SubnetPrefixLength":
				return k(base + ".subnetPrefixLength")
			case "S3BucketNames":
				return k(base + ".s3Buckets" + f.index())
			case "FlowLogRetentionDays":
				return k(base + ".flowLogRetentionDays")
			}
			return ""
		})
	}

	ownRoleKeys := map[string]string{} // role key -> config key of the user
	for i, d := range c.Domains {
		base := domainBase(i, d)
		var users []string
		userKeyOf := map[string]string{}
		for j, u := range d.Users {
			userKeyOf[u.Name] = k(userBase(base, j, u))
			if d.UsesPerUserSecurityGroups() {
				users = append(users, u.Name)
			}
			if u.OwnExecutionRole {
				ownRoleKeys[d.Name+"-"+u.Name] = userKeyOf[u.Name]
			}
		}
		sg := &security.StudioSecurityGroupsArgs{VpcId: wired(), Hub: hubRef, S3PrefixListId: wired(), UserNames: users,
			OnPremisesCidrs: c.Corporate.OnPremisesCidrs(d.Spoke)}
		v.mapErrors(sg.Validate(studioPrefix+d.Name), k(base), func(f field) string {
			switch f.head {
			case "name":
				return k(base + ".name")
			case "Hub":
				return k("hub.cidr")
			case "UserNames":
				if n, err := strconv.Atoi(f.key); err == nil && n < len(users) {
					return userKeyOf[users[n]] + ".name"
				}
			}
			return ""
		})
	}

	// One Guardrails per workload account (GuardrailsName), as the program builds them: that
	// account's spokes' subnets, its domains' and users' groups plus its spokes' job groups
	// ("jobs-<spoke>", landingzone/jobs.go), its spokes' buckets and its users' own roles.
	for _, acct := range c.WorkloadAccounts() {
		in := func(spoke string) bool { return c.SpokeAccount(spoke) == acct }
		subnets, groups := 0, 0
		var acctBuckets []string
		for _, s := range c.Spokes {
			if in(s.Name) {
				subnets += len(c.SpokeAZs(s))
				groups++ // the spoke's job group
				acctBuckets = append(acctBuckets, s.S3Buckets...)
			}
		}
		acctBuckets = slices.Compact(slices.Sorted(slices.Values(acctBuckets))) // as the program passes them
		var acctRoles []string
		for _, d := range c.Domains {
			if !in(d.Spoke) {
				continue
			}
			groups++
			for _, u := range d.Users {
				if d.UsesPerUserSecurityGroups() {
					groups++
				}
				if u.OwnExecutionRole {
					acctRoles = append(acctRoles, d.Name+"-"+u.Name)
				}
			}
		}
		g := &security.GuardrailsArgs{Region: c.Region, SpokeSubnetIds: pulumi.StringArray{}.ToStringArrayOutput(),
			MaxSubnetIds: subnets, SecurityGroupIds: wiredArray(groups), Hub: hubRef,
			DataSensitivity: c.Tags.DataSensitivity, DenyNotebookRootAccess: c.Guards.DeniesNotebookRootAccess(),
			BucketNames: acctBuckets, KmsKeyArns: c.Guards.KmsKeyArns, LogGroupArns: c.Guards.LogGroupArns,
			EcrRepositoryArns: c.Guards.EcrRepositoryArns, ExtraRoles: acctRoles,
			CreateServiceControlPolicy: c.Guards.CreateServiceControlPolicy && acct == c.ScpGuardrailsAccount(), ScpExemptPrincipalArns: c.Guards.ScpExemptPrincipalArns}
		v.mapErrors(g.Validate(GuardrailsName(acct)), k("guards"), func(f field) string {
			switch f.head {
			case "Region":
				return "aws:region"
			case "DataSensitivity":
				return k("tags.dataSensitivity")
			case "Hub":
				return k("hub.endpoints")
			case "SpokeSubnetIds", "MaxSubnetIds":
				return k("spokes")
			case "SecurityGroupIds", "MaxSecurityGroupIds":
				return k("domains")
			case "BucketNames":
				if n, err := strconv.Atoi(f.key); err == nil && n < len(acctBuckets) {
					for i, s := range c.Spokes {
						if j := slices.Index(s.S3Buckets, acctBuckets[n]); j >= 0 {
							return k(fmt.Sprintf("%s.s3Buckets[%d]", spokeBase(i, s), j))
						}
					}
				}
				return k("spokes")
			case "KmsKeyArns":
				return k("guards.kmsKeyArns" + f.index())
			case "LogGroupArns":
				return k("guards.logGroupArns" + f.index())
			case "EcrRepositoryArns":
				return k("guards.ecrRepositoryArns" + f.index())
			case "ScpExemptPrincipalArns":
				return k(guardsExemptKey + f.index())
			case "ExtraRoles":
				if n, err := strconv.Atoi(f.key); err == nil && n < len(acctRoles) {
					return ownRoleKeys[acctRoles[n]] + ".name"
				}
			}
			return ""
		})
	}

	for i, d := range c.Domains {
		base := domainBase(i, d)
		spoke, _ := c.Spoke(d.Spoke)
		userKeyOf := map[string]string{}
		var users []studio.StudioUser
		for j, u := range d.Users {
			userKeyOf[u.Name] = k(userBase(base, j, u))
			su := studio.StudioUser{Name: u.Name, Owner: u.Owner}
			if d.UsesPerUserSecurityGroups() {
				su.SecurityGroupId = wired()
			}
			if u.OwnExecutionRole {
				su.ExecutionRoleArn = wired()
			}
			users = append(users, su)
		}
		args := &studio.StudioDomainArgs{DomainName: d.Name, VpcId: wired(), SubnetIds: wiredArray(len(c.SpokeAZs(spoke))),
			SecurityGroupId: wired(), ExecutionRoleArn: wired(), AuthMode: d.AuthMode, Users: users, Protect: c.Protect(),
			SharingS3OutputPath: d.SharingS3OutputPath, SharingKmsKeyArn: d.SharingKmsKeyArn, Regulated: c.Regulated(),
			Tags: c.Tags.Map()}
		v.mapErrors(args.Validate(domainPrefix+d.Name), k(base), func(f field) string {
			switch f.head {
			case "DomainName", "name":
				return k(base + ".name")
			case "AuthMode":
				return k(base + ".authMode")
			case "SharingS3OutputPath":
				return k(base + ".sharingS3OutputPath")
			case "SharingKmsKeyArn":
				return k(base + ".sharingKmsKeyArn")
			case "SubnetIds":
				return k(spokeBase(slices.IndexFunc(c.Spokes, func(s Spoke) bool { return s.Name == d.Spoke }), spoke) + ".azCount")
			case "Users":
				if uk, ok := userKeyOf[f.key]; ok {
					switch f.rest {
					case "Owner":
						return uk + ".owner"
					default:
						return uk + ".name"
					}
				}
			}
			return ""
		})
	}

	if b := c.Budget; b != nil {
		args := &finops.NetworkBudgetArgs{MonthlyLimitUsd: b.MonthlyLimitUsd, Emails: b.Emails,
			ThresholdsPercent: b.ThresholdsPercent, CostCenter: c.Tags.CostCenter}
		v.mapErrors(args.Validate(budgetName, finops.DefaultBudgetName(Project, c.Stack, budgetName)), k("budget"), func(f field) string {
			switch f.head {
			case "MonthlyLimitUsd":
				return k("budget.monthlyLimitUsd")
			case "Emails":
				return k("budget.emails" + f.index())
			case "ThresholdsPercent":
				return k("budget.thresholdsPercent" + f.index())
			case "CostCenter":
				return k("tags.costCenter")
			}
			return ""
		})
	}
}

// field is a component field name taken apart: "Users[alice].Owner" is head "Users", key
// "alice", rest "Owner"; `SpokeCidrs["ml"]` is head "SpokeCidrs", key "ml".
type field struct{ head, key, rest string }

var fieldRe = regexp.MustCompile(`^([A-Za-z0-9]+)(?:\[("?)([^\]]*?)"?\])?(?:\.(.*))?`)

func parseField(s string) field {
	m := fieldRe.FindStringSubmatch(s)
	if m == nil {
		return field{head: s}
	}
	return field{head: m[1], key: m[3], rest: m[4]}
}

// index renders the field's index as a configuration key suffix ("[2]"), or "".
func (f field) index() string {
	if f.key == "" {
		return ""
	}
	return "[" + f.key + "]"
}

// mapErrors records every problem in err under the configuration key keyOf gives its field
// (fallback when keyOf has none). The component's message says what is allowed.
func (v *validator) mapErrors(err error, fallback string, keyOf func(field) string) {
	args, other := arg.Errors(err)
	for _, e := range args {
		key := keyOf(parseField(e.Field))
		if key == "" {
			key = fallback
		}
		v.add(key, e.Value, fmt.Sprintf("%s (%s %q: %s)", e.Allowed, e.Component, e.Name, e.Field))
	}
	for _, e := range other {
		v.add(fallback, nil, e.Error())
	}
}
