package runtime

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeMetricFilter = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
	typeMetricAlarm  = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeDashboard    = "aws:cloudwatch/dashboard:Dashboard"
	typeSnsTopic     = "aws:sns/topic:Topic"
	typeSnsPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	typeSnsSub       = "aws:sns/topicSubscription:TopicSubscription"
)

func TestFlowLogRejectOutsidePattern(t *testing.T) {
	t.Parallel()
	got, err := FlowLogRejectOutsidePattern([]string{"10.0.0.0/24", "10.1.0.0/20"})
	require.NoError(t, err)
	assert.Equal(t, `[version, account, eni, srcaddr, dstaddr != "10.0.0.*" && dstaddr != "10.1.*", srcport, dstport, protocol, packets, bytes, start, end, action = "REJECT", status]`, got)
	p, err := OctetPrefixes([]string{"10.10.0.0/22", "10.20.0.0/19", "10.30.0.0/19", "10.10.1.0/24", "172.16.0.0/12"})
	require.NoError(t, err)
	assert.Equal(t, []string{"10.10.*", "10.20.*", "10.30.*", "10.10.1.*", "172.*"}, p)
	for _, bad := range []string{"10.0.0.0", "fd00::/8", "0.0.0.0/0"} {
		_, err := OctetPrefixes([]string{bad})
		assert.Error(t, err, bad)
	}
}

func TestKpiDashboard(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
		_, err := NewKpiDashboard(ctx, "kpi", &KpiDashboardArgs{
			Region:                 "us-east-1",
			LandingZoneCidrs:       []string{"10.0.0.0/24", "10.1.0.0/20"},
			FlowLogGroupNames:      map[string]pulumi.StringInput{"research": pulumi.String("/vpconly/flow-logs/spoke-research")},
			QueryLogGroupName:      pulumi.String("/vpconly/resolver-query-logs/dns"),
			ComplianceLogGroupName: pulumi.String("/vpconly/config-compliance/detective"),
			DomainRuleName:         "vpconly-dev-sm-domain-vpc-only",
			NetworkCostEstimateUsd: 153.2,
			BudgetLimitUsd:         400,
			AlarmEmails:            []string{"ml-platform@example.com"},
		}, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	componenttest.AssertChildrenInherit(t, rec, KpiDashboardType, "kpi", 12)

	wantFilters := map[string][2]string{
		"kpi-rejects-research":     {"/vpconly/flow-logs/spoke-research", `[version, account, eni, srcaddr, dstaddr != "10.0.0.*" && dstaddr != "10.1.*", srcport, dstport, protocol, packets, bytes, start, end, action = "REJECT", status]`},
		"kpi-dns-blocked":          {"/vpconly/resolver-query-logs/dns", `{ $.firewall_rule_action = "BLOCK" }`},
		"kpi-domains-compliant":    {"/vpconly/config-compliance/detective", `{ ($.detail.configRuleName = "vpconly-dev-sm-domain-vpc-only") && ($.detail.newEvaluationResult.complianceType = "COMPLIANT") }`},
		"kpi-domains-noncompliant": {"/vpconly/config-compliance/detective", `{ ($.detail.configRuleName = "vpconly-dev-sm-domain-vpc-only") && ($.detail.newEvaluationResult.complianceType = "NON_COMPLIANT") }`},
	}
	assert.Len(t, rec.ByType(typeMetricFilter), len(wantFilters))
	for name, w := range wantFilters {
		f := componenttest.FindOne(t, rec, typeMetricFilter, name)
		assert.Equal(t, w[0], componenttest.InputString(f, "logGroupName"), name)
		assert.Equal(t, w[1], componenttest.InputString(f, "pattern"), name)
		assert.Equal(t, "1", componenttest.InputString(f, "metricTransformation.value"))
		assert.Equal(t, "VpcOnly/sagemaker-landing-zone/dev", componenttest.InputString(f, "metricTransformation.namespace"))
	}

	topic := componenttest.FindOne(t, rec, typeSnsTopic, "kpi-alerts")
	arn := componenttest.OutputString(topic, "arn")
	assert.Equal(t, componenttest.OutputString(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "kpi-alerts-key"), "arn"), componenttest.InputString(topic, "kmsMasterKeyId"), "the alert topic is KMS-encrypted")
	keyPolicy := componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "kpi-alerts-key"), "policy")
	assert.Contains(t, keyPolicy, "budgets.amazonaws.com")
	assert.Contains(t, keyPolicy, "cloudwatch.amazonaws.com")
	topicPolicy := componenttest.InputString(componenttest.FindOne(t, rec, typeSnsPolicy, "kpi-alerts"), "policy")
	assert.Contains(t, topicPolicy, `"Resource":"`+arn+`"`)
	assert.Contains(t, topicPolicy, `"aws:SourceAccount":"`+recorder.FakeAccountID+`"`)
	sub := componenttest.FindOne(t, rec, typeSnsSub, "kpi-alerts-0")
	assert.Equal(t, "email", componenttest.InputString(sub, "protocol"))
	assert.Equal(t, "ml-platform@example.com", componenttest.InputString(sub, "endpoint"))

	alarms := rec.ByType(typeMetricAlarm)
	assert.Len(t, alarms, 3)
	for _, a := range alarms {
		assert.Equal(t, []string{arn}, recorder.Strings(a.Input("alarmActions")), a.Name)
		assert.Equal(t, "GreaterThanOrEqualToThreshold", componenttest.InputString(a, "comparisonOperator"))
		assert.Equal(t, 1.0, componenttest.InputNumber(a, "threshold"))
		assert.Equal(t, "notBreaching", componenttest.InputString(a, "treatMissingData"))
	}
	assert.Equal(t, MetricRejectedOutside, componenttest.InputString(componenttest.FindOne(t, rec, typeMetricAlarm, "kpi-rejects-alarm"), "metricName"))
	assert.Equal(t, MetricDnsBlocked, componenttest.InputString(componenttest.FindOne(t, rec, typeMetricAlarm, "kpi-dns-blocked-alarm"), "metricName"))

	dash := componenttest.FindOne(t, rec, typeDashboard, "kpi")
	assert.Equal(t, "sagemaker-landing-zone-dev-kpi", componenttest.InputString(dash, "dashboardName"))
	var body struct {
		Widgets []struct {
			Type       string         `json:"type"`
			Properties map[string]any `json:"properties"`
		} `json:"widgets"`
	}
	require.NoError(t, json.Unmarshal([]byte(componenttest.InputString(dash, "dashboardBody")), &body))
	js := componenttest.InputString(dash, "dashboardBody")
	assert.Contains(t, js, "$153.20/month", "network cost estimate")
	assert.Contains(t, js, "$400.00/month", "budget")
	assert.Contains(t, js, "100*m1/(m1+m2)", "compliance rate")
	assert.Contains(t, js, "SOURCE '/vpconly/config-compliance/detective'")
	assert.Contains(t, js, MetricRejectedOutside)
	assert.Contains(t, js, MetricDnsBlocked)
	assert.GreaterOrEqual(t, len(body.Widgets), 5)
}

func TestKpiDashboardWithoutOptionalSources(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewKpiDashboard(ctx, "kpi", &KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}})
		return err
	})
	require.NoError(t, err)
	assert.Empty(t, rec.ByType(typeMetricFilter))
	assert.Empty(t, rec.ByType(typeMetricAlarm))
	assert.Contains(t, componenttest.InputString(componenttest.FindOne(t, rec, typeDashboard, "kpi"), "dashboardBody"), "no budget configured")
}

func TestKpiDashboardRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args KpiDashboardArgs
		want string
	}{
		{"no CIDRs", KpiDashboardArgs{Region: "us-east-1"}, "LandingZoneCidrs is not set"},
		{"IPv6 CIDR", KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"fd00::/8"}}, "LandingZoneCidrs"},
		{"rule without log", KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}, DomainRuleName: "x"}, "DomainRuleName"},
		{"bad email", KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}, AlarmEmails: []string{"nobody"}}, `AlarmEmails[0] = "nobody"`},
		{"bad name", KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}, DashboardName: "a b"}, `DashboardName = "a b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewKpiDashboard(ctx, "kpi", &tc.args)
				return err
			})
			componenttest.AssertRejected(t, rec, err, `KpiDashboard "kpi"`, tc.want)
		})
	}
}
