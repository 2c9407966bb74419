package supply

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
)

// partFields are the fields of a part's *arg.Error values; a part validated on its own names no
// component.
func partFields(t *testing.T, err error) []string {
	t.Helper()
	errs, other := arg.Errors(err)
	require.Empty(t, other)
	var out []string
	for _, e := range errs {
		assert.Empty(t, e.Component, "%v", e)
		out = append(out, e.Field)
	}
	return out
}

// TestSettingsValidate: the plain settings the configuration mirrors validate on their own,
// naming Go field paths the configuration maps to its keys.
func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want []string // nil: valid
	}{
		{"packages: defaults", PackageSettings{}.WithDefaults().Validate(), nil},
		{"packages: allow-list", PackageSettings{AllowedPackages: []string{"numpy", "pandas"}}.WithDefaults().Validate(), nil},
		{"packages: bad", PackageSettings{DomainName: "A", Upstreams: []PackageUpstream{{Name: "x"}, {Name: "store", ExternalConnection: "npm"}},
			AllowedPackages: []string{"NumPy", "numpy", "numpy"}}.WithDefaults().Validate(),
			[]string{"DomainName", "Upstreams[0].Name", "Upstreams[1].ExternalConnection", "AllowedPackages[0]", "AllowedPackages[2]", "AllowedPackages"}},
		{"images: repositories", ImageSettings{Repositories: []string{"team/base"}}.WithDefaults().Validate(), nil},
		{"images: nothing", ImageSettings{}.WithDefaults().Validate(), []string{""}},
		{"images: bad", ImageSettings{Repositories: []string{"Team", "a/b", "a-b"}, KeepImages: -1,
			CustomImage: &CustomImage{Name: "img", Repository: "other", Tag: ".x"}}.WithDefaults().Validate(),
			[]string{"Repositories[0]", "Repositories[2]", "KeepImages", "CustomImage.Repository", "CustomImage.Tag"}},
		{"studio supply: nil", (*StudioSupply)(nil).Validate(), nil},
		{"studio supply: wired", (&StudioSupply{JupyterLabLifecycleConfigArn: pulumi.String("arn"),
			CustomImages: []StudioCustomImage{{ImageName: pulumi.String("i"), AppImageConfigName: pulumi.String("c")}}}).Validate(), nil},
		{"studio supply: unset", (&StudioSupply{CodeEditorLifecycleConfigArn: pulumi.StringOutput{},
			CustomImages: []StudioCustomImage{{ImageName: pulumi.String("i")}, {ImageName: pulumi.String("i"), AppImageConfigName: pulumi.StringOutput{}}}}).Validate(),
			[]string{"CodeEditorLifecycleConfigArn", "CustomImages[0]", "CustomImages[1].AppImageConfigName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.want == nil {
				assert.NoError(t, tc.err)
				return
			}
			assert.Equal(t, tc.want, partFields(t, tc.err))
		})
	}
}

// TestSupplyArgsReportSettingsUnderTheirField: the components report their settings' problems
// under "Settings." with their own name.
func TestSupplyArgsReportSettingsUnderTheirField(t *testing.T) {
	t.Parallel()
	err := (&ImageSupplyArgs{Region: "us-east-1"}).Validate("images")
	errs, _ := arg.Errors(err)
	require.Len(t, errs, 1, "%v", err)
	assert.Equal(t, "ImageSupply", errs[0].Component)
	assert.Equal(t, "Settings", errs[0].Field)

	err = (&PackageLifecycleConfigsArgs{Region: "us-east-1", DomainOwner: pulumi.String("111122223333"),
		Settings: PackageSettings{DomainName: "A"}}).Validate("pip")
	errs, _ = arg.Errors(err)
	require.Len(t, errs, 1, "%v", err)
	assert.Equal(t, "PackageLifecycleConfigs", errs[0].Component)
	assert.Equal(t, "Settings.DomainName", errs[0].Field)

	assert.NoError(t, (&CustomStudioImageArgs{Region: "us-east-1", RegistryAccountId: pulumi.String("111122223333"),
		Image: &CustomImage{Name: "img", Repository: "team/base", Tag: "v1"}}).Validate("img"))
	err = (&CustomStudioImageArgs{Region: "us-east-1"}).Validate("img")
	assert.Equal(t, []string{"Image", "RegistryAccountId"}, fieldsOf(err))
}

func fieldsOf(err error) []string {
	errs, _ := arg.Errors(err)
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}
