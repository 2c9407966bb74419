package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/supply"
)

const supplyHub = `{"cidr":"10.0.0.0/22","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs",` +
	`"codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"]}`

func TestSupplyDefaults(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":hub"] = supplyHub
	m[Project+":supply"] = `{"packages":{},"images":{"repositories":["ml/base"]}}`
	c, err := FromGetter("s", get(m))
	require.NoError(t, err)
	require.NotNil(t, c.Supply)
	assert.Equal(t, supply.PackageSettings{}.WithDefaults(), *c.Supply.Packages, "the component's defaults")
	assert.Equal(t, supply.DefaultCodeArtifactDomain, c.Supply.Packages.DomainName)
	assert.Equal(t, []supply.PackageUpstream{{Name: "pypi-store", ExternalConnection: "public:pypi"}}, c.Supply.Packages.Upstreams)
	assert.Equal(t, supply.DefaultKeepImages, c.Supply.Images.KeepImages)
	assert.False(t, c.Supply.Images.AllowPush)

	c, err = FromGetter("s", get(minimal()))
	require.NoError(t, err)
	assert.Nil(t, c.Supply, "no supply key, no supply path")
}

// Every rule is the component's (PackageSettings.Validate / ImageSettings.Validate), reported under
// the full configuration key; the hub must list the endpoints each part needs.
func TestSupplyValidationNamesTheKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, hub, supply string
		keys              []string
		want              []string
	}{
		{"packages need the CodeArtifact endpoints", `{"cidr":"10.0.0.0/22"}`, `{"packages":{}}`,
			[]string{Project + ":hub.endpoints"}, []string{"codeartifact.api and codeartifact.repositories", "add codeartifact.api, codeartifact.repositories"}},
		{"images need the ECR endpoints", `{"cidr":"10.0.0.0/22","endpoints":["sagemaker.api","studio","ecr.api"]}`,
			`{"images":{"repositories":["ml/base"]}}`, []string{Project + ":hub.endpoints"}, []string{"add ecr.dkr"}},
		// A misspelt endpoint is its own error; the supply rule adds none on the invalid list.
		{"misspelt CodeArtifact endpoint", `{"cidr":"10.0.0.0/22","endpoints":["sagemaker.api","codeartifact.api","codeartifact.repository"]}`,
			`{"packages":{}}`, []string{Project + ":hub.endpoints[2]"}, []string{`"codeartifact.repository"`, "an endpoint catalog key"}},
		{"domain name", supplyHub, `{"packages":{"domainName":"ML"}}`,
			[]string{Project + ":supply.packages.domainName"}, []string{`"ML"`, "CodeArtifact domain name"}},
		{"upstream connection", supplyHub, `{"packages":{"upstreams":[{"name":"npm-store","externalConnection":"public:npmjs"}]}}`,
			[]string{Project + ":supply.packages.upstreams[0].externalConnection"}, []string{`"public:npmjs"`}},
		{"allow-list", supplyHub, `{"packages":{"allowedPackages":["Scikit_Learn"]}}`,
			[]string{Project + ":supply.packages.allowedPackages[0]"}, []string{`write "scikit-learn"`}},
		{"publish without internal repository", supplyHub, `{"packages":{"allowPublish":true}}`,
			[]string{Project + ":supply.packages.allowPublish"}, []string{"internal upstream"}},
		{"custom image repository", supplyHub, `{"images":{"repositories":["ml/base"],"customImage":{"name":"base","repository":"ml/other","tag":"1"}}}`,
			[]string{Project + ":supply.images.customImage.repository"}, []string{`"ml/other"`}},
		{"empty images", supplyHub, `{"images":{}}`,
			[]string{Project + ":supply.images"}, []string{"at least one of Repositories and PullThroughCachePrefix"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			m[Project+":hub"] = tc.hub
			m[Project+":supply"] = tc.supply
			_, err := FromGetter("s", get(m))
			require.Error(t, err)
			assert.Equal(t, tc.keys, Keys(err))
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestSupplyUnknownFieldIsAnError(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":hub"] = supplyHub
	m[Project+":supply"] = `{"packages":{"repo":"pypi"}}`
	_, err := FromGetter("s", get(m))
	require.Error(t, err)
	assert.Equal(t, []string{Project + ":supply"}, Keys(err))
	assert.Contains(t, err.Error(), `unknown field "repo"`)
}

func TestSupplyKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "supply.packages.upstreams[0].name", SettingsKey("supply.packages", "Upstreams[0].Name"))
	assert.Equal(t, "supply.images.customImage.tag", SettingsKey("supply.images", "CustomImage.Tag"))
	assert.Equal(t, "supply.images", SettingsKey("supply.images", ""))
}
