package policies

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"gopkg.in/yaml.v3"
)

// Resources that stand for other resources are judged by the same rules as the resources they
// stand for, through views:
//
//   - an aws-native resource (`aws-native:<service>:<Type>`, property names the CloudFormation
//     ones in camelCase) is viewed as the pulumi-aws resource of the same CloudFormation type;
//   - an `aws:cloudformation/stack:Stack` or `aws:cloudformation/stackSet:StackSet` (and their
//     aws-native tokens) is viewed as every resource of its templateBody (JSON or YAML, short-form
//     tags such as !Ref allowed);
//   - an `aws:cloudcontrol/resource:Resource` is viewed as the resource of its typeName with its
//     desiredState (a JSON document of CloudFormation property names).
//
// A view keeps the outer resource's URN (the engine reports on what the program declared) and
// names its origin in every message. Inside a template, Ref and Fn::GetAtt of another resource of
// the template become that resource's view ID, so the stack policies link them as they link
// pulumi-aws resources; a Ref to a parameter reads the stack's parameters, else the parameter's
// Default; any other intrinsic function is unknown (cannot decide).

// Type tokens of the outer resources.
const (
	typeCfnStack       = "aws:cloudformation/stack:Stack"
	typeNativeCfnStack = "aws-native:cloudformation:Stack"
	typeCfnStackSet    = "aws:cloudformation/stackSet:StackSet"
	typeNativeStackSet = "aws-native:cloudformation:StackSet"
	typeCloudControl   = "aws:cloudcontrol/resource:Resource"
	nativePrefix       = "aws-native:"
)

// isView reports a view (see above) rather than a resource the program declared.
func (r *Resource) isView() bool { return r.shown != "" }

// ident is the resource's identity in a stack index: its own key for a view, else its URN.
func ident(r *Resource) string {
	if r.key != "" {
		return r.key
	}
	return r.URN
}

// expand returns every resource followed by its views, in order. Linear in the input size.
func expand(rs []Resource) []Resource {
	out := make([]Resource, 0, len(rs))
	for i := range rs {
		out = append(out, rs[i])
		out = append(out, viewsOf(&rs[i])...)
	}
	return out
}

// viewsOf returns the views of one resource (none for an ordinary pulumi-aws resource).
func viewsOf(r *Resource) []Resource {
	switch {
	case r.isView():
		return nil
	case r.Type == typeCfnStack || r.Type == typeNativeCfnStack || r.Type == typeCfnStackSet || r.Type == typeNativeStackSet:
		return templateViews(r)
	case r.Type == typeCloudControl:
		return cloudControlViews(r)
	case strings.HasPrefix(r.Type, nativePrefix):
		t, props := translate(strings.TrimPrefix(r.Type, nativePrefix), property.New(r.Properties))
		v := *r
		v.Type, v.Properties, v.shown, v.key, v.cfnType = t, props, r.Type, r.URN, r.Type
		return []Resource{v}
	}
	return nil
}

// cfnKey normalises a CloudFormation type (AWS::EC2::Subnet) or an aws-native token's tail
// (ec2:Subnet) to the key of nativeTypes (ec2:subnet).
func cfnKey(t string) string {
	t = strings.TrimPrefix(strings.TrimPrefix(t, "AWS::"), "Alexa::")
	return strings.ToLower(strings.ReplaceAll(t, "::", ":"))
}

// translate maps a resource of a CloudFormation type (camelCase property names) to the
// pulumi-aws token and property shape the rules read: the reviewed translation of nativeTypes,
// else the pulumi-aws token of the same name when the registry has it as private by construction
// (no property decides it), else the view type cfn:<cfnKey>, which the registry judges directly
// (reviewed-types reports it when it is not listed).
func translate(typ string, props property.Value) (string, property.Map) {
	pm := property.Map{}
	if props.IsMap() {
		pm = props.AsMap()
	}
	key := cfnKey(typ)
	if m, ok := nativeTypes[key]; ok {
		pm = applyRenames(key, pm)
		if m.shape != nil {
			var keep bool
			if pm, keep = m.shape(pm); !keep {
				return m.otherwise, pm
			}
		}
		return m.token, pm
	}
	if _, ok := cfnTypes[key]; !ok {
		if t := derivedToken(typ); t != "" {
			if e, ok := awsTypes[t]; ok && e.class == Private {
				return t, pm
			}
		}
	}
	return cfnView + key, pm
}

type nativeType struct {
	token string
	// shape reshapes the properties (after the generated renames, cfnRenames) where the models
	// differ in structure, not in name; false means the resource is the otherwise type instead
	// (a VPN gateway attachment is not an internet gateway one).
	shape     func(property.Map) (property.Map, bool)
	otherwise string
}

// lift replaces the properties by the object under key (a launch template's data).
func lift(key string) func(property.Map) (property.Map, bool) {
	return func(m property.Map) (property.Map, bool) {
		if v := m.Get(key); v.IsMap() {
			return v.AsMap(), true
		}
		return property.Map{}, true
	}
}

// nativeTypes covers the CloudFormation types that the rules judge (see policypack/README.md,
// "Coverage"). Keys are cfnKey of the CloudFormation type.
var nativeTypes = map[string]nativeType{
	"ec2:internetgateway":           {token: typeInternetGateway},
	"ec2:egressonlyinternetgateway": {token: typeEgressOnlyIGW},
	"ec2:vpcgatewayattachment": {token: typeIGWAttachment, shape: func(m property.Map) (property.Map, bool) {
		return m, !absent(m.Get("internetGatewayId")) // a VPN gateway attachment is not an IGW
	}, otherwise: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment"},
	"ec2:natgateway":                             {token: typeNatGateway},
	"ec2:eip":                                    {token: typeEip},
	"ec2:eipassociation":                         {token: typeEipAssociation},
	"ec2:carriergateway":                         {token: typeCarrierGateway},
	"ec2:vpc":                                    {token: typeVpc},
	"ec2:vpccidrblock":                           {token: typeVpcIpv6Association},
	"ec2:subnet":                                 {token: typeSubnet},
	"ec2:route":                                  {token: typeRoute},
	"ec2:routetable":                             {token: typeRouteTable},
	"ec2:transitgatewayroute":                    {token: typeTgwRoute},
	"ec2:securitygroup":                          {token: typeSecurityGroup, shape: cfnSecurityGroup},
	"ec2:securitygroupingress":                   {token: typeSGIngressRule},
	"ec2:securitygroupegress":                    {token: typeSGEgressRule},
	"ec2:prefixlist":                             {token: typeManagedPrefixList},
	"ec2:instance":                               {token: typeInstance},
	"ec2:launchtemplate":                         {token: typeLaunchTemplate, shape: lift("launchTemplateData")},
	"ec2:networkinterface":                       {token: typeNetworkInterface},
	"ec2:instanceconnectendpoint":                {token: typeInstanceConnectEndpoint},
	"ec2:clientvpnroute":                         {token: typeClientVpnRoute},
	"ec2:clientvpnauthorizationrule":             {token: typeClientVpnAuthorization},
	"ec2:vpcblockpublicaccessoptions":            {token: typeBPAOptions},
	"ec2:vpcblockpublicaccessexclusion":          {token: typeBPAExclusion},
	"ec2:vpcendpoint":                            {token: typeVpcEndpoint},
	"ecs:service":                                {token: typeEcsService, shape: cfnEcsNetwork},
	"ecs:taskset":                                {token: typeEcsTaskSet, shape: cfnEcsNetwork},
	"elasticloadbalancingv2:loadbalancer":        {token: typeLB, shape: cfnScheme},
	"elasticloadbalancing:loadbalancer":          {token: typeELB, shape: cfnScheme},
	"globalaccelerator:accelerator":              {token: typeGlobalAccelerator},
	"lambda:function":                            {token: typeLambda},
	"serverless:function":                        {token: typeLambda},
	"serverless:api":                             {token: typeRestAPI, shape: samEndpoint},
	"serverless:httpapi":                         {token: typeAPIv2},
	"serverless:statemachine":                    {token: typeStateMachine},
	"stepfunctions:statemachine":                 {token: typeStateMachine},
	"sns:subscription":                           {token: typeSNSSubscription},
	"kinesisfirehose:deliverystream":             {token: typeFirehose, shape: cfnFirehose},
	"s3:bucketpolicy":                            {token: typeBucketPolicy},
	"s3:bucket":                                  {token: typeS3Bucket},
	"eks:cluster":                                {token: typeEksCluster},
	"msk:cluster":                                {token: typeMskCluster},
	"mwaa:environment":                           {token: typeMwaa},
	"codebuild:project":                          {token: typeCodeBuild},
	"glue:job":                                   {token: typeGlueJob},
	"autoscaling:autoscalinggroup":               {token: typeASG},
	"autoscaling:launchconfiguration":            {token: typeLaunchConfiguration},
	"events:target":                              {token: typeEventTarget},
	"scheduler:schedule":                         {token: typeSchedule},
	"pipes:pipe":                                 {token: typePipe},
	"s3:accesspoint":                             {token: typeS3AccessPoint},
	"rds:dbcluster":                              {token: "aws:rds/cluster:Cluster"},
	"appstream:fleet":                            {token: typeAppStreamFleet},
	"lambda:url":                                 {token: typeFunctionURL},
	"apigateway:restapi":                         {token: typeRestAPI},
	"apigatewayv2:api":                           {token: typeAPIv2},
	"rds:dbinstance":                             {token: typeRdsInstance},
	"redshift:cluster":                           {token: typeRedshiftCluster},
	"opensearchservice:domain":                   {token: typeOpenSearchDomain},
	"transfer:server":                            {token: typeTransferServer},
	"cloudfront:distribution":                    {token: typeCloudFront},
	"appsync:graphqlapi":                         {token: typeAppSync},
	"apprunner:service":                          {token: typeAppRunner},
	"amazonmq:broker":                            {token: typeMqBroker},
	"dms:replicationinstance":                    {token: typeDmsInstance},
	"sagemaker:domain":                           {token: typeDomain},
	"sagemaker:notebookinstance":                 {token: typeNotebookInstance},
	"sagemaker:model":                            {token: typeModel},
	"sagemaker:dataqualityjobdefinition":         {token: typeDataQualityJob},
	"sagemaker:modelbiasjobdefinition":           {token: typeModelBiasJob},
	"sagemaker:modelexplainabilityjobdefinition": {token: typeModelExplainabilityJob},
	"sagemaker:modelqualityjobdefinition":        {token: typeModelQualityJob},
	"sagemaker:processingjob":                    {token: typeProcessingJob},
	"sagemaker:monitoringschedule":               {token: typeMonitoringScheduleNative},
	"sagemaker:pipeline": {token: typePipeline, shape: func(m property.Map) (property.Map, bool) {
		if d := m.Get("pipelineDefinition"); d.IsMap() {
			m = m.Set("pipelineDefinition", d.AsMap().Get("pipelineDefinitionBody"))
		}
		return m, true
	}},
}

// cfnSecurityGroup turns SecurityGroupIngress/SecurityGroupEgress ({CidrIp, CidrIpv6, *PrefixListId})
// into pulumi-aws ingress/egress ({cidrBlocks, ipv6CidrBlocks, prefixListIds}).
func cfnSecurityGroup(m property.Map) (property.Map, bool) {
	conv := func(from, to, pl string) {
		v, ok := m.GetOk(from)
		if !ok {
			return
		}
		m = m.Delete(from)
		list, isList := elems(v)
		if !isList {
			m = m.Set(to, v)
			return
		}
		rules := make([]property.Value, len(list))
		for i, e := range list {
			if !e.IsMap() {
				rules[i] = e
				continue
			}
			one := func(k string) property.Value {
				x := at(e, k)
				if absent(x) {
					return property.New([]property.Value{})
				}
				return property.New([]property.Value{x})
			}
			rules[i] = property.New(map[string]property.Value{
				"cidrBlocks": one("cidrIp"), "ipv6CidrBlocks": one("cidrIpv6"), "prefixListIds": one(pl)})
		}
		m = m.Set(to, property.New(rules))
	}
	conv("securityGroupIngress", "ingress", "sourcePrefixListId")
	conv("securityGroupEgress", "egress", "destinationPrefixListId")
	return m, true
}

// cfnEcsNetwork lifts NetworkConfiguration.AwsvpcConfiguration to networkConfiguration.
func cfnEcsNetwork(m property.Map) (property.Map, bool) {
	if a := at(m.Get("networkConfiguration"), "awsvpcConfiguration"); !absent(a) {
		m = m.Set("networkConfiguration", a)
	}
	return m, true
}

// cfnScheme turns Scheme (internet-facing, the default, or internal) into pulumi-aws `internal`,
// (Type to loadBalancerType is a generated rename.)
func cfnScheme(m property.Map) (property.Map, bool) {
	if v, ok := m.GetOk("scheme"); ok {
		m = m.Delete("scheme")
		switch s, isStr := str(v); {
		case unknown(v):
			m = m.Set("internal", v)
		case isStr:
			m = m.Set("internal", property.New(strings.EqualFold(s, "internal")).WithSecret(v.Secret()))
		}
	}
	return m, true
}

// maxDepth bounds the nesting the parsers follow (YAML aliases, hostile documents).
const maxDepth = 64

// parseDocument decodes a JSON or YAML document into a property value, keeping CloudFormation's
// YAML short-form tags as their long forms (!Ref x -> {"Ref": x}, !GetAtt a.b -> {"Fn::GetAtt":
// [a, b]}, !Sub s -> {"Fn::Sub": s}). Anything unparsable gives null, never an error or a panic.
func parseDocument(s string) property.Value {
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err == nil {
		return fromPlain(raw)
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil {
		return property.Value{}
	}
	budget := maxNodes(len(s))
	return fromYAML(&n, 0, &budget)
}

// maxNodes bounds the nodes a YAML document may expand to: aliases may repeat a subtree, and
// nested aliases grow exponentially ("billion laughs"). Past the budget, values are unknown.
func maxNodes(size int) int { return 16*size + 1024 }

func fromYAML(n *yaml.Node, depth int, budget *int) property.Value {
	if n == nil || depth > maxDepth {
		return property.Value{}
	}
	if *budget--; *budget < 0 {
		return property.New(property.Computed)
	}
	var v property.Value
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return property.Value{}
		}
		return fromYAML(n.Content[0], depth+1, budget)
	case yaml.AliasNode:
		return fromYAML(n.Alias, depth+1, budget)
	case yaml.MappingNode:
		m := make(map[string]property.Value, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = fromYAML(n.Content[i+1], depth+1, budget)
		}
		v = property.New(m)
	case yaml.SequenceNode:
		vs := make([]property.Value, len(n.Content))
		for i, c := range n.Content {
			vs[i] = fromYAML(c, depth+1, budget)
		}
		v = property.New(vs)
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			v = property.Value{}
		case "!!bool":
			b, _ := strconv.ParseBool(strings.ToLower(n.Value))
			v = property.New(b)
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			if err != nil {
				v = property.New(n.Value)
			} else {
				v = property.New(f)
			}
		default:
			v = property.New(n.Value)
		}
	}
	tag := n.Tag
	if !strings.HasPrefix(tag, "!") || strings.HasPrefix(tag, "!!") {
		return v
	}
	switch name := tag[1:]; name {
	case "Ref", "Condition":
		return property.New(map[string]property.Value{name: v})
	case "GetAtt":
		if s, ok := str(v); ok {
			parts := strings.SplitN(s, ".", 2)
			vs := make([]property.Value, len(parts))
			for i, p := range parts {
				vs[i] = property.New(p)
			}
			v = property.New(vs)
		}
		return property.New(map[string]property.Value{"Fn::GetAtt": v})
	default:
		return property.New(map[string]property.Value{"Fn::" + name: v})
	}
}

// template is one parsed CloudFormation template and what its intrinsics resolve against: the
// stack's parameter values, else the parameters' Default; Mappings; Conditions (evaluated once,
// memoised); SAM Globals.
type template struct {
	verbatim   int // > 0 while reading a document (keys kept as written)
	outer      *Resource
	resources  property.Map // Resources
	params     property.Map // the stack's parameter values
	defaults   property.Map // Parameters
	mappings   property.Value
	conditions property.Map
	condCache  map[string]tristate
	globals    property.Value // SAM Globals
	secret     bool
}

// tristate is a condition's value: known true or false, or not evaluable.
type tristate int

const (
	triUnknown tristate = iota
	triTrue
	triFalse
)

func tri(b bool) tristate {
	if b {
		return triTrue
	}
	return triFalse
}

// viewID is the ID a template resource's view carries (what Ref and Fn::GetAtt of it become).
func (t *template) viewID(logical string) string { return "cfn:" + t.outer.URN + "#" + logical }

func templateViews(r *Resource) []Resource {
	body := prop(r.Properties, "templateBody")
	var doc property.Value
	switch {
	case body.IsString():
		doc = parseDocument(body.AsString())
	case body.IsMap():
		doc = body
	default:
		return nil // unknown or absent (templateUrl): reviewed-types reports "cannot prove"
	}
	if !doc.IsMap() {
		return []Resource{unreadable(r, "templateBody")}
	}
	t := &template{outer: r, secret: body.Secret(), condCache: map[string]tristate{}}
	if m := at(doc, "Resources"); m.IsMap() {
		t.resources = m.AsMap()
	}
	switch m := prop(r.Properties, "parameters"); {
	case m.IsMap():
		t.params = m.AsMap()
	case m.IsArray(): // aws-native stack sets: [{parameterKey, parameterValue}]
		ps := map[string]property.Value{}
		for _, e := range m.AsArray().AsSlice() {
			if k, ok := str(at(e, "parameterKey")); ok {
				ps[k] = at(e, "parameterValue")
			}
		}
		t.params = property.NewMap(ps)
	}
	if m := at(doc, "Parameters"); m.IsMap() {
		t.defaults = m.AsMap()
	}
	t.mappings = at(doc, "Mappings")
	if m := at(doc, "Conditions"); m.IsMap() {
		t.conditions = m.AsMap()
	}
	t.globals = at(doc, "Globals")
	var out []Resource
	for id, res := range t.resources.AllStable {
		typ, ok := str(at(res, "Type"))
		if !ok {
			continue
		}
		// A resource whose Condition is false is not created.
		if c, ok := str(at(res, "Condition")); ok && t.condition(c, 0) == triFalse {
			continue
		}
		raw := at(res, "Properties")
		if g := t.globalsFor(typ); g.IsMap() {
			raw = mergeGlobals(g, raw)
		}
		props := t.value(raw, 0)
		if absent(props) {
			props = property.New(property.Map{})
		}
		props = t.documents(typ, raw, props)
		via := fmt.Sprintf("templateBody Resources.%s, %s", id, typ)
		mk := func(token string, pm property.Map, suffix, via string) Resource {
			return Resource{URN: r.URN, Type: token, Name: r.Name, Properties: pm, ProviderProperties: r.ProviderProperties,
				Parent: r.Parent, ID: t.viewID(id + suffix), shown: r.Type, key: t.viewID(id + suffix), via: via, cfnType: typ}
		}
		token, pm := translate(typ, props)
		out = append(out, mk(token, pm, "", via))
		out = append(out, samSurfaces(typ, props, t, func(token string, pm property.Map, what string) Resource {
			return mk(token, pm, "."+what, via+", "+what)
		})...)
	}
	return out
}

// globalsFor returns the SAM Globals section that applies to a resource type.
func (t *template) globalsFor(typ string) property.Value {
	switch typ {
	case "AWS::Serverless::Function":
		return at(t.globals, "Function")
	case "AWS::Serverless::Api":
		return at(t.globals, "Api")
	case "AWS::Serverless::HttpApi":
		return at(t.globals, "HttpApi")
	case "AWS::Serverless::StateMachine":
		return at(t.globals, "StateMachine")
	}
	return property.Value{}
}

// mergeGlobals gives a SAM resource the Globals it does not set itself (a resource's own
// property wins, as SAM documents for scalars and lists; maps are merged key by key).
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
func mergeGlobals(g, props property.Value) property.Value {
	if !props.IsMap() && !absent(props) {
		return props
	}
	out := map[string]property.Value{}
	for k, v := range g.AsMap().All {
		out[k] = v
	}
	if props.IsMap() {
		for k, v := range props.AsMap().All {
			if gv, ok := out[k]; ok && gv.IsMap() && v.IsMap() {
				v = mergeGlobals(gv, v)
			}
			out[k] = v
		}
	}
	return property.New(out)
}

// samSurfaces returns the internet surfaces a SAM resource creates besides itself: a function's
// FunctionUrlConfig (a Lambda function URL) and its Api/HttpApi events (an implicit REST API,
// EDGE unless Globals.Api says otherwise, and an implicit HTTP API, always public).
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
func samSurfaces(typ string, props property.Value, t *template, mk func(token string, pm property.Map, what string) Resource) []Resource {
	if typ != "AWS::Serverless::Function" {
		return nil
	}
	var out []Resource
	if u := at(props, "functionUrlConfig"); !absent(u) {
		pm := property.Map{}
		if u.IsMap() {
			pm = u.AsMap()
		}
		pm = applyRenames(cfnKey("AWS::Lambda::Url"), pm) // SAM passes AuthType to the function URL
		if unknown(u) {
			pm = pm.Set("authorizationType", u)
		}
		out = append(out, mk(typeFunctionURL, pm, "FunctionUrlConfig"))
	}
	events := at(props, "events")
	if !events.IsMap() {
		return out
	}
	for name, ev := range events.AsMap().AllStable {
		et, _ := str(at(ev, "type"))
		switch et {
		case "Api":
			if _, ok := str(at(ev, "properties", "restApiId")); ok {
				continue // an explicit AWS::Serverless::Api of the template, judged as itself
			}
			api := t.value(at(t.globals, "Api"), 0)
			_, pm := translate("AWS::Serverless::Api", api)
			out = append(out, mk(typeRestAPI, pm, "Events."+name+" (implicit API)"))
		case "HttpApi":
			if _, ok := str(at(ev, "properties", "apiId")); ok {
				continue
			}
			out = append(out, mk(typeAPIv2, property.Map{}, "Events."+name+" (implicit HTTP API)"))
		}
	}
	return out
}

// samEndpoint turns a SAM Api's EndpointConfiguration (a string, or {Type}) into the REST API's
// endpointConfiguration.types.
func samEndpoint(m property.Map) (property.Map, bool) {
	ec, ok := m.GetOk("endpointConfiguration")
	if !ok {
		return m, true
	}
	ty := ec
	if ec.IsMap() {
		ty = at(ec, "type")
	}
	return m.Set("endpointConfiguration", property.New(map[string]property.Value{"types": ty})), true
}

// value converts a template value: property names to camelCase, intrinsics resolved or unknown.
func (t *template) value(v property.Value, depth int) property.Value {
	if depth > maxDepth {
		return property.New(property.Computed)
	}
	switch {
	case v.IsArray():
		list := v.AsArray().AsSlice()
		out := make([]property.Value, 0, len(list))
		for _, e := range list {
			x := t.value(e, depth+1)
			if noValue(e, t) {
				continue // AWS::NoValue in a list removes the element
			}
			out = append(out, x)
		}
		return t.mark(property.New(out).WithSecret(v.Secret()))
	case v.IsMap():
		m := v.AsMap()
		if m.Len() == 1 {
			for k, arg := range m.All {
				if r, ok := t.intrinsic(k, arg, depth+1); ok {
					return t.mark(r)
				}
			}
		}
		out := make(map[string]property.Value, m.Len())
		for k, e := range m.All {
			if noValue(e, t) {
				continue
			}
			if t.verbatim == 0 {
				k = lowerCamel(k)
			}
			out[k] = t.value(e, depth+1)
		}
		return t.mark(property.New(out).WithSecret(v.Secret()))
	}
	return t.mark(v)
}

// documents re-reads the document properties of a resource (cfnDocuments) with their keys as
// written: t.value reads every key as a property name (lowerCamel), which a policy document's
// Statement/Principal/AWS are not.
func (t *template) documents(typ string, raw, props property.Value) property.Value {
	names := cfnDocuments[cfnKey(typ)]
	if len(names) == 0 || !props.IsMap() || !raw.IsMap() {
		return props
	}
	pm := props.AsMap()
	for _, name := range names {
		v, ok := raw.AsMap().GetOk(name)
		if !ok {
			continue
		}
		t.verbatim++
		pm = pm.Set(lowerCamel(name), t.value(v, 1))
		t.verbatim--
	}
	return property.New(pm).WithSecret(props.Secret())
}

// noValue reports {"Ref": "AWS::NoValue"} (or an Fn::If that chose it): the property is removed.
func noValue(v property.Value, t *template) bool {
	if s, ok := str(at(v, "Ref")); ok && v.IsMap() && v.AsMap().Len() == 1 {
		return s == "AWS::NoValue"
	}
	if args, ok := elems(at(v, "Fn::If")); ok && v.IsMap() && v.AsMap().Len() == 1 && len(args) == 3 {
		name, _ := str(args[0])
		switch t.condition(name, 0) {
		case triTrue:
			return noValue(args[1], t)
		case triFalse:
			return noValue(args[2], t)
		}
	}
	return false
}

func (t *template) mark(v property.Value) property.Value {
	if t.secret {
		return v.WithSecret(true)
	}
	return v
}

// condition evaluates a named condition of the template's Conditions (memoised; a cycle or an
// unevaluable expression is unknown).
func (t *template) condition(name string, depth int) tristate {
	if c, ok := t.condCache[name]; ok {
		return c
	}
	expr, ok := t.conditions.GetOk(name)
	if !ok || depth > maxDepth {
		return triUnknown
	}
	t.condCache[name] = triUnknown // a cycle stays unknown
	c := t.condExpr(expr, depth+1)
	t.condCache[name] = c
	return c
}

// condExpr evaluates a condition expression: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition.
func (t *template) condExpr(v property.Value, depth int) tristate {
	if !v.IsMap() || v.AsMap().Len() != 1 || depth > maxDepth {
		if b, ok := boolean(v); ok {
			return tri(b)
		}
		return triUnknown
	}
	for fn, arg := range v.AsMap().All {
		args, _ := elems(arg)
		switch fn {
		case "Condition":
			name, _ := str(arg)
			return t.condition(name, depth+1)
		case "Fn::Equals":
			if len(args) != 2 {
				return triUnknown
			}
			a, b := t.value(args[0], depth+1), t.value(args[1], depth+1)
			if unknown(a) || unknown(b) || (!scalar(a) || !scalar(b)) {
				return triUnknown
			}
			return tri(scalarString(a) == scalarString(b))
		case "Fn::Not":
			if len(args) != 1 {
				return triUnknown
			}
			switch t.condExpr(args[0], depth+1) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
			return triUnknown
		case "Fn::And", "Fn::Or":
			and := fn == "Fn::And"
			res := tri(and)
			for _, a := range args {
				switch c := t.condExpr(a, depth+1); {
				case c == triUnknown:
					res = triUnknown
				case and && c == triFalse, !and && c == triTrue:
					return c
				}
			}
			return res
		}
	}
	return triUnknown
}

func scalar(v property.Value) bool { return v.IsString() || v.IsNumber() || v.IsBool() }

// scalarString renders a known scalar as CloudFormation compares it (as a string).
func scalarString(v property.Value) string {
	switch {
	case v.IsString():
		return v.AsString()
	case v.IsBool():
		return strconv.FormatBool(v.AsBool())
	case v.IsNumber():
		return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64)
	}
	return ""
}

// ref resolves Ref: AWS::NoValue is absent, a resource of the template its view ID, a parameter
// the stack's value or the parameter's Default; pseudo parameters and anything else unknown.
func (t *template) ref(name string) property.Value {
	switch {
	case name == "AWS::NoValue":
		return property.Value{}
	case t.resources.Get(name).IsMap():
		return property.New(t.viewID(name))
	}
	if v, ok := t.params.GetOk(name); ok && !absent(v) {
		return v
	}
	if d := at(property.New(t.defaults), name, "Default"); !absent(d) {
		return d
	}
	return property.New(property.Computed)
}

// intrinsic resolves a one-key map that is an intrinsic function; ok false for an ordinary map.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
func (t *template) intrinsic(fn string, arg property.Value, depth int) (property.Value, bool) {
	computed := property.New(property.Computed)
	args, _ := elems(arg)
	switch fn {
	case "Ref":
		name, ok := str(arg)
		if !ok {
			return computed, true
		}
		return t.ref(name), true
	case "Fn::GetAtt":
		var name string
		if len(args) > 0 {
			name, _ = str(args[0])
		} else if s, ok := str(arg); ok {
			name = strings.SplitN(s, ".", 2)[0]
		}
		if t.resources.Get(name).IsMap() {
			return property.New(t.viewID(name)), true
		}
		return computed, true
	case "Fn::If":
		if len(args) != 3 {
			return computed, true
		}
		name, _ := str(args[0])
		switch t.condition(name, depth) {
		case triTrue:
			return t.value(args[1], depth+1), true
		case triFalse:
			return t.value(args[2], depth+1), true
		}
		return computed, true
	case "Fn::FindInMap":
		if len(args) != 3 {
			return computed, true
		}
		v := t.mappings
		for _, a := range args {
			k, ok := str(t.value(a, depth+1))
			if !ok {
				return computed, true
			}
			v = at(v, k)
		}
		if absent(v) {
			return computed, true
		}
		return t.value(v, depth+1), true
	case "Fn::Join":
		if len(args) != 2 {
			return computed, true
		}
		sep, ok := str(args[0])
		list, isList := elems(t.value(args[1], depth+1))
		if !ok || !isList {
			return computed, true
		}
		parts := make([]string, len(list))
		for i, e := range list {
			if !scalar(e) {
				return computed, true
			}
			parts[i] = scalarString(e)
		}
		return property.New(strings.Join(parts, sep)), true
	case "Fn::Select":
		if len(args) != 2 {
			return computed, true
		}
		idx, list := t.value(args[0], depth+1), t.value(args[1], depth+1)
		items, ok := elems(list)
		n, err := strconv.Atoi(scalarString(idx))
		if !ok || err != nil || n < 0 || n >= len(items) {
			return computed, true
		}
		return items[n], true
	case "Fn::Split":
		if len(args) != 2 {
			return computed, true
		}
		sep, ok1 := str(args[0])
		s, ok2 := str(t.value(args[1], depth+1))
		if !ok1 || !ok2 || sep == "" {
			return computed, true
		}
		parts := strings.Split(s, sep)
		vs := make([]property.Value, len(parts))
		for i, p := range parts {
			vs[i] = property.New(p)
		}
		return property.New(vs), true
	case "Fn::Sub":
		return t.sub(arg, args, depth), true
	case "Condition":
		name, _ := str(arg)
		switch t.condition(name, depth) {
		case triTrue:
			return property.New(true), true
		case triFalse:
			return property.New(false), true
		}
		return computed, true
	}
	if strings.HasPrefix(fn, "Fn::") {
		return computed, true // Fn::ImportValue, Fn::GetAZs, Fn::Base64, Fn::Cidr...: not evaluated
	}
	return property.Value{}, false
}

// sub resolves Fn::Sub: "text ${Name}" or [text, {Name: value}]; a variable that resolves to
// nothing known makes the whole string unknown.
func (t *template) sub(arg property.Value, args []property.Value, depth int) property.Value {
	computed := property.New(property.Computed)
	s, ok := str(arg)
	vars := property.Map{}
	if !ok {
		if len(args) != 2 {
			return computed
		}
		if s, ok = str(args[0]); !ok {
			return computed
		}
		if m := args[1]; m.IsMap() {
			vars = m.AsMap()
		}
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") { // ${!Literal}
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v property.Value
		if x, ok := vars.GetOk(name); ok {
			v = t.value(x, depth+1)
		} else if !strings.Contains(name, ".") {
			v = t.ref(name)
		} else {
			v = computed
		}
		if !scalar(v) {
			return computed
		}
		b.WriteString(scalarString(v))
	}
	return property.New(b.String())
}

// cloudControlViews views a Cloud Control resource as its typeName with its desiredState.
func cloudControlViews(r *Resource) []Resource {
	typ, ok := str(prop(r.Properties, "typeName"))
	ds := prop(r.Properties, "desiredState")
	if !ok || !ds.IsString() {
		return nil // unknown type or state: reviewed-types decides
	}
	doc := parseDocument(ds.AsString())
	if !doc.IsMap() {
		return []Resource{unreadable(r, "desiredState")}
	}
	t := &template{outer: r, secret: ds.Secret(), condCache: map[string]tristate{}}
	token, pm := translate(typ, t.value(doc, 0))
	v := *r
	v.Type, v.Properties, v.shown, v.key, v.cfnType = token, pm, r.Type, r.URN, typ
	v.via = "desiredState, " + typ
	return []Resource{v}
}

// unreadable is the view of a document the pack cannot parse: reviewed-types reports it.
func unreadable(r *Resource, what string) Resource {
	v := *r
	v.Type, v.Properties, v.shown, v.key, v.via = cfnUnreadable, property.Map{}, r.Type, r.URN+"#unreadable", what
	return v
}
