// Package configgen generates landing-zone stack configurations for property tests and fuzzing:
// flat maps of fully qualified config keys to raw values, as the Pulumi engine hands them to the
// program (structured values as JSON). Generated configurations sit near the edges of the rules
// (name lengths around IAM's and SageMaker's limits, small subnets, many users, names that
// clash once the program derives resource names from them), and Mutate damages one at random, so
// that both sides of config.Validate are exercised.
package configgen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// Project is the config namespace (config.Project; not imported, so that package config's own
// tests can use the generator).
const Project = "sagemaker-landing-zone"

// Chooser supplies the generator's decisions.
type Chooser interface {
	// Intn returns a value in [0, n); n > 0.
	Intn(n int) int
}

// Rand is a Chooser over a seeded math/rand/v2 generator: deterministic for a seed.
type Rand struct{ R *rand.Rand }

// NewRand returns a deterministic Chooser for seed.
func NewRand(seed uint64) Rand { return Rand{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (r Rand) Intn(n int) int { return r.R.IntN(n) }

// Bytes is a Chooser driven by a fuzzer's input: each decision consumes bytes; when they run
// out, every decision is 0 (the first option), so short inputs give small configurations.
type Bytes struct {
	data []byte
	pos  int
}

// NewBytes returns a Chooser over data.
func NewBytes(data []byte) *Bytes { return &Bytes{data: data} }

func (b *Bytes) Intn(n int) int {
	if n <= 1 {
		return 0
	}
	v := 0
	for need := n - 1; need > 0; need >>= 8 {
		if b.pos < len(b.data) {
			v = v<<8 | int(b.data[b.pos])
			b.pos++
		} else {
			v <<= 8
		}
	}
	return v % n
}

type gen struct{ c Chooser }

func (g gen) n(n int) int                { return g.c.Intn(n) }
func (g gen) chance(pct int) bool        { return g.n(100) < pct }
func (g gen) pick(opts ...string) string { return opts[g.n(len(opts))] }

// name draws a name of [a-z0-9-] starting with a letter; its length is drawn around the limits
// that matter (IAM role keys, the spoke flow-log role, SageMaker's 63).
func (g gen) name(upper bool) string {
	lengths := []int{1, 2, 3, 5, 8, 12, 20, 27, 28, 29, 34, 35, 36, 40, 41, 63, 64, 70}
	l := lengths[g.n(len(lengths))]
	if g.chance(80) {
		l = 1 + g.n(12)
	}
	letters := "abcdefghijklmnopqrstuvwxyz"
	if upper {
		letters += "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	}
	var sb strings.Builder
	sb.WriteByte(letters[g.n(len(letters))])
	for sb.Len() < l {
		switch r := g.n(12); {
		case r == 0 && sb.Len() < l-1:
			sb.WriteString(g.pick("-", "-user-", "-domain", "--"))
		case r < 3:
			sb.WriteByte("0123456789"[g.n(10)])
		default:
			sb.WriteByte(letters[g.n(len(letters))])
		}
	}
	s := sb.String()
	if len(s) > l {
		s = s[:l]
	}
	if strings.HasSuffix(s, "-") && g.chance(90) {
		s = strings.TrimRight(s, "-") + "z"
	}
	return s
}

// Generate returns a configuration drawn from c.
func Generate(c Chooser) map[string]string {
	g := gen{c}
	tree := map[string]any{}
	region := g.pick("us-east-1", "us-east-1", "eu-central-1", "eu-west-1", "us-west-2", "us-east-1", "eu-west-1", "ap-southeast-2")
	tree["aws:region"] = region
	nAZ := 2 + g.n(3)
	if g.chance(3) {
		nAZ = 17
	}
	var azs []any
	for i := 0; i < nAZ; i++ {
		azs = append(azs, region+string(rune('a'+i)))
	}
	k := func(s string) string { return Project + ":" + s }
	tree[k("availabilityZones")] = azs
	if g.chance(70) {
		tree[k("environment")] = g.pick("dev", "test", "staging", "prod")
	}
	tree[k("tags")] = map[string]any{
		"owner":           g.pick("ml-platform@example.com", "team", "Data Science: EU", "a@b.co"),
		"costCenter":      g.pick("CC-1", "cc.2_x", "1234", "Finance 7"),
		"dataSensitivity": g.pick("public", "internal", "confidential", "regulated"),
	}
	if g.chance(30) {
		tree[k("organizationId")] = g.pick("o-exampleorg1", "o-abcdefghij12")
	}

	catalog := []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs", "monitoring", "ecr.api",
		"ecr.dkr", "kms", "ssm", "servicecatalog", "notebook", "featurestore-runtime"}
	hubBits := g.vpcPrefix()
	hub := map[string]any{"cidr": fmt.Sprintf("10.0.0.0/%d", hubBits)}
	if g.chance(60) {
		eps := []any{"sagemaker.api"}
		for _, e := range catalog[1:] {
			// The deny guard names the API and the studio endpoint: a hub has both (the draw
			// is still made, so the rest of the sequence does not shift).
			if g.chance(40) || e == "studio" {
				eps = append(eps, e)
			}
		}
		if g.chance(5) {
			eps = eps[1:]
		}
		hub["endpoints"] = eps
	}
	if g.chance(25) {
		hub["azCount"] = 2 + g.n(nAZ-1)
	}
	if g.chance(20) {
		hub["subnetPrefixLength"] = min(hubBits+g.n(5), 29)
	}
	tree[k("hub")] = hub

	nSpokes := 1 + g.n(3)
	var spokes []any
	var spokeNames []string
	buckets := []string{"example-data", "example-models", "shared.ml.bucket", "x1y"}
	for i := 0; i < nSpokes; i++ {
		name := g.name(false)
		spokeNames = append(spokeNames, name)
		bits := g.vpcPrefix()
		// Masked, so that a wide prefix is judged by its size, not its host bits.
		cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i + 1), 0, 0}), bits).Masked().String()
		s := map[string]any{"name": name, "cidr": cidr}
		if g.chance(25) {
			s["azCount"] = 2 + g.n(nAZ-1)
		}
		if g.chance(15) {
			s["subnetPrefixLength"] = min(bits+g.n(5), 29)
		}
		if g.chance(50) {
			var bs []any
			for _, b := range buckets {
				if g.chance(40) {
					bs = append(bs, b)
				}
			}
			s["s3Buckets"] = bs
		}
		if g.chance(40) {
			s["flowLogRetentionDays"] = []int{1, 30, 365, 731, 3653}[g.n(5)]
		}
		spokes = append(spokes, s)
	}
	tree[k("spokes")] = spokes

	nDomains := 1 + g.n(3)
	var domains []any
	for i := 0; i < nDomains; i++ {
		d := map[string]any{"name": g.name(true), "spoke": spokeNames[g.n(len(spokeNames))]}
		if g.chance(30) {
			d["authMode"] = g.pick("IAM", "SSO")
		}
		if g.chance(30) {
			d["perUserSecurityGroups"] = g.chance(50)
		}
		if g.chance(10) {
			d["sharingS3OutputPath"] = "s3://example-share/notebooks"
			d["sharingKmsKeyArn"] = "arn:aws:kms:us-east-1:123456789012:key/abcd-1234"
		}
		var users []any
		for j, n := 0, g.n(5); j < n; j++ {
			u := map[string]any{"name": g.name(true), "owner": g.pick("a@example.com", "team b", "x")}
			if g.chance(15) {
				u["ownExecutionRole"] = true
			}
			users = append(users, u)
		}
		if users != nil {
			d["users"] = users
		}
		domains = append(domains, d)
	}
	tree[k("domains")] = domains

	if g.chance(40) {
		guards := map[string]any{}
		if g.chance(50) {
			guards["denyNotebookRootAccess"] = g.chance(50)
		}
		if g.chance(30) {
			guards["createServiceControlPolicy"] = true
		}
		if g.chance(40) {
			guards["kmsKeyArns"] = []any{"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
		}
		if g.chance(30) {
			guards["logGroupArns"] = []any{"arn:aws:logs:us-east-1:123456789012:log-group:/ml/jobs"}
		}
		if g.chance(30) {
			guards["ecrRepositoryArns"] = []any{"arn:aws:ecr:us-east-1:123456789012:repository/ml/images"}
		}
		tree[k("guards")] = guards
	}
	if g.chance(50) {
		b := map[string]any{"monthlyLimitUsd": []float64{1, 400, 2500.5}[g.n(3)],
			"emails": []any{g.pick("ops@example.com", "finops@example.org")}}
		if g.chance(40) {
			b["thresholdsPercent"] = []any{50, 80, 100}[:1+g.n(3)]
		}
		tree[k("budget")] = b
	}
	g.newerSections(tree, hub, spokeNames)
	return Flatten(tree)
}

// newerSections adds, now and then, the sections that came after the network core: the package
// supply path (with the CodeArtifact endpoints it needs, most of the time), corporate access,
// the human access policy and runtime settings. Drawn last, so the draws above stay as they were.
func (g gen) newerSections(tree map[string]any, hub map[string]any, spokeNames []string) {
	k := func(s string) string { return Project + ":" + s }
	if g.chance(25) {
		tree[k("supply")] = map[string]any{"packages": map[string]any{}}
		if g.chance(90) {
			eps, ok := hub["endpoints"].([]any)
			if !ok {
				for _, e := range network.RequiredEndpointKeys() {
					eps = append(eps, e)
				}
			}
			hub["endpoints"] = append(eps, "codeartifact.api", "codeartifact.repositories")
		}
	}
	if g.chance(20) {
		cidr, server := "192.168.0.0/16", "192.168.10.10"
		if g.chance(50) {
			cidr, server = "172.16.0.0/12", "172.16.0.10"
		}
		corp := map[string]any{"cidrs": []any{cidr}}
		switch g.n(3) {
		case 0:
			corp["vpn"] = map[string]any{"customerGatewayIp": "198.51.100.10"}
		case 1:
			corp["directConnectGatewayId"] = "00000000-0000-4000-8000-000000000000"
			corp["directConnectGatewayAsn"] = 64512 // AWS's default; the Transit Gateway's default differs
		default:
			corp["transitGatewayAttachmentId"] = "tgw-attach-0123456789abcdef0"
		}
		if g.chance(50) {
			corp["onPremisesSpokes"] = []any{spokeNames[g.n(len(spokeNames))]}
		}
		if g.chance(30) {
			corp["dns"] = map[string]any{"forwardDomains": []any{"corp.example.com"}, "serverIps": []any{server}}
		}
		tree[k("corporate")] = corp
	}
	if g.chance(15) {
		tree[k("humanAccess")] = map[string]any{"profileTagKey": g.pick("studio-profile", "team/profile")}
	}
	if g.chance(20) {
		rt := map[string]any{}
		if g.chance(50) {
			rt["dnsFirewall"] = map[string]any{"extraAllowedDomains": []any{"mirror.example.org"}, "queryLogRetentionDays": 30}
		}
		if g.chance(50) {
			rt["dashboard"] = map[string]any{"enabled": false}
		}
		tree[k("runtime")] = rt
	}
	if g.chance(25) {
		// Peering rejects corporate.onPremisesSpokes: drop them most of the time so that most
		// peering configurations are valid and built.
		hub["connectivity"] = g.pick(network.ConnectivityPeering, network.ConnectivityTransitGateway)
		if corp, ok := tree[k("corporate")].(map[string]any); ok && hub["connectivity"] == network.ConnectivityPeering && g.chance(80) {
			delete(corp, "onPremisesSpokes")
		}
		if g.chance(20) {
			hub["peeringQuota"] = g.between(1, 60)
		}
	}
	g.accounts(tree, hub)
}

// accounts adds, now and then, a multi-account layout: a network, a research and (most of the
// time) the deploying account's entry; the hub in one of them, each spoke in one of them (or
// unset: the deploying account); now and then Route 53 Profile zone sharing and an OU as the RAM
// shares' principal. Drawn last, so the draws above stay as they were.
func (g gen) accounts(tree map[string]any, hub map[string]any) {
	k := func(s string) string { return Project + ":" + s }
	if !g.chance(25) {
		return
	}
	accts := []any{
		map[string]any{"name": "network", "id": "333333333333", "roleArn": "arn:aws:iam::333333333333:role/landing-zone-deploy"},
		map[string]any{"name": "research", "id": "222222222222", "roleArn": "arn:aws:iam::222222222222:role/landing-zone-deploy"},
	}
	names := []string{"", "network", "research"}
	if g.chance(85) {
		accts = append(accts, map[string]any{"name": "platform", "id": "123456789012"})
		names = append(names, "platform")
	}
	tree[k("accounts")] = accts
	if a := names[g.n(len(names))]; a != "" {
		hub["account"] = a
	}
	if spokes, ok := tree[k("spokes")].([]any); ok {
		for _, s := range spokes {
			if m, ok := s.(map[string]any); ok {
				if a := names[g.n(len(names))]; a != "" {
					m["account"] = a
				}
			}
		}
	}
	if g.chance(30) {
		hub["zoneSharing"] = g.pick("profile", "authorization")
	}
	if org, ok := tree[k("organizationId")].(string); ok && g.chance(30) {
		hub["sharePrincipals"] = []any{"arn:aws:organizations::111111111111:ou/" + org + "/ou-ab12-cdef3456"}
		hub["ramOrganizationSharing"] = true // organization and OU principals need RAM sharing with AWS Organizations on
	}
}

func (g gen) between(lo, hi int) int { return lo + g.n(hi-lo+1) }

// vpcPrefix is a VPC block's prefix length: mostly one a landing zone uses (/16 to /26), and one
// time in five any of /8 to /32, so that both sides of AWS's /16 to /28 VPC range
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html) and its edges come up.
func (g gen) vpcPrefix() int {
	if g.chance(20) {
		return g.between(8, 32)
	}
	return g.between(16, 26)
}

// troublemakers are the values Mutate plants.
var troublemakers = []any{"", "x", "UPPER_case", strings.Repeat("a", 70), "a" + strings.Repeat("-b", 40), "10.0.0.0/8",
	"10.1.0.0/20", "us-east-1z", "arn:aws:s3:::bucket", "o-123", -1, 0, 1, 2, 17, 45, 10000, 1.5, true, nil,
	[]any{}, map[string]any{}, "a@b", "research", "sagemaker.api"}

// Mutate damages a configuration: one to three random changes to its values (replace a value
// with a troublemaker, delete a key or field, duplicate a list element, add an unknown field).
func Mutate(c Chooser, flat map[string]string) map[string]string {
	g := gen{c}
	tree := Unflatten(flat)
	for i, n := 0, 1+g.n(3); i < n; i++ {
		keys := sortedKeys(tree)
		key := keys[g.n(len(keys))]
		switch g.n(10) {
		case 0:
			delete(tree, key)
		case 1:
			tree[key] = troublemakers[g.n(len(troublemakers))]
		default:
			tree[key] = mutateValue(g, tree[key])
		}
	}
	return Flatten(tree)
}

func mutateValue(g gen, v any) any {
	switch v := v.(type) {
	case map[string]any:
		keys := sortedKeys(v)
		if len(keys) == 0 || g.chance(5) {
			v["unexpected"] = true
			return v
		}
		key := keys[g.n(len(keys))]
		switch g.n(6) {
		case 0:
			delete(v, key)
		case 1:
			v[key] = troublemakers[g.n(len(troublemakers))]
		default:
			v[key] = mutateValue(g, v[key])
		}
		return v
	case []any:
		if len(v) == 0 {
			return append(v, troublemakers[g.n(len(troublemakers))])
		}
		i := g.n(len(v))
		switch g.n(5) {
		case 0:
			return append(v, v[i]) // a duplicate
		case 1:
			return append(v[:i:i], v[i+1:]...)
		default:
			v[i] = mutateValue(g, v[i])
			return v
		}
	}
	return troublemakers[g.n(len(troublemakers))]
}

// Flatten renders a tree of decoded values as the engine passes config: strings as they are,
// everything else as JSON.
func Flatten(tree map[string]any) map[string]string {
	out := map[string]string{}
	for key, v := range tree {
		if s, ok := v.(string); ok {
			out[key] = s
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // only JSON values are generated
		}
		out[key] = string(b)
	}
	return out
}

// Unflatten decodes the structured values (JSON objects and lists) of a flat configuration.
func Unflatten(flat map[string]string) map[string]any {
	tree := map[string]any{}
	for key, raw := range flat {
		var v any
		if (strings.HasPrefix(raw, "{") || strings.HasPrefix(raw, "[")) && json.Unmarshal([]byte(raw), &v) == nil {
			tree[key] = v
		} else {
			tree[key] = raw
		}
	}
	return tree
}

// StackYAML renders a flat configuration as a Pulumi stack file (JSON values are YAML flow
// values), for tools that read stack files such as cmd/plan --config.
func StackYAML(flat map[string]string) []byte {
	var sb strings.Builder
	sb.WriteString("config:\n")
	for _, key := range sortedKeys(flat) {
		raw := flat[key]
		var v any
		if (strings.HasPrefix(raw, "{") || strings.HasPrefix(raw, "[")) && json.Unmarshal([]byte(raw), &v) == nil {
			fmt.Fprintf(&sb, "  %s: %s\n", key, raw)
			continue
		}
		b, _ := json.Marshal(raw)
		fmt.Fprintf(&sb, "  %s: %s\n", key, b)
	}
	return []byte(sb.String())
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
