package network

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// onProvider reports whether r was registered through provider p.
func onProvider(r recorder.Resource, p recorder.Resource) bool {
	return strings.HasPrefix(r.Provider, p.URN+"::")
}

// A spoke in the hub's account (HubProvider nil) has no accepter and no zone authorization; a
// spoke in another account has both, each on the hub's provider, with the ordering AWS needs.
func TestSpokeVpcAcrossAccounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		cross bool
	}{{"same account", false}, {"another account", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				spokeP, hubP, err := componenttest.WorkloadAndNetworkProviders(ctx)
				if err != nil {
					return err
				}
				args := NetSpokeArgs(2)
				if tc.cross {
					share, err := NewHubShare(ctx, "share", &HubShareArgs{
						TransitGatewayArn:  pulumi.String("arn:aws:ec2:us-east-1:333333333333:transit-gateway/" + NetTgwID),
						AccountIds:         []string{"222222222222"},
						WithinOrganization: true,
					}, pulumi.Provider(hubP))
					if err != nil {
						return err
					}
					args.HubProvider = hubP
					args.HubShareReady = share.Ready["222222222222"]
				}
				_, err = NewSpokeVpc(ctx, "ml", args, pulumi.Provider(spokeP))
				return err
			})
			require.NoError(t, err)
			workload, _ := rec.Find("pulumi:providers:aws", "workload")
			network, _ := rec.Find("pulumi:providers:aws", "network")
			attach := componenttest.FindOne(t, rec, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "ml-tgw-attachment")
			assert.True(t, onProvider(attach, workload))
			assoc := componenttest.FindOne(t, rec, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "ml-tgw-association")
			accepters := rec.ByType("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter")
			auths := rec.ByType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization")
			if !tc.cross {
				assert.Empty(t, accepters)
				assert.Empty(t, auths)
				assert.True(t, onProvider(assoc, workload), "one account: the association is the spoke's")
				assert.Equal(t, false, attach.Input("transitGatewayDefaultRouteTableAssociation").BoolValue())
				return
			}
			require.Len(t, accepters, 1)
			acc := accepters[0]
			assert.True(t, onProvider(acc, network))
			assert.Contains(t, acc.Dependencies, attach.URN, "attachment before accepter")
			assert.True(t, onProvider(assoc, network))
			assert.Contains(t, assoc.Dependencies, acc.URN, "accepter before association")
			assert.True(t, attach.Input("transitGatewayDefaultRouteTableAssociation").IsNull(),
				"a shared TGW's route table options are the accepter's")
			pa := componenttest.FindOne(t, rec, "aws:ram/principalAssociation:PrincipalAssociation", "share-222222222222")
			assert.Contains(t, attach.Dependencies, pa.URN, "share before attachment")
			assert.Empty(t, rec.ByType("aws:ram/resourceShareAccepter:ResourceShareAccepter"), "within the organization: no invitation")
			require.Len(t, auths, 3)
			for _, a := range auths {
				assert.True(t, onProvider(a, network), a.Name)
				z := componenttest.FindOne(t, rec, "aws:route53/zoneAssociation:ZoneAssociation", strings.TrimSuffix(a.Name, "-auth"))
				assert.True(t, onProvider(z, workload), z.Name)
				assert.Contains(t, z.Dependencies, a.URN, "authorization before association")
			}
		})
	}
}

func TestHubShareArgsInvalid(t *testing.T) {
	t.Parallel()
	p := &aws.Provider{}
	for _, tc := range []struct {
		name  string
		args  *HubShareArgs
		field string
	}{
		{"nil", nil, "args"},
		{"no arn", &HubShareArgs{AccountIds: []string{"222222222222"}, WithinOrganization: true}, "TransitGatewayArn"},
		{"no account", &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), WithinOrganization: true}, "AccountIds"},
		{"bad id", &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), AccountIds: []string{"2222"}, WithinOrganization: true}, "AccountIds[0]"},
		{"duplicate", &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), AccountIds: []string{"222222222222", "222222222222"},
			WithinOrganization: true}, "AccountIds[1]"},
		{"no accepter outside an organization", &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), AccountIds: []string{"222222222222"}},
			`AccepterProviders["222222222222"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateHubShareArgs("s", tc.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	ok := &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), AccountIds: []string{"222222222222"},
		AccepterProviders: map[string]pulumi.ProviderResource{"222222222222": p}}
	assert.NoError(t, ValidateHubShareArgs("s", ok))
}

func TestHubEndpointPolicyAccounts(t *testing.T) {
	t.Parallel()
	doc, err := HubEndpointPolicyAccounts([]string{"333333333333", "222222222222", "333333333333"})
	require.NoError(t, err)
	var d struct {
		Statement []struct {
			Condition map[string]map[string][]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &d))
	assert.Equal(t, []string{"222222222222", "333333333333"}, d.Statement[0].Condition["StringEquals"]["aws:PrincipalAccount"])
	_, err = HubEndpointPolicyAccounts(nil)
	assert.Error(t, err)
	_, err = HubEndpointPolicyAccounts([]string{"12"})
	assert.Error(t, err)
}

func TestAccountPatterns(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"arn:aws:iam::222222222222:role/deploy": true, "arn:aws:iam::222222222222:role/a/b/deploy": true,
		"arn:aws:iam::222222222222:user/deploy": false, "arn:aws:iam::2222:role/deploy": false, "": false} {
		assert.Equal(t, want, ValidRoleArn(s), s)
	}
	assert.Equal(t, "222222222222", RoleArnAccount("arn:aws:iam::222222222222:role/deploy"))
	assert.Equal(t, "", RoleArnAccount("nope"))
	assert.True(t, ValidAccountName("research"))
	assert.False(t, ValidAccountName("Research"))
	assert.False(t, ValidAccountName("a-very-long-account-name"))
}

// Shared with an organization or OU instead of each account: one principal association per
// principal, named by its o-/ou- id, no per-account association and no invitation; every
// account's spokes wait for all of them. Principals outside an organization, malformed or
// repeated are refused.
func TestHubShareWithOrganizationPrincipals(t *testing.T) {
	t.Parallel()
	const (
		org = "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"
		ou  = "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"
	)
	var ready map[string][]pulumi.Resource
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		s, err := NewHubShare(ctx, "share", &HubShareArgs{
			TransitGatewayArn:  pulumi.String("arn:aws:ec2:us-east-1:333333333333:transit-gateway/" + NetTgwID),
			AccountIds:         []string{"222222222222", "444444444444"},
			WithinOrganization: true,
			Principals:         []string{org, ou},
		})
		if err != nil {
			return err
		}
		ready = s.Ready
		return nil
	})
	require.NoError(t, err)
	pas := rec.ByType("aws:ram/principalAssociation:PrincipalAssociation")
	var names, principals []string
	for _, pa := range pas {
		names = append(names, pa.Name)
		principals = append(principals, componenttest.InputString(pa, "principal"))
	}
	assert.ElementsMatch(t, []string{"share-o-a1b2c3d4e5", "share-ou-ab12-cdef3456"}, names)
	assert.ElementsMatch(t, []string{org, ou}, principals)
	assert.Empty(t, rec.ByType("aws:ram/resourceShareAccepter:ResourceShareAccepter"))
	for _, id := range []string{"222222222222", "444444444444"} {
		assert.Len(t, ready[id], 3, "the resource association and both principal associations")
	}

	for _, tc := range []struct {
		name       string
		principals []string
		withinOrg  bool
		want       string
	}{
		{"an account id is no organization principal", []string{"222222222222"}, true, "Principals[0]"},
		{"outside an organization", []string{org}, false, "Principals only with WithinOrganization"},
		{"twice", []string{ou, ou}, true, "Principals[1]"},
		{"a policy ARN", []string{"arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234"}, true, "organization or OU ARN"},
	} {
		err := ValidateHubShareArgs("s", &HubShareArgs{TransitGatewayArn: pulumi.String("arn"), AccountIds: []string{"222222222222"},
			WithinOrganization: tc.withinOrg, Principals: tc.principals})
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
	assert.Equal(t, "o-a1b2c3d4e5", SharePrincipalOrg(ou))
	assert.Equal(t, "", SharePrincipalOrg("o-a1b2c3d4e5"))
}
