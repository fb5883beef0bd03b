package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.http.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** POST /servers/{id}/action and os-instance-actions over HTTP: bodies, status codes, views by microversion. */
@ServerTest
class ServerActionsApiTest extends ApiTest {
    private static final InMemoryComputeService COMPUTE = new InMemoryComputeService();
    ServerActionsApiTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, COMPUTE);
    }

    @Test
    void eachPowerVerbIsParsedAndAnsweredWith202AndNoBody() {
        Api demo = api.as("demo");
        String id = demo.createServer("verbs");
        List<String> bodies = List.of("{\"os-stop\": null}", "{\"os-start\": null}", "{\"pause\": null}",
                "{\"unpause\": {}}", "{\"suspend\": null}", "{\"resume\": null}", "{\"reboot\": {\"type\": \"soft\"}}",
                "{\"reboot\": {\"type\": \"HARD\"}}", "{\"lock\": null}", "{\"unlock\": null}");
        List<ServerAction> expected = List.of(new ServerAction.Stop(), new ServerAction.Start(),
                new ServerAction.Pause(), new ServerAction.Unpause(), new ServerAction.Suspend(),
                new ServerAction.Resume(), new ServerAction.Reboot(false), new ServerAction.Reboot(true),
                new ServerAction.Lock(Optional.empty()), new ServerAction.Unlock());
        List<ServerAction> parsed = new ArrayList<>();
        for (String body : bodies) {
            Reply r = demo.action(id, body);
            assertThat(body + " → " + r.text(), r.status(), is(202));
            assertThat(r.text(), is(""));
            parsed.add(COMPUTE.lastAction);
        }
        assertThat(parsed, is(expected));
    }

    @Test
    void badBodiesAre400BeforeTheServerIsLookedUp() {
        Api demo = api.as("demo");
        for (String body : List.of("{\"reboot\": {}}", "{\"reboot\": {\"type\": \"WARM\"}}", "{\"reboot\": null}",
                "{\"os-stop\": 1}", "{\"reboot\": {\"type\": \"SOFT\", \"force\": true}}", "{\"nonsense\": null}",
                "{\"os-stop\": null, \"os-start\": null}")) {
            Reply r = demo.action("no-such-server", body);
            assertThat(body + " → " + r.text(), r.status(), is(400));
            assertThat(r.body().at("/badRequest/code").asInt(), is(400));
        }
    }

    @Test
    void lockReasonFrom273AndValidatedThere() {
        Api demo = api.as("demo");
        String id = demo.createServer("lockable");
        assertThat(demo.mv("2.73").action(id, "{\"lock\": {\"locked_reason\": \"maintenance\"}}").status(), is(202));
        assertThat(COMPUTE.lastAction, is(new ServerAction.Lock(Optional.of("maintenance"))));
        // before 2.73 the value is not looked at
        assertThat(demo.mv("2.72").action(id, "{\"lock\": {\"locked_reason\": \"ignored\"}}").status(), is(202));
        assertThat(COMPUTE.lastAction, is(new ServerAction.Lock(Optional.empty())));
        Reply bad = demo.mv("2.73").action(id, "{\"lock\": {\"reason\": \"x\"}}");
        assertThat(bad.text(), bad.status(), is(400));
        Reply tooLong = demo.mv("2.73").action(id, "{\"lock\": {\"locked_reason\": \"" + "x".repeat(256) + "\"}}");
        assertThat(tooLong.status(), is(400));
    }

    @Test
    void unknownServerIs404ConflictIs409ForbiddenIs403UnimplementedIs501() {
        Api demo = api.as("demo");
        Reply missing = demo.action("0c8a1b0e-0000-4000-8000-000000000000", "{\"os-stop\": null}");
        assertThat(missing.status(), is(404));
        assertThat(missing.body().at("/itemNotFound/message").asText(),
                is("Instance 0c8a1b0e-0000-4000-8000-000000000000 could not be found."));
        String busy = demo.createServer("busy-one");
        Reply conflict = demo.action(busy, "{\"os-start\": null}");
        assertThat(conflict.status(), is(409));
        assertThat(conflict.body().at("/conflictingRequest/message").asText(),
                is("Cannot 'start' instance " + busy + " while it is in task_state powering-off"));
        String adminLocked = demo.createServer("adminlocked-one");
        Reply forbidden = demo.action(adminLocked, "{\"unlock\": null}");
        assertThat(forbidden.status(), is(403));
        assertThat(forbidden.body().at("/forbidden/message").asText(), containsString("unlock_override"));
        String other = demo.createServer("shelf");
        Reply shelve = demo.action(other, "{\"shelve\": null}");
        assertThat(shelve.status(), is(501));
        // another project's server is not found, whatever the action
        assertThat(api.as("alt_demo").action(other, "{\"os-stop\": null}").status(), is(404));
    }

    @Test
    void instanceActionListFieldsFollowTheMicroversion() {
        Api demo = api.as("demo");
        String id = demo.createServer("history");
        demo.action(id, "{\"os-stop\": null}");
        demo.action(id, "{\"os-start\": null}");
        String base = "/compute/v2.1/servers/" + id + "/os-instance-actions";
        JsonNode v21 = demo.get(base).body();
        assertThat(v21.at("/instanceActions").size(), is(2));
        JsonNode newest = v21.at("/instanceActions/0");
        assertThat(newest.path("action").asText(), is("start"));
        assertThat(newest.path("instance_uuid").asText(), is(id));
        assertThat(newest.path("request_id").asText().startsWith("req-"), is(true));
        assertThat(newest.path("start_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), is(true));
        assertThat(newest.has("message"), is(true));
        assertThat(newest.has("updated_at"), is(false));
        JsonNode v258 = demo.mv("2.58").get(base + "?limit=1").body();
        assertThat(v258.at("/instanceActions").size(), is(1));
        assertThat(v258.at("/instanceActions/0").has("updated_at"), is(true));
        assertThat(v258.at("/links/0/rel").asText(), is("next"));
        assertThat(v258.at("/links/0/href").asText(), containsString("marker=" + newest.path("request_id").asText()));
        assertThat(demo.mv("2.58").get(base + "?limit=-1").status(), is(400));
    }

    @Test
    void instanceActionEventsFollowTheMicroversionAndTheRole() {
        Api demo = api.as("demo");
        String id = demo.createServer("evented");
        demo.action(id, "{\"os-stop\": null}");
        String requestId = demo.get("/compute/v2.1/servers/" + id + "/os-instance-actions").body()
                .at("/instanceActions/0/request_id").asText();
        String path = "/compute/v2.1/servers/" + id + "/os-instance-actions/" + requestId;
        JsonNode v21 = demo.get(path).body().path("instanceAction");
        assertThat(v21.path("request_id").asText(), is(requestId));
        assertThat("events are admin-only before 2.51", v21.has("events"), is(false));
        JsonNode v251 = demo.mv("2.51").get(path).body().at("/instanceAction/events/0");
        assertThat(v251.path("event").asText(), is("vcluster_pause"));
        assertThat(v251.path("result").asText(), is("Success"));
        assertThat(v251.has("traceback"), is(false));
        assertThat(v251.has("hostId"), is(false));
        JsonNode v262 = demo.mv("2.62").get(path).body().at("/instanceAction/events/0");
        assertThat(v262.has("hostId"), is(true));
        assertThat(v262.has("host"), is(false));
        assertThat(v262.has("details"), is(false));
        JsonNode v284 = demo.mv("2.84").get(path).body().at("/instanceAction/events/0");
        assertThat(v284.path("details").asText(), is("annotated loft.sh/paused"));
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-instance-actions/req-unknown").status(), is(404));

        Api admin = api.as("admin");
        String own = admin.createServer("admins");
        admin.action(own, "{\"pause\": null}");
        String adminRequest = admin.get("/compute/v2.1/servers/" + own + "/os-instance-actions").body()
                .at("/instanceActions/0/request_id").asText();
        JsonNode adminEvent = admin.mv("2.84").get("/compute/v2.1/servers/" + own + "/os-instance-actions/"
                + adminRequest).body().at("/instanceAction/events/0");
        assertThat(adminEvent.has("traceback"), is(true));
        assertThat(adminEvent.path("host").asText(), is(InstanceActionsService.HOST));
        assertThat(admin.get("/compute/v2.1/servers/" + own + "/os-instance-actions/" + adminRequest)
                .body().at("/instanceAction/events").size(), is(1));
    }

    @Test
    void consoleOutputIs200WithNovasTailAndValidatesLength() {
        Api demo = api.as("demo");
        String id = demo.createServer("console");
        Reply three = demo.action(id, "{\"os-getConsoleOutput\": {\"length\": 3}}");
        assertThat(three.text(), three.status(), is(200));
        assertThat(COMPUTE.lastConsoleLength, is(Optional.of(3)));
        assertThat(three.body().path("output").isTextual(), is(true));
        assertThat(demo.action(id, "{\"os-getConsoleOutput\": {\"length\": \"2\"}}").status(), is(200));
        assertThat(COMPUTE.lastConsoleLength, is(Optional.of(2)));
        for (String whole : List.of("{}", "{\"length\": -1}", "{\"length\": null}")) {
            assertThat(demo.action(id, "{\"os-getConsoleOutput\": " + whole + "}").status(), is(200));
            assertThat(whole, COMPUTE.lastConsoleLength, is(Optional.empty()));
        }
        for (String bad : List.of("{\"length\": -2}", "{\"length\": \"abc\"}", "{\"lines\": 3}", "null")) {
            Reply r = demo.action(id, "{\"os-getConsoleOutput\": " + bad + "}");
            assertThat(bad + " → " + r.text(), r.status(), is(400));
        }
        String busy = demo.createServer("busy-console");
        Reply notReady = demo.action(busy, "{\"os-getConsoleOutput\": {}}");
        assertThat(notReady.status(), is(409));
        assertThat(notReady.body().at("/conflictingRequest/message").asText(), is("Instance " + busy + " is not ready"));
        assertThat(demo.action("no-such-server", "{\"os-getConsoleOutput\": {}}").status(), is(404));
    }
}
