package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** os-resetState over HTTP: Nova's schema (400), policy (403), 404 first for a server the caller cannot see, 202. */
@ServerTest
class AdminActionsApiIT extends SandboxApiTest {
    AdminActionsApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void resetStateFollowsNovasSchemaAndPolicy() {
        String id = sharedServer("reset-over-http");
        Api admin = api.as("admin");
        for (String body : List.of("{\"os-resetState\": {\"state\": \"paused\"}}", "{\"os-resetState\": null}",
                "{\"os-resetState\": {}}", "{\"os-resetState\": {\"state\": \"error\", \"force\": true}}",
                "{\"os-resetState\": {\"state\": 1}}", "{\"os-resetState\": \"error\"}")) {
            Reply refused = admin.action(id, body);
            assertThat(body + " " + refused.text(), refused.status(), is(400));
            assertThat(refused.body().at("/badRequest/code").asInt(), is(400));
        }
        Reply member = api.as("demo").action(id, "{\"os-resetState\": {\"state\": \"error\"}}");
        assertThat(member.text(), member.status(), is(403));
        assertThat(member.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed."));
        assertThat(api.as("alt_demo").action(id, "{\"os-resetState\": {\"state\": \"error\"}}").status(), is(404));
        assertThat(api.as("demo").get("/compute/v2.1/servers/" + id).body().at("/server/status").asText(),
                is("ACTIVE"));

        Reply reset = admin.action(id, "{\"os-resetState\": {\"state\": \"error\"}}");
        assertThat(reset.text(), reset.status(), is(202));
        assertThat(reset.text(), is(""));
        Reply shown = api.as("demo").get("/compute/v2.1/servers/" + id);
        assertThat(shown.body().at("/server/status").asText(), is("ERROR"));
        assertThat(shown.body().at("/server/OS-EXT-STS:task_state").isNull(), is(true));
        Reply action = api.as("demo").get("/compute/v2.1/servers/" + id + "/os-instance-actions/"
                + Api.requestId(reset));
        assertThat(action.body().at("/instanceAction/action").asText(), is("resetState"));
        assertThat(admin.action(id, "{\"os-resetState\": {\"state\": \"active\"}}").status(), is(202));
        api.as("demo").awaitIdle(id, "ACTIVE");
        assertThat(admin.action("00000000-0000-0000-0000-000000000000",
                "{\"os-resetState\": {\"state\": \"active\"}}").body().at("/itemNotFound/message").asText(),
                startsWith("Instance 00000000-0000-0000-0000-000000000000 could not be found"));
    }

    /** This class's sandbox keeps snapshots on the vcluster's volume (container://): no place for a crash dump. */
    @Test
    void triggerCrashDumpFollowsNovasSchemaAndMicroversionAndNeedsAnS3Store() {
        String id = sharedServer("dump-over-http");
        Api demo = api.as("demo");
        Reply old = demo.mv("2.16").action(id, "{\"trigger_crash_dump\": null}");
        assertThat(old.text(), old.status(), is(404));
        for (String body : List.of("{\"trigger_crash_dump\": {}}", "{\"trigger_crash_dump\": 1}",
                "{\"trigger_crash_dump\": null, \"extra\": 1}")) {
            Reply refused = demo.mv("2.17").action(id, body);
            assertThat(body + " " + refused.text(), refused.status(), is(400));
        }
        assertThat(api.as("alt_demo").mv("2.17").action(id, "{\"trigger_crash_dump\": null}").status(), is(404));
        Reply noStore = demo.mv("2.17").action(id, "{\"trigger_crash_dump\": null}");
        assertThat(noStore.text(), noStore.status(), is(409));
        assertThat(noStore.body().at("/conflictingRequest/message").asText(), is("Cannot 'trigger_crash_dump' "
                + "instance " + id + ": a crash dump is written to an s3 snapshot store (OVC_SNAPSHOT_STORE), and "
                + "this one is container://"));
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-instance-actions").body().path("instanceActions")
                .findValuesAsText("action").contains("trigger_crash_dump"), is(false));

        String dumps = "/compute/v2.1/servers/" + id + "/crash-dumps/";
        Reply none = demo.get(dumps + "req-00000000-0000-0000-0000-000000000000");
        assertThat(none.text(), none.status(), is(404));
        assertThat(none.body().at("/itemNotFound/code").asInt(), is(404));
        assertThat(api.as("alt_demo").get(dumps + "req-x").status(), is(404));
        assertThat(demo.call(io.helidon.http.Method.DELETE, dumps + "req-x", null).status(), is(405));
    }
}
