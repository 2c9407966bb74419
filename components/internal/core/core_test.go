package core

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
		{"later maps win", MergeTags(map[string]string{"a": "1", "b": "1"}, nil, map[string]string{"b": "2"}),
			pulumi.StringMap{"a": pulumi.String("1"), "b": pulumi.String("2")}},
		{"no maps", MergeTags(), pulumi.StringMap{}},
		{"Name added", NameTags(map[string]string{"team": "ml"}, "hub-vpc"),
			pulumi.StringMap{"team": pulumi.String("ml"), "Name": pulumi.String("hub-vpc")}},
		{"base Name wins", NameTags(map[string]string{"Name": "custom"}, "hub-vpc"),
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
			p, s := PartitionOf(tc.region)
			assert.Equal(t, tc.partition, p)
			assert.Equal(t, tc.suffix, s)
		})
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		add  func(p *Problems)
		want []string
	}{
		{"none", func(*Problems) {}, nil},
		{"string echoed quoted", func(p *Problems) { p.Bad("Region", "mars-1", "an AWS Region") },
			[]string{`X "x": Region = "mars-1": want an AWS Region`}},
		{"number echoed bare", func(p *Problems) { p.Bad("MaxSubnetIds", -1, "a positive count") },
			[]string{`X "x": MaxSubnetIds = -1: want a positive count`}},
		{"missing", func(p *Problems) { p.Missing("VpcId", "a VPC id") }, []string{`X "x": VpcId is not set: want a VPC id`}},
		{"all joined", func(p *Problems) { p.Missing("A", "a"); p.Bad("B", "b", "c") },
			[]string{`X "x": A is not set: want a` + "\n" + `X "x": B = "b": want c`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := NewProblems("X", "x")
			tc.add(p)
			if tc.want == nil {
				assert.NoError(t, p.Err())
				return
			}
			for _, w := range tc.want {
				assert.EqualError(t, p.Err(), w)
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
			assert.Equal(t, tc.want, UnsetInput(tc.in))
		})
	}
}
