package networkandworkload

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	netcomp "github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
)

// networkStack is the network stack the workload's example stack file references.
const networkStack = "acme/network/example"

var (
	netOnce sync.Once
	netRec  *recorder.Recording
	netOuts map[string]any
	netErr  error
)

// networkRun runs the network program with network/Pulumi.example.yaml under the mock and
// returns its recording and the outputs it exports, as plain JSON values (what a StackReference
// returns): the workload is tested against the network program's real output.
func networkRun(t *testing.T) (*recorder.Recording, map[string]any) {
	t.Helper()
	netOnce.Do(func() {
		values, err := stackconfig.Load("network", "example")
		if err != nil {
			netErr = err
			return
		}
		var outs recorder.Captured
		netRec, netErr = recorder.Run(recorder.Options{Project: "network", Stack: "example", Config: values}, func(ctx *pulumi.Context) error {
			m, err := network(ctx)
			if err == nil {
				outs.Capture(m)
			}
			return err
		})
		netOuts = outs.Value()
	})
	require.NoError(t, netErr)
	require.NotEmpty(t, netOuts)
	return netRec, netOuts
}

// workloadRun runs the workload program with workload/Pulumi.example.yaml, cfg overriding keys,
// against outs as the network stack's outputs.
func workloadRun(t *testing.T, cfg map[string]string, outs map[string]any) (*recorder.Recording, error) {
	rec, _, err := workloadRunOutputs(t, cfg, outs)
	return rec, err
}

// workloadRunOutputs is workloadRun that also returns the workload's outputs as JSON values.
func workloadRunOutputs(t *testing.T, cfg map[string]string, outs map[string]any) (*recorder.Recording, map[string]any, error) {
	t.Helper()
	values, err := stackconfig.Load("workload", "example")
	require.NoError(t, err)
	for k, v := range cfg {
		values[k] = v
	}
	var got recorder.Captured
	rec, err := recorder.Run(recorder.Options{Project: "workload", Stack: "example", Config: values,
		StackOutputs: map[string]map[string]any{networkStack: outs}}, func(ctx *pulumi.Context) error {
		m, err := workload(ctx)
		if err == nil {
			got.Capture(m)
		}
		return err
	})
	return rec, got.Value(), err
}

// hubOut is the network stack's hub output.
func hubOut(t *testing.T) map[string]any {
	_, outs := networkRun(t)
	h, ok := outs[netcomp.HubOutput].(map[string]any)
	require.True(t, ok, "the network stack exports %q as a map", netcomp.HubOutput)
	return h
}

// withHub is the network outputs with the hub output's key changed by edit.
func withHub(t *testing.T, edit func(h map[string]any)) map[string]any {
	b, err := json.Marshal(hubOut(t))
	require.NoError(t, err)
	var h map[string]any
	require.NoError(t, json.Unmarshal(b, &h))
	edit(h)
	return map[string]any{netcomp.HubOutput: h}
}

func TestNetworkExportsTheHubAndSharesItsTransitGateway(t *testing.T) {
	t.Parallel()
	rec, _ := networkRun(t)
	h := hubOut(t)
	tgws := rec.ByType("aws:ec2transitgateway/transitGateway:TransitGateway")
	require.Len(t, tgws, 1)
	assert.Equal(t, tgws[0].ID, h[netcomp.HubKeyTransitGatewayId])
	assert.Equal(t, recorder.FakeAccountID, h[netcomp.HubKeyAccount], "the network account is the caller identity's")
	assert.Equal(t, "us-east-1", h[netcomp.HubKeyRegion])
	assert.Equal(t, "10.0.0.0/22", h[netcomp.HubKeyCidr])
	principals := rec.ByType("aws:ram/principalAssociation:PrincipalAssociation")
	require.Len(t, principals, 1)
	assert.Equal(t, "222222222222", principals[0].Input("principal").StringValue())
	shared := rec.ByType("aws:ram/resourceAssociation:ResourceAssociation")
	require.Len(t, shared, 1)
	assert.Equal(t, "arn:aws:ec2:us-east-1:"+recorder.FakeAccountID+":transit-gateway/"+tgws[0].ID, shared[0].Input("resourceArn").StringValue(),
		"the share is of the hub's Transit Gateway")
}

func TestWorkloadIsWiredToTheNetworkStacksHub(t *testing.T) {
	t.Parallel()
	h := hubOut(t)
	_, outs := networkRun(t)
	rec, wouts, err := workloadRunOutputs(t, nil, outs)
	require.NoError(t, err)

	// Every workload resource goes through the provider that assumes the workload role.
	var wl, net recorder.Resource
	for _, p := range rec.ByType("pulumi:providers:aws") {
		switch p.Name {
		case "workload":
			wl = p
		case "network":
			net = p
		}
	}
	require.NotEmpty(t, wl.URN, "a workload provider")
	assert.Equal(t, "arn:aws:iam::222222222222:role/pulumi-landing-zone-deploy", wl.Input("assumeRole.roleArn").StringValue())
	assert.Contains(t, wl.Input("allowedAccountIds").String(), "222222222222")
	assert.Equal(t, "sagemaker-landing-zone", wl.Input("assumeRole.sessionName").StringValue(),
		"the session name the per-account roles' trust policy requires (Pulumi.*.deploy.yaml)")
	require.NotEmpty(t, net.URN, "the hub is in another account: a provider of the hub's account for the accepter side")
	assert.Contains(t, net.Input("allowedAccountIds").String(), recorder.FakeAccountID)

	atts := rec.ByType("aws:ec2transitgateway/vpcAttachment:VpcAttachment")
	require.Len(t, atts, 1)
	assert.Equal(t, h[netcomp.HubKeyTransitGatewayId], atts[0].Input("transitGatewayId").StringValue())
	assert.True(t, strings.HasPrefix(atts[0].Provider, wl.URN), "the attachment is made in the workload account")
	for _, a := range rec.ByType("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter") {
		assert.True(t, strings.HasPrefix(a.Provider, net.URN), "the accepter is in the hub's account")
	}

	zones := h[netcomp.HubKeyZoneIds].(map[string]any)
	var associated []string
	for _, a := range rec.ByType("aws:route53/zoneAssociation:ZoneAssociation") {
		associated = append(associated, a.Input("zoneId").StringValue())
	}
	for key, id := range zones {
		assert.Contains(t, associated, id, "the spoke is associated with the hub's %s zone", key)
	}
	var authorized []string
	for _, a := range rec.ByType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization") {
		authorized = append(authorized, a.Input("zoneId").StringValue())
	}
	assert.Len(t, authorized, len(zones), "each hub zone is authorized in the hub's account")

	// The deny guard admits SageMaker API calls through the hub's sagemaker.api endpoint only.
	api := h[netcomp.HubKeyEndpointIds].(map[string]any)[netcomp.SageMakerAPIEndpointKey].(string)
	require.NotEmpty(t, api)
	scps, _ := wouts["serviceControlPolicyDocuments"].([]any)
	require.NotEmpty(t, scps, "the workload exports the SCP form of its deny guard")
	guard := false
	for _, d := range scps {
		if strings.Contains(d.(string), `"aws:SourceVpce"`) && strings.Contains(d.(string), `"`+api+`"`) {
			guard = true
		}
	}
	assert.True(t, guard, "the guard admits the presigned URL through the hub's sagemaker.api endpoint %s only", api)

	doms := rec.ByType("aws:sagemaker/domain:Domain")
	require.Len(t, doms, 1)
	assert.Equal(t, "VpcOnly", doms[0].Input("appNetworkAccessType").StringValue())
	assert.True(t, strings.HasPrefix(doms[0].Provider, wl.URN))
	assert.Len(t, rec.ByType("aws:ec2/securityGroup:SecurityGroup"), 4, "domain, job and one per user")
	assert.Empty(t, rec.ByType("aws:ec2transitgateway/transitGateway:TransitGateway"), "no network of its own")
}

func TestWorkloadRefusesABadHubOutputOrRole(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  map[string]string
		outs func(t *testing.T) map[string]any
		want []string
	}{
		{"missing output", nil, func(t *testing.T) map[string]any { return map[string]any{} },
			[]string{`stack output "hub"`, networkStack, "is missing"}},
		{"missing TGW id", nil, func(t *testing.T) map[string]any {
			return withHub(t, func(h map[string]any) { delete(h, netcomp.HubKeyTransitGatewayId) })
		}, []string{`key "transitGatewayId" is missing`}},
		{"mistyped zone ids", nil, func(t *testing.T) map[string]any {
			return withHub(t, func(h map[string]any) { h[netcomp.HubKeyZoneIds] = "Z123" })
		}, []string{`key "zoneIds"`, "Z123"}},
		{"no sagemaker.api endpoint", nil, func(t *testing.T) map[string]any {
			return withHub(t, func(h map[string]any) {
				delete(h[netcomp.HubKeyEndpointIds].(map[string]any), netcomp.SageMakerAPIEndpointKey)
				var keys []any
				for _, k := range h[netcomp.HubKeyEndpointKeys].([]any) {
					if k != netcomp.SageMakerAPIEndpointKey {
						keys = append(keys, k)
					}
				}
				h[netcomp.HubKeyEndpointKeys] = keys
			})
		}, []string{`no "sagemaker.api" endpoint`}},
		{"role in another account", map[string]string{"workload:roleArn": "arn:aws:iam::333333333333:role/deploy"},
			func(t *testing.T) map[string]any { _, o := networkRun(t); return o },
			[]string{"workload:roleArn", "333333333333", "account 222222222222"}},
		{"network role in another account", map[string]string{"workload:networkRoleArn": "arn:aws:iam::222222222222:role/net"},
			func(t *testing.T) map[string]any { _, o := networkRun(t); return o },
			[]string{"workload:networkRoleArn", "account " + recorder.FakeAccountID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := workloadRun(t, tc.cfg, tc.outs(t))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			if rec != nil {
				assert.Empty(t, rec.ByType("aws:ec2/vpc:Vpc"), "nothing is built")
			}
		})
	}
	// The passing case: a network role in the hub's account is assumed for the accepter side.
	_, outs := networkRun(t)
	rec, err := workloadRun(t, map[string]string{"workload:networkRoleArn": "arn:aws:iam::" + recorder.FakeAccountID + ":role/net"}, outs)
	require.NoError(t, err)
	p, ok := rec.Find("pulumi:providers:aws", "network")
	require.True(t, ok)
	assert.Equal(t, "arn:aws:iam::"+recorder.FakeAccountID+":role/net", p.Input("assumeRole.roleArn").StringValue())
}

// TestPeeringSplitAcrossStacks: the network program with network:connectivity peering exports a
// peering hub (no Transit Gateway, no share); the workload program reads it from the
// StackReference and peers its spoke with the hub VPC from the workload account, the network
// account's provider accepting and adding the return routes to the hub's own route tables.
func TestPeeringSplitAcrossStacks(t *testing.T) {
	t.Parallel()
	values, err := stackconfig.Load("network", "example")
	require.NoError(t, err)
	values["network:connectivity"] = netcomp.ConnectivityPeering
	var outs recorder.Captured
	net, err := recorder.Run(recorder.Options{Project: "network", Stack: "example", Config: values}, func(ctx *pulumi.Context) error {
		m, err := network(ctx)
		if err == nil {
			outs.Capture(m)
		}
		return err
	})
	require.NoError(t, err)
	assert.Empty(t, net.ByType("aws:ec2transitgateway/transitGateway:TransitGateway"))
	assert.Empty(t, net.ByType("aws:ram/resourceShare:ResourceShare"))
	hub := outs.Value()[netcomp.HubOutput].(map[string]any)
	assert.Equal(t, netcomp.ConnectivityPeering, hub[netcomp.HubKeyConnectivity])

	rec, err := workloadRun(t, nil, outs.Value())
	require.NoError(t, err)
	assert.Empty(t, rec.ByType("aws:ec2transitgateway/vpcAttachment:VpcAttachment"))
	pcx := rec.ByType("aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
	require.Len(t, pcx, 1)
	hubVpc, ok := net.Find("aws:ec2/vpc:Vpc", "hub-vpc")
	require.True(t, ok)
	assert.Equal(t, hubVpc.ID, pcx[0].Input("peerVpcId").StringValue())
	acc := rec.ByType("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter")
	require.Len(t, acc, 1)
	netProv, ok := rec.Find("pulumi:providers:aws", "network")
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(acc[0].Provider, netProv.URN), "accepted in the hub's account")
	hubTables := map[string]bool{}
	for _, rt := range net.ByType("aws:ec2/routeTable:RouteTable") {
		hubTables[rt.ID] = true
	}
	back := 0
	for _, r := range rec.ByType("aws:ec2/route:Route") {
		if hubTables[r.Input("routeTableId").StringValue()] {
			back++
			assert.True(t, strings.HasPrefix(r.Provider, netProv.URN), "%s: the hub's route tables are the network account's", r.Name)
		}
	}
	assert.Equal(t, 2, back, "one return route per hub route table")
}
