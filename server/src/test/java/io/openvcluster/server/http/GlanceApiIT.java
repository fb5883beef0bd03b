package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.translator.DefaultCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Glance v2 over HTTP on the real catalog: the default base images (public, all created together, so listed in id
 * order) and snapshots of one of demo's servers (private to demo's project).
 */
@ServerTest
class GlanceApiIT extends SandboxApiTest {
    /** The base images in the order Glance lists them: newest first, then by id (they share one creation time). */
    private static final List<DefaultCatalog.BaseImage> BASE = DefaultCatalog.images().stream()
            .sorted(Comparator.comparing(DefaultCatalog.BaseImage::id)).toList();
    private static final List<String> BASE_IDS = BASE.stream().map(DefaultCatalog.BaseImage::id).toList();
    /** demo's server every snapshot here is taken of. */
    private static final String SERVER = "snapped";
    /** demo's snapshot, named "demo-snap" and with properties keep=1 and drop=2, active. */
    private static String snapshot;

    GlanceApiIT(Http1Client client) {
        super(client);
    }

    private String snapshot() {
        if (snapshot == null) {
            snapshot = activeSnapshot("{\"name\": \"demo-snap\", \"metadata\": {\"keep\": \"1\", \"drop\": \"2\"}}");
        }
        return snapshot;
    }

    /** A createImage of the server, once its image is active (a queued or saving image cannot be deleted). */
    private String activeSnapshot(String createImage) {
        Api demo = api.as("demo").mv("2.45");
        // a snapshot in progress is a task: the server takes one at a time
        Reply r = demo.action(sharedServer(SERVER), "{\"createImage\": " + createImage + "}");
        assertThat(r.text(), r.status(), is(202));
        String id = r.body().path("image_id").asText();
        demo.awaitImage(id, "active");
        return id;
    }

    @Test
    void anUploadToTheContainerStoreHasNoPlaceToGoAndChangesNothing() {
        Api demo = api.as("demo");
        Reply created = demo.call(Method.POST, "/image/v2/images",
                "{\"name\": \"nowhere\", \"container_format\": \"bare\", \"disk_format\": \"raw\"}");
        assertThat(created.text(), created.status(), is(201));
        String id = created.body().path("id").asText();
        Reply upload = demo.send(Method.PUT, "/image/v2/images/" + id + "/file", "application/octet-stream",
                ImageDataApiIT.archive("0.36.1", 10));
        assertThat(upload.status(), is(410));
        assertThat(upload.body().path("message").asText(), containsString("container:// snapshot store is disabled"));
        assertThat(demo.get("/image/v2/images/" + id).body().path("status").asText(), is("queued"));
        // the other tests count this class's images
        assertThat(demo.call(Method.DELETE, "/image/v2/images/" + id, null).status(), is(204));
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
        String snap = snapshot();
        Api demo = api.as("demo");
        Reply all = demo.get("/image/v2/images");
        assertThat(all.status(), is(200));
        assertThat(ids(all.body()), is(with(snap, BASE_IDS)));
        assertThat(all.body().path("first").asText(), is("/v2/images"));
        assertThat(all.body().path("schema").asText(), is("/v2/schemas/images"));
        assertThat(all.body().has("next"), is(false));
        DefaultCatalog.BaseImage base = BASE.getFirst();
        assertThat(ids(demo.get("/image/v2/images?name=" + base.name()).body()), is(List.of(base.id())));
        assertThat(ids(demo.get("/image/v2/images?id=in:" + base.id() + "," + snap).body()),
                is(List.of(snap, base.id())));
        assertThat(ids(demo.get("/image/v2/images?visibility=private").body()), is(List.of(snap)));
        assertThat(ids(demo.get("/image/v2/images?image_type=snapshot&instance_uuid=" + sharedServer(SERVER)).body()),
                is(List.of(snap)));
        // the snapshot's name sorts before every "vcluster-k8s-1.NN"
        List<String> byName = BASE.stream().sorted(Comparator.comparing(DefaultCatalog.BaseImage::name))
                .map(DefaultCatalog.BaseImage::id).toList();
        assertThat(ids(demo.get("/image/v2/images?sort_key=name&sort_dir=asc").body()), is(with(snap, byName)));
        assertThat(ids(demo.get("/image/v2/images?sort=created_at:asc").body()),
                is(Stream.concat(BASE_IDS.stream(), Stream.of(snap)).toList()));
        assertThat(demo.get("/image/v2/images?sort_key=nonsense").status(), is(400));
        // another project does not see demo's snapshot
        assertThat(ids(api.as("alt_demo").get("/image/v2/images").body()), is(BASE_IDS));
    }

    @Test
    void pagesFollowTheNextLink() {
        String snap = snapshot();
        Api demo = api.as("demo");
        Reply first = demo.get("/image/v2/images?limit=3");
        assertThat(ids(first.body()), is(with(snap, BASE_IDS.subList(0, 2))));
        String next = first.body().path("next").asText();
        assertThat(next, is("/v2/images?marker=" + BASE_IDS.get(1) + "&limit=3"));
        Reply second = demo.get("/image" + next);
        assertThat(ids(second.body()), is(BASE_IDS.subList(2, BASE_IDS.size())));
        assertThat(second.body().has("next"), is(false));
        assertThat(demo.get("/image/v2/images?marker=unknown").status(), is(400));
    }

    @Test
    void showAnd404InGlanceFormat() {
        Api demo = api.as("demo");
        DefaultCatalog.BaseImage base = BASE.getFirst();
        Reply shown = demo.get("/image/v2/images/" + base.id());
        assertThat(shown.status(), is(200));
        assertThat(shown.body().path("kubernetes_version").asText(), is(base.spec().kubernetesVersion()));
        for (String missing : List.of("nope", base.name())) {
            Reply r = demo.get("/image/v2/images/" + missing);
            assertThat(r.status(), is(404));
            assertThat(r.body().path("code").asText(), is("404 Not Found"));
            assertThat(r.body().path("title").asText(), is("Not Found"));
        }
        // base images are the admins'
        Reply delete = demo.call(Method.DELETE, "/image/v2/images/" + base.id(), null);
        assertThat(delete.status(), is(403));
        assertThat(delete.body().path("code").asText(), is("403 Forbidden"));
        assertThat(demo.get("/image/v2/nothing").body().path("code").asText(), is("404 Not Found"));
    }

    @Test
    void patchTakesGlanceJsonPatchOnly() {
        String snap = snapshot();
        Api demo = api.as("demo");
        Api patching = demo.with("Content-Type", ImagesService.JSON_PATCH);
        String ops = """
                [{"op": "replace", "path": "/name", "value": "after"},
                 {"op": "add", "path": "/color", "value": "blue"},
                 {"op": "remove", "path": "/drop"}]""";
        Reply patched = patching.call(Method.PATCH, "/image/v2/images/" + snap, ops);
        assertThat(patched.text(), patched.status(), is(200));
        assertThat(patched.body().path("name").asText(), is("after"));
        assertThat(patched.body().path("color").asText(), is("blue"));
        assertThat(patched.body().has("drop"), is(false));
        assertThat(patched.body().path("keep").asText(), is("1"));
        assertThat(demo.get("/image/v2/images/" + snap).body(), is(patched.body()));
        // plain JSON is not Glance's patch media type
        Reply plain = demo.with("Content-Type", "application/json").call(Method.PATCH, "/image/v2/images/" + snap, ops);
        assertThat(plain.status(), is(415));
        Reply badOp = patching.call(Method.PATCH, "/image/v2/images/" + snap,
                "[{\"op\": \"move\", \"path\": \"/name\"}]");
        assertThat(badOp.status(), is(400));
        Reply nested = patching.call(Method.PATCH, "/image/v2/images/" + snap,
                "[{\"op\": \"add\", \"path\": \"/locations/0\", \"value\": {}}]");
        assertThat(nested.status(), is(400));
        Reply notArray = patching.call(Method.PATCH, "/image/v2/images/" + snap, "{}");
        assertThat(notArray.status(), is(400));
        assertThat(demo.get("/image/v2/images/" + snap).body(), is(patched.body()));
    }

    @Test
    void deleteAnswers204AndTheImageIsGone() {
        Api demo = api.as("demo");
        String image = activeSnapshot("{\"name\": \"gone-soon\"}");
        assertThat(api.as("alt_demo").call(Method.DELETE, "/image/v2/images/" + image, null).status(), is(404));
        assertThat(demo.call(Method.DELETE, "/image/v2/images/" + image, null).status(), is(204));
        assertThat(demo.get("/image/v2/images/" + image).status(), is(404));
    }

    private static List<String> with(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("images").forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }
}
