package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.http.Api.Reply;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** createImage over HTTP: Nova's body rules, the 2.45 image_id body versus the Location header before it. */
@ServerTest
class ImageActionsApiTest {
    private static final InMemoryComputeService COMPUTE = new InMemoryComputeService();
    private static final String CREATE = """
            {"server": {"name": "%s", "imageRef": "img-1", "flavorRef": "1", "min_count": 1, "max_count": 1}}
            """;
    private final Api api;

    ImageActionsApiTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Api.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, COMPUTE);
    }

    private static String create(Api as, String name) {
        // servers are created at 2.1 (2.37 and later require "networks"); the action uses the caller's microversion
        Reply r = as.mv("2.1").call(Method.POST, "/compute/v2.1/servers", CREATE.formatted(name));
        assertThat(r.text(), r.status(), is(202));
        return r.body().at("/server/id").asText();
    }

    private static Reply action(Api as, String id, String body) {
        return as.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", body);
    }

    @Test
    void from245TheImageIdIsInTheBody() {
        Api demo = api.as("demo").mv("2.45");
        String id = create(demo, "snap-new");
        Reply r = action(demo, id, "{\"createImage\": {\"name\": \"s1\", \"metadata\": {\"k\": \"v\", \"n\": null}}}");
        assertThat(r.text(), r.status(), is(202));
        assertThat(r.body().path("image_id").asText(), is("snap-of-" + id));
        assertThat(r.header("Location"), is(Optional.empty()));
        assertThat(COMPUTE.lastAction, is(new ServerAction.CreateImage("s1", Map.of("k", "v", "n", ""))));
        // the image is in Glance's list at once
        assertThat(api.as("demo").get("/image/v2/images/snap-of-" + id).body().path("status").asText(), is("queued"));
    }

    @Test
    void before245TheImageIsInTheLocationHeader() {
        Api demo = api.as("demo").mv("2.44");
        String id = create(demo, "snap-old");
        Reply r = action(demo, id, "{\"createImage\": {\"name\": \"s2\"}}");
        assertThat(r.status(), is(202));
        assertThat(r.text(), is(""));
        assertThat(r.header("Location").orElseThrow(), endsWith("/image/images/snap-of-" + id));
    }

    @Test
    void novasBodyRulesAndRefusals() {
        Api demo = api.as("demo");
        String id = create(demo, "snap-bad");
        for (String body : new String[] {"{\"createImage\": {}}", "{\"createImage\": {\"name\": \"\"}}",
                "{\"createImage\": {\"name\": \"" + "x".repeat(256) + "\"}}",
                "{\"createImage\": {\"name\": \" padded\"}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"\": \"v\"}}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"k\": 1}}}",
                "{\"createImage\": {\"name\": \"ok\", \"extra\": 1}}"}) {
            Reply r = action(demo, id, body);
            assertThat(body + " → " + r.text(), r.status(), is(400));
        }
        String busy = create(demo, "busy-snap");
        Reply refused = action(demo, busy, "{\"createImage\": {\"name\": \"s3\"}}");
        assertThat(refused.status(), is(409));
        assertThat(refused.body().at("/conflictingRequest/message").asText(), containsString("Cannot 'createImage'"));
        assertThat(action(api.as("alt_demo"), id, "{\"createImage\": {\"name\": \"s4\"}}").status(), is(404));
    }

    @Test
    void rebuildAnswersWithTheServerAndAnAdminPassword() {
        Api demo = api.as("demo");
        String id = create(demo, "rebuild-me");
        Reply r = action(demo.mv("2.57"), id, "{\"rebuild\": {\"imageRef\": \"img-2\", \"name\": \"new-name\", "
                + "\"metadata\": {\"a\": \"b\"}, \"adminPass\": \"s3cret\"}}");
        assertThat(r.text(), r.status(), is(202));
        assertThat(r.body().at("/server/id").asText(), is(id));
        assertThat(r.body().at("/server/adminPass").asText(), is("s3cret"));
        assertThat(r.body().at("/server").has("metadata"), is(true));
        assertThat(r.body().at("/server").has("user_data"), is(true));
        assertThat(r.header("Location").orElseThrow(), endsWith("/servers/" + id));
        assertThat(COMPUTE.lastAction, is(new ServerAction.Rebuild("img-2", Optional.of("new-name"),
                Optional.of(Map.of("a", "b")), Optional.of("s3cret"), Optional.empty())));
        // without adminPass one is generated, as Nova does
        Reply generated = action(demo, id, "{\"rebuild\": {\"imageRef\": \"img-2\"}}");
        assertThat(generated.body().at("/server/adminPass").asText().length(), is(12));
        assertThat(action(demo, id, "{\"rebuild\": {}}").status(), is(400));
        assertThat(action(demo, id, "{\"rebuild\": {\"imageRef\": \"img-2\", \"bogus\": 1}}").status(), is(400));
    }

    @Test
    void novasImageProxyDeletesBefore236Only() {
        Api demo = api.as("demo");
        String id = create(demo, "proxy-snap");
        action(demo.mv("2.45"), id, "{\"createImage\": {\"name\": \"s5\"}}");
        String image = "snap-of-" + id;
        assertThat(demo.mv("2.36").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(404));
        assertThat(demo.mv("2.1").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(204));
        assertThat(demo.get("/image/v2/images/" + image).status(), is(404));
    }
}
