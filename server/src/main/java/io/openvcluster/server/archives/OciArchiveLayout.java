package io.openvcluster.server.archives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * An archive in an oci store as vcluster's oci store writes it ({@code pkg/snapshot/oci}): an OCI image manifest of
 * artifact type {@code application/vnd.loft.vcluster} with one layer, the archive itself, of media type
 * {@code application/vnd.loft.vcluster.etcd.v1.tar+gzip} (titled {@code etcd}), and the empty config, tagged with the
 * image id. Pushed with the distribution API (each blob in one monolithic upload, streamed from the spooled file; the
 * manifest last, so the tag appears only once its blobs are there); pulled by reading the manifest and streaming the
 * layer's blob, following a registry's redirect to its storage without the credentials.
 */
final class OciArchiveLayout {
    static final String ARTIFACT_TYPE = "application/vnd.loft.vcluster";
    static final String LAYER_TYPE = "application/vnd.loft.vcluster.etcd.v1.tar+gzip";
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    /** A blob of an archive may be large: its upload or download may take this long. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private OciArchiveLayout() {
    }

    static void push(OciArchiveStore.OciReference ref, OciArchiveStore.RegistryCalls calls, Path file, long size) {
        String layer = "sha256:" + sha256(file);
        String empty = OciArchiveStore.sha256(EMPTY);
        blob(calls, ref, layer, ofFile(file), TRANSFER_TIMEOUT);
        blob(calls, ref, empty, HttpRequest.BodyPublishers.ofByteArray(EMPTY), TIMEOUT);
        ObjectNode manifest = Json.object().put("schemaVersion", 2).put("mediaType", MANIFEST_TYPE)
                .put("artifactType", ARTIFACT_TYPE);
        manifest.putObject("config").put("mediaType", EMPTY_TYPE).put("digest", empty).put("size", EMPTY.length)
                .put("data", "e30=");
        manifest.putArray("layers").addObject().put("mediaType", LAYER_TYPE).put("digest", layer).put("size", size)
                .putObject("annotations").put("org.opencontainers.image.title", "etcd");
        manifest.putObject("annotations").put("org.opencontainers.image.created", Instant.now().toString());
        HttpResponse<byte[]> put = calls.send(HttpRequest.newBuilder(ref.manifest(ref.tag()))
                .header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.toString().getBytes(StandardCharsets.UTF_8))));
        OciArchiveStore.requireSuccess(put, "store the manifest of " + ref.repository() + ":" + ref.tag());
    }

    /** One blob, unless the registry has it: a monolithic upload (POST for a location, PUT with the digest). */
    private static void blob(OciArchiveStore.RegistryCalls calls, OciArchiveStore.OciReference ref, String digest,
                             HttpRequest.BodyPublisher body, Duration timeout) {
        URI blobs = URI.create(ref.base() + "/v2/" + ref.repository() + "/blobs/");
        HttpResponse<byte[]> head = calls.send(HttpRequest.newBuilder(URI.create(blobs + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) {
            return;
        }
        HttpResponse<byte[]> started = calls.send(HttpRequest.newBuilder(blobs.resolve("uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        OciArchiveStore.requireSuccess(started, "start a blob upload to " + ref.repository());
        String location = started.headers().firstValue("Location").orElseThrow(() -> new ArchiveStoreException(
                "the registry started a blob upload without a Location"));
        URI upload = blobs.resolve(location);
        URI target = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<byte[]> done = calls.send(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/octet-stream").PUT(body),
                HttpResponse.BodyHandlers.ofByteArray(), timeout);
        OciArchiveStore.requireSuccess(done, "upload blob " + digest + " to " + ref.repository());
    }

    static ArchiveStore.Download pull(OciArchiveStore.OciReference ref, OciArchiveStore.RegistryCalls calls,
                                      HttpClient http) {
        HttpResponse<byte[]> got = calls.send(HttpRequest.newBuilder(ref.manifest(ref.tag())).GET()
                .header("Accept", MANIFEST_TYPE));
        OciArchiveStore.requireSuccess(got, "read the manifest of " + ref.repository() + ":" + ref.tag());
        JsonNode layer = null;
        try {
            for (JsonNode l : Json.MAPPER.readTree(got.body()).path("layers")) {
                if (LAYER_TYPE.equals(l.path("mediaType").asText())) {
                    layer = l;
                }
            }
        } catch (IOException e) {
            throw new ArchiveStoreException("the manifest of " + ref.repository() + ":" + ref.tag() + " is not JSON");
        }
        if (layer == null) {
            throw new ArchiveStoreException(ref.repository() + ":" + ref.tag() + " has no " + LAYER_TYPE + " layer");
        }
        URI blob = URI.create(ref.base() + "/v2/" + ref.repository() + "/blobs/" + layer.path("digest").asText());
        HttpResponse<InputStream> response = calls.send(HttpRequest.newBuilder(blob).GET(),
                HttpResponse.BodyHandlers.ofInputStream(), TRANSFER_TIMEOUT);
        // a registry may send its blobs from elsewhere: the redirect is followed without the registry's credentials
        for (int hops = 0; REDIRECTS.contains(response.statusCode()) && hops < 5; hops++) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                    () -> new ArchiveStoreException("the registry redirected a blob read without a Location")));
            OciArchiveStore.closeQuietly(response.body());
            response = send(http, HttpRequest.newBuilder(next).GET().timeout(TRANSFER_TIMEOUT).build());
        }
        if (response.statusCode() != 200) {
            OciArchiveStore.closeQuietly(response.body());
            throw new ArchiveStoreException("the registry refused to read blob " + layer.path("digest").asText()
                    + " of " + ref.repository() + ": HTTP " + response.statusCode());
        }
        return new ArchiveStore.Download(response.body(), layer.path("size").asLong(-1));
    }

    private static HttpResponse<InputStream> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ArchiveStoreException("cannot reach the blob's store: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveStoreException("interrupted while reading a blob", e);
        }
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's SHA-256, read as a stream. */
    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ArchiveStoreException("cannot read the archive to store: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
