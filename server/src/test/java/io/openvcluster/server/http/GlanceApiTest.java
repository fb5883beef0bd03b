package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@ServerTest
class GlanceApiTest extends ApiTest {
    private static final InMemoryComputeService COMPUTE = new InMemoryComputeService();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    GlanceApiTest(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        COMPUTE.addImage(InMemoryComputeService.image("k8s-131", "kubernetes-1.31", "public", "ops", T0,
                Map.of("kubernetes_version", "1.31")));
        COMPUTE.addImage(InMemoryComputeService.image("k8s-132", "kubernetes-1.32", "public", "ops",
                T0.plusSeconds(10), Map.of("kubernetes_version", "1.32")));
        COMPUTE.addImage(InMemoryComputeService.image("snap-1", "demo-snap", "private",
                StableIds.of("project", "demo"), T0.plusSeconds(20),
                Map.of("image_type", "snapshot", "instance_uuid", "srv-1")));
        Api.routing(routing, COMPUTE);
    }

    @Test
    void versionsAreUnauthenticated() {
        Reply r = api.get("/image");
        assertThat(r.status(), is(300));
        assertThat(r.body().at("/versions/0/id").asText(), is("v2.16"));
        assertThat(r.body().at("/versions/0/links/0/href").asText(), containsString("/image/v2/"));
        assertThat(api.get("/image/").status(), is(300));
        assertThat(api.get("/image/versions").status(), is(300));
        assertThat(api.get("/image/v2/images").status(), is(401));
    }

    @Test
    void theSchemaEveryImageNamesExists() {
        Api demo = api.as("demo");
        Reply list = demo.get("/image/v2/images");
        String imageSchemaPath = list.body().at("/images/0/schema").asText();
        Reply image = demo.get("/image" + imageSchemaPath);
        assertThat(imageSchemaPath, image.status(), is(200));
        assertThat(image.body().path("name").asText(), is("image"));
        assertThat(image.body().at("/properties/kubernetes_version/readOnly").asBoolean(), is(true));
        assertThat(image.body().at("/properties/visibility/enum").size(), is(4));
        assertThat(image.body().at("/additionalProperties/type").asText(), is("string"));

        Reply images = demo.get("/image" + list.body().path("schema").asText());
        assertThat(images.status(), is(200));
        assertThat(images.body().at("/properties/images/items"), is(image.body()));
        assertThat(api.get("/image/v2/schemas/image").status(), is(401));
    }

    @Test
    void listIsNewestFirstAndFilters() {
        Api demo = api.as("demo");
        Reply all = demo.get("/image/v2/images");
        assertThat(all.status(), is(200));
        assertThat(ids(all.body()), is(List.of("snap-1", "k8s-132", "k8s-131")));
        assertThat(all.body().path("first").asText(), is("/v2/images"));
        assertThat(all.body().path("schema").asText(), is("/v2/schemas/images"));
        assertThat(all.body().has("next"), is(false));
        assertThat(ids(demo.get("/image/v2/images?name=kubernetes-1.31").body()), is(List.of("k8s-131")));
        assertThat(ids(demo.get("/image/v2/images?id=in:k8s-131,snap-1").body()), is(List.of("snap-1", "k8s-131")));
        assertThat(ids(demo.get("/image/v2/images?visibility=private").body()), is(List.of("snap-1")));
        assertThat(ids(demo.get("/image/v2/images?image_type=snapshot&instance_uuid=srv-1").body()),
                is(List.of("snap-1")));
        assertThat(ids(demo.get("/image/v2/images?sort_key=name&sort_dir=asc").body()),
                is(List.of("snap-1", "k8s-131", "k8s-132")));
        assertThat(ids(demo.get("/image/v2/images?sort=created_at:asc").body()),
                is(List.of("k8s-131", "k8s-132", "snap-1")));
        assertThat(demo.get("/image/v2/images?sort_key=nonsense").status(), is(400));
        // another project does not see demo's snapshot
        assertThat(ids(api.as("alt_demo").get("/image/v2/images").body()), is(List.of("k8s-132", "k8s-131")));
    }

    @Test
    void pagesFollowTheNextLink() {
        Api demo = api.as("demo");
        Reply first = demo.get("/image/v2/images?limit=2");
        assertThat(ids(first.body()), is(List.of("snap-1", "k8s-132")));
        String next = first.body().path("next").asText();
        assertThat(next, is("/v2/images?marker=k8s-132&limit=2"));
        Reply second = demo.get("/image" + next);
        assertThat(ids(second.body()), is(List.of("k8s-131")));
        assertThat(second.body().has("next"), is(false));
        assertThat(demo.get("/image/v2/images?marker=unknown").status(), is(400));
    }

    @Test
    void showAnd404InGlanceFormat() {
        Api demo = api.as("demo");
        Reply shown = demo.get("/image/v2/images/k8s-131");
        assertThat(shown.status(), is(200));
        assertThat(shown.body().path("kubernetes_version").asText(), is("1.31"));
        for (String missing : List.of("nope", "kubernetes-1.31")) {
            Reply r = demo.get("/image/v2/images/" + missing);
            assertThat(r.status(), is(404));
            assertThat(r.body().path("code").asText(), is("404 Not Found"));
            assertThat(r.body().path("title").asText(), is("Not Found"));
        }
        Reply delete = demo.call(Method.DELETE, "/image/v2/images/k8s-131", null);
        assertThat(delete.status(), is(403));
        assertThat(delete.body().path("code").asText(), is("403 Forbidden"));
        assertThat(demo.get("/image/v2/nothing").body().path("code").asText(), is("404 Not Found"));
    }

    @Test
    void patchTakesGlanceJsonPatchOnly() {
        Api demo = api.as("demo");
        COMPUTE.addImage(InMemoryComputeService.image("snap-2", "before", "private",
                StableIds.of("project", "demo"), T0.plusSeconds(30), Map.of("keep", "1", "drop", "2")));
        String ops = """
                [{"op": "replace", "path": "/name", "value": "after"},
                 {"op": "add", "path": "/color", "value": "blue"},
                 {"op": "remove", "path": "/drop"}]""";
        Reply patched = demo.with("Content-Type", ImagesService.JSON_PATCH).call(Method.PATCH,
                "/image/v2/images/snap-2", ops);
        assertThat(patched.text(), patched.status(), is(200));
        assertThat(patched.body().path("name").asText(), is("after"));
        assertThat(patched.body().path("color").asText(), is("blue"));
        assertThat(patched.body().has("drop"), is(false));
        assertThat(patched.body().path("keep").asText(), is("1"));
        assertThat(COMPUTE.lastImageChanges.size(), is(3));
        assertThat(COMPUTE.lastImageChanges.get(2).value().isPresent(), is(false));
        // plain JSON is not Glance's patch media type
        Reply plain = demo.with("Content-Type", "application/json").call(Method.PATCH, "/image/v2/images/snap-2", ops);
        assertThat(plain.status(), is(415));
        Reply badOp = demo.with("Content-Type", ImagesService.JSON_PATCH).call(Method.PATCH,
                "/image/v2/images/snap-2", "[{\"op\": \"move\", \"path\": \"/name\"}]");
        assertThat(badOp.status(), is(400));
        Reply nested = demo.with("Content-Type", ImagesService.JSON_PATCH).call(Method.PATCH,
                "/image/v2/images/snap-2", "[{\"op\": \"add\", \"path\": \"/locations/0\", \"value\": {}}]");
        assertThat(nested.status(), is(400));
        Reply notArray = demo.with("Content-Type", ImagesService.JSON_PATCH).call(Method.PATCH,
                "/image/v2/images/snap-2", "{}");
        assertThat(notArray.status(), is(400));
    }

    @Test
    void deleteAnswers204AndTheImageIsGone() {
        Api demo = api.as("demo");
        COMPUTE.addImage(InMemoryComputeService.image("snap-3", "gone-soon", "private",
                StableIds.of("project", "demo"), T0.plusSeconds(40), Map.of()));
        assertThat(api.as("alt_demo").call(Method.DELETE, "/image/v2/images/snap-3", null).status(), is(404));
        assertThat(demo.call(Method.DELETE, "/image/v2/images/snap-3", null).status(), is(204));
        assertThat(demo.get("/image/v2/images/snap-3").status(), is(404));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("images").forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }
}
