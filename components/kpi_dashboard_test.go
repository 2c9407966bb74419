package components

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	rec, err := runWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
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
	assertChildrenInherit(t, rec, KpiDashboardType, "kpi", 12)

	wantFilters := map[string][2]string{
		"kpi-rejects-research":     {"/vpconly/flow-logs/spoke-research", `[version, account, eni, srcaddr, dstaddr != "10.0.0.*" && dstaddr != "10.1.*", srcport, dstport, protocol, packets, bytes, start, end, action = "REJECT", status]`},
		"kpi-dns-blocked":          {"/vpconly/resolver-query-logs/dns", `{ $.firewall_rule_action = "BLOCK" }`},
		"kpi-domains-compliant":    {"/vpconly/config-compliance/detective", `{ ($.detail.configRuleName = "vpconly-dev-sm-domain-vpc-only") && ($.detail.newEvaluationResult.complianceType = "COMPLIANT") }`},
		"kpi-domains-noncompliant": {"/vpconly/config-compliance/detective", `{ ($.detail.configRuleName = "vpconly-dev-sm-domain-vpc-only") && ($.detail.newEvaluationResult.complianceType = "NON_COMPLIANT") }`},
	}
	assert.Len(t, rec.ByType(typeMetricFilter), len(wantFilters))
	for name, w := range wantFilters {
		f := findOne(t, rec, typeMetricFilter, name)
		assert.Equal(t, w[0], inputString(f, "logGroupName"), name)
		assert.Equal(t, w[1], inputString(f, "pattern"), name)
		assert.Equal(t, "1", inputString(f, "metricTransformation.value"))
		assert.Equal(t, "VpcOnly/sagemaker-landing-zone/dev", inputString(f, "metricTransformation.namespace"))
	}

	topic := findOne(t, rec, typeSnsTopic, "kpi-alerts")
	arn := outputString(topic, "arn")
	assert.Equal(t, outputString(findOne(t, rec, typeKmsKey, "kpi-alerts-key"), "arn"), inputString(topic, "kmsMasterKeyId"), "the alert topic is KMS-encrypted")
	keyPolicy := inputString(findOne(t, rec, typeKmsKey, "kpi-alerts-key"), "policy")
	assert.Contains(t, keyPolicy, "budgets.amazonaws.com")
	assert.Contains(t, keyPolicy, "cloudwatch.amazonaws.com")
	topicPolicy := inputString(findOne(t, rec, typeSnsPolicy, "kpi-alerts"), "policy")
	assert.Contains(t, topicPolicy, `"Resource":"`+arn+`"`)
	assert.Contains(t, topicPolicy, `"aws:SourceAccount":"`+recorder.FakeAccountID+`"`)
	sub := findOne(t, rec, typeSnsSub, "kpi-alerts-0")
	assert.Equal(t, "email", inputString(sub, "protocol"))
	assert.Equal(t, "ml-platform@example.com", inputString(sub, "endpoint"))

	alarms := rec.ByType(typeMetricAlarm)
	assert.Len(t, alarms, 3)
	for _, a := range alarms {
		assert.Equal(t, []string{arn}, recorder.Strings(a.Input("alarmActions")), a.Name)
		assert.Equal(t, "GreaterThanOrEqualToThreshold", inputString(a, "comparisonOperator"))
		assert.Equal(t, 1.0, inputNumber(a, "threshold"))
		assert.Equal(t, "notBreaching", inputString(a, "treatMissingData"))
	}
	assert.Equal(t, MetricRejectedOutside, inputString(findOne(t, rec, typeMetricAlarm, "kpi-rejects-alarm"), "metricName"))
	assert.Equal(t, MetricDnsBlocked, inputString(findOne(t, rec, typeMetricAlarm, "kpi-dns-blocked-alarm"), "metricName"))

	dash := findOne(t, rec, typeDashboard, "kpi")
	assert.Equal(t, "sagemaker-landing-zone-dev-kpi", inputString(dash, "dashboardName"))
	var body struct {
		Widgets []struct {
			Type       string         `json:"type"`
			Properties map[string]any `json:"properties"`
		} `json:"widgets"`
	}
	require.NoError(t, json.Unmarshal([]byte(inputString(dash, "dashboardBody")), &body))
	js := inputString(dash, "dashboardBody")
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
	rec, err := runDev(t, func(ctx *pulumi.Context) error {
		_, err := NewKpiDashboard(ctx, "kpi", &KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}})
		return err
	})
	require.NoError(t, err)
	assert.Empty(t, rec.ByType(typeMetricFilter))
	assert.Empty(t, rec.ByType(typeMetricAlarm))
	assert.Contains(t, inputString(findOne(t, rec, typeDashboard, "kpi"), "dashboardBody"), "no budget configured")
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
			rec, err := runDev(t, func(ctx *pulumi.Context) error {
				_, err := NewKpiDashboard(ctx, "kpi", &tc.args)
				return err
			})
			assertRejected(t, rec, err, `KpiDashboard "kpi"`, tc.want)
		})
	}
}
