package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.translator.DefaultCatalog;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * createImage, createBackup and rebuild over HTTP on the real domain: Nova's body rules, the 2.45 image_id body versus the Location
 * header before it, and the answers of the real guards.
 */
@ServerTest
class ImageActionsApiIT extends SandboxApiTest {
    /** The catalog's newest image, and the one before it. */
    private static final String NEWER = DefaultCatalog.images().get(0).id();
    private static final String OLDER = DefaultCatalog.images().get(1).id();
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    ImageActionsApiIT(Http1Client client) {
        super(client);
    }

    /**
     * demo's server of the older image that every test here acts on, ACTIVE with no task: each action (a snapshot,
     * a rebuild) is a task, and the guards refuse a second one while it runs.
     */
    private String server() {
        return sharedServer("imaged", OLDER);
    }

    @Test
    void from245TheImageIdIsInTheBody() {
        Api demo = api.as("demo").mv("2.45");
        String id = server();
        Reply r = demo.action(id, "{\"createImage\": {\"name\": \"s1\", \"metadata\": {\"k\": \"v\", \"n\": null}}}");
        assertThat(r.text(), r.status(), is(202));
        String image = r.body().path("image_id").asText();
        assertThat(image, image.matches(UUID), is(true));
        assertThat(r.header("Location"), is(Optional.empty()));
        // the image is in Glance's list at once, with the request's name and metadata (a null value is "")
        JsonNode listed = null;
        for (JsonNode i : api.as("demo").get("/image/v2/images").body().path("images")) {
            if (i.path("id").asText().equals(image)) {
                listed = i;
            }
        }
        assertThat("image " + image + " is listed", listed != null, is(true));
        assertThat(listed.path("name").asText(), is("s1"));
        assertThat(listed.path("k").asText(), is("v"));
        assertThat(listed.path("n").asText(), is(""));
        assertThat(listed.path("instance_uuid").asText(), is(id));
    }

    @Test
    void before245TheImageIsInTheLocationHeader() {
        Api demo = api.as("demo").mv("2.44");
        String id = server();
        Reply r = demo.action(id, "{\"createImage\": {\"name\": \"s2\"}}");
        assertThat(r.status(), is(202));
        assertThat(r.text(), is(""));
        String location = r.header("Location").orElseThrow();
        assertThat(location, location.matches(".*/image/images/" + UUID), is(true));
        String image = location.substring(location.lastIndexOf('/') + 1);
        JsonNode shown = api.as("demo").get("/image/v2/images/" + image).body();
        assertThat(shown.path("name").asText(), is("s2"));
        assertThat(shown.path("instance_uuid").asText(), is(id));
    }

    @Test
    void novasBodyRulesAndRefusals() {
        Api demo = api.as("demo");
        String id = server();
        for (String body : new String[] {"{\"createImage\": {}}", "{\"createImage\": {\"name\": \"\"}}",
                "{\"createImage\": {\"name\": \"" + "x".repeat(256) + "\"}}",
                "{\"createImage\": {\"name\": \" padded\"}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"\": \"v\"}}}",
                "{\"createImage\": {\"name\": \"ok\", \"metadata\": {\"k\": 1}}}",
                "{\"createImage\": {\"name\": \"ok\", \"extra\": 1}}"}) {
            Reply r = demo.action(id, body);
            assertThat(body + " → " + r.text(), r.status(), is(400));
        }
        assertThat(api.as("alt_demo").action(id, "{\"createImage\": {\"name\": \"s4\"}}").status(), is(404));

        // the state guard: a resized server waits for its resize to be confirmed or reverted, and takes no snapshot
        String resized = demo.activeServer("resized");
        assertThat(demo.action(resized, "{\"resize\": {\"flavorRef\": \"2\"}}").status(), is(202));
        demo.awaitIdle(resized, "VERIFY_RESIZE");
        Reply refused = demo.action(resized, "{\"createImage\": {\"name\": \"s3\"}}");
        assertThat(refused.status(), is(409));
        assertThat(refused.body().at("/conflictingRequest/message").asText(),
                is("Cannot 'createImage' instance " + resized + " while it is in vm_state resized"));
    }

    /**
     * The request's metadata wins over Nova's defaults (image_type), as in Nova; the facade's own properties (the
     * archive, the source server) are kept whatever the metadata says, so the image is still a snapshot to restore.
     */
    @Test
    void metadataWinsOverDefaultsButNotOverTheFacadesOwnProperties() {
        Api demo = api.as("demo");
        String id = sharedServer("custom-snapshot");
        Reply r = demo.mv("2.45").action(id, "{\"createImage\": {\"name\": \"custom\", \"metadata\": "
                + "{\"image_type\": \"custom\", \"foo\": \"bar\", \"instance_uuid\": \"someone-else\", "
                + "\"vcluster_snapshot_url\": \"s3://elsewhere/x.tar.gz\"}}}");
        assertThat(r.text(), r.status(), is(202));
        String image = r.body().path("image_id").asText();
        demo.awaitImage(image, "active");
        JsonNode glance = demo.get("/image/v2/images/" + image).body();
        assertThat(glance.path("image_type").asText(), is("custom"));
        assertThat(glance.path("foo").asText(), is("bar"));
        assertThat(glance.path("instance_uuid").asText(), is(id));
        assertThat(glance.path("vcluster_snapshot_url").asText().startsWith("s3://elsewhere"), is(false));
        JsonNode nova = demo.get("/compute/v2.1/images/" + image).body().at("/image/metadata");
        assertThat(nova.path("image_type").asText(), is("custom"));
        assertThat(nova.path("foo").asText(), is("bar"));
        // still a snapshot: a rebuild from it is vcluster's restore, not a re-render of a base image
        demo.awaitIdle(id, "ACTIVE");
        Reply rebuild = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + image + "\"}}");
        assertThat(rebuild.text(), rebuild.status(), is(202));
        demo.awaitIdle(id, "ACTIVE");
        JsonNode action = demo.mv("2.51").get("/compute/v2.1/servers/" + id + "/os-instance-actions/"
                + Api.requestId(rebuild)).body().path("instanceAction");
        java.util.List<String> events = new java.util.ArrayList<>();
        action.path("events").forEach(e -> events.add(e.path("event").asText()));
        assertThat(events.toString(), events.contains("vcluster_restore"), is(true));
    }

    @Test
    void aBackupFrom245AnswersItsImageIdAndIsMarkedAsABackup() {
        String id = server();
        Reply r = api.as("demo").mv("2.45").action(id,
                "{\"createBackup\": {\"name\": \"b1\", \"backup_type\": \"daily\", \"rotation\": 3}}");
        assertThat(r.text(), r.status(), is(202));
        String image = r.body().path("image_id").asText();
        assertThat(image, image.matches(UUID), is(true));
        assertThat(r.header("Location"), is(Optional.empty()));
        JsonNode shown = api.as("demo").get("/image/v2/images/" + image).body();
        assertThat(shown.path("name").asText(), is("b1"));
        assertThat(shown.path("image_type").asText(), is("backup"));
        assertThat(shown.path("backup_type").asText(), is("daily"));
        assertThat(shown.path("instance_uuid").asText(), is(id));
    }

    /** Nova before 2.45: no body, and the image's compute URL in Location only when the backup rotates. */
    @Test
    void aBackupBefore245IsLocatedUnderComputeOnlyWhenItRotates() {
        Api demo = api.as("demo").mv("2.1");
        Reply rotating = demo.action(server(),
                "{\"createBackup\": {\"name\": \"b2\", \"backup_type\": \"weekly\", \"rotation\": \"2\"}}");
        assertThat(rotating.text(), rotating.status(), is(202));
        assertThat(rotating.text(), is(""));
        String location = rotating.header("Location").orElseThrow();
        assertThat(location, location.matches(".*/compute/v2\\.1/images/" + UUID), is(true));

        Reply keeping = demo.action(server(),
                "{\"createBackup\": {\"name\": \"b3\", \"backup_type\": \"none-kept\", \"rotation\": 0}}");
        assertThat(keeping.text(), keeping.status(), is(202));
        assertThat(keeping.text(), is(""));
        assertThat(keeping.header("Location"), is(Optional.empty()));
    }

    @Test
    void aBackupsBadBodiesAre400AndItsGuardsNovas() {
        Api demo = api.as("demo");
        String id = server();
        for (String body : new String[] {"{\"createBackup\": {}}",
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"daily\"}}",
                "{\"createBackup\": {\"name\": \"b\", \"rotation\": 1}}",
                "{\"createBackup\": {\"backup_type\": \"daily\", \"rotation\": 1}}",
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"daily\", \"rotation\": -1}}",
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"daily\", \"rotation\": \"x\"}}",
                "{\"createBackup\": {\"name\": \" b\", \"backup_type\": \"daily\", \"rotation\": 1}}",
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": 1, \"rotation\": 1}}",
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"d\", \"rotation\": 1, \"x\": 1}}"}) {
            Reply r = demo.action(id, body);
            assertThat(body + " → " + r.text(), r.status(), is(400));
        }
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/OS-EXT-STS:task_state").isNull(),
                is(true));
        assertThat(api.as("alt_demo").action(id,
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"d\", \"rotation\": 1}}").status(),
                is(404));

        String resized = demo.activeServer("resized-backup");
        assertThat(demo.action(resized, "{\"resize\": {\"flavorRef\": \"2\"}}").status(), is(202));
        demo.awaitIdle(resized, "VERIFY_RESIZE");
        Reply refused = demo.action(resized,
                "{\"createBackup\": {\"name\": \"b\", \"backup_type\": \"d\", \"rotation\": 1}}");
        assertThat(refused.status(), is(409));
        assertThat(refused.body().at("/conflictingRequest/message").asText(),
                is("Cannot 'createBackup' instance " + resized + " while it is in vm_state resized"));
    }

    @Test
    void rebuildAnswersWithTheServerAndNoAdminPassword() {
        Api demo = api.as("demo");
        String id = server();
        Reply r = demo.mv("2.57").action(id, "{\"rebuild\": {\"imageRef\": \"" + NEWER + "\", \"name\": \"new-name\", "
                + "\"metadata\": {\"a\": \"b\"}, \"adminPass\": \"s3cret\"}}");
        assertThat(r.text(), r.status(), is(202));
        assertThat(r.body().at("/server/id").asText(), is(id));
        assertThat("a vcluster has no administrator password: none is answered, as Nova without "
                + "enable_instance_password", r.body().at("/server").has("adminPass"), is(false));
        assertThat(r.body().at("/server").has("metadata"), is(true));
        assertThat(r.body().at("/server").has("user_data"), is(true));
        assertThat(r.header("Location").orElseThrow(), endsWith("/servers/" + id));
        // what the body asked for is what the server now has
        JsonNode shown = demo.get("/compute/v2.1/servers/" + id).body().path("server");
        assertThat(shown.path("name").asText(), is("new-name"));
        assertThat(shown.at("/metadata/a").asText(), is("b"));
        assertThat(shown.at("/image/id").asText(), is(NEWER));
        // without adminPass (once the first rebuild is done: it is a task)
        Reply again = demo.action(server(), "{\"rebuild\": {\"imageRef\": \"" + NEWER + "\"}}");
        assertThat(again.text(), again.status(), is(202));
        assertThat(again.body().at("/server").has("adminPass"), is(false));
        assertThat(demo.action(id, "{\"rebuild\": {}}").status(), is(400));
        assertThat(demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + NEWER + "\", \"bogus\": 1}}").status(), is(400));
    }

    @Test
    void preserveEphemeralTakesNovasBooleanSpellingsAndKeepsTheStateOnlyForAnUpgrade() {
        Api demo = api.as("demo");
        String id = sharedServer("kept", NEWER);
        Reply kept = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + OLDER + "\", \"preserve_ephemeral\": \"yes\"}}");
        assertThat(kept.text(), kept.status(), is(400));
        assertThat(kept.text(), kept.body().at("/badRequest/message").asText().contains("never downgraded"), is(true));
        Reply unreadable = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + OLDER + "\", \"preserve_ephemeral\": "
                + "\"maybe\"}}");
        assertThat(unreadable.text(), unreadable.status(), is(400));
        // without it (here spelled "False"), a base image is a reimage: any version, the state wiped
        Reply reimage = demo.action(id, "{\"rebuild\": {\"imageRef\": \"" + OLDER + "\", \"preserve_ephemeral\": "
                + "\"False\"}}");
        assertThat(reimage.text(), reimage.status(), is(202));
        demo.awaitIdle(id, "ACTIVE");
        JsonNode action = demo.mv("2.51").get("/compute/v2.1/servers/" + id + "/os-instance-actions/"
                + Api.requestId(reimage)).body().path("instanceAction");
        java.util.List<String> events = new java.util.ArrayList<>();
        action.path("events").forEach(e -> events.add(e.path("event").asText()));
        assertThat(events.toString(), events.contains("wipe_data"), is(true));
    }

    @Test
    void novasImageProxyDeletesBefore236Only() {
        Api demo = api.as("demo");
        String id = server();
        String image = demo.mv("2.45").action(id, "{\"createImage\": {\"name\": \"s5\"}}").body().path("image_id")
                .asText();
        demo.awaitImage(image, "active");
        assertThat(demo.mv("2.36").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(404));
        assertThat(demo.mv("2.1").call(Method.DELETE, "/compute/v2.1/images/" + image, null).status(), is(204));
        assertThat(demo.get("/image/v2/images/" + image).status(), is(404));
    }
}
