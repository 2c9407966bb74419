package policies

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Compute that would run outside the VPC: Lambda functions without vpcConfig, SageMaker job
// definitions and monitoring schedules without network configuration, SageMaker pipelines whose
// definition has a step without one. (Notebook instances: sagemaker-notebook-no-direct-internet;
// models: sagemaker-model-vpc.)

// jobDefinitionTypes carry networkConfig {vpcConfig {subnets, securityGroupIds}, enableNetworkIsolation}.
var jobDefinitionTypes = map[string]bool{
	typeDataQualityJob: true, typeModelBiasJob: true, typeModelExplainabilityJob: true,
	typeModelQualityJob: true, typeProcessingJob: true,
}

// vpcProblems judges a VPC configuration object: present, with at least one subnet and one
// security group. names are the subnet and security group keys.
func vpcProblems(where string, vc property.Value, subnets, sgs string) []string {
	switch {
	case unknown(vc):
		return nil
	case absent(vc):
		return []string{fmt.Sprintf("%s is unset, so it runs outside the VPC, with internet access; set %s.%s and %s.%s", where, where, subnets, where, sgs)}
	}
	var out []string
	for _, k := range []string{subnets, sgs} {
		v := at(vc, k)
		if has, decided := nonEmptyList(v); decided && !has {
			out = append(out, fmt.Sprintf("%s.%s is %s; name at least one", where, k, show(v)))
		}
	}
	return out
}

// isolationProblem requires network isolation (regulated stacks).
func isolationProblem(where string, v property.Value) []string {
	if b, ok := boolean(v); (ok && !b) || absent(v) {
		return []string{fmt.Sprintf("%s is %s in a regulated stack; set it to true", where, show(v))}
	}
	return nil
}

// networkConfigProblems judges a SageMaker networkConfig (job definitions, monitoring schedules).
func networkConfigProblems(where string, nc property.Value, reg bool) []string {
	if unknown(nc) {
		return nil
	}
	if absent(nc) {
		return []string{fmt.Sprintf("%s is unset, so the job runs outside the VPC, with internet access; set %s.vpcConfig", where, where)}
	}
	out := vpcProblems(where+".vpcConfig", at(nc, "vpcConfig"), "subnets", "securityGroupIds")
	if reg {
		out = append(out, isolationProblem(where+".enableNetworkIsolation", at(nc, "enableNetworkIsolation"))...)
	}
	return out
}

var computeInVpc = Policy{
	Name: "compute-in-vpc",
	Description: "Compute runs in the VPC: Lambda functions with vpcConfig, SageMaker job definitions and " +
		"monitoring schedules with networkConfig.vpcConfig, SageMaker pipeline steps (training, processing, tuning, " +
		"model, AutoML, checks) with VpcConfig or NetworkConfig; with network isolation in regulated stacks.",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"regulated": {
			"type": "boolean",
			"description": "Treat every job as regulated (true) or not (false), overriding the data-sensitivity " +
				"tag; unset reads the tag.",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		var msgs []string
		isReg := func() bool { reg, _ := regulated(r, cfg); return reg }
		switch {
		case r.Type == typeLambda:
			msgs = vpcProblems("vpcConfig", prop(r.Properties, "vpcConfig"), "subnetIds", "securityGroupIds")
		case jobDefinitionTypes[r.Type]:
			msgs = networkConfigProblems("networkConfig", prop(r.Properties, "networkConfig"), isReg())
		case r.Type == typeMonitoringScheduleNative:
			def := prop(r.Properties, "monitoringScheduleConfig", "monitoringJobDefinition")
			if !absent(def) && !unknown(def) { // else it names a job definition, judged on its own
				msgs = networkConfigProblems("monitoringScheduleConfig.monitoringJobDefinition.networkConfig", at(def, "networkConfig"), isReg())
			}
		case r.Type == typePipeline:
			msgs = pipelineProblems(prop(r.Properties, "pipelineDefinition"), isReg())
		default:
			msgs = computeOutsideProblems(r)
		}
		out := make([]string, len(msgs))
		for i, m := range msgs {
			out[i] = subject(r) + ": " + m
		}
		return out
	},
}

// pipelineValue converts a decoded pipeline definition: a pipeline expression ({"Get": ...},
// {"Std:Join": ...}) is only known when the pipeline runs.
func pipelineValue(raw any, depth int) property.Value {
	if depth > maxDepth {
		return property.New(property.Computed)
	}
	switch x := raw.(type) {
	case []any:
		out := make([]property.Value, len(x))
		for i, e := range x {
			out[i] = pipelineValue(e, depth+1)
		}
		return property.New(out)
	case map[string]any:
		if len(x) == 1 {
			for k := range x {
				if k == "Get" || strings.HasPrefix(k, "Std:") {
					return property.New(property.Computed)
				}
			}
		}
		out := make(map[string]property.Value, len(x))
		for k, e := range x {
			out[k] = pipelineValue(e, depth+1)
		}
		return property.New(out)
	}
	return fromPlain(raw)
}

// pipelineProblems parses a SageMaker pipeline definition (JSON, the pipeline definition schema)
// and judges every step that starts compute, condition branches included. A Transform step has no
// network settings in the API (CreateTransformJob): it runs its model, judged where the model is
// created (a Model step or aws:sagemaker/model).
func pipelineProblems(def property.Value, reg bool) []string {
	s, ok := str(def)
	if !ok {
		return nil // unknown, absent (pipelineDefinitionS3Location), or not a string
	}
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil // not JSON: a pipeline definition is JSON, so SageMaker would refuse it
	}
	doc := pipelineValue(raw, 0).WithSecret(def.Secret())
	var out []string
	var walk func(steps property.Value, depth int)
	walk = func(steps property.Value, depth int) {
		list, _ := elems(steps)
		if depth > maxDepth {
			return
		}
		for i, st := range list {
			name, _ := str(at(st, "Name"))
			if name == "" || doc.Secret() {
				name = fmt.Sprintf("#%d", i)
			}
			typ, _ := str(at(st, "Type"))
			args := at(st, "Arguments")
			where := fmt.Sprintf("pipelineDefinition step %q (%s) Arguments.", name, typ)
			switch strings.ToLower(typ) {
			case "training":
				out = append(out, vpcProblems(where+"VpcConfig", at(args, "VpcConfig"), "Subnets", "SecurityGroupIds")...)
				if reg {
					out = append(out, isolationProblem(where+"EnableNetworkIsolation", at(args, "EnableNetworkIsolation"))...)
				}
			case "model":
				out = append(out, vpcProblems(where+"VpcConfig", at(args, "VpcConfig"), "Subnets", "SecurityGroupIds")...)
				if reg {
					out = append(out, isolationProblem(where+"EnableNetworkIsolation", at(args, "EnableNetworkIsolation"))...)
				}
			case "tuning":
				tjd := at(args, "TrainingJobDefinition")
				if !absent(tjd) {
					out = append(out, vpcProblems(where+"TrainingJobDefinition.VpcConfig", at(tjd, "VpcConfig"), "Subnets", "SecurityGroupIds")...)
				}
				defs, _ := elems(at(args, "TrainingJobDefinitions"))
				for j, d := range defs {
					out = append(out, vpcProblems(fmt.Sprintf("%sTrainingJobDefinitions[%d].VpcConfig", where, j), at(d, "VpcConfig"), "Subnets", "SecurityGroupIds")...)
				}
			case "automl":
				out = append(out, vpcProblems(where+"AutoMLJobConfig.SecurityConfig.VpcConfig", at(args, "AutoMLJobConfig", "SecurityConfig", "VpcConfig"), "Subnets", "SecurityGroupIds")...)
			case "processing", "qualitycheck", "clarifycheck":
				nc := at(args, "NetworkConfig")
				switch {
				case unknown(nc):
				case absent(nc):
					out = append(out, where+"NetworkConfig is unset, so the job runs outside the VPC, with internet access; set NetworkConfig.VpcConfig")
				default:
					out = append(out, vpcProblems(where+"NetworkConfig.VpcConfig", at(nc, "VpcConfig"), "Subnets", "SecurityGroupIds")...)
					if reg {
						out = append(out, isolationProblem(where+"NetworkConfig.EnableNetworkIsolation", at(nc, "EnableNetworkIsolation"))...)
					}
				}
			case "condition":
				walk(at(args, "IfSteps"), depth+1)
				walk(at(args, "ElseSteps"), depth+1)
			}
		}
	}
	walk(at(doc, "Steps"), 0)
	return out
}
