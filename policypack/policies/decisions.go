package policies

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Judged types beyond the gateways, routes and SageMaker: each rule names the property that
// decides, and what an absent property means for each provider (pulumi-aws v6.83.2, and
// CloudFormation, which aws-native and Cloud Control share), with its source. An unknown value of
// a deciding property is "cannot prove private": a violation, never a pass.

// More type tokens (pulumi-aws v6.83.2, checked in the SDK's ctx.RegisterResource calls).
const (
	typeEksCluster          = "aws:eks/cluster:Cluster"
	typeMskCluster          = "aws:msk/cluster:Cluster"
	typeMwaa                = "aws:mwaa/environment:Environment"
	typeNeptuneInstance     = "aws:neptune/clusterInstance:ClusterInstance"
	typeNeptuneGraph        = "aws:neptunegraph/graph:Graph"
	typeAossSecurityPolicy  = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"
	typeS3AccessPoint       = "aws:s3/accessPoint:AccessPoint"
	typeAppStreamFleet      = "aws:appstream/fleet:Fleet"
	typeAppStreamBuilder    = "aws:appstream/imageBuilder:ImageBuilder"
	typeLaunchConfiguration = "aws:ec2/launchConfiguration:LaunchConfiguration"
	typeASG                 = "aws:autoscaling/group:Group"
	typeImageBuilderInfra   = "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration"
	typeBatchJobDefinition  = "aws:batch/jobDefinition:JobDefinition"
	typeEventTarget         = "aws:cloudwatch/eventTarget:EventTarget"
	typeSchedule            = "aws:scheduler/schedule:Schedule"
	typePipe                = "aws:pipes/pipe:Pipe"
	typeDocdbInstance       = "aws:docdb/clusterInstance:ClusterInstance"
	typeCodeBuild           = "aws:codebuild/project:Project"
	typeCodeBuildFleet      = "aws:codebuild/fleet:Fleet"
	typeGlueJob             = "aws:glue/job:Job"
	typeCanary              = "aws:synthetics/canary:Canary"
	typeFlinkApp            = "aws:kinesisanalyticsv2/application:Application"
	typeSNSSubscription     = "aws:sns/topicSubscription:TopicSubscription"
	typeFirehose            = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
	typeStateMachine        = "aws:sfn/stateMachine:StateMachine"
	typeBucketPolicy        = "aws:s3/bucketPolicy:BucketPolicy"
	typeAccountBPA          = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
	typeBucketACL           = "aws:s3/bucketAclV2:BucketAclV2"
	typeS3Bucket            = "aws:s3/bucket:Bucket"
	typeS3BucketV2          = "aws:s3/bucketV2:BucketV2"
	typeBucketObject        = "aws:s3/bucketObject:BucketObject"
	typeBucketObjectV2      = "aws:s3/bucketObjectv2:BucketObjectv2"
	typeObjectCopy          = "aws:s3/objectCopy:ObjectCopy"
)

// fromCfn reports a resource judged at CloudFormation's defaults: a view of a template, a Cloud
// Control desired state or an aws-native resource.
func fromCfn(r *Resource) bool { return r.isView() }

// cannotProve is the message for an unknown deciding value.
func cannotProve(path string) string {
	return fmt.Sprintf("cannot prove private: %s is unknown until apply, and it decides whether the resource is reachable from the internet; give it a known value", path)
}

// flagRule judges a boolean that opens an internet path when true (publiclyAccessible and the
// like). defAWS and defCFN are its value when absent, for pulumi-aws and for CloudFormation.
func flagRule(path string, defAWS, defCFN bool, what, source string) entryPoint {
	keys := strings.Split(path, ".")
	return func(r *Resource) string {
		v := prop(r.Properties, keys...)
		def := defAWS
		if fromCfn(r) {
			def = defCFN
		}
		switch b, ok := boolean(v); {
		case unknown(v):
			return cannotProve(path)
		case absent(v):
			if def {
				return fmt.Sprintf("%s is unset, and it defaults to true (%s; %s); set it to false", path, what, source)
			}
		case !ok:
			return fmt.Sprintf("%s is %s, not a boolean; set it to false", path, show(v))
		case b:
			return fmt.Sprintf("%s is %s: %s; set it to false", path, show(v), what)
		}
		return ""
	}
}

// Defaults of the flags, per provider, with their public sources.
var (
	// https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/ ("Default is false");
	// CloudFormation: private when DBSubnetGroupName names subnets without an internet gateway
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-publiclyaccessible
	rdsPublic = flagRule("publiclyAccessible", false, false, "the database gets a public DNS name and address",
		"https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/")
	// https://www.pulumi.com/registry/packages/aws/api-docs/redshift/cluster/ ("Default is true");
	// CloudFormation leaves it to the API, which defaulted to true for clusters in subnet groups
	// with an internet gateway: judged as true, the side that cannot leak.
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshift-cluster.html#cfn-redshift-cluster-publiclyaccessible
	redshiftPublic = flagRule("publiclyAccessible", true, true, "the cluster gets a public address",
		"https://www.pulumi.com/registry/packages/aws/api-docs/redshift/cluster/")
	// https://www.pulumi.com/registry/packages/aws/api-docs/redshiftserverless/workgroup/
	workgroupPublic = flagRule("publiclyAccessible", false, false, "the workgroup gets a public address",
		"https://www.pulumi.com/registry/packages/aws/api-docs/redshiftserverless/workgroup/")
	// pulumi-aws: default false (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dms_replication_instance);
	// CloudFormation: "The default value is true."
	// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dms-replicationinstance.html#cfn-dms-replicationinstance-publiclyaccessible
	dmsPublic = flagRule("publiclyAccessible", false, true, "the replication instance gets a public address",
		"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dms-replicationinstance.html")
	// https://www.pulumi.com/registry/packages/aws/api-docs/mq/broker/ (default false); CloudFormation requires it.
	mqPublic = flagRule("publiclyAccessible", false, false, "the broker gets a public endpoint",
		"https://www.pulumi.com/registry/packages/aws/api-docs/mq/broker/")
	// https://www.pulumi.com/registry/packages/aws/api-docs/neptune/clusterinstance/ ("Default is false").
	neptunePublic = flagRule("publiclyAccessible", false, false, "the graph database gets a public endpoint",
		"https://www.pulumi.com/registry/packages/aws/api-docs/neptune/clusterinstance/")
	// https://docs.aws.amazon.com/neptune-analytics/latest/apiref/API_CreateGraph.html (publicConnectivity, default false).
	graphPublic = flagRule("publicConnectivity", false, false, "the graph's endpoint resolves to a public address",
		"https://docs.aws.amazon.com/neptune-analytics/latest/apiref/API_CreateGraph.html")
	// EKS: endpointPublicAccess defaults to true for both providers.
	// https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html
	eksPublic = flagRule("vpcConfig.endpointPublicAccess", true, true, "the cluster's Kubernetes API endpoint is on the internet",
		"https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html")
	// AppStream fleets and image builders: enableDefaultInternetAccess defaults to false.
	// https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html
	appStreamInternet = flagRule("enableDefaultInternetAccess", false, false, "streaming instances get internet access",
		"https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html")
)

// enumRule judges a string that opens an internet path when it is one of public (case-insensitive);
// def is its value when absent (the same for both providers here).
func enumRule(path, def, what string, public ...string) entryPoint {
	keys := strings.Split(path, ".")
	return func(r *Resource) string {
		v := prop(r.Properties, keys...)
		s, ok := str(v)
		switch {
		case unknown(v):
			return cannotProve(path)
		case absent(v):
			s, ok = def, true
		}
		if !ok {
			return ""
		}
		for _, p := range public {
			if strings.EqualFold(strings.TrimSpace(s), p) {
				if absent(v) {
					return fmt.Sprintf("%s is unset, and it defaults to %q (%s)", path, def, what)
				}
				return fmt.Sprintf("%s is %s (%s)", path, show(v), what)
			}
		}
		return ""
	}
}

var (
	// MSK: public access is off unless type is SERVICE_PROVIDED_EIPS.
	// https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html
	mskPublic = enumRule("brokerNodeGroupInfo.connectivityInfo.publicAccess.type", "DISABLED",
		"brokers get public addresses", "SERVICE_PROVIDED_EIPS")
	// MWAA: webserverAccessMode defaults to PRIVATE_ONLY.
	// https://www.pulumi.com/registry/packages/aws/api-docs/mwaa/environment/
	mwaaPublic = enumRule("webserverAccessMode", "PRIVATE_ONLY", "the Airflow UI is on the internet", "PUBLIC_ONLY")
)

// aossPublic: an OpenSearch Serverless network policy with AllowFromPublic true opens the
// collections it names to the internet.
// https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-network.html
func aossPublic(r *Resource) string {
	typ, policy := prop(r.Properties, "type"), prop(r.Properties, "policy")
	if s, ok := str(typ); ok && !strings.EqualFold(s, "network") {
		return ""
	}
	switch {
	case unknown(typ) || unknown(policy):
		return cannotProve("policy")
	case !policy.IsString():
		return ""
	}
	doc := parseJSONValue(policy.AsString())
	rules, isList := elems(doc)
	if !isList {
		rules = []property.Value{doc}
	}
	for i, rule := range rules {
		if v := at(rule, "AllowFromPublic"); isTrue(v) {
			return fmt.Sprintf("policy[%d].AllowFromPublic is true: the collections it names are reachable from the internet; use SourceVPCEs", i)
		}
	}
	return ""
}

// accessPointInternet: an S3 access point without vpcConfiguration has network origin Internet.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-vpc.html
func accessPointInternet(r *Resource) string {
	v := prop(r.Properties, "vpcConfiguration")
	switch {
	case unknown(v):
		return cannotProve("vpcConfiguration")
	case absent(v):
		return "vpcConfiguration is unset, so the access point's network origin is Internet; set vpcConfiguration.vpcId"
	}
	return ""
}

// outsideVpc judges compute that runs outside the VPC unless a VPC setting is present.
type outsideVpc struct {
	path, what string
}

// computeOutside lists compute that AWS runs in its own network, with internet access, unless
// the VPC setting is given.
var computeOutside = map[string]outsideVpc{
	// https://docs.aws.amazon.com/codebuild/latest/userguide/vpc-support.html
	typeCodeBuild:      {"vpcConfig", "a CodeBuild project without vpcConfig builds in AWS's network, with internet access"},
	typeCodeBuildFleet: {"vpcConfigs", "a CodeBuild fleet without vpcConfigs builds in AWS's network, with internet access"},
	// https://docs.aws.amazon.com/glue/latest/dg/glue-connections.html (a job reaches a VPC only through a connection)
	typeGlueJob: {"connections", "a Glue job without connections runs in AWS's network, with internet access"},
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_VPC.html
	typeCanary: {"vpcConfig", "a canary without vpcConfig runs in AWS's network, with internet access"},
	// https://docs.aws.amazon.com/managed-flink/latest/java/vpc.html
	typeFlinkApp: {"applicationConfiguration.vpcConfiguration", "a Flink application without vpcConfiguration runs in AWS's network, with internet access"},
}

func computeOutsideProblems(r *Resource) []string {
	c, ok := computeOutside[r.Type]
	if !ok {
		return nil
	}
	v := prop(r.Properties, strings.Split(c.path, ".")...)
	switch has, decided := nonEmptyList(v); {
	case unknown(v):
		return []string{cannotProve(c.path)}
	case absent(v), v.IsArray() && decided && !has:
		return []string{fmt.Sprintf("%s is unset: %s; set it to the landing zone's private subnets", c.path, c.what)}
	}
	return nil
}

// defaultVpcPlacement: resources AWS places in the default VPC when given no subnet.
func defaultVpcPlacement(r *Resource) string {
	switch r.Type {
	case typeASG:
		// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
		// (VPCZoneIdentifier; with only Availability Zones, instances go to their default subnets)
		v := prop(r.Properties, "vpcZoneIdentifiers")
		if has, decided := nonEmptyList(v); decided && !has && absent(prop(r.Properties, "mixedInstancesPolicy")) {
			return "vpcZoneIdentifiers is unset: with only availabilityZones, AWS launches the instances in the default VPC's subnets, which have an internet gateway; set vpcZoneIdentifiers"
		}
	case typeImageBuilderInfra:
		// https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateInfrastructureConfiguration.html
		if v := prop(r.Properties, "subnetId"); absent(v) {
			return "subnetId is unset, so build instances run in the default VPC, which has an internet gateway; set subnetId"
		}
	}
	return ""
}

// publicAddressKeys are the settings, wherever they sit in a resource (nested, or inside a JSON
// document such as a Batch container definition), that give a public address when true or
// ENABLED: instances, launch configurations, ECS tasks started by EventBridge, Scheduler, Pipes
// and Batch, streaming fleets.
var publicAddressKeys = map[string]bool{
	"associatePublicIpAddress": true, "assignPublicIp": true, "associateCarrierIpAddress": true,
	"mapPublicIpOnLaunch": true, "createPublicIp": true, "enableDefaultInternetAccess": true,
}

// deepPublicAddress finds a public-address setting anywhere in v; JSON strings are read too.
func deepPublicAddress(path string, v property.Value, depth int, out *[]string) {
	if depth > maxDepth {
		return
	}
	switch {
	case v.IsMap():
		for k, e := range v.AsMap().AllStable {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if publicAddressKeys[k] || publicAddressKeys[lowerCamel(k)] {
				if isTrue(e) || (e.IsString() && strings.EqualFold(strings.TrimSpace(e.AsString()), "ENABLED")) {
					*out = append(*out, fmt.Sprintf("%s is %s: it gets a public address on the internet; turn it off", p, show(e)))
				} else if unknown(e) {
					*out = append(*out, cannotProve(p))
				}
				continue
			}
			deepPublicAddress(p, e, depth+1, out)
		}
	case v.IsArray():
		for i, e := range v.AsArray().AsSlice() {
			deepPublicAddress(fmt.Sprintf("%s[%d]", path, i), e, depth+1, out)
		}
	case v.IsString():
		s := strings.TrimSpace(v.AsString())
		if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			var raw any
			if json.Unmarshal([]byte(s), &raw) == nil {
				deepPublicAddress(path, fromPlain(raw), depth+1, out)
			}
		}
	}
}

// deepScanTypes are judged by deepPublicAddress in no-public-ip.
var deepScanTypes = map[string]bool{
	typeLaunchConfiguration: true, typeBatchJobDefinition: true, typeEventTarget: true, typeSchedule: true,
	typePipe: true, typeDocdbInstance: true,
}

// AWS-side egress: services that send data to an internet URL on the stack's behalf.
var noAWSEgress = Policy{
	Name: "no-aws-egress",
	Description: "No AWS-side channel to the internet: SNS HTTP(S) subscriptions, Firehose HTTP endpoint, Splunk " +
		"and Snowflake destinations, Step Functions HTTP tasks.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		var why string
		switch r.Type {
		case typeSNSSubscription:
			// https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html
			v := prop(r.Properties, "protocol")
			if unknown(v) {
				why = cannotProve("protocol")
			} else if s, ok := str(v); ok && (strings.EqualFold(s, "http") || strings.EqualFold(s, "https")) {
				why = fmt.Sprintf("protocol is %s: SNS posts every message to %s on the internet; use sqs, lambda or firehose", show(v), show(prop(r.Properties, "endpoint")))
			}
		case typeFirehose:
			// https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html
			v := prop(r.Properties, "destination")
			if unknown(v) {
				why = cannotProve("destination")
			} else if s, ok := str(v); ok {
				switch strings.ToLower(s) {
				case "http_endpoint", "splunk", "snowflake":
					why = fmt.Sprintf("destination is %s: Firehose delivers the stream to an endpoint on the internet", show(v))
				}
			}
		case typeStateMachine:
			// https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
			v := prop(r.Properties, "definition")
			if unknown(v) {
				why = cannotProve("definition")
			} else if s := definitionText(v); strings.Contains(s, "arn:aws:states:::http:invoke") {
				why = "definition has an HTTP Task (arn:aws:states:::http:invoke): Step Functions calls an API on the internet"
			}
		}
		if why == "" {
			return nil
		}
		return []string{subject(r) + ": " + why}
	},
}

// definitionText renders a state machine definition (a JSON string, or an object from a template).
func definitionText(v property.Value) string {
	if s, ok := str(v); ok {
		return s
	}
	b, _ := json.Marshal(toPlain(v))
	return string(b)
}

// toPlain is the inverse of fromPlain (unknowns become null).
func toPlain(v property.Value) any {
	switch {
	case v.IsString():
		return v.AsString()
	case v.IsBool():
		return v.AsBool()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsArray():
		out := make([]any, 0, v.AsArray().Len())
		for _, e := range v.AsArray().AsSlice() {
			out = append(out, toPlain(e))
		}
		return out
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = toPlain(e)
		}
		return out
	}
	return nil
}

// cfnFirehose turns CloudFormation's per-destination configuration into pulumi-aws's destination.
func cfnFirehose(m property.Map) (property.Map, bool) {
	for k, d := range map[string]string{"httpEndpointDestinationConfiguration": "http_endpoint",
		"splunkDestinationConfiguration": "splunk", "snowflakeDestinationConfiguration": "snowflake"} {
		if !absent(m.Get(k)) {
			return m.Set("destination", property.New(d)), true
		}
	}
	return m, true
}

// Public data exposure.
var noPublicData = Policy{
	Name: "no-public-data",
	Description: "No public data: bucket policies that allow Principal \"*\" without a condition, public canned " +
		"ACLs, and account-level S3 Block Public Access with any of its four settings off.",
	DefaultEnforcement: Mandatory,
	check: func(r *Resource, _ *Config) []string {
		var out []string
		switch r.Type {
		case typeBucketPolicy, typeS3Bucket, typeS3BucketV2:
			out = append(out, publicPolicy(prop(r.Properties, "policy"))...)
		}
		switch r.Type {
		case typeS3Bucket, typeBucketACL, typeBucketObject, typeBucketObjectV2, typeObjectCopy:
			// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
			v := prop(r.Properties, "acl")
			if s, ok := str(v); ok {
				switch strings.ToLower(s) {
				case "public-read", "public-read-write", "authenticated-read", "publicread", "publicreadwrite", "authenticatedread":
					out = append(out, fmt.Sprintf("acl is %s: anyone (or any AWS account) can read it; use private", show(v)))
				}
			} else if unknown(v) {
				out = append(out, cannotProve("acl"))
			}
		case typeAccountBPA:
			// Each setting defaults to false when absent.
			// https://www.pulumi.com/registry/packages/aws/api-docs/s3/accountpublicaccessblock/
			for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				v := prop(r.Properties, k)
				switch b, ok := boolean(v); {
				case unknown(v):
					out = append(out, cannotProve(k))
				case absent(v):
					out = append(out, fmt.Sprintf("%s is unset, and it defaults to false; set it to true", k))
				case !ok || !b:
					out = append(out, fmt.Sprintf("%s is %s: account-level S3 Block Public Access must be on; set it to true", k, show(v)))
				}
			}
		}
		for i, m := range out {
			out[i] = subject(r) + ": " + m
		}
		return out
	},
}

// publicPolicy reports Allow statements for Principal "*" (or {"AWS": "*"}) without a Condition.
func publicPolicy(v property.Value) []string {
	if unknown(v) {
		return []string{cannotProve("policy")}
	}
	doc := v
	if s, ok := str(v); ok {
		doc = parseJSONValue(s)
	}
	if !doc.IsMap() {
		return nil
	}
	stmts, isList := elems(at(doc, "Statement"))
	if !isList {
		stmts = []property.Value{at(doc, "Statement")}
	}
	var out []string
	for i, s := range stmts {
		eff, _ := str(at(s, "Effect"))
		if !strings.EqualFold(eff, "Allow") || !absent(at(s, "Condition")) {
			continue
		}
		p := at(s, "Principal")
		star := false
		if ps, ok := str(p); ok && ps == "*" {
			star = true
		}
		aws := at(p, "AWS")
		if as, ok := str(aws); ok && as == "*" {
			star = true
		}
		list, _ := elems(aws)
		for _, e := range list {
			if es, ok := str(e); ok && es == "*" {
				star = true
			}
		}
		if star {
			out = append(out, fmt.Sprintf("policy Statement[%d] allows Principal \"*\" without a Condition: anyone on the internet can use it; name principals or add aws:SourceVpce/aws:PrincipalOrgID conditions", i))
		}
	}
	return out
}
