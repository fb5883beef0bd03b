package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Eventually;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Nova shows of a deleted server while it is kept: its instance actions from 2.21 (404 before, as Nova), and the
 * server itself, status DELETED, in lists that ask for changes since (or before) a time; to its project and admins
 * only.
 */
@ServerTest
class DeletedServersApiIT extends SandboxApiTest {
    DeletedServersApiIT(Http1Client client) {
        super(client);
    }

    /** demo's server, created, stopped and deleted; returns its id and the delete's request id. */
    private String[] deletedServer(String name) {
        Api demo = api.as("demo");
        String id = demo.activeServer(name);
        assertThat(demo.action(id, "{\"os-stop\": null}").status(), is(202));
        demo.awaitIdle(id, "SHUTOFF");
        Reply deleted = demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null);
        assertThat(deleted.text(), deleted.status(), is(204));
        Eventually.await(id + " gone", () -> demo.get("/compute/v2.1/servers/" + id).status() == 404);
        return new String[] {id, Api.requestId(deleted)};
    }

    @Test
    void aDeletedServersActionsAreShownFrom221ToItsProjectAndAdmins() {
        String[] deleted = deletedServer("gone-with-history");
        String id = deleted[0];
        String actions = "/compute/v2.1/servers/" + id + "/os-instance-actions";
        Api demo = api.as("demo");

        Reply before = demo.mv("2.20").get(actions);
        assertThat(before.text(), before.status(), is(404));
        assertThat(before.body().at("/itemNotFound/message").asText(), is("Instance " + id + " could not be found."));
        assertThat(demo.mv("2.20").get(actions + "/" + deleted[1]).status(), is(404));

        Reply listed = demo.mv("2.21").get(actions);
        assertThat(listed.text(), listed.status(), is(200));
        List<String> names = new ArrayList<>();
        listed.body().path("instanceActions").forEach(a -> names.add(a.path("action").asText()));
        assertThat(names, is(List.of("delete", "stop", "create")));
        JsonNode delete = listed.body().at("/instanceActions/0");
        assertThat(delete.path("request_id").asText(), is(deleted[1]));
        assertThat(delete.path("instance_uuid").asText(), is(id));
        assertThat(delete.path("message").isNull(), is(true));

        Reply shown = demo.mv("2.62").get(actions + "/" + deleted[1]);
        assertThat(shown.text(), shown.status(), is(200));
        assertThat(shown.body().at("/instanceAction/action").asText(), is("delete"));
        assertThat(demo.mv("latest").get(actions + "/req-00000000-0000-0000-0000-000000000000").status(), is(404));

        Reply foreign = api.as("alt_demo").mv("2.21").get(actions);
        assertThat(foreign.text(), foreign.status(), is(404));
        assertThat(api.as("alt_demo").mv("2.21").get(actions + "/" + deleted[1]).status(), is(404));
        assertThat(api.as("admin").mv("2.21").get(actions).status(), is(200));
    }

    @Test
    void changesSinceAndChangesBeforeListADeletedServerAsDeleted() {
        Api demo = api.as("demo");
        String since = Instant.now().minusSeconds(1).toString();
        String id = deletedServer("listed-as-deleted")[0];
        String after = Instant.now().plusSeconds(60).toString();

        assertThat(ids(demo.get("/compute/v2.1/servers/detail")).contains(id), is(false));
        assertThat(ids(demo.get("/compute/v2.1/servers?status=DELETED")).contains(id), is(false));

        Reply detail = demo.mv("2.66").get("/compute/v2.1/servers/detail?changes-since=" + since);
        assertThat(detail.text(), detail.status(), is(200));
        JsonNode shown = find(detail, id);
        assertThat(shown.path("status").asText(), is("DELETED"));
        assertThat(shown.path("OS-EXT-STS:vm_state").asText(), is("deleted"));
        assertThat(shown.path("OS-EXT-STS:task_state").isNull(), is(true));
        assertThat(shown.path("addresses").size(), is(0));
        assertThat(shown.path("name").asText(), is("listed-as-deleted"));
        assertThat(ids(demo.get("/compute/v2.1/servers?changes-since=" + since)).contains(id), is(true));
        assertThat(ids(demo.mv("2.66").get("/compute/v2.1/servers/detail?changes-before=" + after)).contains(id),
                is(true));
        assertThat(ids(demo.get("/compute/v2.1/servers/detail?changes-since=" + since + "&status=DELETED"))
                .contains(id), is(true));
        assertThat(ids(demo.get("/compute/v2.1/servers/detail?changes-since=" + after)).contains(id), is(false));
        assertThat(ids(api.as("alt_demo").get("/compute/v2.1/servers/detail?changes-since=" + since)).contains(id),
                is(false));
        assertThat(ids(api.as("admin").get("/compute/v2.1/servers/detail?all_tenants=1&changes-since=" + since))
                .contains(id), is(true));
    }

    private static List<String> ids(Reply list) {
        assertThat(list.text(), list.status(), is(200));
        List<String> ids = new ArrayList<>();
        list.body().path("servers").forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    private static JsonNode find(Reply list, String id) {
        for (JsonNode server : list.body().path("servers")) {
            if (server.path("id").asText().equals(id)) {
                return server;
            }
        }
        throw new AssertionError(id + " not listed: " + list.text());
    }
}
