package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nova's server groups over the one host cluster: the API by microversion (policies until 2.63, policy and rules from
 * 2.64, the soft policies from 2.15, owners from 2.13), a project's groups only, the quotas; a server made with the
 * hint {@code group} is a member (and shows its group from 2.71); an anti-affinity group takes one member per host
 * cluster unless its rule allows more, so its second member here finds no valid host; affinity and the soft policies
 * take them all.
 */
@ServerTest
class ServerGroupApiIT extends SandboxApiTest {
    private static final String GROUPS = "/compute/v2.1/os-server-groups";

    ServerGroupApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void groupsAsNovaServesThemByMicroversion() {
        Api demo = api.as("demo");
        JsonNode old = create(demo.mv("2.1"), "{\"name\": \"web\", \"policies\": [\"anti-affinity\"]}");
        assertThat(old.get("policies").toString(), is("[\"anti-affinity\"]"));
        assertThat(old.get("members").size(), is(0));
        assertThat(old.get("metadata").size(), is(0));
        assertThat("no owners before 2.13", old.has("project_id"), is(false));
        String id = old.get("id").asText();

        JsonNode v264 = demo.mv("2.64").get(GROUPS + "/" + id).body().get("server_group");
        assertThat(v264.get("policy").asText(), is("anti-affinity"));
        assertThat(v264.get("rules").size(), is(0));
        assertThat(v264.has("policies"), is(false));
        assertThat(v264.has("metadata"), is(false));
        assertThat(v264.get("project_id").asText(), is(StableIds.of("project", "demo")));
        JsonNode ruled = create(demo.mv("2.64"), "{\"name\": \"db\", \"policy\": \"anti-affinity\", "
                + "\"rules\": {\"max_server_per_host\": 2}}");
        assertThat(ruled.at("/rules/max_server_per_host").asInt(), is(2));

        for (String[] bad : new String[][] {
                {"2.1", "{\"name\": \"x\", \"policies\": [\"soft-affinity\"]}"},
                {"2.1", "{\"name\": \"x\", \"policies\": [\"affinity\", \"anti-affinity\"]}"},
                {"2.1", "{\"name\": \"\", \"policies\": [\"affinity\"]}"},
                {"2.64", "{\"name\": \"x\", \"policy\": \"affinity\", \"rules\": {\"max_server_per_host\": 2}}"},
                {"2.64", "{\"name\": \"x\", \"policy\": \"anti-affinity\", \"rules\": {\"max_server_per_host\": 0}}"},
                {"2.64", "{\"name\": \"x\", \"policies\": [\"affinity\"]}"}}) {
            Reply refused = demo.mv(bad[0]).call(Method.POST, GROUPS, "{\"server_group\": " + bad[1] + "}");
            assertThat(bad[0] + " " + bad[1] + " " + refused.text(), refused.status(), is(400));
        }
        assertThat(create(demo.mv("2.15"), "{\"name\": \"soft\", \"policies\": [\"soft-affinity\"]}")
                .get("policies").get(0).asText(), is("soft-affinity"));

        Api alt = api.as("alt_demo");
        assertThat(alt.get(GROUPS + "/" + id).status(), is(404));
        assertThat(ids(alt.get(GROUPS)).contains(id), is(false));
        assertThat("a member's all_projects is ignored", ids(alt.get(GROUPS + "?all_projects=True")).contains(id),
                is(false));
        assertThat(ids(api.as("admin").get(GROUPS + "?all_projects=True")).contains(id), is(true));
        assertThat(ids(demo.get(GROUPS + "?limit=1&offset=1")).size(), is(1));

        assertThat(alt.call(Method.DELETE, GROUPS + "/" + id, null).status(), is(404));
        assertThat(demo.call(Method.DELETE, GROUPS + "/" + id, null).status(), is(204));
        assertThat(demo.get(GROUPS + "/" + id).status(), is(404));
    }

    @Test
    void antiAffinityTakesOneMemberPerHostClusterAndAffinityTakesThemAll() {
        Api demo = api.as("demo");
        String spread = create(demo.mv("2.64"), "{\"name\": \"spread\", \"policy\": \"anti-affinity\"}")
                .get("id").asText();
        String first = createIn(demo, "spread-1", spread);
        demo.awaitIdle(first, "ACTIVE");
        assertThat(demo.mv("2.71").get("/compute/v2.1/servers/" + first).body().at("/server/server_groups")
                .toString(), is("[\"" + spread + "\"]"));
        String second = createIn(demo, "spread-2", spread);
        demo.awaitIdle(second, "ERROR");
        assertThat(demo.get("/compute/v2.1/servers/" + second).body().at("/server/fault/message").asText(),
                is("No valid host was found. There are not enough hosts available."));
        assertThat(members(demo, spread), contains(first, second));

        String together = create(demo.mv("2.1"), "{\"name\": \"together\", \"policies\": [\"affinity\"]}")
                .get("id").asText();
        String a = createIn(demo, "together-1", together);
        String b = createIn(demo, "together-2", together);
        demo.awaitIdle(a, "ACTIVE");
        demo.awaitIdle(b, "ACTIVE");
        assertThat(members(demo, together), contains(a, b));

        // a member deleted is no longer listed
        assertThat(demo.call(Method.DELETE, "/compute/v2.1/servers/" + second, null).status(), is(204));
        Eventually.await("the deleted member left out", () -> members(demo, spread).equals(List.of(first)));

        Reply unknown = demo.call(Method.POST, "/compute/v2.1/servers", body("nowhere",
                "0c8a1b0e-0000-4000-8000-000000000000"));
        assertThat(unknown.text(), unknown.status(), is(400));
        Reply notUuid = demo.call(Method.POST, "/compute/v2.1/servers", body("nowhere", "not-a-uuid"));
        assertThat(notUuid.text(), notUuid.status(), is(400));
        assertThat(api.as("alt_demo").call(Method.POST, "/compute/v2.1/servers", body("theirs", together)).status(),
                is(400));
    }

    @Test
    void quotasOfGroupsAndOfMembersAreNovas() {
        Api admin = api.as("admin");
        Api alt = api.as("alt_demo");
        String project = StableIds.of("project", "alt_demo");
        int groups = alt.get(GROUPS).body().get("server_groups").size();
        assertThat(alt.get("/compute/v2.1/limits").body().at("/limits/absolute/totalServerGroupsUsed").asInt(),
                is(groups));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + project, "{\"quota_set\": "
                + "{\"server_groups\": " + (groups + 1) + ", \"server_group_members\": 1}}").status(), is(200));
        try {
            String last = create(alt.mv("2.1"), "{\"name\": \"q\", \"policies\": [\"affinity\"]}").get("id").asText();
            Reply over = alt.call(Method.POST, GROUPS, "{\"server_group\": {\"name\": \"q2\", "
                    + "\"policies\": [\"affinity\"]}}");
            assertThat(over.text(), over.status(), is(403));
            assertThat(over.body().at("/forbidden/message").asText(), is("Quota exceeded, too many server groups."));
            assertThat(alt.call(Method.POST, "/compute/v2.1/servers", body("m1", last)).status(), is(202));
            Reply full = alt.call(Method.POST, "/compute/v2.1/servers", body("m2", last));
            assertThat(full.text(), full.status(), is(403));
        } finally {
            admin.call(Method.DELETE, "/compute/v2.1/os-quota-sets/" + project, null);
        }
    }

    private static JsonNode create(Api api, String group) {
        Reply created = api.call(Method.POST, GROUPS, "{\"server_group\": " + group + "}");
        assertThat(created.text(), created.status(), is(200));
        return created.body().get("server_group");
    }

    private static String createIn(Api api, String name, String group) {
        Reply created = api.call(Method.POST, "/compute/v2.1/servers", body(name, group));
        assertThat(created.text(), created.status(), is(202));
        return created.body().at("/server/id").asText();
    }

    private static String body(String name, String group) {
        return "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"flavorRef\": \"1\"}, \"os:scheduler_hints\": {\"group\": \"" + group + "\"}}";
    }

    private static List<String> members(Api api, String group) {
        List<String> members = new ArrayList<>();
        api.get(GROUPS + "/" + group).body().at("/server_group/members").forEach(m -> members.add(m.asText()));
        return members;
    }

    private static List<String> ids(Reply list) {
        List<String> ids = new ArrayList<>();
        list.body().get("server_groups").forEach(g -> ids.add(g.get("id").asText()));
        return ids;
    }
}
