package main

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// newProvider is the component package: every binding, its schema descriptions filled from the
// Go doc comments of the Args and component fields (describe, descriptions.go).
func newProvider() (p.Provider, error) {
	bs := blocks()
	comps := make([]infer.InferredComponent, len(bs))
	for i, b := range bs {
		comps[i] = b.component
	}
	inner, err := infer.NewProviderBuilder().
		WithNamespace(Name).
		WithDisplayName("SageMaker VpcOnly landing zone").
		WithDescription("An internet-free SageMaker Studio landing zone on AWS: endpoint hub, spokes, Studio domains, guardrails, corporate and supply paths.").
		WithRepository("https://github.com/vpconly/sagemaker-landing-zone").
		WithLicense("Apache-2.0").
		WithKeywords("aws", "sagemaker", "landing-zone", "vpc", "kind/component", "category/cloud").
		WithComponents(comps...).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	getSchema := inner.GetSchema
	inner.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := getSchema(ctx, req)
		if err != nil {
			return resp, err
		}
		resp.Schema, err = describe(resp.Schema, bs, goDocs())
		return resp, err
	}
	return inner, nil
}
