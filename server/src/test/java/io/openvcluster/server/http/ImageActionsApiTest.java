package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.http.Api.Reply;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** createImage over HTTP: Nova's body rules, the 2.45 image_id body versus the Location header before it. */
@ServerTest
class ImageActionsApiTest extends ApiTest {
    private static final InMemoryComputeService COMPUTE = new InMemoryComputeService();
    ImageActionsApiTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, COMPUTE);
    }

    @Test
    void from245TheImageIdIsInTheBody() {
        Api demo = api.as("demo").mv("2.45");
        String id = demo.createServer("snap-new");
        Reply r = demo.action(id, "{\"createImage\": {\"name\": \"s1\", \"metadata\": {\"k\": \"v\", \"n\": null}}}");
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
        String id = demo.createServer("snap-old");
        Reply r = demo.action(id, "{\"createImage\": {\"name\": \"s2\"}}");
        assertThat(r.status(), is(202));
        assertThat(r.text(), is(""));
        assertThat(r.header("Location").orElseThrow(), endsWith("/image/images/snap-of-" + id));
    }

    @Test
    void novasBodyRulesAndRefusals() {
        Api demo = api.as("demo");
        String id = demo.createServer("snap-bad");
        for (String body : new String[] {"{\"createImage\": {}}", "{\"createImage\": {\"name\": \"\"}}",
                "{\"createImage\": {\"name\": \"" + "x".repeat(256) + "\"}}",
                "{\"createImage\": {\"name\": \" padded\"}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"\": \"v\"}}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"k\": 1}}}",
                "{\"createImage\": {\"name\": \"ok\", \"extra\": 1}}"}) {
            Reply r = demo.action(id, body);
            assertThat(body + " → " + r.text(), r.status(), is(400));
        }
        String busy = demo.createServer("busy-snap");
        Reply refused = demo.action(busy, "{\"createImage\": {\"name\": \"s3\"}}");
        assertThat(refused.status(), is(409));
        assertThat(refused.body().at("/conflictingRequest/message").asText(), containsString("Cannot 'createImage'"));
        assertThat(api.as("alt_demo").action(id, "{\"createImage\": {\"name\": \"s4\"}}").status(), is(404));
    }

    @Test
    void rebuildAnswersWithTheServerAndAnAdminPassword() {
        Api demo = api.as("demo");
        String id = demo.createServer("rebuild-me");
        Reply r = demo.mv("2.57").action(id, "{\"rebuild\": {\"imageRef\": \"img-2\", \"name\": \"new-name\", "
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
        Reply generated = demo.action(id, "{\"rebuild\": {\"imageRef\": \"img-2\"}}");
        assertThat(generated.body().at("/server/adminPass").asText().length(), is(12));
        assertThat(demo.action(id, "{\"rebuild\": {}}").status(), is(400));
        assertThat(demo.action(id, "{\"rebuild\": {\"imageRef\": \"img-2\", \"bogus\": 1}}").status(), is(400));
    }

    @Test
    void novasImageProxyDeletesBefore236Only() {
        Api demo = api.as("demo");
        String id = demo.createServer("proxy-snap");
        demo.mv("2.45").action(id, "{\"createImage\": {\"name\": \"s5\"}}");
        String image = "snap-of-" + id;
        assertThat(demo.mv("2.36").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(404));
        assertThat(demo.mv("2.1").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(204));
        assertThat(demo.get("/image/v2/images/" + image).status(), is(404));
    }
}
