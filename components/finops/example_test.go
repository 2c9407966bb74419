package finops_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

func ExampleNewNetworkBudget() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		budget, err := finops.NewNetworkBudget(ctx, "network-budget", &finops.NetworkBudgetArgs{
			MonthlyLimitUsd: 400,
			Emails:          []string{"ml-platform@example.com"},
			CostCenter:      "CC-ML-1001",
		})
		if err != nil {
			return err
		}
		ctx.Export("budgetName", budget.BudgetName)
		return nil
	})
	for _, b := range rec.ByType("aws:budgets/budget:Budget") {
		fmt.Println(b.Input("name").StringValue(), b.Input("limitAmount").StringValue(), b.Input("limitUnit").StringValue())
	}
	// Output:
	// sagemaker-landing-zone-example-network-budget 400 USD
}
