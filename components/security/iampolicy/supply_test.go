package iampolicy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

const (
	supplyAccount = "123456789012"
	outsider      = "210987654321"
	apiVpce       = "vpce-0aaaaaaaaaaaaaaa1"
	reposVpce     = "vpce-0bbbbbbbbbbbbbbb2"
	otherVpce     = "vpce-0ccccccccccccccc3"
)

func supplySpec() iampolicy.SupplySpec {
	return iampolicy.SupplySpec{Partition: "aws", Region: "us-east-1", AccountID: supplyAccount,
		Domain: "ml-packages", ReadRepository: "pypi", EcrRepositories: []string{"team/base"}}
}

func mustIdentity(t *testing.T, s iampolicy.SupplySpec) iamsim.Policy {
	t.Helper()
	doc, err := iampolicy.SupplyAccessPolicy(s)
	require.NoError(t, err)
	p, err := iamsim.Parse([]byte(doc.MustJSON()))
	require.NoError(t, err)
	return p
}

// mustResource parses a resource policy builder's result: mustResource(t)(builder(...)).
func mustResource(t *testing.T) func(iampolicy.Document, error) iamsim.Policy {
	return func(doc iampolicy.Document, err error) iamsim.Policy {
		t.Helper()
		require.NoError(t, err)
		p, err := iamsim.ParseResourcePolicy([]byte(doc.MustJSON()))
		require.NoError(t, err)
		return p
	}
}

func through(vpce, account string) map[string][]string {
	k := map[string][]string{"aws:PrincipalAccount": {account}}
	if vpce != "" {
		k["aws:SourceVpce"] = []string{vpce}
	}
	return k
}

// The execution role reads packages through the endpoints, cannot publish, and an outside
// principal cannot read even with an identity policy that allows everything.
func TestSupplyPoliciesReadNotPublishNotOutsiders(t *testing.T) {
	t.Parallel()
	rp := iampolicy.SupplyResourcePolicySpec{AccountID: supplyAccount, VpcEndpointIds: []string{reposVpce, apiVpce}}
	studio := mustIdentity(t, supplySpec())
	everything, err := iamsim.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codeartifact:*","sts:*"],"Resource":"*"}]}`))
	require.NoError(t, err)
	repo := mustResource(t)(iampolicy.CodeArtifactRepositoryPolicy(rp, false))
	domain := mustResource(t)(iampolicy.CodeArtifactDomainPolicy(rp))

	repoArn := iampolicy.CodeArtifactRepositoryArn("aws", "us-east-1", supplyAccount, "ml-packages", "pypi")
	storeArn := iampolicy.CodeArtifactRepositoryArn("aws", "us-east-1", supplyAccount, "ml-packages", "pypi-store")
	domainArn := iampolicy.CodeArtifactDomainArn("aws", "us-east-1", supplyAccount, "ml-packages")
	pkgArn := "arn:aws:codeartifact:us-east-1:" + supplyAccount + ":package/ml-packages/pypi/pypi//numpy"
	for _, tc := range []struct {
		name     string
		identity iamsim.Policy
		resource iamsim.Policy
		action   string
		arn      string
		keys     map[string][]string
		same     bool
		want     iamsim.Decision
	}{
		{"studio reads through the repositories endpoint", studio, repo, "codeartifact:ReadFromRepository", repoArn, through(reposVpce, supplyAccount), true, iamsim.Allow},
		{"studio gets the repository endpoint through the api endpoint", studio, repo, "codeartifact:GetRepositoryEndpoint", repoArn, through(apiVpce, supplyAccount), true, iamsim.Allow},
		{"studio reads from another VPC endpoint: denied", studio, repo, "codeartifact:ReadFromRepository", repoArn, through(otherVpce, supplyAccount), true, iamsim.Deny},
		{"studio reads over the internet: denied", studio, repo, "codeartifact:ReadFromRepository", repoArn, through("", supplyAccount), true, iamsim.Deny},
		{"studio cannot publish", studio, repo, "codeartifact:PublishPackageVersion", pkgArn, through(reposVpce, supplyAccount), true, iamsim.Deny},
		{"an admin of the account cannot publish either", everything, repo, "codeartifact:PublishPackageVersion", pkgArn, through(reposVpce, supplyAccount), true, iamsim.Deny},
		{"studio may not read the upstream store directly (not granted)", studio, iamsim.Policy{}, "codeartifact:ReadFromRepository", storeArn, through(reposVpce, supplyAccount), true, iamsim.NotApplicable},
		{"an outside principal cannot read", everything, repo, "codeartifact:ReadFromRepository", repoArn, through(reposVpce, outsider), false, iamsim.NotApplicable},
		{"an outside principal gets no token", everything, domain, "codeartifact:GetAuthorizationToken", domainArn, through(apiVpce, outsider), false, iamsim.NotApplicable},
		{"studio gets a token through the api endpoint", studio, domain, "codeartifact:GetAuthorizationToken", domainArn, through(apiVpce, supplyAccount), true, iamsim.Allow},
		{"studio gets no token over the internet", studio, domain, "codeartifact:GetAuthorizationToken", domainArn, through("", supplyAccount), true, iamsim.Deny},
		{"an admin of the account gets no token over the internet", everything, domain, "codeartifact:GetAuthorizationToken", domainArn, through("", supplyAccount), true, iamsim.Deny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := iamsim.DecideWithResourcePolicy(tc.identity, tc.resource, iamsim.Request{Action: tc.action, Resource: tc.arn, Keys: tc.keys}, tc.same)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// With an organization, principals of other member accounts are admitted (when their own identity
// policy allows), outsiders are not.
func TestSupplyRepositoryPolicyOrganization(t *testing.T) {
	t.Parallel()
	rp := iampolicy.SupplyResourcePolicySpec{OrganizationID: "o-exampleorg1", VpcEndpointIds: []string{reposVpce}}
	repo := mustResource(t)(iampolicy.CodeArtifactRepositoryPolicy(rp, false))
	member, err := iamsim.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codeartifact:ReadFromRepository","Resource":"*"}]}`))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		keys map[string][]string
		want iamsim.Decision
	}{
		{"member account through the endpoint", map[string][]string{"aws:PrincipalOrgID": {"o-exampleorg1"}, "aws:SourceVpce": {reposVpce}}, iamsim.Allow},
		{"other organization", map[string][]string{"aws:PrincipalOrgID": {"o-otherorg0001"}, "aws:SourceVpce": {reposVpce}}, iamsim.NotApplicable},
		{"member account over the internet", map[string][]string{"aws:PrincipalOrgID": {"o-exampleorg1"}}, iamsim.Deny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := iamsim.DecideWithResourcePolicy(member, repo, iamsim.Request{Action: "codeartifact:ReadFromRepository", Keys: tc.keys}, false)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// allowPublish admits publishing through the endpoints, and the identity policy grants it only on
// the named repositories.
func TestSupplyPublishOnlyWhenConfigured(t *testing.T) {
	t.Parallel()
	rp := iampolicy.SupplyResourcePolicySpec{AccountID: supplyAccount, VpcEndpointIds: []string{reposVpce}}
	spec := supplySpec()
	spec.PublishRepositories = []string{"team-internal"}
	studio := mustIdentity(t, spec)
	internal := mustResource(t)(iampolicy.CodeArtifactRepositoryPolicy(rp, true))
	proxy := mustResource(t)(iampolicy.CodeArtifactRepositoryPolicy(rp, false))
	internalPkg := "arn:aws:codeartifact:us-east-1:" + supplyAccount + ":package/ml-packages/team-internal/pypi//ourlib"
	proxyPkg := "arn:aws:codeartifact:us-east-1:" + supplyAccount + ":package/ml-packages/pypi/pypi//ourlib"
	for _, tc := range []struct {
		name     string
		resource iamsim.Policy
		arn      string
		keys     map[string][]string
		want     iamsim.Decision
	}{
		{"publish to the internal repository", internal, internalPkg, through(reposVpce, supplyAccount), iamsim.Allow},
		{"publish to the internal repository over the internet", internal, internalPkg, through("", supplyAccount), iamsim.Deny},
		{"publish to the proxy repository", proxy, proxyPkg, through(reposVpce, supplyAccount), iamsim.Deny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := iamsim.DecideWithResourcePolicy(studio, tc.resource, iamsim.Request{Action: "codeartifact:PublishPackageVersion", Resource: tc.arn, Keys: tc.keys}, true)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// The identity policy alone: bearer tokens only for CodeArtifact, ECR pulls only from the named
// repositories and the pull-through prefix, no push unless configured.
func TestSupplyAccessPolicyIdentity(t *testing.T) {
	t.Parallel()
	base := supplySpec()
	withCache := supplySpec()
	withCache.PullThroughPrefix = "ecr-public"
	withPush := supplySpec()
	withPush.EcrPush = true
	arn := func(name string) string { return iampolicy.EcrRepositoryArn("aws", "us-east-1", supplyAccount, name) }
	for _, tc := range []struct {
		name   string
		spec   iampolicy.SupplySpec
		action string
		arn    string
		keys   map[string][]string
		want   iamsim.Decision
	}{
		{"bearer token for CodeArtifact", base, "sts:GetServiceBearerToken", "", map[string][]string{"sts:AWSServiceName": {"codeartifact.amazonaws.com"}}, iamsim.Allow},
		{"bearer token for another service", base, "sts:GetServiceBearerToken", "", map[string][]string{"sts:AWSServiceName": {"other.amazonaws.com"}}, iamsim.NotApplicable},
		{"bearer token without the service key", base, "sts:GetServiceBearerToken", "", nil, iamsim.NotApplicable},
		{"token of another domain", base, "codeartifact:GetAuthorizationToken", iampolicy.CodeArtifactDomainArn("aws", "us-east-1", supplyAccount, "other"), nil, iamsim.NotApplicable},
		{"ECR token", base, "ecr:GetAuthorizationToken", "*", nil, iamsim.Allow},
		{"pull a team image", base, "ecr:BatchGetImage", arn("team/base"), nil, iamsim.Allow},
		{"pull another repository", base, "ecr:BatchGetImage", arn("someone/else"), nil, iamsim.NotApplicable},
		{"push without EcrPush", base, "ecr:PutImage", arn("team/base"), nil, iamsim.NotApplicable},
		{"push with EcrPush", withPush, "ecr:PutImage", arn("team/base"), nil, iamsim.Allow},
		{"pull through the cache", withCache, "ecr:BatchGetImage", arn("ecr-public/docker/library/python"), nil, iamsim.Allow},
		{"first pull creates the cached repository", withCache, "ecr:CreateRepository", arn("ecr-public/docker/library/python"), nil, iamsim.Allow},
		{"no repository creation outside the prefix", withCache, "ecr:CreateRepository", arn("mine"), nil, iamsim.NotApplicable},
		{"no cache import without a cache rule", base, "ecr:BatchImportUpstreamImage", arn("ecr-public/x"), nil, iamsim.NotApplicable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := mustIdentity(t, tc.spec).Evaluate(iamsim.Request{Action: tc.action, Resource: tc.arn, Keys: tc.keys})
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Decision)
		})
	}
}

func TestSupplyAccessPolicyStatements(t *testing.T) {
	t.Parallel()
	only := func(mut func(*iampolicy.SupplySpec)) []string {
		s := supplySpec()
		mut(&s)
		d, err := iampolicy.SupplyAccessPolicy(s)
		require.NoError(t, err)
		return d.Sids()
	}
	assert.Equal(t, []string{"SupplyCodeArtifactToken", "SupplyCodeArtifactBearerToken", "SupplyCodeArtifactRead",
		"SupplyEcrAuthorizationToken", "SupplyEcrPull"}, only(func(*iampolicy.SupplySpec) {}))
	assert.Equal(t, []string{"SupplyEcrAuthorizationToken", "SupplyEcrPull"},
		only(func(s *iampolicy.SupplySpec) { s.Domain, s.ReadRepository = "", "" }))
	assert.Equal(t, []string{"SupplyCodeArtifactToken", "SupplyCodeArtifactBearerToken", "SupplyCodeArtifactRead"},
		only(func(s *iampolicy.SupplySpec) { s.EcrRepositories = nil }))
	assert.Contains(t, only(func(s *iampolicy.SupplySpec) { s.PublishRepositories = []string{"team-internal"} }), "SupplyCodeArtifactPublish")
}

func TestSupplySpecValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mut  func(*iampolicy.SupplySpec)
		want []string
	}{
		{"bad account", func(s *iampolicy.SupplySpec) { s.AccountID = "12" }, []string{`AccountID = "12"`, "12-digit"}},
		{"bad domain", func(s *iampolicy.SupplySpec) { s.Domain = "ML_packages" }, []string{`Domain = "ML_packages"`}},
		{"missing read repository", func(s *iampolicy.SupplySpec) { s.ReadRepository = "" }, []string{"ReadRepository"}},
		{"bad ECR name", func(s *iampolicy.SupplySpec) { s.EcrRepositories = []string{"Team"} }, []string{`EcrRepositories[0] = "Team"`}},
		{"push without repositories", func(s *iampolicy.SupplySpec) { s.EcrRepositories, s.EcrPush = nil, true }, []string{"EcrPush"}},
		{"nothing named", func(s *iampolicy.SupplySpec) { s.Domain, s.ReadRepository, s.EcrRepositories = "", "", nil }, []string{"no CodeArtifact domain and no ECR repository"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := supplySpec()
			tc.mut(&s)
			_, err := iampolicy.SupplyAccessPolicy(s)
			for _, w := range tc.want {
				assert.ErrorContains(t, err, w)
			}
		})
	}
	_, err := iampolicy.CodeArtifactDomainPolicy(iampolicy.SupplyResourcePolicySpec{AccountID: supplyAccount, OrganizationID: "o-exampleorg1"})
	assert.ErrorContains(t, err, "exactly one")
	assert.ErrorContains(t, err, "VpcEndpointIds is empty")
	_, err = iampolicy.CodeArtifactRepositoryPolicy(iampolicy.SupplyResourcePolicySpec{AccountID: supplyAccount, VpcEndpointIds: []string{"endpoint-1"}}, false)
	assert.ErrorContains(t, err, `VpcEndpointIds[0] = "endpoint-1"`)
}

// Across accounts: the CodeArtifact policies admit exactly the listed accounts, the ECR policies
// admit the consumers read-only, and every malformed spec is refused naming the field.
func TestSupplyPoliciesAcrossAccounts(t *testing.T) {
	t.Parallel()
	const research, platform = "222222222222", "111122223333"
	rp := iampolicy.SupplyResourcePolicySpec{AccountIDs: []string{research, platform}, VpcEndpointIds: []string{reposVpce}}
	doc, err := iampolicy.CodeArtifactRepositoryPolicy(rp, false)
	require.NoError(t, err)
	ecr, err := iampolicy.EcrRepositoryPolicy(iampolicy.EcrConsumerSpec{AccountIDs: []string{research, platform}})
	require.NoError(t, err)
	org, err := iampolicy.EcrRepositoryPolicy(iampolicy.EcrConsumerSpec{OrganizationID: "o-exampleorg1"})
	require.NoError(t, err)
	parse := func(d iampolicy.Document) iamsim.Policy {
		p, err := iamsim.ParseResourcePolicy([]byte(d.MustJSON()))
		require.NoError(t, err)
		return p
	}
	for _, tc := range []struct {
		name    string
		policy  iamsim.Policy
		action  string
		account string
		org     string
		want    iamsim.Decision
	}{
		{"research reads", parse(doc), "codeartifact:ReadFromRepository", research, "o-none00000000", iamsim.Allow},
		{"platform reads", parse(doc), "codeartifact:ReadFromRepository", platform, "o-none00000000", iamsim.Allow},
		{"the owner is not listed", parse(doc), "codeartifact:ReadFromRepository", supplyAccount, "o-none00000000", iamsim.NotApplicable},
		{"outsider reads", parse(doc), "codeartifact:ReadFromRepository", outsider, "o-none00000000", iamsim.NotApplicable},
		{"research pulls", parse(ecr), "ecr:BatchGetImage", research, "o-none00000000", iamsim.Allow},
		{"research checks layers", parse(ecr), "ecr:BatchCheckLayerAvailability", research, "o-none00000000", iamsim.Allow},
		{"research pushes", parse(ecr), "ecr:PutImage", research, "o-none00000000", iamsim.NotApplicable},
		{"outsider pulls", parse(ecr), "ecr:BatchGetImage", outsider, "o-none00000000", iamsim.NotApplicable},
		{"member pulls", parse(org), "ecr:GetDownloadUrlForLayer", outsider, "o-exampleorg1", iamsim.Allow},
		{"non-member pulls", parse(org), "ecr:GetDownloadUrlForLayer", research, "o-otherorg0001", iamsim.NotApplicable},
	} {
		res, err := tc.policy.Evaluate(iamsim.Request{Action: tc.action, Resource: "*", Keys: map[string][]string{
			"aws:PrincipalAccount": {tc.account}, "aws:PrincipalOrgID": {tc.org}, "aws:SourceVpce": {reposVpce}}})
		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Decision, tc.name)
	}

	reg, err := iampolicy.EcrPullThroughRegistryPolicy("aws", "us-east-1", supplyAccount, "ecr-public", []string{research})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"WorkloadAccountsPullThroughCache","Effect":"Allow",`+
		`"Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["ecr:BatchImportUpstreamImage","ecr:CreateRepository"],`+
		`"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*"}]}`, reg.MustJSON())

	for _, tc := range []struct {
		name string
		err  func() error
		want []string
	}{
		{"repeated account", func() error {
			_, err := iampolicy.CodeArtifactDomainPolicy(iampolicy.SupplyResourcePolicySpec{AccountIDs: []string{research, research}, VpcEndpointIds: []string{apiVpce}})
			return err
		}, []string{`AccountIDs[1] = "222222222222"`, "once"}},
		{"accounts and organization", func() error {
			_, err := iampolicy.CodeArtifactDomainPolicy(iampolicy.SupplyResourcePolicySpec{AccountIDs: []string{research}, OrganizationID: "o-exampleorg1",
				VpcEndpointIds: []string{apiVpce}})
			return err
		}, []string{"exactly one"}},
		{"ECR: nobody", func() error { _, err := iampolicy.EcrRepositoryPolicy(iampolicy.EcrConsumerSpec{}); return err }, []string{"exactly one"}},
		{"ECR: bad id", func() error {
			_, err := iampolicy.EcrRepositoryPolicy(iampolicy.EcrConsumerSpec{AccountIDs: []string{"12"}})
			return err
		}, []string{`AccountIDs[0] = "12"`}},
		{"registry: no consumer, bad prefix, bad account", func() error {
			_, err := iampolicy.EcrPullThroughRegistryPolicy("aws", "us-east-1", "x", "Bad Prefix", nil)
			return err
		}, []string{`registry account "x"`, `prefix "Bad Prefix"`, "no consumer account"}},
	} {
		err := tc.err()
		for _, w := range tc.want {
			assert.ErrorContains(t, err, w, tc.name)
		}
	}
}
