package iamsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseResourcePolicyPrincipals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, principal string
		ok              bool
	}{
		{"star", `"*"`, true},
		{"aws star", `{"AWS":"*"}`, true},
		{"aws star list", `{"AWS":["*"]}`, true},
		{"account root", `{"AWS":"arn:aws:iam::123456789012:root"}`, false},
		{"service", `{"Service":"sagemaker.amazonaws.com"}`, false},
		{"two types", `{"AWS":"*","Service":"x.amazonaws.com"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + tc.principal +
				`,"Action":"codeartifact:ReadFromRepository","Resource":"*"}]}`
			_, err := ParseResourcePolicy([]byte(doc))
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, "Principal")
			}
		})
	}
	_, err := ParseResourcePolicy([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`))
	assert.ErrorContains(t, err, "no Principal")
}

func TestDecideWithResourcePolicy(t *testing.T) {
	t.Parallel()
	identity, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codeartifact:ReadFromRepository","Resource":"*"}]}`))
	require.NoError(t, err)
	none, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`))
	require.NoError(t, err)
	resource, err := ParseResourcePolicy([]byte(`{"Version":"2012-10-17","Statement":[
		{"Sid":"Admit","Effect":"Allow","Principal":"*","Action":"codeartifact:ReadFromRepository","Resource":"*",
		 "Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}},
		{"Sid":"Vpce","Effect":"Deny","Principal":"*","Action":"codeartifact:ReadFromRepository","Resource":"*",
		 "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`))
	require.NoError(t, err)
	in := map[string][]string{"aws:PrincipalAccount": {"111111111111"}, "aws:SourceVpce": {"vpce-1"}}
	out := map[string][]string{"aws:PrincipalAccount": {"222222222222"}, "aws:SourceVpce": {"vpce-1"}}
	for _, tc := range []struct {
		name     string
		identity Policy
		keys     map[string][]string
		same     bool
		want     Decision
	}{
		{"same account, identity allows", identity, in, true, Allow},
		{"same account, resource allows alone", none, in, true, Allow},
		{"same account, other endpoint: explicit deny wins", identity, map[string][]string{"aws:PrincipalAccount": {"111111111111"}, "aws:SourceVpce": {"vpce-2"}}, true, Deny},
		{"same account, no endpoint: deny", identity, map[string][]string{"aws:PrincipalAccount": {"111111111111"}}, true, Deny},
		{"cross account, identity allows, resource does not admit", identity, out, false, NotApplicable},
		{"cross account, resource admits, identity silent", none, in, false, NotApplicable},
		{"cross account, both allow", identity, in, false, Allow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecideWithResourcePolicy(tc.identity, resource, Request{Action: "codeartifact:ReadFromRepository", Keys: tc.keys}, tc.same)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
