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
		t, props, ok := translate(strings.TrimPrefix(r.Type, nativePrefix), property.New(r.Properties))
		if !ok {
			return nil
		}
		v := *r
		v.Type, v.Properties, v.shown, v.key = t, props, r.Type, r.URN
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
// pulumi-aws token and property shape the rules read.
func translate(typ string, props property.Value) (string, property.Map, bool) {
	m, ok := nativeTypes[cfnKey(typ)]
	if !ok || !props.IsMap() {
		return "", property.Map{}, false
	}
	pm := props.AsMap()
	if m.shape != nil {
		var keep bool
		if pm, keep = m.shape(pm); !keep {
			return "", property.Map{}, false
		}
	}
	return m.token, pm, true
}

type nativeType struct {
	token string
	// shape renames CloudFormation properties to pulumi-aws ones; false drops the resource.
	shape func(property.Map) (property.Map, bool)
}

// rename moves properties: rename("a", "b", "c", "d") renames a to b and c to d.
func rename(pairs ...string) func(property.Map) (property.Map, bool) {
	return func(m property.Map) (property.Map, bool) {
		for i := 0; i+1 < len(pairs); i += 2 {
			if v, ok := m.GetOk(pairs[i]); ok {
				m = m.Delete(pairs[i]).Set(pairs[i+1], v)
			}
		}
		return m, true
	}
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
	"ec2:internetgateway":           {typeInternetGateway, nil},
	"ec2:egressonlyinternetgateway": {typeEgressOnlyIGW, nil},
	"ec2:vpcgatewayattachment": {typeIGWAttachment, func(m property.Map) (property.Map, bool) {
		return m, !absent(m.Get("internetGatewayId")) // a VPN gateway attachment is not an IGW
	}},
	"ec2:natgateway":                             {typeNatGateway, nil},
	"ec2:eip":                                    {typeEip, nil},
	"ec2:eipassociation":                         {typeEipAssociation, nil},
	"ec2:carriergateway":                         {typeCarrierGateway, nil},
	"ec2:vpc":                                    {typeVpc, nil},
	"ec2:vpccidrblock":                           {typeVpcIpv6Association, rename("amazonProvidedIpv6CidrBlock", "assignGeneratedIpv6CidrBlock")},
	"ec2:subnet":                                 {typeSubnet, nil},
	"ec2:route":                                  {typeRoute, rename("egressOnlyInternetGatewayId", "egressOnlyGatewayId")},
	"ec2:routetable":                             {typeRouteTable, nil},
	"ec2:transitgatewayroute":                    {typeTgwRoute, nil},
	"ec2:securitygroup":                          {typeSecurityGroup, cfnSecurityGroup},
	"ec2:securitygroupingress":                   {typeSGIngressRule, rename("cidrIp", "cidrIpv4", "sourcePrefixListId", "prefixListId", "groupId", "securityGroupId")},
	"ec2:securitygroupegress":                    {typeSGEgressRule, rename("cidrIp", "cidrIpv4", "destinationPrefixListId", "prefixListId", "groupId", "securityGroupId")},
	"ec2:prefixlist":                             {typeManagedPrefixList, nil},
	"ec2:instance":                               {typeInstance, nil},
	"ec2:launchtemplate":                         {typeLaunchTemplate, lift("launchTemplateData")},
	"ec2:networkinterface":                       {typeNetworkInterface, nil},
	"ec2:instanceconnectendpoint":                {typeInstanceConnectEndpoint, nil},
	"ec2:clientvpnroute":                         {typeClientVpnRoute, nil},
	"ec2:clientvpnauthorizationrule":             {typeClientVpnAuthorization, nil},
	"ec2:vpcblockpublicaccessoptions":            {typeBPAOptions, nil},
	"ec2:vpcblockpublicaccessexclusion":          {typeBPAExclusion, nil},
	"ec2:vpcendpoint":                            {typeVpcEndpoint, nil},
	"ecs:service":                                {typeEcsService, cfnEcsNetwork},
	"ecs:taskset":                                {typeEcsTaskSet, cfnEcsNetwork},
	"elasticloadbalancingv2:loadbalancer":        {typeLB, cfnScheme},
	"elasticloadbalancing:loadbalancer":          {typeELB, cfnScheme},
	"globalaccelerator:accelerator":              {typeGlobalAccelerator, nil},
	"lambda:function":                            {typeLambda, nil},
	"serverless:function":                        {typeLambda, nil},
	"lambda:url":                                 {typeFunctionURL, rename("authType", "authorizationType")},
	"apigateway:restapi":                         {typeRestAPI, nil},
	"apigatewayv2:api":                           {typeAPIv2, nil},
	"rds:dbinstance":                             {typeRdsInstance, nil},
	"redshift:cluster":                           {typeRedshiftCluster, nil},
	"opensearchservice:domain":                   {typeOpenSearchDomain, nil},
	"transfer:server":                            {typeTransferServer, nil},
	"cloudfront:distribution":                    {typeCloudFront, nil},
	"appsync:graphqlapi":                         {typeAppSync, nil},
	"apprunner:service":                          {typeAppRunner, nil},
	"amazonmq:broker":                            {typeMqBroker, nil},
	"dms:replicationinstance":                    {typeDmsInstance, nil},
	"sagemaker:domain":                           {typeDomain, nil},
	"sagemaker:notebookinstance":                 {typeNotebookInstance, nil},
	"sagemaker:model":                            {typeModel, nil},
	"sagemaker:dataqualityjobdefinition":         {typeDataQualityJob, nil},
	"sagemaker:modelbiasjobdefinition":           {typeModelBiasJob, nil},
	"sagemaker:modelexplainabilityjobdefinition": {typeModelExplainabilityJob, nil},
	"sagemaker:modelqualityjobdefinition":        {typeModelQualityJob, nil},
	"sagemaker:processingjob":                    {typeProcessingJob, nil},
	"sagemaker:monitoringschedule":               {typeMonitoringScheduleNative, nil},
	"sagemaker:pipeline": {typePipeline, func(m property.Map) (property.Map, bool) {
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
// and Type into loadBalancerType.
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
	return rename("type", "loadBalancerType")(m)
}

// lowerCamel turns a CloudFormation property name into the camelCase one pulumi uses:
// SubnetId -> subnetId, VPCOptions -> vpcOptions, DBSubnetGroupName -> dbSubnetGroupName.
func lowerCamel(k string) string {
	n := 0
	for n < len(k) && k[n] >= 'A' && k[n] <= 'Z' {
		n++
	}
	switch {
	case n == 0:
		return k
	case n == 1 || n == len(k):
		return strings.ToLower(k[:n]) + k[n:]
	case k[n] >= 'a' && k[n] <= 'z':
		return strings.ToLower(k[:n-1]) + k[n-1:]
	}
	return strings.ToLower(k[:n]) + k[n:]
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

// template is one parsed CloudFormation template and what its intrinsics resolve against.
type template struct {
	outer     *Resource
	resources property.Map // Resources
	params    property.Map // the stack's parameter values
	defaults  property.Map // Parameters
	secret    bool
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
		return nil // unknown or absent (templateUrl): cannot decide
	}
	t := &template{outer: r, secret: body.Secret()}
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
	var out []Resource
	for id, res := range t.resources.AllStable {
		typ, ok := str(at(res, "Type"))
		if !ok {
			continue
		}
		props := t.value(at(res, "Properties"), 0)
		if absent(props) {
			props = property.New(property.Map{})
		}
		token, pm, ok := translate(typ, props)
		if !ok {
			continue
		}
		out = append(out, Resource{URN: r.URN, Type: token, Name: r.Name, Properties: pm, ProviderProperties: r.ProviderProperties,
			Parent: r.Parent, ID: t.viewID(id), shown: r.Type, key: t.viewID(id),
			via: fmt.Sprintf("templateBody Resources.%s, %s", id, typ)})
	}
	return out
}

// value converts a template value: property names to camelCase, intrinsics resolved or unknown.
func (t *template) value(v property.Value, depth int) property.Value {
	if depth > maxDepth {
		return property.New(property.Computed)
	}
	switch {
	case v.IsArray():
		list := v.AsArray().AsSlice()
		out := make([]property.Value, len(list))
		for i, e := range list {
			out[i] = t.value(e, depth+1)
		}
		return t.mark(property.New(out).WithSecret(v.Secret()))
	case v.IsMap():
		m := v.AsMap()
		if m.Len() == 1 {
			for k, arg := range m.All {
				if r, ok := t.intrinsic(k, arg); ok {
					return t.mark(r)
				}
			}
		}
		out := make(map[string]property.Value, m.Len())
		for k, e := range m.All {
			out[lowerCamel(k)] = t.value(e, depth+1)
		}
		return t.mark(property.New(out).WithSecret(v.Secret()))
	}
	return t.mark(v)
}

func (t *template) mark(v property.Value) property.Value {
	if t.secret {
		return v.WithSecret(true)
	}
	return v
}

// intrinsic resolves a one-key map that is an intrinsic function; ok false for an ordinary map.
func (t *template) intrinsic(fn string, arg property.Value) (property.Value, bool) {
	computed := property.New(property.Computed)
	switch {
	case fn == "Ref":
		name, ok := str(arg)
		switch {
		case !ok:
			return computed, true
		case name == "AWS::NoValue":
			return property.Value{}, true
		case t.resources.Get(name).IsMap():
			return property.New(t.viewID(name)), true
		}
		if v, ok := t.params.GetOk(name); ok && !absent(v) {
			return v, true
		}
		if d := at(property.New(t.defaults), name, "Default"); !absent(d) {
			return d, true
		}
		return computed, true
	case fn == "Fn::GetAtt":
		var name string
		if list, ok := elems(arg); ok && len(list) > 0 {
			name, _ = str(list[0])
		} else if s, ok := str(arg); ok {
			name = strings.SplitN(s, ".", 2)[0]
		}
		if t.resources.Get(name).IsMap() {
			return property.New(t.viewID(name)), true
		}
		return computed, true
	case fn == "Fn::Sub":
		if s, ok := str(arg); ok && !strings.Contains(s, "${") {
			return property.New(s), true
		}
		return computed, true
	case strings.HasPrefix(fn, "Fn::") || fn == "Condition":
		return computed, true
	}
	return property.Value{}, false
}

// cloudControlViews views a Cloud Control resource as its typeName with its desiredState.
func cloudControlViews(r *Resource) []Resource {
	typ, ok := str(prop(r.Properties, "typeName"))
	ds := prop(r.Properties, "desiredState")
	if !ok || !ds.IsString() {
		return nil // unknown type or state: cannot decide
	}
	doc := parseDocument(ds.AsString())
	if !doc.IsMap() {
		return nil
	}
	t := &template{outer: r, secret: ds.Secret()}
	token, pm, ok := translate(typ, t.value(doc, 0))
	if !ok {
		return nil
	}
	v := *r
	v.Type, v.Properties, v.shown, v.key = token, pm, r.Type, r.URN
	v.via = "desiredState, " + typ
	return []Resource{v}
}
