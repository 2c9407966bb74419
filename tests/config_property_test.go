package tests

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/configgen"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// propertyConfigs is how many generated configurations the default run checks (half of them
// mutated); `go test ./tests -run TestConfigValidateIsTheProgramsContract -args -test.short=false`
// keeps it; the fuzz target explores further.
const propertyConfigs = 300

// TestConfigValidateIsTheProgramsContract proves, over generated configurations (valid ones near
// the edges of the rules, and damaged ones), that config.Validate is exactly the program's
// contract: for every configuration it accepts, the whole program (landingzone.Run under the
// recording mock) registers with no error and no two resources share a URN; for every one it
// rejects, the program fails with the same keys and registers nothing.
func TestConfigValidateIsTheProgramsContract(t *testing.T) {
	t.Parallel()
	r := configgen.NewRand(20261130)
	accepted, rejected, multiAccount, peering := 0, 0, 0, 0
	tooWide, tooNarrow := 0, 0
	for i := 0; i < propertyConfigs; i++ {
		values := configgen.Generate(r)
		if i%2 == 1 {
			values = configgen.Mutate(r, values)
		} else if bits := hubPrefix(t, values); bits < network.MinVpcPrefix || bits > network.MaxSubnetPrefix {
			// Outside AWS's /16 to /28 VPC range
			// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html): rejected,
			// naming the hub's CIDR.
			if bits < network.MinVpcPrefix {
				tooWide++
			} else {
				tooNarrow++
			}
			_, err := config.FromGetter("prop", getter(values))
			require.Error(t, err, "config #%d: hub /%d", i, bits)
			assert.Contains(t, config.Keys(err), config.Project+":hub.cidr", "config #%d: hub /%d", i, bits)
		}
		if checkConfigProperty(t, fmt.Sprintf("config #%d", i), values) {
			accepted++
			if values[config.Project+":accounts"] != "" {
				multiAccount++
			}
			if strings.Contains(values[config.Project+":hub"], `"peering"`) {
				peering++
			}
		} else {
			rejected++
		}
	}
	t.Logf("%d accepted (%d multi-account, %d peering), %d rejected", accepted, multiAccount, peering, rejected)
	// The multi-account layouts and peering are among the accepted ones, so the program is built
	// for them too.
	assert.Positive(t, multiAccount, "accepted multi-account configurations")
	assert.Positive(t, peering, "accepted peering configurations")
	// The generator reaches past both ends of the VPC range.
	assert.Positive(t, tooWide, "generated hub blocks wider than /16")
	assert.Positive(t, tooNarrow, "generated hub blocks narrower than /28")
	// Both sides of the property must be exercised.
	assert.Greater(t, accepted, propertyConfigs/10, "generated configurations that Validate accepts")
	assert.Greater(t, rejected, propertyConfigs/10, "generated configurations that Validate rejects")
}

// FuzzConfigValidateIsTheProgramsContract is the same property over fuzzer-driven
// configurations: go test ./tests -run '^$' -fuzz FuzzConfigValidateIsTheProgramsContract
func FuzzConfigValidateIsTheProgramsContract(f *testing.F) {
	f.Add([]byte{}, false)
	f.Add([]byte("landing zone"), true)
	f.Add([]byte{0xff, 0x10, 0x80, 0x01, 0x7f, 0x33, 0x99, 0x00, 0x42}, false)
	f.Fuzz(func(t *testing.T, data []byte, mutate bool) {
		c := configgen.NewBytes(data)
		values := configgen.Generate(c)
		if mutate {
			values = configgen.Mutate(c, values)
		}
		checkConfigProperty(t, "fuzzed config", values)
	})
}

// hubPrefix is the prefix length of the generated hub CIDR.
func hubPrefix(t *testing.T, values map[string]string) int {
	t.Helper()
	var hub struct {
		Cidr string `json:"cidr"`
	}
	require.NoError(t, json.Unmarshal([]byte(values[config.Project+":hub"]), &hub))
	p, err := netip.ParsePrefix(hub.Cidr)
	require.NoError(t, err, hub.Cidr)
	return p.Bits()
}

// checkConfigProperty checks the property for one configuration and reports whether Validate
// accepted it.
func checkConfigProperty(t *testing.T, what string, values map[string]string) bool {
	t.Helper()
	yaml := string(configgen.StackYAML(values))
	_, verr := config.FromGetter("prop", getter(values))
	rec, rerr := recorder.Run(recorder.Options{Project: config.Project, Stack: "prop", Config: values}, landingzone.Run)
	if verr == nil {
		require.NoError(t, rerr, "%s: Validate accepted it, so the program must register without error:\n%s", what, yaml)
		seen := map[string]bool{}
		for _, res := range rec.Resources {
			require.False(t, seen[res.URN], "%s: two resources share URN %s (the engine refuses that):\n%s", what, res.URN, yaml)
			seen[res.URN] = true
		}
		require.NotEmpty(t, rec.Resources, what)
		return true
	}
	keys := config.Keys(verr)
	require.NotEmpty(t, keys, "%s: every problem names a key: %v", what, verr)
	require.Error(t, rerr, "%s: Validate rejected it, so must the program:\n%s", what, yaml)
	require.Equal(t, keys, config.Keys(rerr), "%s: the program reports the same keys", what)
	require.Empty(t, rec.Resources, "%s: nothing is registered for a rejected configuration:\n%s", what, yaml)
	return false
}
