package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// goldenStacks are the stacks whose registrations are pinned in testdata/golden/<stack>.json.
var goldenStacks = []string{"dev", "prod"}

// inputsDigest is each URN's inputs as a SHA-256 of their JSON (encoding/json sorts map keys).
func inputsDigest(t *testing.T, rec *recorder.Recording) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range rec.Resources {
		b, err := json.Marshal(r.Inputs.Mappable())
		require.NoError(t, err, r.URN)
		sum := sha256.Sum256(b)
		out[r.URN] = hex.EncodeToString(sum[:])
	}
	return out
}

// TestStacksRegisterTheGoldenURNsAndInputs pins the URNs and the inputs the dev and prod stacks
// register: a refactoring of the wiring (such as the network.HubRef change, whose golden
// files were recorded from the code before it) must not rename, add, drop or change anything.
// A deliberate change regenerates them: UPDATE_GOLDEN=1 go test ./tests -run
// TestStacksRegisterTheGoldenURNsAndInputs
func TestStacksRegisterTheGoldenURNsAndInputs(t *testing.T) {
	t.Parallel()
	for _, stack := range goldenStacks {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, _ := runStack(t, stack)
			got := inputsDigest(t, rec)
			path := filepath.Join(repoRoot(), "tests", "testdata", "golden", stack+".json")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				b, err := json.MarshalIndent(got, "", "  ")
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(path, append(b, '\n'), 0o644))
				return
			}
			b, err := os.ReadFile(path)
			require.NoError(t, err, "golden file (UPDATE_GOLDEN=1 writes it)")
			var want map[string]string
			require.NoError(t, json.Unmarshal(b, &want))
			gone, added, changed := diffDigests(want, got)
			assert.Empty(t, gone, "URNs no longer registered")
			assert.Empty(t, added, "URNs newly registered")
			assert.Empty(t, changed, "URNs whose inputs changed")
			assert.Len(t, got, len(want))
		})
	}
}

// diffDigests compares two inputsDigest maps: URNs only in want, only in got, and in both with
// other inputs, each sorted.
func diffDigests(want, got map[string]string) (gone, added, changed []string) {
	for urn, d := range want {
		switch g, ok := got[urn]; {
		case !ok:
			gone = append(gone, urn)
		case g != d:
			changed = append(changed, urn)
		}
	}
	for urn := range got {
		if _, ok := want[urn]; !ok {
			added = append(added, urn)
		}
	}
	sort.Strings(gone)
	sort.Strings(added)
	sort.Strings(changed)
	return gone, added, changed
}

// TestGoldenDiffCanFail proves the golden comparison reports a renamed, an added and a changed
// resource of the real dev recording, and nothing for the recording itself.
func TestGoldenDiffCanFail(t *testing.T) {
	t.Parallel()
	rec, _ := runStack(t, "dev")
	want := inputsDigest(t, rec)
	gone, added, changed := diffDigests(want, inputsDigest(t, rec))
	assert.Empty(t, append(append(gone, added...), changed...), "a recording equals itself")
	urns := slices.Sorted(maps.Keys(want))
	got := maps.Clone(want)
	got[urns[0]+"-renamed"] = got[urns[0]]
	delete(got, urns[0])
	got[urns[1]] = "different inputs"
	got["urn:pulumi:dev::x::aws:s3/bucket:Bucket::new"] = "new"
	gone, added, changed = diffDigests(want, got)
	assert.Equal(t, []string{urns[0]}, gone)
	assert.Equal(t, []string{urns[0] + "-renamed", "urn:pulumi:dev::x::aws:s3/bucket:Bucket::new"}, added)
	assert.Equal(t, []string{urns[1]}, changed)
}

// TestHubOutputIsTheHubAsAWorkloadStackReadsIt checks that every stack's "hub" output decodes
// with network.HubRefFromOutputs (what HubRefFromStack does with a StackReference) into the
// hub the program built: its CIDR, Region, account, endpoint keys and the ids of its resources.
func TestHubOutputIsTheHubAsAWorkloadStackReadsIt(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			rec, _ := runStack(t, stack)
			// Through JSON, as a StackReference returns it: maps and []any.
			raw, err := json.Marshal(b.outputs[network.HubOutput])
			require.NoError(t, err)
			var value any
			require.NoError(t, json.Unmarshal(raw, &value))
			hub, err := network.HubRefFromOutputs(stack, value, network.SageMakerAPIEndpointKey)
			require.NoError(t, err)
			assert.Equal(t, cfg.Hub.CIDR, hub.Cidr)
			assert.Equal(t, cfg.Region, hub.Region)
			assert.Equal(t, accountID(cfg, cfg.HubAccount()), hub.Account, "the hub's account (the deploying account's without accounts)")
			assert.Equal(t, slices.Sorted(slices.Values(cfg.Hub.Endpoints)), hub.EndpointKeys)
			assert.Equal(t, mustFind(t, rec, "aws:ec2/vpc:Vpc", "hub-vpc").ID, plainString(hub.VpcId))
			assert.Equal(t, mustFind(t, rec, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw").ID, plainString(hub.TransitGatewayId))
			assert.Equal(t, mustFind(t, rec, "aws:ec2transitgateway/routeTable:RouteTable", "hub-tgw-rt").ID, plainString(hub.TransitGatewayRouteTableId))
			require.Len(t, hub.EndpointIds, len(cfg.Hub.Endpoints))
			require.Len(t, hub.ZoneIds, len(cfg.Hub.Endpoints))
			for _, k := range cfg.Hub.Endpoints {
				assert.Equal(t, mustFind(t, rec, "aws:ec2/vpcEndpoint:VpcEndpoint", "hub-"+k).ID, plainString(hub.EndpointIds[k]), k)
				assert.Equal(t, mustFind(t, rec, "aws:route53/zone:Zone", "hub-"+k+"-zone").ID, plainString(hub.ZoneIds[k]), k)
			}
		})
	}
}

// plainString is a plain pulumi.String's value ("" for anything else): HubRefFromOutputs
// returns plain values.
func plainString(in pulumi.StringInput) string {
	s, _ := in.(pulumi.String)
	return string(s)
}
