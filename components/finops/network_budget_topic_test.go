package finops

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// With SnsTopicArn every notification also goes to the alert topic; without it, email only.
func TestNetworkBudgetNotifiesTheAlertTopic(t *testing.T) {
	t.Parallel()
	const topic = "arn:aws:sns:us-east-1:123456789012:alerts"
	for _, tc := range []struct {
		name string
		arn  pulumi.StringInput
		want []string
	}{{"with topic", pulumi.String(topic), []string{topic}}, {"email only", nil, nil}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := runBudget(t, &NetworkBudgetArgs{MonthlyLimitUsd: 100, Emails: []string{"a@example.com"}, SnsTopicArn: tc.arn})
			require.NoError(t, err)
			notes := componenttest.FindOne(t, rec, componenttest.TypeBudget, "network-budget").Input("notifications").ArrayValue()
			require.Len(t, notes, 3)
			for _, n := range notes {
				assert.Equal(t, tc.want, recorder.Strings(recorder.Lookup(n.ObjectValue(), "subscriberSnsTopicArns")))
				assert.Equal(t, []string{"a@example.com"}, recorder.Strings(recorder.Lookup(n.ObjectValue(), "subscriberEmailAddresses")))
			}
		})
	}
}
