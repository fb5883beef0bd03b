package io.openvcluster.server.http;

import static io.openvcluster.server.testing.Eventually.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** resize, confirmResize and revertResize over HTTP: Nova's status codes, bodies and states, on the sandbox. */
@ServerTest
class ResizeApiIT extends SandboxApiTest {
    ResizeApiIT(Http1Client client) {
        super(client);
    }

    /** Created at 2.1 (from 2.37 the body needs networks), then followed with the caller's microversion. */
    private String activeServer(Api as, String name) {
        Reply created = api.as("demo").call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1"}}
                """.formatted(name, Fixtures.IMAGE));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        awaitStatus(as, id, "ACTIVE");
        return id;
    }

    private void awaitStatus(Api as, String id, String status) {
        await(id + " " + status, () -> status.equals(as.get("/compute/v2.1/servers/" + id)
                .body().at("/server/status").asText()));
    }

    @Test
    void refusalsHaveNovasCodesAndWords() {
        Api demo = api.as("demo");
        String id = activeServer(demo, "refused");
        Reply same = demo.action(id, "{\"resize\": {\"flavorRef\": \"1\"}}");
        assertThat(same.status(), is(400));
        assertThat(same.body().at("/badRequest/message").asText(), is("When resizing, instances must change flavor!"));
        assertThat(demo.action(id, "{\"resize\": {}}").status(), is(400));
        assertThat(demo.action(id, "{\"resize\": {\"flavorRef\": \"2\", \"extra\": 1}}").status(), is(400));
        Reply unknown = demo.action(id, "{\"resize\": {\"flavorRef\": \"nope\"}}");
        assertThat(unknown.body().at("/badRequest/message").asText(), is("Unable to locate requested flavor."));
        Reply confirm = demo.action(id, "{\"confirmResize\": null}");
        assertThat(confirm.status(), is(400));
        assertThat(confirm.body().at("/badRequest/message").asText(), is("Instance has not been resized."));
        assertThat(demo.action(id, "{\"revertResize\": null}").status(), is(400));
        assertThat(api.as("alt_demo").action(id, "{\"resize\": {\"flavorRef\": \"2\"}}").status(), is(404));
    }

    @Test
    void resizeIs202ThenVerifyResizeAndConfirmIs204() {
        Api demo = api.as("demo").mv("2.47");
        String id = activeServer(demo, "grows");
        // an integer flavorRef, as old clients send it
        Reply resize = demo.action(id, "{\"resize\": {\"flavorRef\": 2}}");
        assertThat(resize.text(), resize.status(), is(202));
        assertThat(resize.text(), is(""));
        String right = demo.get("/compute/v2.1/servers/" + id).body().at("/server/status").asText();
        assertThat(right, right.equals("RESIZE") || right.equals("VERIFY_RESIZE"), is(true));
        awaitStatus(demo, id, "VERIFY_RESIZE");
        JsonNode shown = demo.get("/compute/v2.1/servers/" + id).body().get("server");
        assertThat(shown.at("/flavor/original_name").asText(), is("vc.small"));
        assertThat(shown.at("/OS-EXT-STS:vm_state").asText(), is("resized"));

        Reply confirm = demo.action(id, "{\"confirmResize\": null}");
        assertThat(confirm.status(), is(204));
        assertThat(confirm.text(), is(""));
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/status").asText(), is("ACTIVE"));
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/flavor/original_name").asText(),
                is("vc.small"));
    }

    @Test
    void revertIs202ThroughRevertResizeBackToThePreviousFlavor() {
        Api demo = api.as("demo").mv("2.47");
        String id = activeServer(demo, "reverts");
        assertThat(demo.action(id, "{\"resize\": {\"flavorRef\": \"3\"}}").status(), is(202));
        awaitStatus(demo, id, "VERIFY_RESIZE");
        Reply revert = demo.action(id, "{\"revertResize\": null}");
        assertThat(revert.status(), is(202));
        String right = demo.get("/compute/v2.1/servers/" + id).body().at("/server/status").asText();
        assertThat(right, right.equals("REVERT_RESIZE") || right.equals("ACTIVE"), is(true));
        awaitStatus(demo, id, "ACTIVE");
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/flavor/original_name").asText(),
                is("vc.tiny"));
        await("history", () -> actions(demo, id).equals(List.of("revertResize", "resize", "create")));
    }

    private static List<String> actions(Api as, String id) {
        List<String> names = new ArrayList<>();
        as.get("/compute/v2.1/servers/" + id + "/os-instance-actions").body().path("instanceActions")
                .forEach(a -> names.add(a.path("action").asText()));
        return names;
    }
}
