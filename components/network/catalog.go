package network

import (
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// EndpointService describes one AWS service that the EndpointHub can front with an interface VPC
// endpoint and a Route 53 private hosted zone (PHZ). Names are templates in which "{region}" stands
// for the AWS Region; use the methods to render them.
//
// Sources for every entry (service names, private DNS names, required/optional): the SageMaker
// developer guide pages
// "Connect Amazon SageMaker Studio in a VPC to External Resources"
// (https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-and-internet-access.html) and
// "Connect to SageMaker Studio Through an Interface VPC Endpoint"
// (https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html), botocore's
// endpoint hostnames and the multi-VPC whitepaper's wildcard rule for dkr.ecr.
type EndpointService struct {
	// Key is the catalog key ("sagemaker.api").
	Key string
	// Description says what the endpoint is for.
	Description string
	// ServiceTemplate is the VPC endpoint service name, e.g. "com.amazonaws.{region}.sagemaker.api".
	ServiceTemplate string
	// HostTemplate is the private DNS name the service answers on, without any "*." prefix, e.g.
	// "api.sagemaker.{region}.amazonaws.com". For a Wildcard service it is the base name under
	// which the service's hostnames live ("studio.{region}.sagemaker.aws").
	HostTemplate string
	// Wildcard is true when the service's private DNS name is "*.<HostTemplate>": the PHZ is the
	// base name and its one record is "*.<base>".
	Wildcard bool
	// PolicySupported is true when the service accepts a VPC endpoint policy (the
	// VpcEndpointPolicySupported flag of DescribeVpcEndpointServices). The hub attaches its
	// account/organization policy only to these; a service without policy support gets AWS's
	// default full-access policy whatever we send, and AWS may reject a policy it cannot apply.
	PolicySupported bool
	// Required marks the endpoints a VpcOnly Studio domain needs; they form the default set
	// (RequiredEndpointKeys).
	Required bool
}

// ServiceName is the VPC endpoint service name in region.
func (e EndpointService) ServiceName(region string) string {
	return netRender(e.ServiceTemplate, region)
}

// ZoneName is the name of the private hosted zone that answers for the service in region: the
// service's hostname, or the wildcard's base name.
func (e EndpointService) ZoneName(region string) string { return netRender(e.HostTemplate, region) }

// RecordName is the name of the alias A record in the zone: the zone apex for an exact hostname,
// "*.<zone>" for a wildcard service.
//
// Wildcard zones get no apex record. The services publish only the "*." name (for example
// "*.studio.{region}.sagemaker.aws": Studio URLs are "<domain-id>.studio.{region}.sagemaker.aws",
// and Docker clients call "<account>.dkr.ecr.{region}.amazonaws.com"), so nobody resolves the bare
// base name; answering it would point a name the service does not serve at the endpoint. A query
// for the apex gets NODATA from the PHZ, just as AWS's own private DNS would answer.
func (e EndpointService) RecordName(region string) string {
	if e.Wildcard {
		return "*." + e.ZoneName(region)
	}
	return e.ZoneName(region)
}

func netRender(tmpl, region string) string { return strings.ReplaceAll(tmpl, "{region}", region) }

// endpointCatalog is the catalog. Endpoint-policy support, per service:
//   - sagemaker.api, sagemaker.runtime: "Create a VPC Endpoint Policy for SageMaker"
//     (https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html#api-private-link-policy;
//     read from awsdocs/amazon-sagemaker-developer-guide doc_source/interface-vpc-endpoint.md).
//   - studio: "Create a VPC Endpoint Policy for SageMaker Studio" (studio-interface-endpoint.md,
//     same repository).
//   - notebook: "Create a VPC Endpoint Policy for Amazon SageMaker Notebook Instances"
//     (notebook-interface-endpoint.md, same repository).
//   - featurestore-runtime: the same SageMaker page gives only the endpoint's DNS template, no
//     policy section; support is UNVERIFIED, so we send no policy.
//   - servicecatalog: no source found in the docs corpus; UNVERIFIED, no policy sent.
//   - sts, logs, monitoring, ecr.api, ecr.dkr, kms, ssm: each service's guide documents endpoint
//     policies for its interface endpoint (AWS PrivateLink "Control access to VPC endpoints using
//     endpoint policies", https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html,
//     notes that not all services support them and points to DescribeVpcEndpointServices'
//     VpcEndpointPolicySupported, which is authoritative per Region).
//   - codeartifact.api, codeartifact.repositories: "Create a VPC endpoint policy for CodeArtifact"
//     (https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endoint-policy.html).
//
// CodeArtifact names, from "Create VPC endpoints for CodeArtifact"
// (https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endpoints.html: "Two VPC endpoints
// are required": com.amazonaws.R.codeartifact.api for the API, GetAuthorizationToken included, and
// com.amazonaws.R.codeartifact.repositories for package managers) and "Use CodeArtifact from a
// VPC" (https://docs.aws.amazon.com/codeartifact/latest/ug/use-codeartifact-from-vpc.html): the
// repositories endpoint answers the per-domain hostnames
// <domain>-<owner>.d.codeartifact.R.amazonaws.com (its endpoint-specific names are
// vpce-...d.codeartifact.R.vpce.amazonaws.com), so its private DNS name, and our zone, is the
// wildcard *.d.codeartifact.R.amazonaws.com; the API answers codeartifact.R.amazonaws.com. Use
// the two together: the API's zone (codeartifact.R.amazonaws.com) is a parent of the
// repositories' zone, and without the latter it would answer pip's hostnames with NXDOMAIN (the
// stack configuration requires both whenever supply.packages is set).
var endpointCatalog = map[string]EndpointService{
	"sagemaker.api": {Description: "SageMaker API, including CreatePresignedDomainUrl (required for VpcOnly Studio)",
		ServiceTemplate: "com.amazonaws.{region}.sagemaker.api", HostTemplate: "api.sagemaker.{region}.amazonaws.com",
		PolicySupported: true, Required: true},
	"sagemaker.runtime": {Description: "SageMaker Runtime: endpoint invocations (required for VpcOnly Studio)",
		ServiceTemplate: "com.amazonaws.{region}.sagemaker.runtime", HostTemplate: "runtime.sagemaker.{region}.amazonaws.com",
		PolicySupported: true, Required: true},
	"studio": {Description: "SageMaker Studio UI over PrivateLink (<domain-id>.studio.{region}.sagemaker.aws)",
		ServiceTemplate: "aws.sagemaker.{region}.studio", HostTemplate: "studio.{region}.sagemaker.aws",
		Wildcard: true, PolicySupported: true, Required: true},
	"sts": {Description: "STS: SageMaker Python SDK remote jobs, Canvas",
		ServiceTemplate: "com.amazonaws.{region}.sts", HostTemplate: "sts.{region}.amazonaws.com",
		PolicySupported: true, Required: true},
	"logs": {Description: "CloudWatch Logs: job status and logs for SDK remote jobs",
		ServiceTemplate: "com.amazonaws.{region}.logs", HostTemplate: "logs.{region}.amazonaws.com",
		PolicySupported: true, Required: true},
	"monitoring": {Description: "CloudWatch metrics",
		ServiceTemplate: "com.amazonaws.{region}.monitoring", HostTemplate: "monitoring.{region}.amazonaws.com",
		PolicySupported: true},
	"ecr.api": {Description: "ECR API: pulling/pushing container images",
		ServiceTemplate: "com.amazonaws.{region}.ecr.api", HostTemplate: "api.ecr.{region}.amazonaws.com",
		PolicySupported: true},
	"ecr.dkr": {Description: "ECR Docker registry (<account>.dkr.ecr.{region}.amazonaws.com)",
		ServiceTemplate: "com.amazonaws.{region}.ecr.dkr", HostTemplate: "dkr.ecr.{region}.amazonaws.com",
		Wildcard: true, PolicySupported: true},
	"kms": {Description: "KMS, for code in the VPC that calls KMS directly",
		ServiceTemplate: "com.amazonaws.{region}.kms", HostTemplate: "kms.{region}.amazonaws.com",
		PolicySupported: true},
	"ssm": {Description: "Systems Manager",
		ServiceTemplate: "com.amazonaws.{region}.ssm", HostTemplate: "ssm.{region}.amazonaws.com",
		PolicySupported: true},
	"servicecatalog": {Description: "Service Catalog: SageMaker Projects",
		ServiceTemplate: "com.amazonaws.{region}.servicecatalog", HostTemplate: "servicecatalog.{region}.amazonaws.com"},
	"notebook": {Description: "SageMaker notebook instances (not Studio)",
		ServiceTemplate: "aws.sagemaker.{region}.notebook", HostTemplate: "notebook.{region}.sagemaker.aws",
		Wildcard: true, PolicySupported: true},
	"codeartifact.api": {Description: "CodeArtifact API: GetAuthorizationToken, GetRepositoryEndpoint (the package supply path)",
		ServiceTemplate: "com.amazonaws.{region}.codeartifact.api", HostTemplate: "codeartifact.{region}.amazonaws.com",
		PolicySupported: true},
	"codeartifact.repositories": {Description: "CodeArtifact repositories for pip (<domain>-<account>.d.codeartifact.{region}.amazonaws.com)",
		ServiceTemplate: "com.amazonaws.{region}.codeartifact.repositories", HostTemplate: "d.codeartifact.{region}.amazonaws.com",
		Wildcard: true, PolicySupported: true},
	"featurestore-runtime": {Description: "SageMaker Feature Store runtime",
		ServiceTemplate: "com.amazonaws.{region}.sagemaker.featurestore-runtime",
		HostTemplate:    "featurestore-runtime.sagemaker.{region}.amazonaws.com"},
}

// EndpointCatalog returns a copy of the endpoint catalog, keyed by catalog key.
func EndpointCatalog() map[string]EndpointService {
	out := make(map[string]EndpointService, len(endpointCatalog))
	for k, v := range endpointCatalog {
		v.Key = k
		out[k] = v
	}
	return out
}

// CatalogKeys returns every catalog key, sorted.
func CatalogKeys() []string {
	return core.SortedKeys(endpointCatalog)
}

// RequiredEndpointKeys returns the keys of the required endpoints, sorted: the EndpointHub's
// default set.
func RequiredEndpointKeys() []string {
	var out []string
	for _, k := range CatalogKeys() {
		if endpointCatalog[k].Required {
			out = append(out, k)
		}
	}
	return out
}

// LookupEndpoint returns the catalog entry for key.
func LookupEndpoint(key string) (EndpointService, bool) {
	e, ok := endpointCatalog[key]
	if ok {
		e.Key = key
	}
	return e, ok
}
