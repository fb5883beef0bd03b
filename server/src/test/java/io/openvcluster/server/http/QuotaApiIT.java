package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** os-quota-sets and /limits over HTTP, on the real domain and the sandbox cluster. */
@ServerTest
class QuotaApiIT extends SandboxApiTest {
    private static final String DEMO_PROJECT = StableIds.of("project", "demo");
    private static final String ALT_PROJECT = StableIds.of("project", "alt_demo");
    private static final Set<String> KEYS_257 = Set.of("id", "cores", "instances", "ram", "key_pairs",
            "metadata_items", "server_groups", "server_group_members");
    QuotaApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void showHasNovasFieldsPerMicroversionAndEqualsDefaults() {
        Api demo = api.as("demo");
        Reply v21 = demo.get("/compute/v2.1/os-quota-sets/" + DEMO_PROJECT);
        assertThat(v21.text(), v21.status(), is(200));
        assertThat(keys(v21.body().get("quota_set")), is(new TreeSet<>(List.of("id", "cores", "instances", "ram",
                "key_pairs", "metadata_items", "server_groups", "server_group_members", "injected_files",
                "injected_file_content_bytes", "injected_file_path_bytes", "fixed_ips", "floating_ips",
                "security_groups", "security_group_rules"))));
        assertThat(v21.body().at("/quota_set/id").asText(), is(DEMO_PROJECT));
        assertThat(v21.body().at("/quota_set/cores").asInt(), is(20));
        assertThat(v21.body().at("/quota_set/fixed_ips").asInt(), is(-1));
        Reply v236 = demo.mv("2.36").get("/compute/v2.1/os-quota-sets/" + DEMO_PROJECT);
        assertThat(v236.body().get("quota_set").has("fixed_ips"), is(false));
        assertThat(v236.body().get("quota_set").has("injected_files"), is(true));
        Reply v257 = demo.mv("2.57").get("/compute/v2.1/os-quota-sets/" + DEMO_PROJECT);
        assertThat(keys(v257.body().get("quota_set")), is(new TreeSet<>(KEYS_257)));
        Reply defaults = demo.mv("2.57").get("/compute/v2.1/os-quota-sets/" + DEMO_PROJECT + "/defaults");
        assertThat(keys(defaults.body().get("quota_set")), is(new TreeSet<>(KEYS_257)));
    }

    @Test
    void detailGivesLimitInUseAndReserved() {
        Reply detail = api.as("demo").mv("2.57").get("/compute/v2.1/os-quota-sets/" + DEMO_PROJECT + "/detail");
        assertThat(detail.status(), is(200));
        JsonNode cores = detail.body().at("/quota_set/cores");
        assertThat(keys(cores), is(new TreeSet<>(List.of("limit", "in_use", "reserved"))));
        assertThat(cores.get("limit").asInt(), is(20));
        assertThat(cores.get("reserved").asInt(), is(0));
        assertThat(detail.body().at("/quota_set/id").asText(), is(DEMO_PROJECT));
    }

    @Test
    void anotherProjectAndUpdatesAreForbiddenToMembers() {
        Api demo = api.as("demo");
        Reply other = demo.get("/compute/v2.1/os-quota-sets/" + ALT_PROJECT);
        assertThat(other.status(), is(403));
        assertThat(other.body().at("/forbidden/code").asInt(), is(403));
        assertThat(other.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-quota-sets:show to be performed."));
        Reply put = demo.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + DEMO_PROJECT,
                "{\"quota_set\": {\"instances\": 50}}");
        assertThat(put.status(), is(403));
        assertThat(put.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-quota-sets:update to be performed."));
        assertThat(demo.get("/compute/v2.1/limits?tenant_id=" + ALT_PROJECT).status(), is(403));
    }

    @Test
    void adminUpdatesAndTheAnswerHasNoId() {
        Api admin = api.as("admin");
        Reply put = admin.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + ALT_PROJECT,
                "{\"quota_set\": {\"instances\": \"12\", \"cores\": 30, \"force\": \"True\"}}");
        assertThat(put.text(), put.status(), is(200));
        assertThat(put.body().at("/quota_set/instances").asInt(), is(12));
        assertThat(put.body().at("/quota_set/cores").asInt(), is(30));
        assertThat(put.body().get("quota_set").has("id"), is(false));
        assertThat(api.as("alt_demo").get("/compute/v2.1/os-quota-sets/" + ALT_PROJECT)
                .body().at("/quota_set/instances").asInt(), is(12));
        Reply limits = admin.get("/compute/v2.1/limits?tenant_id=" + ALT_PROJECT);
        assertThat(limits.body().at("/limits/absolute/maxTotalCores").asInt(), is(30));

        Reply unknown = admin.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + ALT_PROJECT,
                "{\"quota_set\": {\"bananas\": 1}}");
        assertThat(unknown.status(), is(400));
        assertThat(unknown.body().at("/badRequest/message").asText(),
                is("Invalid input for field/attribute quota_set. Additional properties are not allowed "
                        + "('bananas' was unexpected)"));
        // removed at 2.57
        assertThat(admin.mv("2.57").call(Method.PUT, "/compute/v2.1/os-quota-sets/" + ALT_PROJECT,
                "{\"quota_set\": {\"injected_files\": 1}}").status(), is(400));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + ALT_PROJECT,
                "{\"quota_set\": {\"cores\": -2}}").status(), is(400));

        Reply reset = admin.call(Method.DELETE, "/compute/v2.1/os-quota-sets/" + ALT_PROJECT, null);
        assertThat(reset.status(), is(202));
        assertThat(api.as("alt_demo").get("/compute/v2.1/os-quota-sets/" + ALT_PROJECT)
                .body().at("/quota_set/instances").asInt(), is(10));
    }

    @Test
    void limitsHaveAbsoluteFieldsPerMicroversionAndAnEmptyRate() {
        Api demo = api.as("demo");
        Reply v21 = demo.get("/compute/v2.1/limits");
        assertThat(v21.status(), is(200));
        assertThat(v21.body().at("/limits/rate").isArray(), is(true));
        assertThat(v21.body().at("/limits/rate").size(), is(0));
        assertThat(keys(v21.body().at("/limits/absolute")), is(new TreeSet<>(List.of("maxTotalInstances",
                "maxTotalCores", "maxTotalRAMSize", "maxServerMeta", "maxImageMeta", "maxPersonality",
                "maxPersonalitySize", "maxTotalKeypairs", "maxServerGroups", "maxServerGroupMembers",
                "maxTotalFloatingIps", "maxSecurityGroups", "maxSecurityGroupRules", "totalRAMUsed",
                "totalCoresUsed", "totalInstancesUsed", "totalFloatingIpsUsed", "totalSecurityGroupsUsed",
                "totalServerGroupsUsed"))));
        Reply v293 = demo.mv("2.93").get("/compute/v2.1/limits?reserved=False");
        assertThat(keys(v293.body().at("/limits/absolute")), is(new TreeSet<>(List.of("maxTotalInstances",
                "maxTotalCores", "maxTotalRAMSize", "maxServerMeta", "maxTotalKeypairs", "maxServerGroups",
                "maxServerGroupMembers", "totalRAMUsed", "totalCoresUsed", "totalInstancesUsed",
                "totalServerGroupsUsed"))));
        assertThat(demo.mv("2.38").get("/compute/v2.1/limits").body().at("/limits/absolute").has("maxImageMeta"),
                is(true));
        assertThat(demo.mv("2.39").get("/compute/v2.1/limits").body().at("/limits/absolute").has("maxImageMeta"),
                is(false));
    }

    @Test
    void limitsCountTheProjectsServers() {
        Api demo = api.as("demo");
        int before = demo.get("/compute/v2.1/limits").body().at("/limits/absolute/totalCoresUsed").asInt();
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "counted", "imageRef": "%s", "flavorRef": "2"}}
                """.formatted(io.openvcluster.server.testing.Fixtures.IMAGE));
        assertThat(created.text(), created.status(), is(202));
        JsonNode abs = demo.get("/compute/v2.1/limits").body().at("/limits/absolute");
        assertThat(abs.get("totalCoresUsed").asInt(), is(before + 2));
        assertThat(abs.get("totalInstancesUsed").asInt() >= 1, is(true));
        assertThat(abs.get("totalRAMUsed").asInt() >= 4096, is(true));
    }

    private static TreeSet<String> keys(JsonNode node) {
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }
}
