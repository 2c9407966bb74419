package runtime

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/guardsim"
)

const (
	typeConfigRule     = "aws:cfg/rule:Rule"
	typeEventRule      = "aws:cloudwatch/eventRule:EventRule"
	typeEventTarget    = "aws:cloudwatch/eventTarget:EventTarget"
	typeLogResourcePol = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"
)

// configItem decodes a configuration item as AWS Config hands it to a custom policy rule.
func configItem(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &m))
	return m
}

// Each Guard rule fails on what it forbids and passes on what the landing zone builds.
func TestDetectiveGuardRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, rule, item string
		want             guardsim.Result
	}{
		{"attached IGW", GuardNoInternetGatewayAttached, `{"resourceType":"AWS::EC2::InternetGateway","configuration":{"internetGatewayId":"igw-1","attachments":[{"state":"available","vpcId":"vpc-1"}]}}`, guardsim.Fail},
		{"detached IGW", GuardNoInternetGatewayAttached, `{"resourceType":"AWS::EC2::InternetGateway","configuration":{"internetGatewayId":"igw-1","attachments":[]}}`, guardsim.Pass},
		{"IGW rule on a route table", GuardNoInternetGatewayAttached, `{"resourceType":"AWS::EC2::RouteTable","configuration":{"routes":[]}}`, guardsim.Skip},
		{"IPv4 default route via TGW", GuardNoInternetRoute, `{"resourceType":"AWS::EC2::RouteTable","configuration":{"routes":[{"destinationCidrBlock":"10.1.0.0/20","gatewayId":"local"},{"destinationCidrBlock":"0.0.0.0/0","transitGatewayId":"tgw-1"}]}}`, guardsim.Fail},
		{"IPv6 default route", GuardNoInternetRoute, `{"resourceType":"AWS::EC2::RouteTable","configuration":{"routes":[{"destinationIpv6CidrBlock":"::/0","egressOnlyInternetGatewayId":"eigw-1"}]}}`, guardsim.Fail},
		{"landing zone spoke route table", GuardNoInternetRoute, `{"resourceType":"AWS::EC2::RouteTable","configuration":{"routes":[{"destinationCidrBlock":"10.1.0.0/20","gatewayId":"local"},{"destinationCidrBlock":"10.0.0.0/24","transitGatewayId":"tgw-1"},{"destinationPrefixListId":"pl-1","gatewayId":"vpce-1"}]}}`, guardsim.Pass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := guardsim.Evaluate(tc.rule, configItem(t, tc.item))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDetectiveControlsRules(t *testing.T) {
	t.Parallel()
	for _, protect := range []bool{false, true} {
		var domainRule string
		rec, err := componenttest.RunWithExplicitProvider(t, "eu-central-1", func(ctx *pulumi.Context, p *aws.Provider) error {
			d, err := NewDetectiveControls(ctx, "detective", &DetectiveControlsArgs{RecorderExists: true,
				RuleNamePrefix: "vpconly-prod", Region: "eu-central-1", Protect: protect}, pulumi.Provider(p))
			if err == nil {
				domainRule = d.DomainRuleName
			}
			return err
		})
		require.NoError(t, err)
		componenttest.AssertChildrenInherit(t, rec, DetectiveControlsType, "detective", 11)
		assert.Equal(t, "vpconly-prod-sm-domain-vpc-only", domainRule)
		for _, r := range rec.Resources {
			// Only the compliance log and its key outlive protected controls.
			kept := protect && (r.Type == "aws:cloudwatch/logGroup:LogGroup" && r.Name == "detective-compliance" ||
				r.Type == "aws:kms/key:Key" && r.Name == "detective-compliance-key")
			assert.Equal(t, kept, r.RetainOnDelete, "retainOnDelete %s %s", r.Type, r.Name)
		}
		want := map[string]string{
			"sm-domain-vpc-only":      "SAGEMAKER_DOMAIN_IN_VPC",
			"sm-model-in-vpc":         "SAGEMAKER_MODEL_IN_VPC",
			"sm-notebook-in-vpc":      "SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC",
			"sm-notebook-no-internet": "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
		}
		guards := map[string]string{"no-igw-attached": GuardNoInternetGatewayAttached, "no-internet-route": GuardNoInternetRoute}
		assert.Len(t, rec.ByType(typeConfigRule), len(want)+len(guards))
		var names []string
		for key, id := range want {
			r := componenttest.FindOne(t, rec, typeConfigRule, "detective-"+key)
			assert.Equal(t, "AWS", componenttest.InputString(r, "source.owner"))
			assert.Equal(t, id, componenttest.InputString(r, "source.sourceIdentifier"))
			assert.Equal(t, "vpconly-prod-"+key, componenttest.InputString(r, "name"))
			assert.LessOrEqual(t, len(componenttest.InputString(r, "name")), ConfigRuleNameMaxLength)
			assert.Equal(t, protect, r.Protect)
			names = append(names, componenttest.InputString(r, "name"))
		}
		for key, text := range guards {
			r := componenttest.FindOne(t, rec, typeConfigRule, "detective-"+key)
			assert.Equal(t, "CUSTOM_POLICY", componenttest.InputString(r, "source.owner"))
			assert.Equal(t, "guard-2.x.x", componenttest.InputString(r, "source.customPolicyDetails.policyRuntime"))
			assert.Equal(t, text, componenttest.InputString(r, "source.customPolicyDetails.policyText"))
			assert.Equal(t, "aws.config", componenttest.InputString(r, "source.sourceDetails.0.eventSource"))
			assert.Equal(t, "ConfigurationItemChangeNotification", componenttest.InputString(r, "source.sourceDetails.0.messageType"))
			names = append(names, componenttest.InputString(r, "name"))
		}
		// Compliance changes of every rule reach the KMS-encrypted compliance log.
		pattern := componenttest.InputString(componenttest.FindOne(t, rec, typeEventRule, "detective-compliance-changes"), "eventPattern")
		assert.Contains(t, pattern, `"detail-type":["Config Rules Compliance Change"]`)
		for _, n := range names {
			assert.Contains(t, pattern, `"`+n+`"`)
		}
		lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, "detective-compliance")
		assert.Equal(t, componenttest.OutputString(lg, "arn"), componenttest.InputString(componenttest.FindOne(t, rec, typeEventTarget, "detective-compliance-changes"), "arn"))
		assert.Equal(t, componenttest.OutputString(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "detective-compliance-key"), "arn"), componenttest.InputString(lg, "kmsKeyId"))
		assert.Contains(t, componenttest.InputString(componenttest.FindOne(t, rec, typeLogResourcePol, "detective-compliance"), "policyDocument"), "events.amazonaws.com")
	}
}

func TestDetectiveControlsRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args DetectiveControlsArgs
		want string
	}{
		{"no recorder", DetectiveControlsArgs{RuleNamePrefix: "vpconly-dev", Region: "us-east-1"}, "RecorderExists = false"},
		{"bad prefix", DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: "vpconly dev", Region: "us-east-1"}, `RuleNamePrefix = "vpconly dev"`},
		{"long prefix", DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: strings.Repeat("a", 50), Region: "us-east-1"}, "RuleNamePrefix"},
		{"no region", DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: "x"}, "Region is not set"},
		{"bad retention", DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: "x", Region: "us-east-1", ComplianceLogRetentionDays: 2}, "ComplianceLogRetentionDays = 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewDetectiveControls(ctx, "detective", &tc.args)
				return err
			})
			componenttest.AssertRejected(t, rec, err, `DetectiveControls "detective"`, tc.want)
		})
	}
}
