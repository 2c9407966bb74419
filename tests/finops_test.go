package tests

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestBudgetFilterCoversTheEstimate: for every stack with a budget, the recorded budget's
// "Service" cost filter holds every service the stack's cost estimate bills.
func TestBudgetFilterCoversTheEstimate(t *testing.T) {
	t.Parallel()
	budgets := 0
	for _, stack := range invariantStacks(t) {
		rec, cfg := runStack(t, stack)
		est, err := cost.Compute(landingzone.CostInputs(cfg))
		require.NoError(t, err)
		for _, b := range rec.ByType("aws:budgets/budget:Budget") {
			budgets++
			var services []string
			for i := 0; ; i++ {
				f := b.Input("costFilters." + strconv.Itoa(i))
				if f.IsNull() {
					break
				}
				if n := recorder.Lookup(f.ObjectValue(), "name"); n.IsString() && n.StringValue() == "Service" {
					services = recorder.Strings(recorder.Lookup(f.ObjectValue(), "values"))
				}
			}
			for _, it := range est.Items {
				assert.Contains(t, services, it.Service, "%s: %s", stack, it.Resource)
			}
		}
	}
	assert.NotZero(t, budgets, "no stack file configures a budget")
}

// TestProdRetainsFlowLogs: prod (protected) stacks keep every log group and the keys that
// encrypt logs (spoke flow logs, DNS Firewall query logs, Config compliance changes) on delete;
// other stacks do not.
func TestProdRetainsFlowLogs(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		rec, cfg := runStack(t, stack)
		groups := rec.ByType("aws:cloudwatch/logGroup:LogGroup")
		require.NotEmpty(t, groups, stack)
		for _, r := range append(groups, rec.ByType("aws:kms/key:Key")...) {
			if r.Type == "aws:kms/key:Key" && !isLogKey(r.Name) {
				continue
			}
			assert.Equal(t, cfg.Protect(), r.RetainOnDelete, "%s: %s %s", stack, r.Type, r.Name)
		}
	}
}

func isLogKey(name string) bool {
	for _, suffix := range []string{"-flow-logs-key", "-query-logs-key", "-compliance-key"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}
