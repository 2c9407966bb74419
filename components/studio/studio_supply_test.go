package studio

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	ssJupyterLcc = "arn:aws:sagemaker:us-east-1:123456789012:studio-lifecycle-config/ml-packages-pip-jupyterlab"
	ssEditorLcc  = "arn:aws:sagemaker:us-east-1:123456789012:studio-lifecycle-config/ml-packages-pip-codeeditor"
)

// The supply path becomes the domain's default: the pip lifecycle configuration for JupyterLab
// (users and shared spaces) and Code Editor, and the custom image in JupyterLab.
func TestStudioDomainSupplySettings(t *testing.T) {
	t.Parallel()
	args := StudioTestArgs()
	args.Supply = &supply.StudioSupply{
		JupyterLabLifecycleConfigArn: pulumi.String(ssJupyterLcc),
		CodeEditorLifecycleConfigArn: pulumi.String(ssEditorLcc),
		CustomImages:                 []supply.StudioCustomImage{{ImageName: pulumi.String("team-base"), AppImageConfigName: pulumi.String("team-base")}},
	}
	rec, _, err := StudioRun(t, "dev", args)
	require.NoError(t, err)
	d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	for _, prefix := range []string{"defaultUserSettings.jupyterLabAppSettings", "defaultSpaceSettings.jupyterLabAppSettings"} {
		assert.Equal(t, ssJupyterLcc, componenttest.InputString(d, prefix+".defaultResourceSpec.lifecycleConfigArn"), prefix)
		assert.Equal(t, []string{ssJupyterLcc}, recorder.Strings(d.Input(prefix+".lifecycleConfigArns")), prefix)
		assert.Equal(t, "team-base", componenttest.InputString(d, prefix+".customImages.0.imageName"), prefix)
		assert.Equal(t, "team-base", componenttest.InputString(d, prefix+".customImages.0.appImageConfigName"), prefix)
	}
	assert.Equal(t, ssEditorLcc, componenttest.InputString(d, "defaultUserSettings.codeEditorAppSettings.defaultResourceSpec.lifecycleConfigArn"))
	assert.Equal(t, []string{ssEditorLcc}, recorder.Strings(d.Input("defaultUserSettings.codeEditorAppSettings.lifecycleConfigArns")))
	// The settings the domain had before are untouched.
	assert.Equal(t, stDomainRole, componenttest.InputString(d, "defaultUserSettings.executionRole"))
	assert.Equal(t, []string{stDomainSG}, recorder.Strings(d.Input("defaultUserSettings.securityGroups")))
	assert.Equal(t, "VpcOnly", componenttest.InputString(d, "appNetworkAccessType"))

	// Without supply nothing of it appears.
	rec, _, err = StudioRun(t, "dev", StudioTestArgs())
	require.NoError(t, err)
	d = componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	assert.True(t, d.Input("defaultUserSettings.jupyterLabAppSettings").IsNull())
	assert.True(t, d.Input("defaultUserSettings.codeEditorAppSettings").IsNull())

	// Only the images, no lifecycle configurations.
	args = StudioTestArgs()
	args.Supply = &supply.StudioSupply{CustomImages: []supply.StudioCustomImage{{ImageName: pulumi.String("i"), AppImageConfigName: pulumi.String("c")}}}
	rec, _, err = StudioRun(t, "dev", args)
	require.NoError(t, err)
	d = componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	assert.True(t, d.Input("defaultUserSettings.jupyterLabAppSettings.defaultResourceSpec").IsNull())
	assert.Equal(t, "i", componenttest.InputString(d, "defaultUserSettings.jupyterLabAppSettings.customImages.0.imageName"))
}

func TestStudioDomainSupplyValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		supply *supply.StudioSupply
		want   []string
	}{
		{"zero-value lifecycle output", &supply.StudioSupply{JupyterLabLifecycleConfigArn: pulumi.StringOutput{}},
			[]string{"Supply.JupyterLabLifecycleConfigArn", "zero-value Output"}},
		{"image without config", &supply.StudioSupply{CustomImages: []supply.StudioCustomImage{{ImageName: pulumi.String("i")}}},
			[]string{"Supply.CustomImages[0] is not set", "AppImageConfigName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			args.Supply = tc.supply
			rec, _, err := StudioRun(t, "dev", args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}
