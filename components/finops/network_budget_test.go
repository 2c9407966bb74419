package finops

import (
	"math"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

type budgetNote struct {
	kind      string
	threshold float64
	emails    []string
}

func budgetNotes(t *testing.T, r recorder.Resource) []budgetNote {
	var out []budgetNote
	v := r.Input("notifications")
	if !v.IsArray() {
		return nil
	}
	for _, n := range v.ArrayValue() {
		m := n.ObjectValue()
		out = append(out, budgetNote{
			kind:      recorder.Lookup(m, "notificationType").StringValue(),
			threshold: recorder.Lookup(m, "threshold").NumberValue(),
			emails:    recorder.Strings(recorder.Lookup(m, "subscriberEmailAddresses")),
		})
		assert.Equal(t, "GREATER_THAN", recorder.Lookup(m, "comparisonOperator").StringValue())
		assert.Equal(t, "PERCENTAGE", recorder.Lookup(m, "thresholdType").StringValue())
	}
	return out
}

func budgetFilters(r recorder.Resource) map[string][]string {
	out := map[string][]string{}
	v := r.Input("costFilters")
	if !v.IsArray() {
		return out
	}
	for _, f := range v.ArrayValue() {
		m := f.ObjectValue()
		out[recorder.Lookup(m, "name").StringValue()] = recorder.Strings(recorder.Lookup(m, "values"))
	}
	return out
}

func runBudget(t *testing.T, args *NetworkBudgetArgs, opts ...func(*pulumi.Context) (pulumi.ResourceOption, error)) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t,
		func(ctx *pulumi.Context) error {
			var ro []pulumi.ResourceOption
			for _, o := range opts {
				opt, err := o(ctx)
				if err != nil {
					return err
				}
				ro = append(ro, opt)
			}
			_, err := NewNetworkBudget(ctx, "network-budget", args, ro...)
			return err
		})
}

func TestNetworkBudgetResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		args        NetworkBudgetArgs
		wantLimit   string
		wantNotes   []budgetNote
		wantFilters map[string][]string
	}{
		{
			name:      "defaults: 80 and 100 actual, 100 forecast, services only",
			args:      NetworkBudgetArgs{MonthlyLimitUsd: 400, Emails: []string{"ml-platform@example.com"}},
			wantLimit: "400",
			wantNotes: []budgetNote{
				{"ACTUAL", 80, []string{"ml-platform@example.com"}},
				{"ACTUAL", 100, []string{"ml-platform@example.com"}},
				{"FORECASTED", 100, []string{"ml-platform@example.com"}},
			},
			wantFilters: map[string][]string{"Service": wantBudgetServices},
		},
		{
			name: "custom thresholds (given unsorted), two emails, cost center",
			args: NetworkBudgetArgs{MonthlyLimitUsd: 2500.5, Emails: []string{"a@example.com", "finops@example.org"},
				ThresholdsPercent: []float64{100, 50, 80}, CostCenter: "CC-ML-2001"},
			wantLimit: "2500.5",
			wantNotes: []budgetNote{
				{"ACTUAL", 50, []string{"a@example.com", "finops@example.org"}},
				{"ACTUAL", 80, []string{"a@example.com", "finops@example.org"}},
				{"ACTUAL", 100, []string{"a@example.com", "finops@example.org"}},
				{"FORECASTED", 100, []string{"a@example.com", "finops@example.org"}},
			},
			wantFilters: map[string][]string{
				"Service":     wantBudgetServices,
				"TagKeyValue": {"user:cost-center$CC-ML-2001"},
			},
		},
		{
			name:        "a threshold above 100 (overspend alert)",
			args:        NetworkBudgetArgs{MonthlyLimitUsd: 10, Emails: []string{"x@example.com"}, ThresholdsPercent: []float64{150}},
			wantLimit:   "10",
			wantNotes:   []budgetNote{{"ACTUAL", 150, []string{"x@example.com"}}, {"FORECASTED", 100, []string{"x@example.com"}}},
			wantFilters: map[string][]string{"Service": wantBudgetServices},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := tt.args
			rec, err := runBudget(t, &args)
			require.NoError(t, err)
			bs := rec.ByType(componenttest.TypeBudget)
			require.Len(t, bs, 1)
			b := bs[0]
			assert.Equal(t, "network-budget", b.Name)
			assert.Equal(t, "COST", b.Input("budgetType").StringValue())
			assert.Equal(t, "MONTHLY", b.Input("timeUnit").StringValue())
			assert.Equal(t, tt.wantLimit, b.Input("limitAmount").StringValue())
			assert.Equal(t, "USD", b.Input("limitUnit").StringValue())
			assert.Equal(t, "sagemaker-landing-zone-dev-network-budget", b.Input("name").StringValue())
			assert.Equal(t, tt.wantNotes, budgetNotes(t, b))
			assert.Equal(t, tt.wantFilters, budgetFilters(b))
			comp, ok := rec.Find(NetworkBudgetType, "network-budget")
			require.True(t, ok)
			assert.Equal(t, comp.URN, b.Parent)
		})
	}
}

func TestNetworkBudgetValidation(t *testing.T) {
	t.Parallel()
	ok := func() NetworkBudgetArgs {
		return NetworkBudgetArgs{MonthlyLimitUsd: 100, Emails: []string{"ops@example.com"}}
	}
	tests := []struct {
		name   string
		mutate func(a *NetworkBudgetArgs)
		want   []string
	}{
		{"zero limit", func(a *NetworkBudgetArgs) { a.MonthlyLimitUsd = 0 }, []string{"MonthlyLimitUsd = 0: want a finite amount greater than 0"}},
		{"negative limit", func(a *NetworkBudgetArgs) { a.MonthlyLimitUsd = -5 }, []string{"MonthlyLimitUsd = -5"}},
		{"NaN limit", func(a *NetworkBudgetArgs) { a.MonthlyLimitUsd = math.NaN() }, []string{"MonthlyLimitUsd = NaN"}},
		{"infinite limit", func(a *NetworkBudgetArgs) { a.MonthlyLimitUsd = math.Inf(1) }, []string{"MonthlyLimitUsd = +Inf"}},
		{"no emails", func(a *NetworkBudgetArgs) { a.Emails = nil }, []string{"Emails is not set"}},
		{"not an email", func(a *NetworkBudgetArgs) { a.Emails = []string{"ops"} }, []string{`Emails[0] = "ops": want a plain email address`}},
		{"display name", func(a *NetworkBudgetArgs) { a.Emails = []string{"Ops <ops@example.com>"} }, []string{`Emails[0] = "Ops <ops@example.com>"`}},
		{"no dotted domain", func(a *NetworkBudgetArgs) { a.Emails = []string{"ops@localhost"} }, []string{`Emails[0] = "ops@localhost"`}},
		{"empty email", func(a *NetworkBudgetArgs) { a.Emails = []string{"ops@example.com", ""} }, []string{`Emails[1] = ""`}},
		{"duplicate email", func(a *NetworkBudgetArgs) { a.Emails = []string{"ops@example.com", "OPS@example.com"} }, []string{`Emails[1] = "OPS@example.com": want each address once`}},
		{"eleven emails", func(a *NetworkBudgetArgs) {
			a.Emails = nil
			for _, c := range "abcdefghijk" {
				a.Emails = append(a.Emails, string(c)+"@example.com")
			}
		}, []string{`Emails = "11 addresses": want at most 10`}},
		{"zero threshold", func(a *NetworkBudgetArgs) { a.ThresholdsPercent = []float64{0, 100} }, []string{"ThresholdsPercent[0] = 0: want a percentage in (0, 1000]"}},
		{"threshold above 1000", func(a *NetworkBudgetArgs) { a.ThresholdsPercent = []float64{80, 1000.5} }, []string{"ThresholdsPercent[1] = 1000.5"}},
		{"negative threshold", func(a *NetworkBudgetArgs) { a.ThresholdsPercent = []float64{-10} }, []string{"ThresholdsPercent[0] = -10"}},
		{"duplicate threshold", func(a *NetworkBudgetArgs) { a.ThresholdsPercent = []float64{80, 80} }, []string{"ThresholdsPercent[1] = 80: want each threshold once"}},
		{"too many thresholds", func(a *NetworkBudgetArgs) { a.ThresholdsPercent = []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100} }, []string{`ThresholdsPercent = "10 thresholds": want at most 9`}},
		{"cost center with $", func(a *NetworkBudgetArgs) { a.CostCenter = "CC$1" }, []string{`CostCenter = "CC$1"`}},
		{"budget name with colon", func(a *NetworkBudgetArgs) { a.BudgetName = "a:b" }, []string{`BudgetName = "a:b"`}},
		{"everything at once", func(a *NetworkBudgetArgs) {
			a.MonthlyLimitUsd, a.Emails, a.ThresholdsPercent = 0, []string{"nope"}, []float64{2000}
		}, []string{"MonthlyLimitUsd = 0", `Emails[0] = "nope"`, "ThresholdsPercent[0] = 2000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := ok()
			tt.mutate(&args)
			rec, err := runBudget(t, &args)
			componenttest.AssertRejected(t, rec, err, append(tt.want, `NetworkBudget "network-budget":`)...)
		})
	}

	// The passing case of the same table: the base arguments register the component and a budget.
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		args := ok()
		rec, err := runBudget(t, &args)
		require.NoError(t, err)
		assert.Len(t, rec.ByType(componenttest.TypeBudget), 1)
	})
	t.Run("nil args", func(t *testing.T) {
		t.Parallel()
		_, err := runBudget(t, nil)
		assert.ErrorContains(t, err, "args is not set")
	})
}

func TestNetworkBudgetTagsAndName(t *testing.T) {
	t.Parallel()
	rec, err := runBudget(t, &NetworkBudgetArgs{MonthlyLimitUsd: 50, Emails: []string{"a@example.com"},
		BudgetName: "lz-network", Tags: map[string]string{"owner": "ml-platform@example.com", "cost-center": "CC-1"}})
	require.NoError(t, err)
	b := rec.ByType(componenttest.TypeBudget)[0]
	assert.Equal(t, "lz-network", b.Input("name").StringValue())
	tags := b.Input("tags").ObjectValue()
	assert.Equal(t, resource.NewStringProperty("ml-platform@example.com"), tags["owner"])
	assert.Equal(t, resource.NewStringProperty("CC-1"), tags["cost-center"])
	assert.Equal(t, resource.NewStringProperty("lz-network"), tags["Name"])
}

func TestNetworkBudgetProviderAndParent(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "eu-central-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewNetworkBudget(ctx, "network-budget",
					&NetworkBudgetArgs{MonthlyLimitUsd: 50, Emails: []string{"a@example.com"}}, tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			componenttest.AssertChildrenInherit(t, rec, NetworkBudgetType, "network-budget", 1)
		})
	}
}

func TestNetworkBudgetOutputs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var gotName, gotArn string
	rec, err := componenttest.RunStack(t, "prod",
		func(ctx *pulumi.Context) error {
			c, err := NewNetworkBudget(ctx, "nb", &NetworkBudgetArgs{MonthlyLimitUsd: 10, Emails: []string{"a@example.com"}})
			if err != nil {
				return err
			}
			pulumi.All(c.BudgetName, c.BudgetArn).ApplyT(func(v []any) error {
				mu.Lock()
				defer mu.Unlock()
				gotName, gotArn = v[0].(string), v[1].(string)
				return nil
			})
			return nil
		})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	b := rec.ByType(componenttest.TypeBudget)[0]
	assert.Equal(t, "sagemaker-landing-zone-prod-nb", gotName)
	assert.Equal(t, recorder.Lookup(b.Outputs, "arn").StringValue(), gotArn)
	assert.Equal(t, "arn:aws:budgets::"+recorder.FakeAccountID+":budget/sagemaker-landing-zone-prod-nb", gotArn)
}

// wantBudgetServices are the services the budget watches, spelled out so that a service dropped
// from the filter fails here (package cost checks that the estimate prices exactly these).
var wantBudgetServices = []string{"AWS CodeArtifact", "AWS Config", "AWS Key Management Service", "Amazon EC2 Container Registry (ECR)",
	"Amazon Route 53", "Amazon Virtual Private Cloud", "AmazonCloudWatch", "EC2 - Other"}

// TestNetworkBudgetServicesAreSortedCopies: the filter is the spelled-out list, and a caller
// changing the returned slice does not change the budget's filter.
func TestNetworkBudgetServicesAreSortedCopies(t *testing.T) {
	t.Parallel()
	assert.Equal(t, wantBudgetServices, networkBudgetServices)
	assert.True(t, sort.StringsAreSorted(networkBudgetServices))
	got := NetworkBudgetServices()
	got[0] = "changed"
	assert.Equal(t, wantBudgetServices, NetworkBudgetServices())
}
