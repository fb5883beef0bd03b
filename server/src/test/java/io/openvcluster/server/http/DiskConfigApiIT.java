package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code OS-DCF:diskConfig} as Nova keeps it: what create asked ({@code MANUAL} without one), changed by a rebuild, a
 * resize or an update that gives one, left alone by those that do not; anything but AUTO or MANUAL is a 400.
 */
@ServerTest
class DiskConfigApiIT extends SandboxApiTest {
    private static final String DISK_CONFIG = "/server/OS-DCF:diskConfig";

    DiskConfigApiIT(Http1Client client) {
        super(client);
    }

    private Reply create(Api as, String name, String diskConfig) {
        return as.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1"%s}}
                """.formatted(name, Fixtures.IMAGE, diskConfig.isEmpty() ? ""
                : ", \"OS-DCF:diskConfig\": \"" + diskConfig + "\""));
    }

    private String shown(Api as, String id) {
        return as.get("/compute/v2.1/servers/" + id).body().at(DISK_CONFIG).asText();
    }

    @Test
    void createKeepsWhatWasAskedAndManualWithout() {
        Api demo = api.as("demo");
        Reply auto = create(demo, "auto-disk", "AUTO");
        assertThat(auto.text(), auto.status(), is(202));
        assertThat(auto.body().at(DISK_CONFIG).asText(), is("AUTO"));
        String autoId = auto.body().at("/server/id").asText();
        assertThat(shown(demo, autoId), is("AUTO"));
        Reply manual = create(demo, "manual-disk", "MANUAL");
        assertThat(manual.body().at(DISK_CONFIG).asText(), is("MANUAL"));
        assertThat(shown(demo, manual.body().at("/server/id").asText()), is("MANUAL"));
        Reply absent = create(demo, "default-disk", "");
        assertThat(absent.body().at(DISK_CONFIG).asText(), is("MANUAL"));
        assertThat(shown(demo, absent.body().at("/server/id").asText()), is("MANUAL"));
        boolean listed = false;
        for (var server : demo.get("/compute/v2.1/servers/detail").body().path("servers")) {
            if (server.path("id").asText().equals(autoId)) {
                listed = true;
                assertThat(server.path("OS-DCF:diskConfig").asText(), is("AUTO"));
            }
        }
        assertThat(listed, is(true));
    }

    @Test
    void valuesOtherThanAutoAndManualAre400() {
        Api demo = api.as("demo");
        assertThat(create(demo, "lower", "auto").status(), is(400));
        assertThat(create(demo, "other", "PARTITIONED").status(), is(400));
        String id = sharedServer("refusing");
        assertThat(demo.action(id, "{\"resize\": {\"flavorRef\": \"2\", \"OS-DCF:diskConfig\": \"x\"}}").status(),
                is(400));
        assertThat(demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"OS-DCF:diskConfig\": \"manual\"}}").status(), is(400));
        assertThat(demo.call(Method.PUT, "/compute/v2.1/servers/" + id,
                "{\"server\": {\"OS-DCF:diskConfig\": 1}}").status(), is(400));
        assertThat(shown(demo, id), is("MANUAL"));
    }

    @Test
    void rebuildResizeAndUpdateSetItWhenGiven() {
        Api demo = api.as("demo");
        String id = sharedServer("changing");
        // rebuild with AUTO: in the answer and on the server
        Reply rebuilt = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"OS-DCF:diskConfig\": \"AUTO\"}}");
        assertThat(rebuilt.text(), rebuilt.status(), is(202));
        assertThat(rebuilt.body().at(DISK_CONFIG).asText(), is("AUTO"));
        assertThat(shown(demo, id), is("AUTO"));
        demo.awaitIdle(id, "ACTIVE");
        // a rebuild without one keeps it
        Reply again = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + Fixtures.IMAGE + "\"}}");
        assertThat(again.text(), again.status(), is(202));
        assertThat(again.body().at(DISK_CONFIG).asText(), is("AUTO"));
        demo.awaitIdle(id, "ACTIVE");
        // resize with MANUAL sets it; the confirm keeps it
        Reply resized = demo.action(id, "{\"resize\": {\"flavorRef\": \"2\", \"OS-DCF:diskConfig\": \"MANUAL\"}}");
        assertThat(resized.text(), resized.status(), is(202));
        assertThat(shown(demo, id), is("MANUAL"));
        demo.awaitIdle(id, "VERIFY_RESIZE");
        assertThat(demo.action(id, "{\"confirmResize\": null}").status(), is(204));
        assertThat(shown(demo, id), is("MANUAL"));
        // resize without one keeps it
        assertThat(demo.action(id, "{\"resize\": {\"flavorRef\": \"1\"}}").status(), is(202));
        assertThat(shown(demo, id), is("MANUAL"));
        demo.awaitIdle(id, "VERIFY_RESIZE");
        assertThat(demo.action(id, "{\"revertResize\": null}").status(), is(202));
        demo.awaitIdle(id, "ACTIVE");
        assertThat(shown(demo, id), is("MANUAL"));
        // PUT /servers/{id} takes it too (Nova's update translates it like create's)
        Reply updated = demo.call(Method.PUT, "/compute/v2.1/servers/" + id,
                "{\"server\": {\"OS-DCF:diskConfig\": \"AUTO\"}}");
        assertThat(updated.text(), updated.status(), is(200));
        assertThat(updated.body().at(DISK_CONFIG).asText(), is("AUTO"));
        Reply renamed = demo.call(Method.PUT, "/compute/v2.1/servers/" + id, "{\"server\": {\"name\": \"changed\"}}");
        assertThat(renamed.body().at(DISK_CONFIG).asText(), is("AUTO"));
    }
}
