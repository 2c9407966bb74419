package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// tests/testdata/Pulumi.multi.yaml: the hub in the network account (333333333333), the research
// spoke and domain in the research account (222222222222), the analytics spoke and domain in the
// deploying account (platform, the mock's caller identity).
const (
	multiNetwork   = "333333333333"
	multiResearch  = "222222222222"
	multiDeploying = recorder.FakeAccountID
)

// runMulti is the multi-account fixture's recording (runStack, shared with the invariants).
func runMulti(t *testing.T) *recorder.Recording {
	t.Helper()
	rec, _ := runStack(t, "multi")
	return rec
}

// multiProviders maps account ids to the provider URNs of the multi stack.
func multiProviders(t *testing.T, rec *recorder.Recording) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, id := range map[string]string{"aws-us-east-1": multiDeploying, "aws-us-east-1-network": multiNetwork,
		"aws-us-east-1-research": multiResearch} {
		out[id] = mustFind(t, rec, "pulumi:providers:aws", name).URN
	}
	return out
}

// TestMultiAccountProvidersAssumeTheRoleWithTheSameTags: one provider per account, each in the
// stack's Region with the FinOps default tags; the named accounts' assume their role and are
// pinned to their id; the deploying account keeps the single-account provider.
func TestMultiAccountProvidersAssumeTheRoleWithTheSameTags(t *testing.T) {
	t.Parallel()
	rec := runMulti(t)
	provs := rec.ByType("pulumi:providers:aws")
	require.Len(t, provs, 3)
	for _, p := range provs {
		assert.Equal(t, "us-east-1", str(p.Input("region")), p.Name)
		tags := p.Input("defaultTags.tags").ObjectValue()
		for k, want := range map[string]string{"owner": "ml-platform@example.com", "cost-center": "CC-ML-1001", "data-sensitivity": "confidential"} {
			assert.Equal(t, want, str(recorder.Lookup(tags, k)), "%s default tag %s", p.Name, k)
		}
	}
	for name, id := range map[string]string{"network": multiNetwork, "research": multiResearch} {
		p := mustFind(t, rec, "pulumi:providers:aws", "aws-us-east-1-"+name)
		assert.Equal(t, "arn:aws:iam::"+id+":role/landing-zone-deploy", str(p.Input("assumeRole.roleArn")))
		assert.Equal(t, []string{id}, recorder.Strings(p.Input("allowedAccountIds")))
	}
	assert.True(t, p0(rec, "aws-us-east-1").Input("assumeRole").IsNull(), "the deploying account's provider assumes no role")
}

func p0(rec *recorder.Recording, name string) recorder.Resource {
	r, _ := rec.Find("pulumi:providers:aws", name)
	return r
}

// topComponent is the name of the stack-level component r belongs to.
func topComponent(rec *recorder.Recording, r recorder.Resource) string {
	for {
		p, ok := rec.ByURN(r.Parent)
		if !ok || p.Type == "pulumi:pulumi:Stack" {
			return r.Name
		}
		r = p
	}
}

// Every resource on its owner's provider: TestEveryResourceIsOnItsOwnersTaggedProvider
// (network_test.go) runs on this fixture too, with the owners derived from the configuration.

// TestMultiAccountMetricFiltersStayInTheirLogGroupsAccount: a metric filter lives in its log
// group's account.
func TestMultiAccountMetricFiltersStayInTheirLogGroupsAccount(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"multi", "peering"} {
		rec, cfg := runStack(t, stack)
		provs := accountProviders(t, rec, cfg)
		filters := rec.ByType("aws:cloudwatch/logMetricFilter:LogMetricFilter")
		require.NotEmpty(t, filters)
		// A metric filter lives in its log group's account: each spoke's flow-log filter is made
		// by its own account's dashboard, on that account's provider.
		seen := 0
		for _, s := range cfg.Spokes {
			group := network.FlowLogGroupName(config.Project, stack, "spoke-"+s.Name)
			for _, f := range filters {
				if str(f.Input("logGroupName")) != group {
					continue
				}
				seen++
				assert.True(t, strings.HasPrefix(f.Provider, provs[cfg.SpokeAccount(s.Name)]+"::"),
					"%s: %s filters %s from another account than the spoke's", stack, f.Name, group)
			}
		}
		assert.Equal(t, len(cfg.Spokes), seen, "%s: one reject filter per spoke", stack)
	}
}

// TestMultiAccountCrossAccountPairs: per spoke in another account than the hub, each pair exists
// with one half on each side and the order AWS needs: the RAM share's resource and principal
// associations (and the invitation's acceptance) before the attachment, the attachment before the
// accepter, the accepter before the route table association and propagation, each zone's
// authorization before its association.
func TestMultiAccountCrossAccountPairs(t *testing.T) {
	t.Parallel()
	rec := runMulti(t)
	provs := multiProviders(t, rec)
	on := onProviderOf(t, provs)
	after := func(r, before recorder.Resource) { t.Helper(); assertAfter(t, r, before) }

	share := mustFind(t, rec, "aws:ram/resourceShare:ResourceShare", "tgw-share-share")
	on(share, multiNetwork)
	assert.Equal(t, true, share.Input("allowExternalPrincipals").BoolValue(), "no organizationId: invitations are accepted per account")
	tgwAssoc := mustFind(t, rec, "aws:ram/resourceAssociation:ResourceAssociation", "tgw-share-tgw")
	on(tgwAssoc, multiNetwork)
	tgw := mustFind(t, rec, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw")
	assert.Equal(t, "arn:aws:ec2:us-east-1:"+multiNetwork+":transit-gateway/"+tgw.ID, str(tgwAssoc.Input("resourceArn")))
	after(tgwAssoc, share)

	for _, c := range []struct{ spoke, account string }{{"research", multiResearch}, {"analytics", multiDeploying}} {
		t.Run(c.spoke, func(t *testing.T) {
			pa := mustFind(t, rec, "aws:ram/principalAssociation:PrincipalAssociation", "tgw-share-"+c.account)
			on(pa, multiNetwork)
			assert.Equal(t, c.account, str(pa.Input("principal")))
			after(pa, share)
			accept := mustFind(t, rec, "aws:ram/resourceShareAccepter:ResourceShareAccepter", "tgw-share-"+c.account+"-accept")
			on(accept, c.account)
			after(accept, pa)

			name := "spoke-" + c.spoke
			attach := mustFind(t, rec, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", name+"-tgw-attachment")
			on(attach, c.account)
			for _, r := range []recorder.Resource{tgwAssoc, pa, accept} {
				after(attach, r)
			}
			accepter := mustFind(t, rec, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", name+"-tgw-accepter")
			on(accepter, multiNetwork)
			after(accepter, attach)
			assert.Equal(t, attach.ID, str(accepter.Input("transitGatewayAttachmentId")))
			assert.False(t, accepter.Input("transitGatewayDefaultRouteTableAssociation").BoolValue())
			for _, typ := range []string{"aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation:-tgw-association",
				"aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation:-tgw-propagation"} {
				i := strings.LastIndex(typ, ":")
				r := mustFind(t, rec, typ[:i], name+typ[i+1:])
				on(r, multiNetwork)
				after(r, accepter)
			}
			// The spoke's routes to the Transit Gateway wait for the accepted attachment.
			for _, az := range []string{"us-east-1a", "us-east-1b"} {
				after(mustFind(t, rec, "aws:ec2/route:Route", name+"-to-hub-"+az), accepter)
			}
			zones := 0
			for _, assoc := range rec.ByType("aws:route53/zoneAssociation:ZoneAssociation") {
				if !strings.HasPrefix(assoc.Name, name+"-") {
					continue
				}
				zones++
				on(assoc, c.account)
				auth := mustFind(t, rec, "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", assoc.Name+"-auth")
				on(auth, multiNetwork)
				after(assoc, auth)
				assert.Equal(t, str(auth.Input("zoneId")), str(assoc.Input("zoneId")))
				assert.Equal(t, str(auth.Input("vpcId")), str(assoc.Input("vpcId")))
			}
			assert.Len(t, rec.ByType("aws:route53/zone:Zone"), zones, "one association per hub zone")
		})
	}
}

// TestMultiAccountEndpointPoliciesAdmitEveryConfiguredAccount: without organizationId, the hub's
// endpoint policies admit the principals of exactly the configured accounts.
func TestMultiAccountEndpointPoliciesAdmitEveryConfiguredAccount(t *testing.T) {
	t.Parallel()
	rec := runMulti(t)
	ep := mustFind(t, rec, "aws:ec2/vpcEndpoint:VpcEndpoint", "hub-sagemaker.api")
	var doc struct {
		Statement []struct {
			Condition map[string]map[string][]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(str(ep.Input("policy"))), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{recorder.FakeAccountID, multiResearch, multiNetwork},
		doc.Statement[0].Condition["StringEquals"]["aws:PrincipalAccount"])
}

// TestMultiAccountGuardrailsPerWorkloadAccount: each workload account has its own guardrails
// naming only its spokes' subnets; each domain runs under its account's execution role.
func TestMultiAccountGuardrailsPerWorkloadAccount(t *testing.T) {
	t.Parallel()
	rec := runMulti(t)
	for _, c := range []struct{ spoke, domain, guard string }{
		{"research", "research-multi", "guardrails-research"}, {"analytics", "analytics-multi", "guardrails"}} {
		role := mustFind(t, rec, "aws:iam/role:Role", c.guard+"-execution")
		dom := mustFind(t, rec, "aws:sagemaker/domain:Domain", "domain-"+c.domain)
		assert.Equal(t, str(role.Outputs["arn"]), str(dom.Input("defaultUserSettings.executionRole")), c.domain)
		subnets := mustFind(t, rec, "aws:iam/policy:Policy", c.guard+"-deny-subnets")
		doc := str(subnets.Input("policy"))
		for _, other := range []string{"research", "analytics"} {
			for _, az := range []string{"us-east-1a", "us-east-1b"} {
				sn := mustFind(t, rec, "aws:ec2/subnet:Subnet", "spoke-"+other+"-subnet-"+az)
				assert.Equal(t, other == c.spoke, strings.Contains(doc, sn.ID), "%s names subnet of spoke %s", c.guard, other)
			}
		}
	}
}

// TestMultiAccountSharesWithAnOU: with organizationId, RAM sharing with AWS Organizations on and
// hub.sharePrincipals, the Transit
// Gateway share names the OU (no principal association per account, no invitation), and each
// spoke attachment in another account than the hub's waits for it.
func TestMultiAccountSharesWithAnOU(t *testing.T) {
	t.Parallel()
	const ou = "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"
	rec, _ := runVariant(t, "multi", map[string]string{
		"organizationId": "o-a1b2c3d4e5",
		"hub": `{"cidr":"10.0.0.0/24","account":"network","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs","codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"],` +
			`"ramOrganizationSharing":true,"sharePrincipals":["` + ou + `"]}`,
	})
	var pas []recorder.Resource // the Transit Gateway share's (the forwarding rule's share names the OU too)
	for _, pa := range rec.ByType("aws:ram/principalAssociation:PrincipalAssociation") {
		if strings.HasPrefix(pa.Name, "tgw-share-") {
			pas = append(pas, pa)
		}
	}
	require.Len(t, pas, 1)
	assert.Equal(t, ou, str(pas[0].Input("principal")))
	assert.Equal(t, "tgw-share-ou-ab12-cdef3456", pas[0].Name)
	assert.Equal(t, multiNetwork, pas[0].Account)
	assert.Empty(t, rec.ByType("aws:ram/resourceShareAccepter:ResourceShareAccepter"))
	attachments := 0
	for _, a := range rec.ByType("aws:ec2transitgateway/vpcAttachment:VpcAttachment") {
		if a.Name == "hub-tgw-attachment" {
			continue
		}
		attachments++
		assert.Contains(t, a.Dependencies, pas[0].URN, "%s waits for the OU's share", a.Name)
	}
	assert.Equal(t, 2, attachments, "both spokes are in other accounts than the hub's")
}
