package landingzone

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// wired stands for an input the program wires from another resource: known only at deployment,
// so the components' validators check only that it is set, as they do in the program.
func wired() pulumi.StringOutput { return pulumi.String("").ToStringOutput() }

// hubRef is the hub as the program passes it (EndpointHub.Ref()): plain CIDR, Region and keys
// from config, ids wired.
func placeholderHubRef(c *config.Config) network.HubRef {
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

// LoadConfig decodes, resolves and validates a stack's configuration from raw config values:
// config's own rules (config.FromGetter), then, when they pass, every component's validator on the
// arguments Build derives (Validate). The program (Run), the offline plan and the tests load
// configuration through it.
func LoadConfig(stack string, get config.Getter) (*config.Config, error) {
	cfg, err := config.FromGetter(stack, get)
	if err != nil {
		return nil, err
	}
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Validate runs every component's own validator on the arguments Build derives from c (the same
// functions, derive.go, with placeholders for what Build wires between components) and maps each
// problem's field back to the configuration key it comes from (*config.Error, joined). A
// configuration config.Validate accepts should pass here too (tests/config_property_test.go checks
// it for generated configurations); this is the backstop that keeps a component from failing at
// deployment on an accepted configuration.
func Validate(c *config.Config) error {
	v := &collector{}
	hub := hubArgs(c, wired())
	v.mapErrors(hub.Validate(config.HubName), k("hub"), func(f arg.Path) string {
		switch f.Head {
		case "Region":
			return "aws:region"
		case "CidrBlock":
			return k("hub.cidr")
		case "AvailabilityZones":
			return k("availabilityZones" + f.Index())
		case "SubnetPrefixLength":
			return k("hub.subnetPrefixLength")
		case "Endpoints":
			return k("hub.endpoints" + f.Index())
		case "SpokeCidrs":
			if f.Key == "" {
				return k("spokes") // how many: the peering quota
			}
			return k("spokes[" + f.Key + "].cidr")
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

	hubRef := placeholderHubRef(c)
	for i, s := range c.Spokes {
		base := config.SpokeKey(i, s)
		args := spokeArgs(c, s, hubRef)
		v.mapErrors(args.Validate(config.SpokeComponentName(s.Name)), k(base), func(f arg.Path) string {
			switch f.Head {
			case "Region":
				return "aws:region"
			case "OrganizationId":
				return k("organizationId")
			case "CorporateCidrs":
				return k("corporate.cidrs" + f.Index())
			case "name":
				return k(base + ".name")
			case "Hub":
				if f.Rest == "Connectivity" {
					return k("hub.connectivity")
				}
				if f.Rest != "Cidr" {
					return k("hub.endpoints")
				}
				if _, err := netip.ParsePrefix(c.Hub.CIDR); err != nil {
					return k("hub.cidr") // the hub's CIDR itself is bad
				}
				return k(base + ".cidr") // the spoke overlaps it
			case "CidrBlock":
				return k(base + ".cidr")
			case "AvailabilityZones":
				return k("availabilityZones" + f.Index())
			case "SubnetPrefixLength":
				return k(base + ".subnetPrefixLength")
			case "S3BucketNames":
				return k(base + ".s3Buckets" + f.Index())
			case "FlowLogRetentionDays":
				return k(base + ".flowLogRetentionDays")
			}
			return ""
		})
	}

	ownRoleKeys := map[string]string{} // role key -> config key of the user
	for i, d := range c.Domains {
		base := config.DomainKey(i, d)
		var users []string
		userKeyOf := map[string]string{}
		for j, u := range d.Users {
			userKeyOf[u.Name] = k(config.UserKey(base, j, u))
			if d.UsesPerUserSecurityGroups() {
				users = append(users, u.Name)
			}
			if u.OwnExecutionRole {
				ownRoleKeys[d.Name+"-"+u.Name] = userKeyOf[u.Name]
			}
		}
		sg := studioGroupArgs(c, d, hubRef, wired(), wired())
		v.mapErrors(sg.Validate(config.StudioGroupsName(d.Name)), k(base), func(f arg.Path) string {
			switch f.Head {
			case "name":
				return k(base + ".name")
			case "Hub":
				return k("hub.cidr")
			case "UserNames":
				if n, err := strconv.Atoi(f.Key); err == nil && n < len(users) {
					return userKeyOf[users[n]] + ".name"
				}
			}
			return ""
		})
	}

	// One Guardrails per workload account (config.GuardrailsName), as the program builds them.
	for _, acct := range c.WorkloadAccounts() {
		g := guardrailsArgs(c, acct, hubRef, pulumi.StringArray{}.ToStringArrayOutput(), wiredArray(guardGroupCount(c, acct)))
		acctBuckets, acctRoles := g.BucketNames, g.ExtraRoles
		v.mapErrors(g.Validate(config.GuardrailsName(acct)), k("guards"), func(f arg.Path) string {
			switch f.Head {
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
				if n, err := strconv.Atoi(f.Key); err == nil && n < len(acctBuckets) {
					for i, s := range c.Spokes {
						if j := slices.Index(s.S3Buckets, acctBuckets[n]); j >= 0 {
							return k(fmt.Sprintf("%s.s3Buckets[%d]", config.SpokeKey(i, s), j))
						}
					}
				}
				return k("spokes")
			case "KmsKeyArns":
				return k("guards.kmsKeyArns" + f.Index())
			case "LogGroupArns":
				return k("guards.logGroupArns" + f.Index())
			case "EcrRepositoryArns":
				return k("guards.ecrRepositoryArns" + f.Index())
			case "ScpExemptPrincipalArns":
				return k("guards.scpExemptPrincipalArns" + f.Index())
			case "ExtraRoles":
				if n, err := strconv.Atoi(f.Key); err == nil && n < len(acctRoles) {
					return ownRoleKeys[acctRoles[n]] + ".name"
				}
			}
			return ""
		})
	}

	for i, d := range c.Domains {
		base := config.DomainKey(i, d)
		spoke, _ := c.Spoke(d.Spoke)
		userKeyOf := map[string]string{}
		for j, u := range d.Users {
			userKeyOf[u.Name] = k(config.UserKey(base, j, u))
		}
		args := domainArgs(c, d, domainWiring{VpcId: wired(), SubnetIds: wiredArray(len(c.SpokeAZs(spoke))),
			SecurityGroupId: wired(), ExecutionRoleArn: wired(), JobSecurityGroupId: wired(),
			UserGroup: func(string) pulumi.StringInput { return wired() },
			UserRole:  func(string) pulumi.StringInput { return wired() }})
		v.mapErrors(args.Validate(config.DomainComponentName(d.Name)), k(base), func(f arg.Path) string {
			switch f.Head {
			case "DomainName", "name":
				return k(base + ".name")
			case "AuthMode":
				return k(base + ".authMode")
			case "SharingS3OutputPath":
				return k(base + ".sharingS3OutputPath")
			case "SharingKmsKeyArn":
				return k(base + ".sharingKmsKeyArn")
			case "SubnetIds":
				return k(config.SpokeKey(slices.IndexFunc(c.Spokes, func(s config.Spoke) bool { return s.Name == d.Spoke }), spoke) + ".azCount")
			case "Users":
				if uk, ok := userKeyOf[f.Key]; ok {
					switch f.Rest {
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

	if args := budgetArgs(c, nil); args != nil {
		// BudgetName: the default the component resolves in a deployment of this project and stack.
		args.BudgetName = finops.DefaultBudgetName(config.Project, c.Stack, config.BudgetName)
		v.mapErrors(args.Validate(config.BudgetName), k("budget"), func(f arg.Path) string {
			switch f.Head {
			case "MonthlyLimitUsd":
				return k("budget.monthlyLimitUsd")
			case "Emails":
				return k("budget.emails" + f.Index())
			case "ThresholdsPercent":
				return k("budget.thresholdsPercent" + f.Index())
			case "CostCenter":
				return k("tags.costCenter")
			}
			return ""
		})
	}

	// The runtime controls, per account as Build makes them, and the organization guardrails.
	settings := func(base string, err error, elsewhere map[string]string) {
		v.mapErrors(err, k(base), func(f arg.Path) string {
			if key, ok := elsewhere[f.Head]; ok {
				return key
			}
			return k(config.SettingsKey(base, f.Head+f.Index()+dotted(f.Rest)))
		})
	}
	extra := len(c.Runtime.DnsFirewall.ExtraAllowedDomains)
	for _, acct := range c.RuntimeAccounts() {
		if args := blockPublicAccessArgs(c, acct); args != nil {
			settings("runtime.blockPublicAccess", args.Validate(RuntimeName(c, "block-public-access", acct)), nil)
		}
		vpcs := accountVpcs(c, acct, func(string) pulumi.StringInput { return wired() })
		if args := dnsFirewallArgs(c, vpcs, wired()); args != nil {
			errs, other := arg.Errors(args.Validate(RuntimeName(c, "dns-firewall", acct)))
			for _, e := range errs {
				f := arg.ParsePath(e.Field)
				key := k(config.SettingsKey("runtime.dnsFirewall", e.Field))
				switch f.Head {
				case "Region":
					key = "aws:region"
				case "Endpoints":
					key = k("hub.endpoints" + f.Index())
				case "ExtraAllowedDomains":
					// The configured domains first, then the corporate forwarded domains (and their
					// subdomains) the program adds.
					if n, err := strconv.Atoi(f.Key); err == nil && n >= extra {
						key = k("corporate.dns.forwardDomains")
					}
				}
				v.add(key, e.Value, fmt.Sprintf("%s (%s %q: %s)", e.Allowed, e.Component, e.Name, e.Field))
			}
			for _, e := range other {
				v.add(k("runtime.dnsFirewall"), nil, e.Error())
			}
		}
		if args := detectiveArgs(c, wired()); args != nil {
			settings("runtime.configRules", args.Validate(RuntimeName(c, "detective", acct)),
				map[string]string{"Region": "aws:region", "RuleNamePrefix": k("runtime.configRules")})
		}
	}
	og := organizationGuardrailsArgs(c)
	explicitTargets := len(c.Runtime.OrganizationGuardrails.TargetIds) > 0
	v.mapErrors(og.Validate("organization-guardrails"), k("runtime.organizationGuardrails"), func(f arg.Path) string {
		switch f.Head {
		case "ExemptPrincipalArns":
			return k("guards.scpExemptPrincipalArns" + f.Index())
		case "TargetIds":
			if !explicitTargets {
				return k("accounts") // the default targets: the workload accounts
			}
			return k("runtime.organizationGuardrails.targetIds" + f.Index())
		}
		return ""
	})
	return v.err()
}

// mapErrors records every problem in err under the configuration key keyOf gives its field
// (fallback when keyOf has none). The component's message says what is allowed.
func (v *collector) mapErrors(err error, fallback string, keyOf func(arg.Path) string) {
	args, other := arg.Errors(err)
	for _, e := range args {
		key := keyOf(arg.ParsePath(e.Field))
		if key == "" {
			key = fallback
		}
		v.add(key, e.Value, fmt.Sprintf("%s (%s %q: %s)", e.Allowed, e.Component, e.Name, e.Field))
	}
	for _, e := range other {
		v.add(fallback, nil, e.Error())
	}
}

// k is the fully qualified configuration key of a project key.
func k(key string) string { return config.Key(key) }

// collector gathers *config.Error values, one per key (its first), as config's own validation
// does, so that each bad input is reported once.
type collector struct {
	errs []error
	keys map[string]bool
}

func (v *collector) add(key string, value any, allowed string) {
	if v.keys == nil {
		v.keys = map[string]bool{}
	}
	if v.keys[key] {
		return
	}
	v.keys[key] = true
	v.errs = append(v.errs, &config.Error{Key: key, Value: value, Allowed: allowed})
}

func (v *collector) err() error { return errors.Join(v.errs...) }

// dotted is "."+rest, or "" without a rest.
func dotted(rest string) string {
	if rest == "" {
		return ""
	}
	return "." + rest
}
