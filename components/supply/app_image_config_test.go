package supply

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

// providerSendsJupyterLab mirrors terraform-provider-aws's expandJupyterLabAppImageConfig
// (internal/service/sagemaker/app_image_config.go), which pulumi-aws runs: the JupyterLab block
// reaches CreateAppImageConfig only when it holds a non-empty container_config or
// file_system_config; an empty block is dropped (issue 40493). It also reports a
// fileSystemConfig, which the API refuses for JupyterLab (API_JupyterLabAppImageConfig: "The
// FileSystemConfig object is not supported"; issue 35826).
func providerSendsJupyterLab(block resource.PropertyValue) (sent bool, problem string) {
	if !block.IsObject() {
		return false, "no jupyterLabImageConfig"
	}
	obj := block.ObjectValue()
	if fs, ok := obj["fileSystemConfig"]; ok && !fs.IsNull() {
		return false, "fileSystemConfig is not supported for JupyterLab"
	}
	cc, ok := obj["containerConfig"]
	if !ok || !cc.IsObject() {
		return false, "an empty JupyterLab block: the provider drops it"
	}
	for _, k := range []resource.PropertyKey{"containerArguments", "containerEntrypoints", "containerEnvironmentVariables"} {
		v := cc.ObjectValue()[k]
		if (v.IsArray() && len(v.ArrayValue()) > 0) || (v.IsObject() && len(v.ObjectValue()) > 0) {
			return true, ""
		}
	}
	return false, "an empty containerConfig: the provider drops it"
}

func TestProviderSendsJupyterLabRule(t *testing.T) {
	t.Parallel()
	obj := func(m resource.PropertyMap) resource.PropertyValue { return resource.NewObjectProperty(m) }
	for _, tc := range []struct {
		name  string
		block resource.PropertyValue
		sent  bool
	}{
		{"absent", resource.NewNullProperty(), false},
		{"empty block (the bug)", obj(resource.PropertyMap{}), false},
		{"empty container config", obj(resource.PropertyMap{"containerConfig": obj(resource.PropertyMap{})}), false},
		{"file system config", obj(resource.PropertyMap{"fileSystemConfig": obj(resource.PropertyMap{
			"mountPath": resource.NewStringProperty("/home/sagemaker-user")})}), false},
		{"environment variable", obj(resource.PropertyMap{"containerConfig": obj(resource.PropertyMap{
			"containerEnvironmentVariables": obj(resource.PropertyMap{"A": resource.NewStringProperty("b")})})}), true},
		{"entrypoint", obj(resource.PropertyMap{"containerConfig": obj(resource.PropertyMap{
			"containerEntrypoints": resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty("jupyter-lab")})})}), true},
	} {
		sent, _ := providerSendsJupyterLab(tc.block)
		assert.Equal(t, tc.sent, sent, tc.name)
	}
}

// The custom image's app image config carries a JupyterLab block the provider sends, naming the
// image it runs.
func TestCustomImageAppImageConfigIsSent(t *testing.T) {
	t.Parallel()
	rec, err := isRun(t, isArgs(func(a *ImageSupplyArgs) {
		a.Settings.CustomImage = &CustomImage{Name: "team-base", Repository: "team/base", Tag: "2026.11"}
	}))
	require.NoError(t, err)
	cfg := componenttest.FindOne(t, rec, typeAppImageConfig, "images-image-config")
	sent, problem := providerSendsJupyterLab(cfg.Input("jupyterLabImageConfig"))
	assert.True(t, sent, problem)
	assert.Equal(t, "team/base:2026.11", componenttest.InputString(cfg, "jupyterLabImageConfig.containerConfig.containerEnvironmentVariables."+CustomImageEnvVar))
	assert.True(t, cfg.Input("kernelGatewayImageConfig").IsNull(), "a JupyterLab image only")
}
