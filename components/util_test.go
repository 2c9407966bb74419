package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

func TestTagHelpers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		got  pulumi.StringMap
		want pulumi.StringMap
	}{
		{"later maps win", mergeTags(map[string]string{"a": "1", "b": "1"}, nil, map[string]string{"b": "2"}),
			pulumi.StringMap{"a": pulumi.String("1"), "b": pulumi.String("2")}},
		{"no maps", mergeTags(), pulumi.StringMap{}},
		{"Name added", nameTags(map[string]string{"team": "ml"}, "hub-vpc"),
			pulumi.StringMap{"team": pulumi.String("ml"), "Name": pulumi.String("hub-vpc")}},
		{"base Name wins", nameTags(map[string]string{"Name": "custom"}, "hub-vpc"),
			pulumi.StringMap{"Name": pulumi.String("custom")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.got)
		})
	}
}

func TestPartitionOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ region, partition, suffix string }{
		{"us-east-1", "aws", "amazonaws.com"},
		{"cn-north-1", "aws-cn", "amazonaws.com.cn"},
		{"us-gov-west-1", "aws-us-gov", "amazonaws.com"},
	} {
		t.Run(tc.region, func(t *testing.T) {
			t.Parallel()
			p, s := partitionOf(tc.region)
			assert.Equal(t, tc.partition, p)
			assert.Equal(t, tc.suffix, s)
		})
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		add  func(p *problems)
		want []string
	}{
		{"none", func(*problems) {}, nil},
		{"string echoed quoted", func(p *problems) { p.bad("Region", "mars-1", "an AWS Region") },
			[]string{`X "x": Region = "mars-1": want an AWS Region`}},
		{"number echoed bare", func(p *problems) { p.bad("MaxSubnetIds", -1, "a positive count") },
			[]string{`X "x": MaxSubnetIds = -1: want a positive count`}},
		{"missing", func(p *problems) { p.missing("VpcId", "a VPC id") }, []string{`X "x": VpcId is not set: want a VPC id`}},
		{"all joined", func(p *problems) { p.missing("A", "a"); p.bad("B", "b", "c") },
			[]string{`X "x": A is not set: want a` + "\n" + `X "x": B = "b": want c`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newProblems("X", "x")
			tc.add(p)
			if tc.want == nil {
				assert.NoError(t, p.err())
				return
			}
			for _, w := range tc.want {
				assert.EqualError(t, p.err(), w)
			}
		})
	}
}

func TestUnsetInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   pulumi.Input
		want bool
	}{
		{"nil", nil, true},
		{"zero-value Output", pulumi.StringOutput{}, true},
		{"missing map entry", map[string]pulumi.StringOutput{}["x"], true},
		{"literal", pulumi.String("vpc-1"), false},
		{"resolved Output", pulumi.String("vpc-1").ToStringOutput(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, unsetInput(tc.in))
		})
	}
}
