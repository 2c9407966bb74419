package policies

import (
	"fmt"
	"sort"
	"strings"
)

// The reviewed-type registry is the pack's spine: default deny. Every resource type the pack
// accepts is listed with its classification:
//
//   - Private (private by construction): no network surface of its own on the internet and no
//     data path out of the landing zone (a KMS key, an IAM role, a route table association);
//   - Judged (internet-capable, judged): the named policies decide it from its properties, each
//     reading an absent property at the provider's default (see decisions.go);
//   - Forbidden: internet-capable and no policy proves it private; a stack may admit it through
//     the pack config (reviewed-types.admit) with a reason.
//
// A resource of the aws or aws-native package whose type is not listed, and a resource of a
// CloudFormation template or a Cloud Control desired state whose type is not listed, is a
// mandatory violation: "not reviewed for internet paths". Component resources (any other
// package: vpconly:..., awsx:...) are not judged by type; their children are.

// Class is a registry classification.
type Class int

// Classifications.
const (
	Private Class = iota + 1
	Judged
	Forbidden
)

func (c Class) String() string {
	switch c {
	case Private:
		return "private by construction"
	case Judged:
		return "internet-capable, judged"
	case Forbidden:
		return "forbidden"
	}
	return "not reviewed"
}

// entry is one registry line: the classification, why (private, forbidden) or which policies
// judge it (judged).
type entry struct {
	class    Class
	why      string
	policies []string
}

func private(why string) entry         { return entry{class: Private, why: why} }
func judged(policies ...string) entry  { return entry{class: Judged, policies: policies} }
func forbidden(why string) entry       { return entry{class: Forbidden, why: why} }
func (e entry) String() string         { return e.class.String() }
func (e entry) judgedBy(p string) bool { return e.class == Judged && contains(e.policies, p) }
func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Why a type is private by construction (the reasons the seed review gave, service by service).
const (
	rConfig    = "configuration, identity, DNS or monitoring of AWS itself: no network endpoint of its own and no data path out"
	rData      = "a service reached only through its AWS API (IAM-authenticated, from the VPC through its endpoints); no internet surface of its own"
	rInVpc     = "lives in the VPC (interfaces in the subnets it is given), with no public address option"
	rChild     = "part of a resource judged on its own: its parent type carries the internet decision"
	rCorporate = "the corporate path (transit gateway, VPN, Direct Connect private interfaces): private networks only"
	rFilter    = "a filter, firewall or security finding: it closes paths, opens none"
)

// cfnTypes are CloudFormation types (keyed by cfnKey) that have no pulumi-aws token to stand for,
// reviewed directly. Types with a pulumi-aws token are reviewed through it (see lookupCfn).
var cfnTypes = map[string]entry{
	"codeartifact:packagegroup":          private(rData), // the landing zone's package supply (Cloud Control)
	"cloudformation:waitconditionhandle": private(rConfig),
	"cloudformation:waitcondition":       private(rConfig),
	"cloudformation:macro":               private(rConfig),
	"cdk:metadata":                       private(rConfig), // the CDK's metadata resource
	"serverless:function":                judged("compute-in-vpc", "no-internet-entry-point"),
	"serverless:api":                     judged("no-internet-entry-point"),
	"serverless:httpapi":                 judged("no-internet-entry-point"),
	"serverless:simpletable":             private(rData),
	"serverless:layerversion":            private(rData),
	"serverless:application":             forbidden("a SAM application deploys a nested template the pack cannot read"),
	"serverless:statemachine":            judged("no-aws-egress"),
	"serverless:graphqlapi":              judged("no-internet-entry-point"),
	"serverless:connector":               private(rConfig),
}

// cfnView is the type a view of an untranslated CloudFormation type carries: "cfn:" + cfnKey.
const cfnView = "cfn:"

// lookupType finds the registry entry of a resource's type (a pulumi-aws token, or a view of a
// CloudFormation type without one).
func lookupType(typ string) (entry, bool) {
	if strings.HasPrefix(typ, cfnView) {
		e, ok := cfnTypes[strings.TrimPrefix(typ, cfnView)]
		return e, ok
	}
	if e, ok := awsTypes[typ]; ok {
		return e, ok
	}
	e, ok := nativeOnlyTypes[typ]
	return e, ok
}

// nativeOnlyTypes are judged types that pulumi-aws v6.83.2 does not have: the rules name them by
// their aws-native token (they arrive through aws-native, CloudFormation or Cloud Control).
var nativeOnlyTypes = map[string]entry{
	typeModelBiasJob:             judged("compute-in-vpc"),
	typeModelExplainabilityJob:   judged("compute-in-vpc"),
	typeModelQualityJob:          judged("compute-in-vpc"),
	typeProcessingJob:            judged("compute-in-vpc"),
	typeMonitoringScheduleNative: judged("compute-in-vpc"),
}

// derivedToken is the pulumi-aws token a CloudFormation type stands for when pulumi-aws names it
// the same way, compared without regard to case (AWS::CodeArtifact::Domain ->
// aws:codeartifact/domain:Domain, AWS::EC2::VPCEndpoint -> aws:ec2/vpcEndpoint:VpcEndpoint), after
// the CloudFormation service names pulumi-aws files under another module (cfnModules); "" when
// there is none.
func derivedToken(cfnType string) string {
	var svc, name string
	switch parts := strings.Split(cfnType, "::"); {
	case len(parts) == 3 && parts[0] == "AWS":
		svc, name = parts[1], parts[2]
	default: // aws-native token tail: svc:Type
		p := strings.Split(cfnType, ":")
		if len(p) != 2 {
			return ""
		}
		svc, name = p[0], p[1]
	}
	if name == "" || svc == "" {
		return ""
	}
	svc = strings.ToLower(svc)
	if m, ok := cfnModules[svc]; ok {
		svc, name = m.module, m.prefix+name
	}
	return awsTypesFolded[strings.ToLower("aws:"+svc+"/"+name+":"+name)]
}

// cfnModules are the CloudFormation services whose pulumi-aws types live in another module, with
// the prefix pulumi-aws gives their type names (AWS::Events::Rule -> aws:cloudwatch/eventRule:EventRule).
var cfnModules = map[string]struct{ module, prefix string }{
	"logs":                   {"cloudwatch", ""},
	"events":                 {"cloudwatch", "Event"},
	"elasticloadbalancingv2": {"lb", ""},
	"elasticloadbalancing":   {"elb", ""},
	"stepfunctions":          {"sfn", ""},
	"kinesisfirehose":        {"kinesis", "Firehose"},
	"opensearchservice":      {"opensearch", ""},
	"amazonmq":               {"mq", ""},
	"certificatemanager":     {"acm", ""},
	"applicationautoscaling": {"appautoscaling", ""},
	"config":                 {"cfg", ""},
}

// awsTypesFolded indexes the pulumi-aws tokens by their lower-case form (built once, read only).
var awsTypesFolded = func() map[string]string {
	m := make(map[string]string, len(awsTypes))
	for t := range awsTypes {
		m[strings.ToLower(t)] = t
	}
	return m
}()

var reviewedTypes = Policy{
	Name: "reviewed-types",
	Description: "Default deny: every AWS resource type (pulumi-aws, aws-native, CloudFormation, Cloud Control) " +
		"must be in the pack's reviewed-type registry and not forbidden, unless the pack config admits it with a reason.",
	DefaultEnforcement: Mandatory,
	ConfigProperties: map[string]map[string]any{
		"admit": {
			"type":                 "object",
			"additionalProperties": map[string]any{"type": "string"},
			"description": "Types the stack's owners reviewed, each with the reason (type token -> reason); " +
				"CloudFormation types as AWS::Service::Type.",
		},
	},
	check: func(r *Resource, cfg *Config) []string {
		if why := reviewVerdict(r, cfg); why != "" {
			return []string{fmt.Sprintf("%s: %s", subject(r), why)}
		}
		return nil
	},
}

// admitted reports a type the pack config admits (by pulumi-aws token, aws-native token, or
// CloudFormation type for a view).
func admitted(r *Resource, cfg *Config) bool {
	if len(cfg.Admit) == 0 {
		return false
	}
	for _, k := range []string{r.Type, r.cfnType} {
		if _, ok := cfg.Admit[k]; ok && k != "" {
			return true
		}
	}
	return false
}

// reviewVerdict is "" when the registry accepts the resource, else why not.
func reviewVerdict(r *Resource, cfg *Config) string {
	pkg, _, _ := strings.Cut(r.Type, ":")
	switch {
	case r.Type == typeCfnStack || r.Type == typeCfnStackSet || r.Type == typeNativeCfnStack || r.Type == typeNativeStackSet:
		return templateReadable(r)
	case r.Type == typeCloudControl:
		return desiredStateReadable(r)
	case !r.isView() && pkg == "aws-native":
		return "" // judged through its view (its CloudFormation type)
	case !r.isView() && pkg != "aws":
		return "" // a component or another package: judged through its children
	}
	if r.Type == cfnUnreadable {
		return "cannot prove private: " + r.via + " is not a JSON or YAML document the pack can read"
	}
	e, ok := lookupType(r.Type)
	name := r.Type
	if r.cfnType != "" {
		name = r.cfnType
	}
	switch {
	case admitted(r, cfg):
		return ""
	case !ok:
		return fmt.Sprintf("type %s is not reviewed for internet paths, so the pack cannot prove it private; "+
			"add it to the registry (policypack/policies/registry_aws.go) or admit it in the pack config "+
			"(reviewed-types.admit, with the reason)", name)
	case e.class == Forbidden:
		return fmt.Sprintf("type %s is forbidden: %s; remove it, or admit the type in the pack config "+
			"(reviewed-types.admit, with the reason your review found it private)", name, e.why)
	}
	return ""
}

// templateReadable: a CloudFormation stack whose template the pack cannot read cannot be proved private.
func templateReadable(r *Resource) string {
	body := prop(r.Properties, "templateBody")
	switch {
	case unknown(body):
		return "cannot prove private: templateBody is unknown until apply; give the template as a literal"
	case absent(body):
		return fmt.Sprintf("cannot prove private: the template is not in the program (templateUrl %s); give it as templateBody",
			show(prop(r.Properties, "templateUrl")))
	}
	return ""
}

// cfnUnreadable is the type of the one view of a template or desired state the pack cannot parse.
const cfnUnreadable = cfnView + "unreadable"

// desiredStateReadable: a Cloud Control resource of a private type passes whatever its state;
// of any other type its desired state must be readable.
func desiredStateReadable(r *Resource) string {
	typ := prop(r.Properties, "typeName")
	s, ok := str(typ)
	if !ok {
		return fmt.Sprintf("cannot prove private: typeName is %s", show(typ))
	}
	if e, found := lookupCfn(s); found && e.class == Private {
		return ""
	}
	ds := prop(r.Properties, "desiredState")
	if !ds.IsString() {
		return fmt.Sprintf("cannot prove private: desiredState is %s, and type %s is not private by construction", show(ds), s)
	}
	return ""
}

// lookupCfn finds the registry entry a CloudFormation type is reviewed under.
func lookupCfn(typ string) (entry, bool) {
	key := cfnKey(typ)
	if m, ok := nativeTypes[key]; ok {
		return lookupType(m.token)
	}
	if e, ok := cfnTypes[key]; ok {
		return e, true
	}
	if e, ok := awsTypes[derivedToken(typ)]; ok && e.class == Private {
		return e, true
	}
	return entry{}, false
}

// parseAdmit validates reviewed-types.admit: an object of type -> non-empty reason.
func parseAdmit(path string, v any) (map[string]string, []error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, []error{fmt.Errorf("%s: %s is not allowed: use an object of type -> reason, such as "+
			`{"aws:amplify/app:App": "reviewed: internal tool behind IAM"}`, path, echo(v))}
	}
	var errs []error
	out := make(map[string]string, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		reason, ok := m[k].(string)
		switch {
		case !strings.Contains(k, ":"):
			errs = append(errs, fmt.Errorf("%s: key %q is not allowed: use a type token (aws:service/name:Name, aws-native:service:Name) or a CloudFormation type (AWS::Service::Name)", path, k))
		case !ok || strings.TrimSpace(reason) == "":
			errs = append(errs, fmt.Errorf("%s[%q]: %s is not allowed: give the reason your review found the type private (a non-empty string)", path, k, echo(m[k])))
		default:
			out[k] = reason
		}
	}
	return out, errs
}
