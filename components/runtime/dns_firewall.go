package runtime

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// DnsFirewallType is the type token of the DnsFirewall component (public API).
const DnsFirewallType = "vpconly:runtime:DnsFirewall"

// DNS Firewall settings. Source: Route 53 Developer Guide, "Route 53 Resolver DNS Firewall"
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall.html) and the
// pulumi-aws v6.83.2 route53.ResolverFirewall* argument docs.
const (
	// DnsFirewallAllowPriority and DnsFirewallBlockPriority order the two rules of the rule
	// group: "DNS Firewall processes the rules in a rule group by order of priority, starting
	// from the lowest setting", so the allow-list is evaluated first and everything else falls
	// through to the block-all rule.
	DnsFirewallAllowPriority = 100
	DnsFirewallBlockPriority = 200
	// DnsFirewallAssociationPriority is the rule group's priority among the groups associated
	// with a VPC (AWS allows 100-9900; AWS Firewall Manager uses the ends of the range).
	DnsFirewallAssociationPriority = 1000
	// DnsFirewallBlockResponse answers blocked queries as if the name did not exist.
	DnsFirewallBlockResponse = "NXDOMAIN"
	// DnsFirewallFailOpen is the fail mode: DISABLED means fail closed, "DNS Firewall blocks
	// queries that it is unable to evaluate properly" (ResolverFirewallConfig.firewallFailOpen).
	DnsFirewallFailOpen = "DISABLED"
	// DnsFirewallBlockAllDomain is the domain-list entry that matches every name.
	DnsFirewallBlockAllDomain = "*"
	// DefaultQueryLogRetentionDays is the query-log retention when none is given.
	DefaultQueryLogRetentionDays = 365
	// DnsFirewallMaxDomainLength is the longest domain name DNS accepts.
	DnsFirewallMaxDomainLength = 255
)

// DnsFirewallDomainPattern is what an extra allowed domain must match: a lower-case DNS name of at
// least two labels, optionally "*." in front (DNS Firewall's wildcard, which matches the
// subdomains). Two labels at least, so that "*.com" cannot open a whole top-level domain.
const DnsFirewallDomainPattern = `^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$`

var dnsFirewallDomainRe = regexp.MustCompile(DnsFirewallDomainPattern)

// validDnsFirewallDomain reports whether d may be added to the allow-list.
func validDnsFirewallDomain(d string) bool {
	return len(d) <= DnsFirewallMaxDomainLength && dnsFirewallDomainRe.MatchString(d)
}

// validRetentionDays reports whether days is a CloudWatch Logs retention.
func validRetentionDays(days int) bool { return slices.Contains(core.RetentionDays, days) }

// DnsFirewallServiceDomains are the AWS names outside the endpoint catalog that SageMaker in the
// landing zone resolves, in region:
//   - S3 through the spoke's gateway endpoint, which serves the public regional S3 names: the
//     regional endpoint and its virtual-hosted bucket names (s3.<region>.<suffix>, *.s3.<region>.<suffix>;
//     this covers the SageMaker default bucket, JumpStart and the ECR layer buckets), and in
//     us-east-1 also the legacy global names (s3.amazonaws.com, *.s3.amazonaws.com), which
//     resolve to us-east-1 S3;
//   - Studio's home EFS, which SageMaker mounts by its mount-target name (*.efs.<region>.<suffix>);
//   - the VPC's own private host names (ip-10-1-0-5.<region>.compute.internal, ec2.internal in
//     us-east-1), which the resolver answers from the VPC and which tools resolve for the local host.
func DnsFirewallServiceDomains(region string) []string {
	_, suffix := core.PartitionOf(region)
	out := []string{
		"s3." + region + "." + suffix, "*.s3." + region + "." + suffix,
		"*.efs." + region + "." + suffix,
		region + ".compute.internal", "*." + region + ".compute.internal",
	}
	if region == "us-east-1" {
		out = append(out, "s3."+suffix, "*.s3."+suffix, "ec2.internal", "*.ec2.internal")
	}
	return out
}

// DnsFirewallEndpointDomains are the names of the endpoints' private hosted zones and records, in
// region, for the given catalog keys: each endpoint's zone name and its record name (the apex, or
// "*.<zone>" for a wildcard service). Unknown keys are ignored (EndpointHub rejects them).
func DnsFirewallEndpointDomains(region string, endpointKeys []string) []string {
	var out []string
	for _, k := range endpointKeys {
		e, ok := network.LookupEndpoint(k)
		if !ok {
			continue
		}
		out = append(out, e.ZoneName(region), e.RecordName(region))
	}
	return out
}

// DnsFirewallAllowedDomains is the allow-list: the endpoints' names (DnsFirewallEndpointDomains),
// the AWS names SageMaker needs (DnsFirewallServiceDomains) and the extra domains, deduplicated
// and sorted.
func DnsFirewallAllowedDomains(region string, endpointKeys, extra []string) []string {
	all := append(DnsFirewallEndpointDomains(region, endpointKeys), DnsFirewallServiceDomains(region)...)
	all = append(all, extra...)
	out := core.Dedupe(all)
	sort.Strings(out)
	return out
}

// DnsFirewallArgs configure a DnsFirewall.
type DnsFirewallArgs struct {
	// Region is the landing zone's region: it renders the allowed names. Required.
	Region string `pulumi:"region,optional"`
	// Endpoints are the endpoint catalog keys the hub builds: their private DNS names are
	// allowed. Default RequiredEndpointKeys().
	Endpoints []string `pulumi:"endpoints,optional"`
	// VpcIds are the VPCs to protect (the hub and every spoke), by stable key ("hub",
	// "spoke-research"): each gets the rule group, fail-closed mode and query logging. Required,
	// at least one; keys are [a-z0-9-].
	VpcIds map[string]pulumi.StringInput `pulumi:"vpcIds,optional"`
	// ExtraAllowedDomains are further names to allow (corporate domains, package mirrors), each
	// matching DnsFirewallDomainPattern. Default none.
	ExtraAllowedDomains []string `pulumi:"extraAllowedDomains,optional"`
	// QueryLogRetentionDays is the query-log group's retention, one of CloudWatchRetentionDays.
	// Default DefaultQueryLogRetentionDays (365).
	QueryLogRetentionDays int `pulumi:"queryLogRetentionDays,optional"`
	// AccountId scopes the query-log key policy. Default: the provider's caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// Protect protects every child (pulumi protect) and turns on the associations' mutation
	// protection: deleting any of them weakens the firewall. It also retains the query-log group
	// and its KMS key on delete (RetainOnDelete), like the spokes' flow logs, so that a destroy
	// never loses the logs or the key that decrypts them. Default false; prod sets it.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every taggable child. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// DnsFirewall is a Route 53 Resolver DNS Firewall allow-list with a block-all fallback,
// associated with every VPC of the landing zone in fail-closed mode, and Resolver query logging
// to a KMS-encrypted log group.
type DnsFirewall struct {
	pulumi.ResourceState

	// RuleGroupId is the DNS Firewall rule group.
	RuleGroupId pulumi.StringOutput `pulumi:"ruleGroupId"`
	// AllowedDomainListId is the allow-list's domain list.
	AllowedDomainListId pulumi.StringOutput `pulumi:"allowedDomainListId"`
	// AllowedDomains are the names the firewall allows; every other name is blocked.
	AllowedDomains pulumi.StringArrayOutput `pulumi:"allowedDomains"`
	// QueryLogGroupName is the Resolver query-log group.
	QueryLogGroupName pulumi.StringOutput `pulumi:"queryLogGroupName"`
	// QueryLogGroupArn is the Resolver query-log group ARN.
	QueryLogGroupArn pulumi.StringOutput `pulumi:"queryLogGroupArn"`
	// QueryLogKmsKeyArn is the KMS key encrypting the query logs.
	QueryLogKmsKeyArn pulumi.StringOutput `pulumi:"queryLogKmsKeyArn"`

	// Domains is the allow-list as a plain value (for cost and plans).
	Domains []string
}

var dnsFirewallKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Validate checks the arguments of the DnsFirewall name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewDnsFirewall calls it first.
func (args *DnsFirewallArgs) Validate(name string) error {
	p := core.NewProblems("DnsFirewall", name)
	if args == nil {
		p.Missing("args", "a *DnsFirewallArgs with Region and VpcIds")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name, e.g. us-east-1")
	}
	for i, k := range args.Endpoints {
		if _, ok := network.LookupEndpoint(k); !ok {
			p.Bad(fmt.Sprintf("Endpoints[%d]", i), k, "an endpoint catalog key: "+strings.Join(network.CatalogKeys(), ", "))
		}
	}
	if len(args.VpcIds) == 0 {
		p.Missing("VpcIds", "at least one VPC id by stable key")
	}
	for _, k := range core.SortedKeys(args.VpcIds) {
		if !dnsFirewallKeyRe.MatchString(k) {
			p.Bad("VpcIds key", k, "1-63 characters of a-z, 0-9 and '-'")
		}
		if core.UnsetInput(args.VpcIds[k]) {
			p.Missing(fmt.Sprintf("VpcIds[%q]", k), "a VPC id")
		}
	}
	seen := map[string]int{}
	for i, d := range args.ExtraAllowedDomains {
		field := fmt.Sprintf("ExtraAllowedDomains[%d]", i)
		if !validDnsFirewallDomain(d) {
			p.Bad(field, d, "a lower-case domain name of at least two labels, optionally starting with \"*.\" (e.g. corp.example.com, *.corp.example.com)")
			continue
		}
		if j, dup := seen[d]; dup {
			p.Bad(field, d, fmt.Sprintf("each domain once (ExtraAllowedDomains[%d] has it)", j))
		}
		seen[d] = i
	}
	if r := args.QueryLogRetentionDays; r != 0 && !validRetentionDays(r) {
		p.Bad("QueryLogRetentionDays", r, fmt.Sprintf("a CloudWatch Logs retention: %v", core.RetentionDays))
	}
	return p.Err()
}

// NewDnsFirewall validates args and registers (children named after name and a stable key):
//   - aws:route53/resolverFirewallDomainList "<name>-allowed" (DnsFirewallAllowedDomains) and
//     "<name>-everything" ("*");
//   - aws:route53/resolverFirewallRuleGroup "<name>-rules" with aws:route53/resolverFirewallRule
//     "<name>-allow" (ALLOW the allow-list, priority 100, TRUST_REDIRECTION_DOMAIN so that the
//     CNAME chains of allowed AWS names, e.g. S3's, are not re-inspected) and "<name>-block-all"
//     (BLOCK "*" with NXDOMAIN, priority 200);
//   - per VPC key: aws:route53/resolverFirewallRuleGroupAssociation "<name>-<key>",
//     aws:route53/resolverFirewallConfig "<name>-<key>-config" (firewallFailOpen DISABLED) and
//     aws:route53/resolverQueryLogConfigAssociation "<name>-<key>-query-log";
//   - aws:kms/key "<name>-query-logs-key" (rotation on; CloudWatch Logs may use it only for the
//     query-log group), aws:cloudwatch/logGroup "<name>-query-logs" and
//     aws:route53/resolverQueryLogConfig "<name>-query-log-config". Resolver adds the log group's
//     resource policy for its delivery when the deploying principal may call
//     logs:PutResourcePolicy (Route 53 Developer Guide, "Resolver query logging").
func NewDnsFirewall(ctx *pulumi.Context, name string, args *DnsFirewallArgs, opts ...pulumi.ResourceOption) (*DnsFirewall, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	retention := DefaultQueryLogRetentionDays
	if args.QueryLogRetentionDays != 0 {
		retention = args.QueryLogRetentionDays
	}
	endpoints := args.Endpoints
	if len(endpoints) == 0 {
		endpoints = network.RequiredEndpointKeys()
	}
	domains := DnsFirewallAllowedDomains(args.Region, endpoints, args.ExtraAllowedDomains)

	c := &DnsFirewall{Domains: domains}
	if err := ctx.RegisterComponentResource(DnsFirewallType, name, c, opts...); err != nil {
		return nil, err
	}
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c)}
	if args.Protect {
		childOpts = append(childOpts, pulumi.Protect(true))
	}
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }
	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Parent(c)).AccountId()
	}

	allowed, err := route53.NewResolverFirewallDomainList(ctx, name+"-allowed", &route53.ResolverFirewallDomainListArgs{
		Name:    pulumi.String(name + "-allowed"),
		Domains: pulumi.ToStringArray(domains),
		Tags:    tags(name + "-allowed"),
	}, childOpts...)
	if err != nil {
		return nil, err
	}
	everything, err := route53.NewResolverFirewallDomainList(ctx, name+"-everything", &route53.ResolverFirewallDomainListArgs{
		Name:    pulumi.String(name + "-everything"),
		Domains: pulumi.ToStringArray([]string{DnsFirewallBlockAllDomain}),
		Tags:    tags(name + "-everything"),
	}, childOpts...)
	if err != nil {
		return nil, err
	}
	group, err := route53.NewResolverFirewallRuleGroup(ctx, name+"-rules", &route53.ResolverFirewallRuleGroupArgs{
		Name: pulumi.String(name + "-rules"),
		Tags: tags(name + "-rules"),
	}, childOpts...)
	if err != nil {
		return nil, err
	}
	if _, err := route53.NewResolverFirewallRule(ctx, name+"-allow", &route53.ResolverFirewallRuleArgs{
		Name:                            pulumi.String(name + "-allow"),
		Action:                          pulumi.String("ALLOW"),
		FirewallDomainListId:            allowed.ID(),
		FirewallRuleGroupId:             group.ID(),
		Priority:                        pulumi.Int(DnsFirewallAllowPriority),
		FirewallDomainRedirectionAction: pulumi.String("TRUST_REDIRECTION_DOMAIN"),
	}, childOpts...); err != nil {
		return nil, err
	}
	if _, err := route53.NewResolverFirewallRule(ctx, name+"-block-all", &route53.ResolverFirewallRuleArgs{
		Name:                 pulumi.String(name + "-block-all"),
		Action:               pulumi.String("BLOCK"),
		BlockResponse:        pulumi.String(DnsFirewallBlockResponse),
		FirewallDomainListId: everything.ID(),
		FirewallRuleGroupId:  group.ID(),
		Priority:             pulumi.Int(DnsFirewallBlockPriority),
	}, childOpts...); err != nil {
		return nil, err
	}

	// The query logs and their key outlive a protected firewall (RetainOnDelete).
	logOpts := append(slices.Clone(childOpts), pulumi.RetainOnDelete(args.Protect))
	logGroup, key, err := core.NewEncryptedLogGroup(ctx, name+"-query-logs", core.EncryptedLogGroup{
		Kind: core.LogKindResolverQueryLogs, Component: name, Region: args.Region, Account: account.ToStringOutput(),
		RetentionDays: retention, KeyDescription: "Encrypts the Route 53 Resolver query logs of " + name, Tags: tags,
	}, logOpts...)
	if err != nil {
		return nil, err
	}
	logConfig, err := route53.NewResolverQueryLogConfig(ctx, name+"-query-log-config", &route53.ResolverQueryLogConfigArgs{
		Name:           pulumi.String(name + "-query-logs"),
		DestinationArn: logGroup.Arn,
		Tags:           tags(name + "-query-log-config"),
	}, childOpts...)
	if err != nil {
		return nil, err
	}

	mutation := "DISABLED"
	if args.Protect {
		mutation = "ENABLED"
	}
	for _, k := range core.SortedKeys(args.VpcIds) {
		vpc := args.VpcIds[k]
		if _, err := route53.NewResolverFirewallRuleGroupAssociation(ctx, name+"-"+k, &route53.ResolverFirewallRuleGroupAssociationArgs{
			Name:                pulumi.String(name + "-" + k),
			FirewallRuleGroupId: group.ID(),
			VpcId:               vpc,
			Priority:            pulumi.Int(DnsFirewallAssociationPriority),
			MutationProtection:  pulumi.String(mutation),
			Tags:                tags(name + "-" + k),
		}, childOpts...); err != nil {
			return nil, err
		}
		if _, err := route53.NewResolverFirewallConfig(ctx, name+"-"+k+"-config", &route53.ResolverFirewallConfigArgs{
			ResourceId:       vpc,
			FirewallFailOpen: pulumi.String(DnsFirewallFailOpen),
		}, childOpts...); err != nil {
			return nil, err
		}
		if _, err := route53.NewResolverQueryLogConfigAssociation(ctx, name+"-"+k+"-query-log", &route53.ResolverQueryLogConfigAssociationArgs{
			ResolverQueryLogConfigId: logConfig.ID(),
			ResourceId:               vpc,
		}, childOpts...); err != nil {
			return nil, err
		}
	}

	c.RuleGroupId = group.ID().ToStringOutput()
	c.AllowedDomainListId = allowed.ID().ToStringOutput()
	c.AllowedDomains = pulumi.ToStringArray(domains).ToStringArrayOutput()
	c.QueryLogGroupName = logGroup.Name
	c.QueryLogGroupArn = logGroup.Arn
	c.QueryLogKmsKeyArn = key.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"ruleGroupId":         c.RuleGroupId,
		"allowedDomainListId": c.AllowedDomainListId,
		"allowedDomains":      c.AllowedDomains,
		"queryLogGroupName":   c.QueryLogGroupName,
		"queryLogGroupArn":    c.QueryLogGroupArn,
		"queryLogKmsKeyArn":   c.QueryLogKmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
