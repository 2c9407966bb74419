package network

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCatalogKeysAreTheDocumentedSetSorted(t *testing.T) {
	t.Parallel()
	want := []string{"codeartifact.api", "codeartifact.repositories", "ecr.api", "ecr.dkr", "featurestore-runtime", "kms", "logs", "monitoring", "notebook",
		"sagemaker.api", "sagemaker.runtime", "servicecatalog", "ssm", "sts", "studio"}
	got := CatalogKeys()
	assert.Equal(t, want, got)
	assert.True(t, sort.StringsAreSorted(got))
	assert.Equal(t, []string{"logs", "sagemaker.api", "sagemaker.runtime", "sts", "studio"}, RequiredEndpointKeys())
}

func TestCatalogNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key, region, service, zone, record string
		wildcard                           bool
	}{
		{"sagemaker.api", "us-east-1", "com.amazonaws.us-east-1.sagemaker.api", "api.sagemaker.us-east-1.amazonaws.com", "api.sagemaker.us-east-1.amazonaws.com", false},
		// The runtime hostname is runtime.sagemaker.R, not sagemaker.runtime.R (moto gets it wrong).
		{"sagemaker.runtime", "eu-west-1", "com.amazonaws.eu-west-1.sagemaker.runtime", "runtime.sagemaker.eu-west-1.amazonaws.com", "runtime.sagemaker.eu-west-1.amazonaws.com", false},
		{"studio", "us-east-1", "aws.sagemaker.us-east-1.studio", "studio.us-east-1.sagemaker.aws", "*.studio.us-east-1.sagemaker.aws", true},
		{"notebook", "us-west-2", "aws.sagemaker.us-west-2.notebook", "notebook.us-west-2.sagemaker.aws", "*.notebook.us-west-2.sagemaker.aws", true},
		{"sts", "us-east-1", "com.amazonaws.us-east-1.sts", "sts.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com", false},
		{"logs", "us-east-1", "com.amazonaws.us-east-1.logs", "logs.us-east-1.amazonaws.com", "logs.us-east-1.amazonaws.com", false},
		{"monitoring", "us-east-1", "com.amazonaws.us-east-1.monitoring", "monitoring.us-east-1.amazonaws.com", "monitoring.us-east-1.amazonaws.com", false},
		{"ecr.api", "us-east-1", "com.amazonaws.us-east-1.ecr.api", "api.ecr.us-east-1.amazonaws.com", "api.ecr.us-east-1.amazonaws.com", false},
		{"ecr.dkr", "us-east-1", "com.amazonaws.us-east-1.ecr.dkr", "dkr.ecr.us-east-1.amazonaws.com", "*.dkr.ecr.us-east-1.amazonaws.com", true},
		{"kms", "us-east-1", "com.amazonaws.us-east-1.kms", "kms.us-east-1.amazonaws.com", "kms.us-east-1.amazonaws.com", false},
		{"ssm", "us-east-1", "com.amazonaws.us-east-1.ssm", "ssm.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com", false},
		{"servicecatalog", "us-east-1", "com.amazonaws.us-east-1.servicecatalog", "servicecatalog.us-east-1.amazonaws.com", "servicecatalog.us-east-1.amazonaws.com", false},
		{"codeartifact.api", "eu-central-1", "com.amazonaws.eu-central-1.codeartifact.api", "codeartifact.eu-central-1.amazonaws.com", "codeartifact.eu-central-1.amazonaws.com", false},
		// pip calls <domain>-<account>.d.codeartifact.R.amazonaws.com: one wildcard zone serves every domain.
		{"codeartifact.repositories", "us-east-1", "com.amazonaws.us-east-1.codeartifact.repositories", "d.codeartifact.us-east-1.amazonaws.com", "*.d.codeartifact.us-east-1.amazonaws.com", true},
		{"featurestore-runtime", "us-east-1", "com.amazonaws.us-east-1.sagemaker.featurestore-runtime", "featurestore-runtime.sagemaker.us-east-1.amazonaws.com", "featurestore-runtime.sagemaker.us-east-1.amazonaws.com", false},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			e, ok := LookupEndpoint(tc.key)
			if !assert.True(t, ok) {
				return
			}
			assert.Equal(t, tc.key, e.Key)
			assert.Equal(t, tc.service, e.ServiceName(tc.region))
			assert.Equal(t, tc.zone, e.ZoneName(tc.region))
			assert.Equal(t, tc.record, e.RecordName(tc.region))
			assert.Equal(t, tc.wildcard, e.Wildcard)
		})
	}
}

func TestCatalogPolicySupport(t *testing.T) {
	t.Parallel()
	unsupported := map[string]bool{"servicecatalog": true, "featurestore-runtime": true}
	for key, e := range EndpointCatalog() {
		assert.Equal(t, !unsupported[key], e.PolicySupported, key)
	}
}

func TestLookupEndpointUnknownAndCatalogCopy(t *testing.T) {
	t.Parallel()
	_, ok := LookupEndpoint("s3")
	assert.False(t, ok, "s3 is a per-spoke gateway endpoint, not a hub catalog entry")
	_, ok = LookupEndpoint("sagemaker.API")
	assert.False(t, ok, "keys are case-sensitive")

	cat := EndpointCatalog()
	assert.Len(t, cat, len(CatalogKeys()))
	delete(cat, "sts")
	cat["studio"] = EndpointService{}
	e, ok := LookupEndpoint("studio")
	assert.True(t, ok)
	assert.Equal(t, "aws.sagemaker.{region}.studio", e.ServiceTemplate, "EndpointCatalog returns a copy")
	_, ok = LookupEndpoint("sts")
	assert.True(t, ok)
}
