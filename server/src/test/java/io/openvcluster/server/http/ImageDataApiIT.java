package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.Backend;
import io.openvcluster.server.archives.SnapshotArchiveWriter;
import io.openvcluster.server.compute.ImageTransferLimits;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.sandbox.SandboxS3Endpoint;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.TestSandbox;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Glance's image create, upload and download over HTTP on the sandbox with its s3 store and an upload limit of
 * 1 MiB: what an upload must be, what a refusal leaves (the image {@code queued}, nothing in the store, no spooled
 * file), Glance's status codes, and what a facade that stopped mid-upload leaves for the next one to undo.
 */
@ServerTest
class ImageDataApiIT extends ApiTest {
    private static final long LIMIT = 1024 * 1024;
    private static final Path SPOOL = Path.of("target", "image-data-api-it-spool").toAbsolutePath();
    private static final String OCTET = "application/octet-stream";
    private static final String VALUES = "controlPlane:\n  distro:\n    k8s:\n      enabled: true\n      version: v1.34.0\n";
    private static TestSandbox sandbox;
    private final URI uri;

    ImageDataApiIT(Http1Client client, URI uri) {
        super(client);
        this.uri = uri;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100))
                .settings(s -> s.withImageTransfers(new ImageTransferLimits(LIMIT, SPOOL, Duration.ofHours(1))))
                .sandboxSnapshotStore().startWithBackend();
        Api.routing(routing, sandbox.backend().domain());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** An archive as vcluster writes it, of about {@code padding} bytes of objects. */
    static byte[] archive(String chartVersion, int padding) {
        String release = "{\"releaseName\":\"vc1\",\"releaseNamespace\":\"vcluster-vc1\",\"chartName\":\"vcluster\","
                + "\"chartVersion\":\"" + chartVersion + "\",\"values\":\""
                + Base64.getEncoder().encodeToString(VALUES.getBytes(StandardCharsets.UTF_8)) + "\"}";
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("/registry/namespaces/default", "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8));
        byte[] noise = new byte[padding];
        new java.util.Random(7).nextBytes(noise);
        keys.put("/registry/configmaps/default/big", noise);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchiveWriter.write(out, release.getBytes(StandardCharsets.UTF_8), keys);
        return out.toByteArray();
    }

    private String create(Api as, String name) {
        Reply r = as.call(Method.POST, "/image/v2/images", "{\"name\": \"" + name
                + "\", \"container_format\": \"bare\", \"disk_format\": \"raw\"}");
        assertThat(r.text(), r.status(), is(201));
        assertThat(r.body().path("status").asText(), is("queued"));
        assertThat(r.header("Location").orElseThrow(), containsString("/v2/images/" + r.body().path("id").asText()));
        return r.body().path("id").asText();
    }

    private Reply upload(Api as, String id, byte[] data) {
        return as.send(Method.PUT, "/image/v2/images/" + id + "/file", OCTET, data);
    }

    private JsonNode show(String id) {
        return api.as("demo").get("/image/v2/images/" + id).body();
    }

    private static String archiveUrl(String id) {
        return "s3://sandbox-snapshots/images/" + id + ".tar.gz";
    }

    private static boolean stored(String id) {
        return sandbox.cluster().simulator().storedSnapshots().contains(archiveUrl(id));
    }

    /** The refusal left nothing: queued, no archive in the store or on the image, no spooled file. */
    private void assertUnchanged(String id) throws Exception {
        JsonNode image = show(id);
        assertThat(image.toString(), image.path("status").asText(), is("queued"));
        assertTrue(image.path(CatalogRecords.PROP_SNAPSHOT_URL).isMissingNode(), image::toString);
        assertTrue(image.path("checksum").isNull(), image::toString);
        assertFalse(stored(id), "nothing in the store");
        try (var files = Files.list(SPOOL)) {
            assertEquals(0, files.count(), "no spooled file left");
        }
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @Test
    void createChecksGlancesFieldsAndKeepsTheFacadesPropertiesToItself() {
        Api demo = api.as("demo");
        Reply created = demo.call(Method.POST, "/image/v2/images", "{\"name\": \"mine\", \"container_format\": "
                + "\"bare\", \"disk_format\": \"qcow2\", \"min_ram\": 512, \"min_disk\": 2, \"protected\": false, "
                + "\"tags\": [\"a\", \"b\"], \"purpose\": \"test\"}");
        assertThat(created.text(), created.status(), is(201));
        JsonNode image = created.body();
        assertThat(image.path("visibility").asText(), is("private"));
        assertThat(image.path("disk_format").asText(), is("qcow2"));
        assertThat(image.path("min_ram").asInt(), is(512));
        assertThat(image.path("purpose").asText(), is("test"));
        assertThat(image.path("size").asLong(), is(0L));
        assertThat(image.path("owner").asText(), is(demo.get("/image/v2/images/" + image.path("id").asText())
                .body().path("owner").asText()));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"container_format\": \"tar\"}").status(), is(400));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"min_ram\": -1}").status(), is(400));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"purpose\": 5}").status(), is(400));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"id\": \"not-a-uuid\"}").status(), is(400));
        assertThat(demo.call(Method.POST, "/image/v2/images", "[]").status(), is(400));
        Reply readOnly = demo.call(Method.POST, "/image/v2/images", "{\"status\": \"active\"}");
        assertThat(readOnly.status(), is(403));
        assertThat(readOnly.body().path("message").asText(), is("Attribute 'status' is read-only."));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"checksum\": \"x\"}").status(), is(403));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"vcluster_snapshot_url\": \"s3://x/y\"}").status(),
                is(403));
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"visibility\": \"public\"}").status(), is(403));
        String id = image.path("id").asText();
        assertThat(demo.call(Method.POST, "/image/v2/images", "{\"id\": \"" + id + "\"}").status(), is(409));
    }

    @Test
    void anUploadedArchiveIsActiveWithGlancesHashesAndDownloadsAsItWasSent() throws Exception {
        Api demo = api.as("demo");
        String id = create(demo, "carried");
        byte[] data = archive("0.36.1", 100_000);
        Reply put = upload(demo, id, data);
        assertThat(put.text(), put.status(), is(204));
        JsonNode image = show(id);
        assertThat(image.toString(), image.path("status").asText(), is("active"));
        assertThat(image.path("size").asLong(), is((long) data.length));
        assertThat(image.path("checksum").asText(), is(hex("MD5", data)));
        assertThat(image.path("os_hash_algo").asText(), is("sha512"));
        assertThat(image.path("os_hash_value").asText(), is(hex("SHA-512", data)));
        assertThat(image.path("kubernetes_version").asText(), is("1.34.0"));
        assertThat(image.path(CatalogRecords.PROP_SNAPSHOT_URL).asText(), is(archiveUrl(id)));
        assertArrayEquals(data, sandbox.cluster().simulator().storedArchive(archiveUrl(id)).orElseThrow());

        Api.Download download = demo.download("/image/v2/images/" + id + "/file");
        assertThat(download.status(), is(200));
        assertArrayEquals(data, download.body());
        assertThat(download.header("Content-MD5").orElseThrow(), is(hex("MD5", data)));

        Reply again = upload(demo, id, data);
        assertThat(again.status(), is(409));
        assertThat(again.body().path("message").asText(), is("Image status transition from active to saving is "
                + "not allowed"));
        // the uploaded image is a snapshot image: a server is cloned from it
        String clone = demo.createServer("from-upload", id);
        demo.awaitIdle(clone, "ACTIVE");
    }

    @Test
    void anArchiveTheStoreLostIsAServiceError() {
        Api demo = api.as("demo");
        String id = create(demo, "lost");
        assertThat(upload(demo, id, archive("0.36.1", 10)).status(), is(204));
        sandbox.cluster().simulator().loseSnapshot(archiveUrl(id));
        Api.Download lost = demo.download("/image/v2/images/" + id + "/file");
        assertThat(lost.status(), is(503));
        assertThat(new String(lost.body(), StandardCharsets.UTF_8), containsString("NoSuchKey"));
    }

    @Test
    void deletingAnUploadedImageDeletesItsArchiveFromTheStore() {
        Api demo = api.as("demo");
        String id = create(demo, "deleted");
        assertThat(upload(demo, id, archive("0.36.1", 10)).status(), is(204));
        assertTrue(stored(id));
        assertThat(demo.call(Method.DELETE, "/image/v2/images/" + id, null).status(), is(204));
        Eventually.await("the uploaded archive deleted with its image", () -> !stored(id));
        assertThat(demo.get("/image/v2/images/" + id).status(), is(404));
    }

    @Test
    void aFileThatIsNotAnArchiveIsRefusedAndChangesNothing() throws Exception {
        Api demo = api.as("demo");
        String id = create(demo, "readme");
        Reply r = upload(demo, id, "# README\nnot an archive\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status(), is(400));
        assertThat(r.body().path("message").asText(), is("The image data is not a vcluster snapshot archive: not a "
                + "gzip stream."));
        assertUnchanged(id);
        // and a correct upload is still possible
        assertThat(upload(demo, id, archive("0.36.1", 10)).status(), is(204));
    }

    @Test
    void aTruncatedArchiveOrOneOfAChartNotInstalledHereIsRefused() throws Exception {
        Api demo = api.as("demo");
        String id = create(demo, "cut");
        byte[] whole = archive("0.36.1", 50_000);
        Reply cut = upload(demo, id, Arrays.copyOf(whole, whole.length / 2));
        assertThat(cut.status(), is(400));
        assertThat(cut.body().path("message").asText(), containsString("truncated"));
        assertUnchanged(id);
        Reply otherChart = upload(demo, id, archive("0.20.0", 10));
        assertThat(otherChart.status(), is(400));
        assertThat(otherChart.body().path("message").asText(), containsString("chart 0.20.0"));
        assertUnchanged(id);
    }

    @Test
    void aBodyPastTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        Api demo = api.as("demo");
        String id = create(demo, "huge");
        Reply declared = upload(demo, id, new byte[(int) LIMIT + 1]);
        assertThat(declared.text(), declared.status(), is(413));
        assertUnchanged(id);
        // a chunked body of 64 MiB never declared: streamed to the spool, stopped at the limit
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", api.token("demo", "demo")).header("Content-Type", OCTET)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(endless(64L * 1024 * 1024))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.body(), chunked.statusCode(), is(413));
        assertUnchanged(id);
    }

    @Test
    void statesOwnersAndStoresDecideWhatAnUploadAndADownloadMayDo() throws Exception {
        Api demo = api.as("demo");
        Api alt = api.as("alt_demo");
        String id = create(demo, "guarded");
        assertThat(upload(alt, id, archive("0.36.1", 10)).status(), is(404));
        assertThat(alt.download("/image/v2/images/" + id + "/file").status(), is(404));
        assertUnchanged(id);
        String noFormats = demo.call(Method.POST, "/image/v2/images", "{\"name\": \"bare\"}").body().path("id")
                .asText();
        Reply formats = upload(demo, noFormats, archive("0.36.1", 10));
        assertThat(formats.status(), is(400));
        assertThat(formats.body().path("message").asText(), containsString("disk_format, container_format"));
        assertThat(demo.send(Method.PUT, "/image/v2/images/" + id + "/file", "text/plain", new byte[1]).status(),
                is(415));
        // an admin's public image: others see it, may not upload to it
        Api admin = api.as("admin");
        String pub = admin.call(Method.POST, "/image/v2/images", "{\"name\": \"pub\", \"visibility\": \"public\", "
                + "\"container_format\": \"bare\", \"disk_format\": \"raw\"}").body().path("id").asText();
        assertThat(upload(demo, pub, archive("0.36.1", 10)).status(), is(403));
        // no data yet, or none at all (a base image): Glance's 204
        assertThat(demo.download("/image/v2/images/" + id + "/file").status(), is(204));
        assertThat(demo.download("/image/v2/images/" + Fixtures.IMAGE + "/file").status(), is(204));
        // an archive on a server's own volume cannot be read by the facade
        String onVolume = create(demo, "on-volume");
        sandbox.client().resources(ImageRecord.class).inNamespace(Fixtures.settings().namespace())
                .withName(Records.imageName(onVolume)).edit(i -> {
                    i.getSpec().setStatus("active");
                    i.getSpec().getProperties().put(CatalogRecords.PROP_SNAPSHOT_URL,
                            "container:///data/snapshots/" + onVolume + ".tar.gz");
                    return i;
                });
        Eventually.await("the cache has the edit", () -> show(onVolume).path("status").asText().equals("active"));
        Api.Download fromVolume = demo.download("/image/v2/images/" + onVolume + "/file");
        assertThat(fromVolume.status(), is(400));
        assertThat(new String(fromVolume.body(), StandardCharsets.UTF_8), containsString("own volume"));
    }

    @Test
    void aSnapshotTheFacadeTookDownloadsAsItsStoreHasIt() {
        Api demo = api.as("demo");
        String server = demo.activeServer("snapped");
        Reply r = demo.mv("2.45").action(server, "{\"createImage\": {\"name\": \"taken\"}}");
        assertThat(r.text(), r.status(), is(202));
        String id = r.body().path("image_id").asText();
        demo.awaitImage(id, "active");
        Api.Download download = demo.download("/image/v2/images/" + id + "/file");
        assertThat(download.status(), is(200));
        assertArrayEquals(sandbox.cluster().simulator().storedArchive(archiveUrl(id)).orElseThrow(), download.body());
        assertTrue(download.header("Content-MD5").isEmpty(), "the facade never read a snapshot vcluster wrote");
        // and it can be uploaded again as an image of its own
        String copy = create(demo, "taken-again");
        assertThat(upload(demo, copy, download.body()).status(), is(204));
    }

    @Test
    void anUploadAFacadeLeftHalfDoneIsUndoneByTheNextFacade() throws Exception {
        Api demo = api.as("demo");
        String id = create(demo, "interrupted");
        String url = archiveUrl(id);
        // what a facade killed mid-upload leaves: the record saving with its replica and start, part of the object
        String replica = Fixtures.settings().leaderElection().podName();
        sandbox.client().resources(ImageRecord.class).inNamespace(Fixtures.settings().namespace())
                .withName(Records.imageName(id)).edit(i -> {
                    i.getSpec().setStatus("saving");
                    i.getSpec().getProperties().put(CatalogRecords.PROP_UPLOAD_REPLICA, replica);
                    i.getSpec().getProperties().put(CatalogRecords.PROP_UPLOAD_STARTED, "2026-01-01T00:00:00Z");
                    i.getSpec().getProperties().put(CatalogRecords.PROP_SNAPSHOT_URL, url);
                    return i;
                });
        putInStore(url, Arrays.copyOf(archive("0.36.1", 1000), 300));
        Files.createDirectories(SPOOL);
        Path leftover = SPOOL.resolve("upload-" + ProcessHandle.current().pid() + "-1.tar.gz");
        Files.write(leftover, new byte[10]);
        assertTrue(stored(id));
        Backend next = sandbox.facade().start();
        try {
            Eventually.await("the interrupted upload undone", () -> "queued".equals(show(id).path("status").asText()));
            assertFalse(stored(id), "the half-written object is deleted");
            JsonNode image = show(id);
            assertTrue(image.path(CatalogRecords.PROP_UPLOAD_REPLICA).isMissingNode(), image::toString);
            assertTrue(image.path(CatalogRecords.PROP_SNAPSHOT_URL).isMissingNode(), image::toString);
            assertFalse(Files.exists(leftover), "the spooled file of the dead upload is deleted");
        } finally {
            next.close();
        }
        assertThat(upload(demo, id, archive("0.36.1", 10)).status(), is(204));
    }

    /** As the facade's s3 client puts an object: signed with the sandbox's key. */
    private static void putInStore(String url, byte[] bytes) throws Exception {
        SandboxS3Endpoint s3 = sandbox.cluster().s3Endpoint();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(s3.url() + "/" + url.substring("s3://".length())))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + SandboxS3Endpoint.ACCESS_KEY_ID + "/x")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, r.statusCode());
    }

    private int port() {
        return uri.getPort();
    }

    /** {@code size} bytes made on the fly: never in memory on either side. */
    private static Supplier<InputStream> endless(long size) {
        return () -> new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0x1f : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0x1f);
                left -= n;
                return n;
            }
        };
    }
}
