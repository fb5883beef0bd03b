package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.translator.VclusterNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * os-security-groups, os-security-group-rules and the server's groups over HTTP on the sandbox, with the
 * NetworkPolicies the reconciler writes read back from the sandbox cluster by its own client.
 */
@ServerTest
class SecurityGroupApiIT extends SandboxApiTest {
    private static final String GROUPS = "/compute/v2.1/os-security-groups";
    private static final String RULES = "/compute/v2.1/os-security-group-rules";

    SecurityGroupApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void groupsAndRulesAsNovaServesThemUpTo235() {
        Api demo = api.as("demo").mv("2.35");
        Reply list = demo.get(GROUPS);
        assertThat(list.text(), list.status(), is(200));
        // the project's default group is made on first use, and admits its own members
        JsonNode def = named(list.body().get("security_groups"), "default");
        assertThat(def.toString(), def.at("/rules/0/group/name").asText(), is("default"));
        assertThat(def.at("/rules/0/ip_protocol").isNull(), is(true));

        JsonNode web = create(demo, "web", "web servers");
        assertThat(web.get("description").asText(), is("web servers"));
        assertThat(web.get("rules").size(), is(0));
        String id = web.get("id").asText();
        Reply rule = demo.call(Method.POST, RULES, rule(id, "tcp", "443", "443", "10.1.2.3/8", null));
        assertThat(rule.text(), rule.status(), is(200));
        JsonNode r = rule.body().get("security_group_rule");
        assertThat(r.get("ip_protocol").asText(), is("tcp"));
        assertThat(r.get("from_port").asInt(), is(443));
        assertThat(r.get("to_port").asInt(), is(443));
        assertThat("the CIDR as given, as Nova keeps it", r.at("/ip_range/cidr").asText(), is("10.1.2.3/8"));
        assertThat(r.get("parent_group_id").asText(), is(id));
        Reply shown = demo.get(GROUPS + "/" + id);
        assertThat(shown.body().at("/security_group/rules/0/id").asText(), is(r.get("id").asText()));

        Reply renamed = demo.call(Method.PUT, GROUPS + "/" + id,
                "{\"security_group\": {\"name\": \"frontend\", \"description\": \"d\", \"id\": \"ignored\"}}");
        assertThat(renamed.text(), renamed.status(), is(200));
        assertThat(renamed.body().at("/security_group/name").asText(), is("frontend"));

        // another project neither sees nor uses it
        Api alt = api.as("alt_demo").mv("2.35");
        assertThat(alt.get(GROUPS + "/" + id).status(), is(404));
        assertThat(named(alt.get(GROUPS).body().get("security_groups"), "frontend").isMissingNode(), is(true));
        assertThat("all_tenants is not a member's to use", named(alt.get(GROUPS + "?all_tenants").body()
                .get("security_groups"), "frontend").isMissingNode(), is(true));
        // an admin sees every project's with all_tenants, whatever its value (as Nova's Neutron driver), else their own
        Api admin = api.as("admin").mv("2.35");
        JsonNode everyProject = admin.get(GROUPS + "?all_tenants=0").body().get("security_groups");
        assertThat(named(everyProject, "frontend").path("tenant_id").asText(), is(StableIds.of("project", "demo")));
        assertThat(named(admin.get(GROUPS).body().get("security_groups"), "frontend").isMissingNode(), is(true));
        JsonNode altGroup = create(alt, "alt-web", "alt");
        assertThat(alt.call(Method.POST, RULES, rule(altGroup.get("id").asText(), null, null, null, null, id))
                .status(), is(404));

        assertThat(demo.call(Method.DELETE, RULES + "/" + r.get("id").asText(), null).status(), is(202));
        assertThat(demo.get(GROUPS + "/" + id).body().at("/security_group/rules").size(), is(0));
        assertThat(demo.call(Method.DELETE, GROUPS + "/" + id, null).status(), is(202));
        assertThat(demo.get(GROUPS + "/" + id).status(), is(404));
        assertThat(demo.call(Method.DELETE, GROUPS + "/" + def.get("id").asText(), null).body()
                .at("/badRequest/message").asText(), is("Unable to delete system group 'default'"));

        // removed with the other proxy APIs at 2.36
        assertThat(api.as("demo").mv("2.36").get(GROUPS).status(), is(404));
        assertThat(api.as("demo").mv("2.36").call(Method.POST, RULES, rule(id, "tcp", "1", "2", null, null))
                .status(), is(404));
    }

    @Test
    void deletingARemoteGroupDeletesTheRulesThatNameIt() {
        Api demo = api.as("demo").mv("2.35");
        String peer = create(demo, "peer", "peer").get("id").asText();
        String web = create(demo, "front", "front").get("id").asText();
        assertThat(demo.call(Method.POST, RULES, rule(web, "tcp", "443", "443", null, peer)).status(), is(200));
        assertThat(demo.call(Method.POST, RULES, rule(web, "tcp", "80", "80", "10.0.0.0/8", null)).status(), is(200));
        Reply deleted = demo.call(Method.DELETE, GROUPS + "/" + peer, null);
        assertThat(deleted.text(), deleted.status(), is(202));
        assertThat(demo.get(GROUPS + "/" + peer).status(), is(404));
        JsonNode rules = demo.get(GROUPS + "/" + web).body().at("/security_group/rules");
        assertThat(rules.toString(), rules.size(), is(1));
        assertThat(rules.get(0).at("/ip_range/cidr").asText(), is("10.0.0.0/8"));
    }

    @Test
    void badRulesAreRefusedWithNovasMessagesAndChangeNothing() {
        Api demo = api.as("demo").mv("2.1");
        String id = create(demo, "checks", "checks").get("id").asText();
        Map<String, String> refused = Map.of(
                rule(id, "tcp", "80", "22", null, null), "Invalid port range 80:22. Former value cannot be greater "
                        + "than the later",
                rule(id, "tcp", "0", "22", null, null), "Invalid port range 0:22. Valid TCP ports should be between "
                        + "1-65535",
                rule(id, "sctp", "1", "2", null, null), "Invalid IP protocol sctp.",
                rule(id, "tcp", "a", "2", null, null), "Invalid input received: To and From ports must be integers",
                rule(id, "tcp", "1", "2", "10.0.0.0/33", null), "10.0.0.0/33 is not a valid IP network.",
                rule(id, "tcp", "1", "2", "10.0.0.1/0", null), "Bad prefix for network in cidr 10.0.0.1/0",
                rule(id, null, null, null, "10.0.0.0/8", null), "Not enough parameters to build a valid rule.",
                rule("not-a-uuid", "tcp", "1", "2", null, null), "Security group id should be uuid");
        refused.forEach((body, message) -> {
            Reply reply = demo.call(Method.POST, RULES, body);
            assertThat(body + " " + reply.text(), reply.status(), is(400));
            assertThat(reply.body().at("/badRequest/message").asText(), is(message));
        });
        assertThat(demo.get(GROUPS + "/" + id).body().at("/security_group/rules").size(), is(0));
        assertThat(demo.call(Method.POST, RULES, rule("0e1b3c1a-1111-4222-8333-444455556666", "tcp", "1", "2", null,
                null)).status(), is(404));
        Reply duplicate = demo.call(Method.POST, GROUPS, "{\"security_group\": {\"name\": \"checks\", "
                + "\"description\": \"x\"}}");
        assertThat(duplicate.body().at("/badRequest/message").asText(), is("Security group checks already exists"));
        assertThat(demo.call(Method.POST, GROUPS, "{\"security_group\": {\"name\": 1, \"description\": \"x\"}}")
                .body().at("/badRequest/message").asText(), is("name is not a string or unicode"));
    }

    @Test
    void quotasOfGroupsAndOfRulesPerGroupAreNovas() {
        Api admin = api.as("admin").mv("2.35");
        Api alt = api.as("alt_demo").mv("2.35");
        String project = StableIds.of("project", "alt_demo");
        JsonNode defaults = admin.get("/compute/v2.1/os-quota-sets/" + project + "/defaults").body();
        assertThat(defaults.at("/quota_set/security_groups").asInt(), is(10));
        assertThat(defaults.at("/quota_set/security_group_rules").asInt(), is(20));
        int used = alt.get(GROUPS).body().get("security_groups").size(); // default at least
        assertThat(alt.get("/compute/v2.1/limits").body().at("/limits/absolute/totalSecurityGroupsUsed").asInt(),
                is(used));
        Reply set = admin.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + project,
                "{\"quota_set\": {\"security_groups\": " + (used + 1) + ", \"security_group_rules\": 1}}");
        assertThat(set.text(), set.status(), is(200));
        try {
            String last = create(alt, "q-last", "q").get("id").asText();
            Reply over = alt.call(Method.POST, GROUPS, "{\"security_group\": {\"name\": \"q-over\", "
                    + "\"description\": \"\"}}");
            assertThat(over.status(), is(403));
            assertThat(over.body().at("/forbidden/message").asText(), is("Quota exceeded, too many security groups."));
            assertThat(alt.call(Method.POST, RULES, rule(last, "udp", "53", "53", null, null)).status(), is(200));
            Reply rules = alt.call(Method.POST, RULES, rule(last, "udp", "54", "54", null, null));
            assertThat(rules.status(), is(403));
            assertThat(rules.body().at("/forbidden/message").asText(),
                    is("Quota exceeded, too many security group rules."));
            assertThat(alt.get(GROUPS + "/" + last).body().at("/security_group/rules").size(), is(1));
        } finally {
            admin.call(Method.DELETE, "/compute/v2.1/os-quota-sets/" + project, null);
        }
    }

    @Test
    void aServersGroupsBecomeNetworkPoliciesOfItsNamespace() {
        Api demo = api.as("demo").mv("2.35");
        KubernetesClient host = SandboxDomain.client();
        JsonNode web = create(demo, "www", "web");
        String webId = web.get("id").asText();
        assertThat(demo.call(Method.POST, RULES, rule(webId, "tcp", "8443", "8450", "10.9.8.7/8", null)).status(),
                is(200));
        assertThat(demo.call(Method.POST, RULES, rule(webId, "icmp", "-1", "-1", null, null)).status(), is(200));

        // an unknown group: 400, and no server
        int before = demo.get("/compute/v2.1/servers").body().get("servers").size();
        Reply unknown = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("sg-none", "[{\"name\": \"nope\"}]"));
        assertThat(unknown.text(), unknown.status(), is(400));
        assertThat(unknown.body().at("/badRequest/message").asText(), is("Security group nope not found."));
        assertThat(demo.get("/compute/v2.1/servers").body().get("servers").size(), is(before));

        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("sg-one", "[{\"name\": \"www\"}]"));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        assertThat(names(created.body().at("/server/security_groups")), contains("www"));
        demo.awaitIdle(id, "ACTIVE");
        String namespace = VclusterNames.forServer(id, "sg-one").namespace();
        NetworkPolicy policy = Eventually.awaitValue("the policy of www", () ->
                policy(host, namespace, "ovc-sg-" + webId).orElse(null));
        assertThat(policy.getSpec().getPolicyTypes(), contains("Ingress"));
        assertThat(policy.getSpec().getPodSelector().getMatchLabels() == null
                || policy.getSpec().getPodSelector().getMatchLabels().isEmpty(), is(true));
        // the ICMP rule admits nothing: one ingress rule, the TCP range
        assertThat(policy.getSpec().getIngress().size(), is(1));
        NetworkPolicyIngressRule tcp = policy.getSpec().getIngress().getFirst();
        assertThat(tcp.getPorts().getFirst().getProtocol(), is("TCP"));
        assertThat(tcp.getPorts().getFirst().getPort().getIntVal(), is(8443));
        assertThat(tcp.getPorts().getFirst().getEndPort(), is(8450));
        assertThat("the network of the CIDR given", tcp.getFrom().getFirst().getIpBlock().getCidr(), is("10.0.0.0/8"));
        assertThat(policy(host, namespace, "ovc-sg-own-namespace").isPresent(), is(true));
        assertThat(memberLabels(host, namespace), contains(Records.securityGroupMemberLabel(webId)));
        // the member labels are the reconciler's: one removed by hand is put back
        host.namespaces().withName(namespace).edit(ns -> {
            ns.getMetadata().getLabels().remove(Records.securityGroupMemberLabel(webId));
            return ns;
        });
        Eventually.await("the member label put back", () -> memberLabels(host, namespace)
                .contains(Records.securityGroupMemberLabel(webId)));

        // default joins by name: its policy admits the namespaces labelled as its members
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"addSecurityGroup\": {\"name\": \"default\"}}").status(), is(202));
        Reply again = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"addSecurityGroup\": {\"name\": \"default\"}}");
        assertThat(again.status(), is(400));
        assertThat(again.body().at("/badRequest/message").asText(),
                is("Security group default is already associated with the instance " + id));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"addSecurityGroup\": {\"name\": \"nope\"}}").status(), is(404));
        JsonNode groups = demo.get("/compute/v2.1/servers/" + id + "/os-security-groups").body().get("security_groups");
        assertThat(names(groups), containsInAnyOrder("www", "default"));
        String defaultId = named(groups, "default").get("id").asText();
        Eventually.await("the default group's policy", () -> policy(host, namespace, "ovc-sg-" + defaultId)
                .isPresent());
        NetworkPolicy own = policy(host, namespace, "ovc-sg-" + defaultId).orElseThrow();
        assertThat(own.getSpec().getIngress().getFirst().getFrom().getFirst().getNamespaceSelector().getMatchLabels(),
                is(Map.of(Records.securityGroupMemberLabel(defaultId), "member")));
        Eventually.await("both member labels", () -> memberLabels(host, namespace).size() == 2);

        // a rule change reaches the member's policy; a group in use cannot go
        assertThat(demo.call(Method.POST, RULES, rule(webId, "udp", "53", "53", "192.168.0.0/16", null)).status(),
                is(200));
        Eventually.await("the new rule in the policy", () -> policy(host, namespace, "ovc-sg-" + webId)
                .map(p -> p.getSpec().getIngress().size() == 2).orElse(false));
        Reply inUse = demo.call(Method.DELETE, GROUPS + "/" + webId, null);
        assertThat(inUse.status(), is(400));
        assertThat(inUse.body().at("/badRequest/message").asText(), is("Security Group " + webId + " in use."));

        // leaving a group removes its policy and its label; the view shows what is left
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"removeSecurityGroup\": {\"name\": \"" + webId + "\"}}").status(), is(202));
        Eventually.await("www's policy gone", () -> policy(host, namespace, "ovc-sg-" + webId).isEmpty());
        assertThat(memberLabels(host, namespace), contains(Records.securityGroupMemberLabel(defaultId)));
        assertThat(names(demo.get("/compute/v2.1/servers/" + id).body().at("/server/security_groups")),
                contains("default"));
        Reply notMember = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"removeSecurityGroup\": {\"name\": \"www\"}}");
        assertThat(notMember.status(), is(400));
        assertThat(notMember.body().at("/badRequest/message").asText(),
                is("Security group www is not associated with the instance " + id));
        assertThat(demo.call(Method.DELETE, GROUPS + "/" + webId, null).status(), is(202));

        // out of every group: no policy of ours and no ingress fence; the key leaves the view
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action",
                "{\"removeSecurityGroup\": {\"name\": \"default\"}}").status(), is(202));
        Eventually.await("no policy left", () -> host.network().v1().networkPolicies().inNamespace(namespace)
                .list().getItems().isEmpty());
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server").has("security_groups"), is(false));
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-security-groups").body().get("security_groups")
                .size(), is(0));
    }

    @Test
    void aServerNamingNoGroupIsInDefaultAndAnEmptyListPutsItInNone() {
        Api demo = api.as("demo");
        String id = demo.createServer("sg-default");
        assertThat(names(demo.get("/compute/v2.1/servers/" + id).body().at("/server/security_groups")),
                contains("default"));
        Reply none = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("sg-empty", "[]"));
        assertThat(none.text(), none.status(), is(202));
        String bare = none.body().at("/server/id").asText();
        demo.awaitIdle(bare, "ACTIVE");
        assertThat(demo.get("/compute/v2.1/servers/" + bare).body().at("/server").has("security_groups"), is(false));
        assertThat(SandboxDomain.client().network().v1().networkPolicies()
                .inNamespace(VclusterNames.forServer(bare, "sg-empty").namespace()).list().getItems().isEmpty(),
                is(true));
        // the server's groups are served at every microversion, as Nova serves them
        assertThat(names(demo.mv("2.90").get("/compute/v2.1/servers/" + id + "/os-security-groups").body()
                .get("security_groups")), contains("default"));
    }

    private static JsonNode create(Api api, String name, String description) {
        Reply reply = api.call(Method.POST, GROUPS, "{\"security_group\": {\"name\": \"" + name
                + "\", \"description\": \"" + description + "\"}}");
        assertThat(reply.text(), reply.status(), is(200));
        return reply.body().get("security_group");
    }

    private static String rule(String parent, String protocol, String from, String to, String cidr, String group) {
        return "{\"security_group_rule\": {\"parent_group_id\": \"" + parent + "\", \"ip_protocol\": " + quoted(protocol)
                + ", \"from_port\": " + quoted(from) + ", \"to_port\": " + quoted(to) + ", \"cidr\": " + quoted(cidr)
                + ", \"group_id\": " + quoted(group) + "}}";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String serverBody(String name, String groups) {
        return "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"flavorRef\": \"1\", \"security_groups\": " + groups + "}}";
    }

    private static JsonNode named(JsonNode items, String name) {
        return StreamSupport.stream(items.spliterator(), false).filter(g -> name.equals(g.path("name").asText()))
                .findFirst().orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    private static List<String> names(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(g -> g.path("name").asText()).toList();
    }

    private static Optional<NetworkPolicy> policy(KubernetesClient host, String namespace, String name) {
        return Optional.ofNullable(host.network().v1().networkPolicies().inNamespace(namespace).withName(name).get());
    }

    private static List<String> memberLabels(KubernetesClient host, String namespace) {
        Namespace ns = host.namespaces().withName(namespace).get();
        return ns.getMetadata().getLabels().keySet().stream().filter(k -> k.startsWith("sg.")).sorted().toList();
    }
}
