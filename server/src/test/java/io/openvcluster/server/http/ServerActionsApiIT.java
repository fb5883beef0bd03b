package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * POST /servers/{id}/action and os-instance-actions over HTTP on the real domain: bodies, status codes, Nova's
 * faults for the domain's refusals, and the views by microversion.
 */
@ServerTest
class ServerActionsApiIT extends SandboxApiTest {
    private static final String STOP = "{\"os-stop\": null}";
    private static final String START = "{\"os-start\": null}";
    /** demo's server that was created and then stopped, nothing else: its history is stop, create. */
    private static String stopped;
    /** The request id of that stop. */
    private static String stopRequest;

    ServerActionsApiIT(Http1Client client) {
        super(client);
    }

    /** demo's server that the tests leave ACTIVE and unlocked. */
    private String activeServer() {
        return sharedServer("active");
    }

    private String stoppedServer() {
        if (stopped == null) {
            Api demo = api.as("demo");
            String id = demo.activeServer("history");
            Reply stop = demo.action(id, STOP);
            assertThat(stop.text(), stop.status(), is(202));
            stopRequest = Api.requestId(stop);
            demo.awaitIdle(id, "SHUTOFF");
            stopped = id;
        }
        return stopped;
    }

    /**
     * Each power verb, and lock and unlock, is answered 202 with no body, and the server ends in the state the verb
     * names, in the order they were sent; a SOFT reboot restarts the control plane only, a HARD one the workloads too.
     */
    @Test
    void eachPowerVerbIsParsedAndAnsweredWith202AndNoBody() {
        Api demo = api.as("demo");
        String id = demo.activeServer("verbs");
        record Step(String body, String status) {
        }
        List<Step> steps = List.of(new Step(STOP, "SHUTOFF"), new Step(START, "ACTIVE"),
                new Step("{\"pause\": null}", "PAUSED"), new Step("{\"unpause\": {}}", "ACTIVE"),
                new Step("{\"suspend\": null}", "SUSPENDED"), new Step("{\"resume\": null}", "ACTIVE"),
                new Step("{\"reboot\": {\"type\": \"soft\"}}", "ACTIVE"),
                new Step("{\"reboot\": {\"type\": \"HARD\"}}", "ACTIVE"));
        List<String> requests = new ArrayList<>();
        for (Step step : steps) {
            Reply r = demo.action(id, step.body());
            assertThat(step.body() + " → " + r.text(), r.status(), is(202));
            assertThat(r.text(), is(""));
            requests.add(Api.requestId(r));
            demo.awaitIdle(id, step.status());
        }
        Api v273 = demo.mv("2.73");
        Reply lock = demo.action(id, "{\"lock\": null}");
        assertThat(lock.status(), is(202));
        assertThat(lock.text(), is(""));
        assertThat(v273.get("/compute/v2.1/servers/" + id).body().at("/server/locked").asBoolean(), is(true));
        assertThat(v273.get("/compute/v2.1/servers/" + id).body().at("/server/locked_reason").isNull(), is(true));
        Reply unlock = demo.action(id, "{\"unlock\": null}");
        assertThat(unlock.status(), is(202));
        assertThat(unlock.text(), is(""));
        assertThat(v273.get("/compute/v2.1/servers/" + id).body().at("/server/locked").asBoolean(), is(false));

        List<String> history = new ArrayList<>();
        demo.get("/compute/v2.1/servers/" + id + "/os-instance-actions").body().path("instanceActions")
                .forEach(a -> history.add(a.path("action").asText()));
        assertThat(history, is(List.of("unlock", "lock", "reboot", "reboot", "resume", "suspend", "unpause", "pause",
                "start", "stop", "create")));
        assertThat(events(demo.mv("2.51"), id, requests.get(6)), is(List.of("restart_control_plane")));
        assertThat(events(demo.mv("2.51"), id, requests.get(7)),
                is(List.of("restart_control_plane", "restart_workload_pods")));
    }

    /** The names of an instance action's events, as {@code as} sees them. */
    private static List<String> events(Api as, String serverId, String requestId) {
        List<String> names = new ArrayList<>();
        as.get("/compute/v2.1/servers/" + serverId + "/os-instance-actions/" + requestId).body()
                .at("/instanceAction/events").forEach(e -> names.add(e.path("event").asText()));
        return names;
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
        Api v273 = demo.mv("2.73");
        String id = activeServer();
        try {
            assertThat(v273.action(id, "{\"lock\": {\"locked_reason\": \"maintenance\"}}").status(), is(202));
            assertThat(v273.get("/compute/v2.1/servers/" + id).body().at("/server/locked_reason").asText(),
                    is("maintenance"));
            // before 2.73 the value is not looked at
            assertThat(demo.mv("2.72").action(id, "{\"lock\": {\"locked_reason\": \"ignored\"}}").status(), is(202));
            assertThat(v273.get("/compute/v2.1/servers/" + id).body().at("/server/locked_reason").isNull(), is(true));
            Reply bad = v273.action(id, "{\"lock\": {\"reason\": \"x\"}}");
            assertThat(bad.text(), bad.status(), is(400));
            Reply tooLong = v273.action(id, "{\"lock\": {\"locked_reason\": \"" + "x".repeat(256) + "\"}}");
            assertThat(tooLong.status(), is(400));
        } finally {
            assertThat(demo.action(id, "{\"unlock\": null}").status(), is(202));
        }
    }

    /** Nova hides a server from whoever may not see it; the 404 comes before anything else, 501 included. */
    @Test
    void aServerTheCallerCannotSeeIs404AndAnActionNotPerformedHereIs501() {
        Api demo = api.as("demo");
        Reply missing = demo.action("0c8a1b0e-0000-4000-8000-000000000000", STOP);
        assertThat(missing.status(), is(404));
        assertThat(missing.body().at("/itemNotFound/message").asText(),
                is("Instance 0c8a1b0e-0000-4000-8000-000000000000 could not be found."));
        String id = activeServer();
        assertThat(api.as("alt_demo").action(id, STOP).status(), is(404));
        assertThat(api.as("alt_demo").action(id, "{\"migrate\": null}").status(), is(404));
        Reply notYet = demo.action(id, "{\"migrate\": null}");
        assertThat(notYet.status(), is(501));
        assertThat(notYet.body().at("/notImplemented/message").asText(), startsWith("Action 'migrate'"));
    }

    /**
     * The domain's state guard, as Nova's check_instance_state words it: vm_state for a state the verb is not
     * accepted in, task_state while another verb runs.
     */
    @Test
    void aVerbItsStateGuardRefusesIs409WithNovasWords() {
        Api demo = api.as("demo");
        String id = activeServer();
        Reply running = demo.action(id, START);
        assertThat(running.status(), is(409));
        assertThat(conflict(running), is("Cannot 'start' instance " + id + " while it is in vm_state active"));

        assertThat(demo.action(id, STOP).status(), is(202));
        // refused while the first stop runs; had it finished already, for the state it left
        Reply again = demo.action(id, STOP);
        assertThat(again.status(), is(409));
        assertThat(conflict(again), anyOf(is("Cannot 'stop' instance " + id + " while it is in task_state powering-off"),
                is("Cannot 'stop' instance " + id + " while it is in vm_state stopped")));
        demo.awaitIdle(id, "SHUTOFF");
        Reply stoppedAlready = demo.action(id, STOP);
        assertThat(stoppedAlready.status(), is(409));
        assertThat(conflict(stoppedAlready), is("Cannot 'stop' instance " + id + " while it is in vm_state stopped"));

        assertThat(demo.action(id, START).status(), is(202));
        demo.awaitIdle(id, "ACTIVE");
    }

    private static String conflict(Reply reply) {
        return reply.body().at("/conflictingRequest/message").asText();
    }

    /** Nova: a lock by an admin is lifted only by an admin (policy unlock_override); the member gets 403. */
    @Test
    void unlockingAnAdminsLockIs403ForAMember() {
        Api admin = api.as("admin");
        String id = activeServer();
        assertThat(admin.action(id, "{\"lock\": null}").status(), is(202));
        try {
            Reply forbidden = api.as("demo").action(id, "{\"unlock\": null}");
            assertThat(forbidden.status(), is(403));
            assertThat(forbidden.body().at("/forbidden/message").asText(), containsString("unlock_override"));
            assertThat(api.as("demo").mv("2.9").get("/compute/v2.1/servers/" + id).body().at("/server/locked")
                    .asBoolean(), is(true));
        } finally {
            assertThat(admin.action(id, "{\"unlock\": null}").status(), is(202));
        }
    }

    @Test
    void instanceActionListFieldsFollowTheMicroversion() {
        Api demo = api.as("demo");
        String id = stoppedServer();
        String base = "/compute/v2.1/servers/" + id + "/os-instance-actions";
        JsonNode v21 = demo.get(base).body();
        assertThat(v21.at("/instanceActions").size(), is(2));
        JsonNode newest = v21.at("/instanceActions/0");
        assertThat(newest.path("action").asText(), is("stop"));
        assertThat(newest.path("instance_uuid").asText(), is(id));
        assertThat(newest.path("request_id").asText(), is(stopRequest));
        assertThat(newest.path("request_id").asText().startsWith("req-"), is(true));
        assertThat(newest.path("start_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), is(true));
        assertThat(newest.has("message"), is(true));
        assertThat(newest.has("updated_at"), is(false));
        assertThat(v21.at("/instanceActions/1/action").asText(), is("create"));
        JsonNode v258 = demo.mv("2.58").get(base + "?limit=1").body();
        assertThat(v258.at("/instanceActions").size(), is(1));
        assertThat(v258.at("/instanceActions/0").has("updated_at"), is(true));
        assertThat(v258.at("/links/0/rel").asText(), is("next"));
        assertThat(v258.at("/links/0/href").asText(), containsString("marker=" + stopRequest));
        assertThat(demo.mv("2.58").get(base + "?limit=-1").status(), is(400));
    }

    @Test
    void instanceActionEventsFollowTheMicroversionAndTheRole() {
        Api demo = api.as("demo");
        String id = stoppedServer();
        String path = "/compute/v2.1/servers/" + id + "/os-instance-actions/" + stopRequest;
        JsonNode v21 = demo.get(path).body().path("instanceAction");
        assertThat(v21.path("request_id").asText(), is(stopRequest));
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
        assertThat(v284.path("details").asText(), startsWith("StatefulSet "));
        assertThat(v284.path("details").asText(), endsWith(": loft.sh/paused=true, replicas 0"));
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-instance-actions/req-unknown").status(), is(404));

        // an admin sees the events at every microversion, with traceback and host
        Api admin = api.as("admin");
        JsonNode adminEvent = admin.mv("2.84").get(path).body().at("/instanceAction/events/0");
        assertThat(adminEvent.has("traceback"), is(true));
        assertThat(adminEvent.path("host").asText(), is("host-cluster"));
        assertThat(events(admin, id, stopRequest), is(events(demo.mv("2.51"), id, stopRequest)));
    }

    @Test
    void consoleOutputIs200WithNovasTailAndValidatesLength() {
        Api demo = api.as("demo");
        String id = activeServer();
        Reply whole = demo.action(id, "{\"os-getConsoleOutput\": {}}");
        assertThat(whole.text(), whole.status(), is(200));
        String log = whole.body().path("output").asText();
        assertThat(log, lines(log) > 3, is(true));
        for (String all : List.of("{\"length\": -1}", "{\"length\": null}")) {
            assertThat(all, output(demo, id, all), is(log));
        }
        // Nova's tail: the last n pieces of the log split at its newlines (a trailing newline ends the last line)
        String three = output(demo, id, "{\"length\": 3}");
        assertThat(three, lines(three), is(3));
        assertThat(log.endsWith(three), is(true));
        String two = output(demo, id, "{\"length\": \"2\"}");
        assertThat(two, lines(two), is(2));
        assertThat(log.endsWith(two), is(true));
        for (String bad : List.of("{\"length\": -2}", "{\"length\": \"abc\"}", "{\"lines\": 3}", "null")) {
            Reply r = demo.action(id, "{\"os-getConsoleOutput\": " + bad + "}");
            assertThat(bad + " → " + r.text(), r.status(), is(400));
        }
        // no control plane runs while the server is stopped, so there is no log
        String down = stoppedServer();
        Reply notReady = demo.action(down, "{\"os-getConsoleOutput\": {}}");
        assertThat(notReady.status(), is(409));
        assertThat(notReady.body().at("/conflictingRequest/message").asText(), is("Instance " + down + " is not ready"));
        assertThat(demo.action("no-such-server", "{\"os-getConsoleOutput\": {}}").status(), is(404));
    }

    private static String output(Api as, String serverId, String value) {
        Reply r = as.action(serverId, "{\"os-getConsoleOutput\": " + value + "}");
        assertThat(value + " → " + r.text(), r.status(), is(200));
        return r.body().path("output").asText();
    }

    private static int lines(String text) {
        return text.split("\n", -1).length;
    }
}
