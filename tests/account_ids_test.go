package tests

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// Under the recording mock, what an explicit provider pinned to one account makes (its caller
// identity, its resources' ARNs) is in that account (recorder.ProviderAccount): a resource's
// recorded Account is the account it is created in. An account id in a resource's inputs that is
// not that account is a cross-account reference, and only a few are by design.

// crossAccountRule admits a foreign account id in one input of one resource type.
type crossAccountRule struct {
	typ, input string
	why        string
	// admits reports whether id may appear there, for a resource in account owner.
	admits func(ids accountIDs, owner, id string) bool
	// services, when set, are the only services whose ARNs may name id in the input: a policy
	// that names the hub's CodeArtifact domain may not name a bucket or key of the hub's too.
	services []string
}

// arnServicesOnly reports whether every ARN in s that names account id is of one of services.
func arnServicesOnly(s, id string, services []string) bool {
	for _, m := range arnAccountRe.FindAllStringSubmatch(s, -1) {
		if m[2] == id && !slices.Contains(services, m[1]) {
			return false
		}
	}
	return !strings.Contains(arnAccountRe.ReplaceAllString(s, ""), id) // and nowhere outside an ARN
}

// arnAccountRe captures an ARN's service and account fields.
var arnAccountRe = regexp.MustCompile(`arn:[a-z-]+:([a-z0-9-]+):[a-z0-9-]*:([0-9]{12}):[^"\s,]*`)

// accountIDs are the account ids of a stack's configuration.
type accountIDs struct {
	hub        string   // the hub's account
	configured []string // every accounts entry's id
}

func (a accountIDs) isConfigured(id string) bool { return slices.Contains(a.configured, id) }

// crossAccountRules are the only places an account id other than the resource's own account may
// appear in a multi-account recording.
var crossAccountRules = []crossAccountRule{
	{"aws:ec2/vpcEndpoint:VpcEndpoint", "policy", "the hub's endpoint policies admit every configured account's principals (aws:PrincipalAccount)",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:ram/principalAssociation:PrincipalAssociation", "principal", "the hub's RAM shares (Transit Gateway, Route 53 Profile) name the workload accounts they share with",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:ram/resourceShareAccepter:ResourceShareAccepter", "shareArn", "a workload account accepts the hub account's share",
		func(a accountIDs, _, id string) bool { return id == a.hub }, nil},
	{"aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peerOwnerId", "a spoke requests its peering with the hub's account",
		func(a accountIDs, _, id string) bool { return id == a.hub }, nil},
	{"aws:organizations/policyAttachment:PolicyAttachment", "targetId", "an SCP is attached to the organization's member accounts",
		func(a accountIDs, _, id string) bool { return a.isConfigured(id) }, nil},
	{"aws:organizations/policy:Policy", "content", "an SCP exempts each configured account's deploy role (guards.scpExemptPrincipalArns)",
		func(a accountIDs, _, id string) bool { return a.isConfigured(id) }, []string{"iam"}},
	// The supply path (docs/multi-account.md, supply across accounts): the hub account's resource
	// policies admit the workload accounts; the workload accounts' supply policies, image roles
	// and image versions name the hub account's domain, repositories and images.
	{"aws:codeartifact/domainPermissions:DomainPermissions", "policyDocument", "the hub's CodeArtifact domain admits the workload accounts",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy", "policyDocument", "the hub's repositories admit the workload accounts",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:ecr/repositoryPolicy:RepositoryPolicy", "policy", "the hub's team repositories admit the workload accounts' pulls",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", "repositoryPolicy", "the cached repositories admit the workload accounts' pulls",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:ecr/registryPolicy:RegistryPolicy", "policy", "the hub's registry lets the workload accounts fill the pull-through cache",
		func(a accountIDs, owner, id string) bool { return owner == a.hub && a.isConfigured(id) }, nil},
	{"aws:iam/policy:Policy", "policy", "a workload account's supply policy names the hub's domain and repositories",
		func(a accountIDs, owner, id string) bool { return owner != a.hub && id == a.hub }, []string{"codeartifact", "ecr"}},
	{"aws:iam/rolePolicy:RolePolicy", "policy", "a workload account's image role pulls the hub's repository",
		func(a accountIDs, owner, id string) bool { return owner != a.hub && id == a.hub }, []string{"ecr"}},
	{"aws:sagemaker/imageVersion:ImageVersion", "baseImage", "a workload account's image version is the hub's repository's image",
		func(a accountIDs, owner, id string) bool { return owner != a.hub && id == a.hub }, nil},
}

// accountIDPattern finds account ids that need not be configured: an ARN's account field, or a
// string (or a JSON string inside one, as in a policy document) that is 12 digits.
var accountIDPattern = regexp.MustCompile(`arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}):|^([0-9]{12})$|"([0-9]{12})"`)

// idsIn are the account ids in s: the known ones anywhere (a bucket name ending in one), and any
// accountIDPattern finds.
func idsIn(s string, known map[string]bool) []string {
	var out []string
	for id := range known {
		if strings.Contains(s, id) {
			out = append(out, id)
		}
	}
	for _, m := range accountIDPattern.FindAllStringSubmatch(s, -1) {
		for _, id := range m[1:] {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// foreignAccountIDs lists every account id in a custom AWS resource's inputs that is not the
// account the resource is created in (its provider's) and no crossAccountRules entry admits. The
// ids looked for are every configured account's and every provider's anywhere, and any other in
// an ARN or a policy's values (accountIDPattern).
func foreignAccountIDs(rec *recorder.Recording, cfg *config.Config) []string {
	ids := accountIDs{hub: recorder.FakeAccountID}
	known := map[string]bool{recorder.FakeAccountID: true}
	for _, a := range cfg.Accounts {
		ids.configured = append(ids.configured, a.ID)
		known[a.ID] = true
		if a.Name == cfg.HubAccount() {
			ids.hub = a.ID
		}
	}
	for _, p := range rec.ByType("pulumi:providers:aws") {
		known[p.Account] = true
	}
	if cfg.HubAccount() == "" {
		ids.hub = deployingID(cfg)
	}
	var out []string
	for _, r := range rec.Resources {
		if !r.Custom || r.Account == "" || strings.HasPrefix(r.Type, "pulumi:") {
			continue
		}
		for k, v := range r.Inputs {
			walkStrings(v, func(s string) {
				for _, id := range idsIn(s, known) {
					if id == r.Account {
						continue
					}
					ok := slices.ContainsFunc(crossAccountRules, func(c crossAccountRule) bool {
						return c.typ == r.Type && c.input == string(k) && c.admits(ids, r.Account, id) &&
							(len(c.services) == 0 || arnServicesOnly(s, id, c.services))
					})
					if !ok {
						out = append(out, fmt.Sprintf("%s %s (account %s) names account %s in %s", r.Type, r.Name, r.Account, id, k))
					}
				}
			})
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// walkStrings calls f with every string in v (objects, arrays, secrets and outputs looked through).
func walkStrings(v resource.PropertyValue, f func(string)) {
	switch {
	case v.IsSecret():
		walkStrings(v.SecretValue().Element, f)
	case v.IsOutput():
		walkStrings(v.OutputValue().Element, f)
	case v.IsString():
		f(v.StringValue())
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			walkStrings(e, f)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			walkStrings(e, f)
		}
	}
}

// runVariant runs a fixture with the given keys (without the project prefix) replaced by JSON.
func runVariant(t *testing.T, stack string, replace map[string]string) (*recorder.Recording, *config.Config) {
	t.Helper()
	values := maps.Clone(stackConfig(t, stack))
	for k, v := range replace {
		values[config.Project+":"+k] = v
	}
	cfg, err := landingzone.LoadConfig(stack, getter(values))
	require.NoError(t, err)
	rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: stack, Config: values}, landingzone.Run)
	require.NoError(t, err)
	return rec, cfg
}

// noDeployingEntry is Pulumi.multi.yaml deployed from a CI account that is no workload account:
// no entry for the deploying account, the analytics spoke (and its domain) in the network account.
var noDeployingEntry = map[string]string{
	"accounts": `[{"name":"network","id":"333333333333","roleArn":"arn:aws:iam::333333333333:role/landing-zone-deploy"},` +
		`{"name":"research","id":"222222222222","roleArn":"arn:aws:iam::222222222222:role/landing-zone-deploy"}]`,
	"spokes": `[{"name":"research","cidr":"10.1.0.0/20","account":"research","s3Buckets":["example-ml-research-multi-data"]},` +
		`{"name":"analytics","cidr":"10.2.0.0/20","account":"network"}]`,
}

// TestMultiAccountResourcesNameOnlyTheirAccount: in every multi-account recording, each account
// id in a resource's inputs (policies, ARNs, bucket names, principals) is the id of the account
// whose provider creates the resource, or one crossAccountRules admits (the hub's endpoint
// policies' admitted accounts, the RAM shares' principals and their acceptance, the peering's
// owner, the organization's SCP targets). A policy in the research account naming the deploying
// account, or the hub admitting an account nobody configured, fails here.
func TestMultiAccountResourcesNameOnlyTheirAccount(t *testing.T) {
	t.Parallel()
	cases := []struct {
		stack   string
		replace map[string]string
	}{
		{"multi", nil},
		{"peering", nil},
		{"multi-profile", nil},
		{"multi", noDeployingEntry},
		{"multi", map[string]string{"runtime": `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true}}`}},
		{"multi", map[string]string{"budget": `{"monthlyLimitUsd":2500,"emails":["finops@example.com"],"thresholdsPercent":[50,80,100]}`,
			"guards": `{"createServiceControlPolicy":true}`}},
	}
	for i, tc := range cases {
		t.Run(fmt.Sprintf("%s-%d", tc.stack, i), func(t *testing.T) {
			t.Parallel()
			var rec *recorder.Recording
			var cfg *config.Config
			if tc.replace == nil {
				rec, cfg = runStack(t, tc.stack)
			} else {
				rec, cfg = runVariant(t, tc.stack, tc.replace)
			}
			// The recording is multi-account: resources in at least three accounts.
			accts := map[string]bool{}
			for _, r := range rec.Resources {
				if r.Account != "" {
					accts[r.Account] = true
				}
			}
			require.GreaterOrEqual(t, len(accts), 2, "resources in several accounts")
			assert.Empty(t, foreignAccountIDs(rec, cfg))
		})
	}
}

// TestForeignAccountIDsAdmitsOnlyTheRules: the checker of TestMultiAccountResourcesNameOnlyTheirAccount
// flags an account id in another account's resource unless a rule admits it there, and each
// rule admits only its own case (accounts as in Pulumi.multi.yaml: the hub in the network
// account).
func TestForeignAccountIDsAdmitsOnlyTheRules(t *testing.T) {
	t.Parallel()
	cfg := &config.Config{Accounts: []config.Account{{Name: "platform", ID: multiDeploying},
		{Name: "network", ID: multiNetwork, RoleArn: "arn:aws:iam::" + multiNetwork + ":role/deploy"},
		{Name: "research", ID: multiResearch, RoleArn: "arn:aws:iam::" + multiResearch + ":role/deploy"}}}
	cfg.Hub.Account = "network"
	const stranger = "444444444444"
	policy := func(ids ...string) string {
		return `{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalAccount":["` + strings.Join(ids, `","`) + `"]}}}]}`
	}
	cases := []struct {
		name, typ, account, input, value string
		flagged                          bool
	}{
		{"own account in a key policy", "aws:kms/key:Key", multiResearch, "policy", `{"Principal":{"AWS":"arn:aws:iam::` + multiResearch + `:root"}}`, false},
		{"another account in a key policy", "aws:kms/key:Key", multiResearch, "policy", `{"Principal":{"AWS":"arn:aws:iam::` + multiDeploying + `:root"}}`, true},
		{"another account in a bucket name", "aws:ec2/vpcEndpoint:VpcEndpoint", multiResearch, "policy", `arn:aws:s3:::sagemaker-us-east-1-` + multiDeploying + `/*`, true},
		{"an unconfigured account in an ARN", "aws:iam/policy:Policy", multiResearch, "policy", `arn:aws:iam::` + stranger + `:role/x`, true},
		{"hub endpoint admits the configured accounts", "aws:ec2/vpcEndpoint:VpcEndpoint", multiNetwork, "policy", policy(multiDeploying, multiResearch, multiNetwork), false},
		{"hub endpoint admits an unconfigured account", "aws:ec2/vpcEndpoint:VpcEndpoint", multiNetwork, "policy", policy(multiNetwork, stranger), true},
		{"spoke endpoint admits the hub's account", "aws:ec2/vpcEndpoint:VpcEndpoint", multiResearch, "policy", policy(multiNetwork), true},
		{"hub shares with a workload account", "aws:ram/principalAssociation:PrincipalAssociation", multiNetwork, "principal", multiResearch, false},
		{"hub shares with an unconfigured account", "aws:ram/principalAssociation:PrincipalAssociation", multiNetwork, "principal", stranger, true},
		{"a workload account shares", "aws:ram/principalAssociation:PrincipalAssociation", multiResearch, "principal", multiDeploying, true},
		{"accept the hub's share", "aws:ram/resourceShareAccepter:ResourceShareAccepter", multiResearch, "shareArn", "arn:aws:ram:us-east-1:" + multiNetwork + ":resource-share/x", false},
		{"accept another account's share", "aws:ram/resourceShareAccepter:ResourceShareAccepter", multiResearch, "shareArn", "arn:aws:ram:us-east-1:" + multiDeploying + ":resource-share/x", true},
		{"peer with the hub's account", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", multiResearch, "peerOwnerId", multiNetwork, false},
		{"peer with another account", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", multiResearch, "peerOwnerId", multiDeploying, true},
		{"SCP on a member account", "aws:organizations/policyAttachment:PolicyAttachment", multiNetwork, "targetId", multiResearch, false},
		{"SCP on an unconfigured account", "aws:organizations/policyAttachment:PolicyAttachment", multiNetwork, "targetId", stranger, true},
		{"SCP exempts a member account's deploy role", "aws:organizations/policy:Policy", multiDeploying, "content",
			`{"Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::` + multiResearch + `:role/landing-zone-deploy"]}}}`, false},
		{"SCP names a member account's bucket", "aws:organizations/policy:Policy", multiDeploying, "content",
			`{"Resource":"arn:aws:kms:us-east-1:` + multiResearch + `:key/k"}`, true},
		{"a rule's account in another input", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", multiResearch, "tags", multiNetwork, true},
		{"a workload policy names the hub's CodeArtifact domain", "aws:iam/policy:Policy", multiResearch, "policy",
			`{"Resource":["arn:aws:codeartifact:us-east-1:` + multiNetwork + `:domain/d","arn:aws:ecr:us-east-1:` + multiNetwork + `:repository/r"]}`, false},
		{"a workload policy names a bucket of the hub's account too", "aws:iam/policy:Policy", multiResearch, "policy",
			`{"Resource":["arn:aws:codeartifact:us-east-1:` + multiNetwork + `:domain/d","arn:aws:kms:us-east-1:` + multiNetwork + `:key/k"]}`, true},
		{"a workload policy names the hub's account outside an ARN", "aws:iam/policy:Policy", multiResearch, "policy",
			`{"Condition":{"StringEquals":{"aws:ResourceAccount":"` + multiNetwork + `"}}}`, true},
		{"an image role pulls the hub's repository", "aws:iam/rolePolicy:RolePolicy", multiResearch, "policy",
			`{"Resource":"arn:aws:ecr:us-east-1:` + multiNetwork + `:repository/r"}`, false},
		{"an image role reads the hub's CodeArtifact", "aws:iam/rolePolicy:RolePolicy", multiResearch, "policy",
			`{"Resource":"arn:aws:codeartifact:us-east-1:` + multiNetwork + `:domain/d"}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder.Recording{Resources: []recorder.Resource{{Type: tc.typ, Name: "r", Custom: true, Account: tc.account,
				Inputs: resource.PropertyMap{resource.PropertyKey(tc.input): resource.MakeSecret(resource.NewStringProperty(tc.value))}}}}
			got := foreignAccountIDs(rec, cfg)
			if tc.flagged {
				assert.NotEmpty(t, got)
			} else {
				assert.Empty(t, got)
			}
		})
	}
}

// TestMultiAccountHubAdmitsItsOwnAccountNotTheDeployers: the hub's endpoint policies admit the
// configured accounts and the hub's own, not the deploying account's caller identity: deployed
// from an account without an entry (a CI account), that account is not admitted; with an entry,
// it is (as every configured account).
func TestMultiAccountHubAdmitsItsOwnAccountNotTheDeployers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		replace map[string]string
		want    []string
	}{
		{"no deploying entry", noDeployingEntry, []string{multiResearch, multiNetwork}},
		{"deploying entry", map[string]string{}, []string{multiDeploying, multiResearch, multiNetwork}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, _ := runVariant(t, "multi", tc.replace)
			ep := mustFind(t, rec, "aws:ec2/vpcEndpoint:VpcEndpoint", "hub-sagemaker.api")
			require.Equal(t, multiNetwork, ep.Account, "the hub is the network account's")
			var doc struct {
				Statement []struct {
					Condition map[string]map[string][]string
				}
			}
			require.NoError(t, json.Unmarshal([]byte(str(ep.Input("policy"))), &doc))
			require.Len(t, doc.Statement, 1)
			assert.Equal(t, tc.want, doc.Statement[0].Condition["StringEquals"]["aws:PrincipalAccount"])
		})
	}
}

// TestMultiAccountBudgetNotifiesTheTopicOnlyInItsAccount: the network budget (the deploying
// account's) notifies the dashboard's alert topic only when the hub, hence the topic, is in the
// deploying account too: the topic admits AWS Budgets of its own account only. Otherwise it
// alerts by email.
func TestMultiAccountBudgetNotifiesTheTopicOnlyInItsAccount(t *testing.T) {
	t.Parallel()
	const budget = `{"monthlyLimitUsd":2500,"emails":["finops@example.com"],"thresholdsPercent":[50,80,100]}`
	cases := []struct {
		name, hub, spokes string
		topic             bool
	}{
		{"hub in the network account, a spoke in the deploying account (its own dashboard)",
			`{"cidr":"10.0.0.0/24","account":"network","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs","codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"]}`, "", true},
		{"hub in the deploying account", `{"cidr":"10.0.0.0/24","account":"platform","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs","codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"]}`, "", true},
		{"no VPC in the deploying account: no topic there, email only",
			`{"cidr":"10.0.0.0/24","account":"network","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs","codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"]}`,
			`[{"name":"research","cidr":"10.1.0.0/20","account":"research","s3Buckets":["example-ml-research-multi-data"]},{"name":"analytics","cidr":"10.2.0.0/20","account":"research"}]`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			edits := map[string]string{"budget": budget, "hub": tc.hub}
			if tc.spokes != "" {
				edits["spokes"] = tc.spokes
			}
			rec, _ := runVariant(t, "multi", edits)
			b := rec.ByType(tokBudget)
			require.Len(t, b, 1)
			assert.Equal(t, multiDeploying, b[0].Account, "the budget stays in the deploying account")
			var local []recorder.Resource // the alert topics in the budget's account
			for _, tp := range rec.ByType(tokTopic) {
				if tp.Account == b[0].Account {
					local = append(local, tp)
				}
			}
			var want []string
			if tc.topic {
				require.Len(t, local, 1, "one dashboard topic in the deploying account")
				want = []string{local[0].Outputs["arn"].StringValue()}
			} else {
				assert.Empty(t, local)
			}
			for _, n := range b[0].Input("notifications").ArrayValue() {
				assert.Equal(t, want, recorder.Strings(recorder.Lookup(n.ObjectValue(), "subscriberSnsTopicArns")))
				assert.Equal(t, []string{"finops@example.com"}, recorder.Strings(recorder.Lookup(n.ObjectValue(), "subscriberEmailAddresses")))
			}
		})
	}
}

// placementInputs are the inputs that name a VPC, a hosted zone or a Resolver rule a resource
// acts on: that VPC, zone or rule must be of the resource's own account, but for the hand-offs
// placementRules admits.
var placementInputs = []string{"vpcId", "zoneId", "resolverRuleId"}

// placementRules admit, by resource type and input, the by-design cases where a resource acts on
// another account's VPC, zone or rule: the hub's account authorizes a spoke VPC to associate with
// its zone, the spoke's account then associates the hub's zone ("Associating an Amazon VPC and a
// private hosted zone that you created with different AWS accounts", Route 53 Developer Guide),
// and a workload account associates a rule the hub's account shared with it through RAM
// (sharedWith).
var placementRules = map[string]func(rec *recorder.Recording, r, target recorder.Resource) bool{
	"aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization/vpcId": func(_ *recorder.Recording, _, _ recorder.Resource) bool { return true },
	"aws:route53/zoneAssociation:ZoneAssociation/zoneId":                        func(_ *recorder.Recording, _, _ recorder.Resource) bool { return true },
	"aws:route53/resolverRuleAssociation:ResolverRuleAssociation/resolverRuleId": func(rec *recorder.Recording, r, rule recorder.Resource) bool {
		return sharedWith(rec, rule, r.Account)
	},
}

// sharedWith reports whether a RAM share of target's account associates target (by ARN) and
// names account (or an organization or OU) as a principal.
func sharedWith(rec *recorder.Recording, target recorder.Resource, account string) bool {
	arn := ""
	if v, ok := target.Outputs["arn"]; ok && v.IsString() {
		arn = v.StringValue()
	}
	for _, ra := range rec.ByType("aws:ram/resourceAssociation:ResourceAssociation") {
		if ra.Account != target.Account || !strings.HasSuffix(str(ra.Input("resourceArn")), "/"+target.ID) && str(ra.Input("resourceArn")) != arn {
			continue
		}
		share := str(ra.Input("resourceShareArn"))
		for _, pa := range rec.ByType("aws:ram/principalAssociation:PrincipalAssociation") {
			p := str(pa.Input("principal"))
			if str(pa.Input("resourceShareArn")) == share && (p == account || strings.HasPrefix(p, "arn:")) {
				return true
			}
		}
	}
	return false
}

// misplaced lists every resource that acts on a VPC, zone or rule of another account than its
// own outside placementRules.
func misplaced(rec *recorder.Recording) []string {
	var out []string
	for _, r := range rec.Resources {
		if !r.Custom || r.Account == "" || strings.HasPrefix(r.Type, "pulumi:") {
			continue
		}
		for _, in := range placementInputs {
			v := r.Input(in)
			if !v.IsString() || v.StringValue() == "" {
				continue
			}
			target, ok := rec.ByID(v.StringValue())
			if !ok || target.Account == "" || target.Account == r.Account {
				continue
			}
			if ok := placementRules[r.Type+"/"+in]; ok != nil && ok(rec, r, target) {
				continue
			}
			out = append(out, fmt.Sprintf("%s %s (account %s) acts on %s %s of account %s", r.Type, r.Name, r.Account, target.Type, target.Name, target.Account))
		}
	}
	sort.Strings(out)
	return out
}

// TestMultiAccountResourcesActOnlyInTheirAccount: provider placement. Every resource that names a
// VPC, a private hosted zone or a Resolver rule is created by that VPC's, zone's or rule's
// account, but for the designed hand-offs (a zone authorization for a spoke VPC, the spoke's
// association with the hub's zone, a workload account's association with a rule shared with it).
// The multi fixture forwards a corporate domain with spokes in two other accounts than the hub's:
// each rule association is in its VPC's account. The org stack is the deployable three-account one.
func TestMultiAccountResourcesActOnlyInTheirAccount(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"multi", "multi-profile", "peering", "org"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, _ := runStack(t, stack)
			assert.Empty(t, misplaced(rec))
		})
	}
	t.Run("rule associations are in their VPC's account", func(t *testing.T) {
		t.Parallel()
		rec, _ := runStack(t, "multi")
		assocs := rec.ByType("aws:route53/resolverRuleAssociation:ResolverRuleAssociation")
		require.Len(t, assocs, 2, "one per spoke and forwarded domain")
		for _, a := range assocs {
			vpc, ok := rec.ByID(str(a.Input("vpcId")))
			require.True(t, ok, a.Name)
			assert.Equal(t, vpc.Account, a.Account, "%s is created by its VPC's account", a.Name)
		}
	})
}

// TestMisplacedFlagsAnotherAccountsVpc: the placement check flags a resource acting on another
// account's VPC or on a rule nobody shared with it, and admits the designed hand-offs.
func TestMisplacedFlagsAnotherAccountsVpc(t *testing.T) {
	t.Parallel()
	vpc := recorder.Resource{Type: "aws:ec2/vpc:Vpc", Name: "spoke", Custom: true, Account: multiResearch, ID: "vpc-1"}
	rule := recorder.Resource{Type: "aws:route53/resolverRule:ResolverRule", Name: "rule", Custom: true, Account: multiNetwork, ID: "rslvr-rr-1",
		Outputs: resource.PropertyMap{"arn": resource.NewStringProperty("arn:aws:route53resolver:us-east-1:" + multiNetwork + ":resolver-rule/rslvr-rr-1")}}
	assoc := func(account string) recorder.Resource {
		return recorder.Resource{Type: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation", Name: "a", Custom: true, Account: account,
			Inputs: resource.PropertyMap{"vpcId": resource.NewStringProperty("vpc-1"), "resolverRuleId": resource.NewStringProperty("rslvr-rr-1")}}
	}
	share := []recorder.Resource{
		{Type: "aws:ram/resourceAssociation:ResourceAssociation", Name: "ra", Custom: true, Account: multiNetwork, Inputs: resource.PropertyMap{
			"resourceArn":      resource.NewStringProperty("arn:aws:route53resolver:us-east-1:" + multiNetwork + ":resolver-rule/rslvr-rr-1"),
			"resourceShareArn": resource.NewStringProperty("share")}},
		{Type: "aws:ram/principalAssociation:PrincipalAssociation", Name: "pa", Custom: true, Account: multiNetwork, Inputs: resource.PropertyMap{
			"principal": resource.NewStringProperty(multiResearch), "resourceShareArn": resource.NewStringProperty("share")}},
	}
	cases := []struct {
		name      string
		resources []recorder.Resource
		flagged   int
	}{
		{"the rule's owner associates another account's VPC", []recorder.Resource{vpc, rule, assoc(multiNetwork)}, 1},
		{"the VPC's account associates a rule not shared with it", []recorder.Resource{vpc, rule, assoc(multiResearch)}, 1},
		{"the VPC's account associates a shared rule", append([]recorder.Resource{vpc, rule, assoc(multiResearch)}, share...), 0},
		{"a zone authorization for a spoke VPC", []recorder.Resource{vpc, {Type: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
			Name: "auth", Custom: true, Account: multiNetwork, Inputs: resource.PropertyMap{"vpcId": resource.NewStringProperty("vpc-1")}}}, 0},
		{"a security group in another account's VPC", []recorder.Resource{vpc, {Type: "aws:ec2/securityGroup:SecurityGroup",
			Name: "sg", Custom: true, Account: multiNetwork, Inputs: resource.PropertyMap{"vpcId": resource.NewStringProperty("vpc-1")}}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Len(t, misplaced(&recorder.Recording{Resources: tc.resources}), tc.flagged)
		})
	}
}
