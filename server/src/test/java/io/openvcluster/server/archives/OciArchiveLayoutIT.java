package io.openvcluster.server.archives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An archive stored in and read from an oci store in vcluster's layout, against a small in-memory registry that
 * asks for Basic credentials, checks each blob's digest, and sends its blobs from another path (a redirect), as
 * registries that keep blobs in object storage do.
 */
class OciArchiveLayoutIT {
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
    private final OciArchiveStore store = new OciArchiveStore();
    private HttpServer registry;

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", this::handle);
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
    }

    private String url() {
        return "oci://127.0.0.1:" + registry.getAddress().getPort() + "/snapshots/ovc:img-1";
    }

    @Test
    void anArchiveIsPushedInVclustersLayoutReadBackAndDeleted() throws Exception {
        byte[] archive = new byte[200_000];
        new Random(5).nextBytes(archive);
        Path file = Files.createTempFile("oci-put-", ".tar.gz");
        Files.write(file, archive);
        Map<String, String> credentials = Map.of("username", "robot", "password", "s3cret");
        try {
            store.put(url(), file, archive.length, credentials);
        } finally {
            Files.delete(file);
        }
        JsonNode manifest = Json.MAPPER.readTree(manifests.get("img-1"));
        assertEquals(OciArchiveLayout.ARTIFACT_TYPE, manifest.path("artifactType").asText());
        assertEquals(OciArchiveLayout.EMPTY_TYPE, manifest.at("/config/mediaType").asText());
        JsonNode layer = manifest.path("layers").get(0);
        assertEquals(OciArchiveLayout.LAYER_TYPE, layer.path("mediaType").asText());
        assertEquals(OciArchiveStore.sha256(archive), layer.path("digest").asText());
        assertEquals(archive.length, layer.path("size").asLong());
        assertArrayEquals(archive, blobs.get(layer.path("digest").asText()));

        try (ArchiveStore.Download download = store.get(url(), credentials); InputStream in = download.content()) {
            assertEquals(archive.length, download.size());
            assertArrayEquals(archive, in.readAllBytes());
        }
        assertEquals(List.of(""), storageAuthorizations, "the registry's credentials do not follow its redirect");

        store.delete(url(), credentials);
        assertFalse(manifests.containsKey("img-1"));
        ArchiveStoreException gone = assertThrows(ArchiveStoreException.class, () -> store.get(url(), credentials));
        assertTrue(gone.getMessage().contains("HTTP 404"), gone.getMessage());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/storage/")) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                storageAuthorizations.add(auth == null ? "" : auth);
                send(exchange, 200, blobs.get(path.substring("/storage/".length())));
                return;
            }
            if (!AUTH.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
                send(exchange, 401, new byte[0]);
                return;
            }
            String repo = "/v2/snapshots/ovc/";
            String rest = path.startsWith(repo) ? path.substring(repo.length()) : "";
            if (rest.equals("blobs/uploads/") && method.equals("POST")) {
                exchange.getResponseHeaders().set("Location", repo + "blobs/uploads/" + UUID.randomUUID());
                send(exchange, 202, new byte[0]);
            } else if (rest.startsWith("blobs/uploads/") && method.equals("PUT")) {
                String digest = exchange.getRequestURI().getQuery().replace("digest=", "");
                if (!OciArchiveStore.sha256(body).equals(digest)) {
                    send(exchange, 400, "DIGEST_INVALID".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                blobs.put(digest, body);
                send(exchange, 201, new byte[0]);
            } else if (rest.startsWith("blobs/")) {
                String digest = rest.substring("blobs/".length());
                if (!blobs.containsKey(digest)) {
                    send(exchange, 404, new byte[0]);
                } else if (method.equals("HEAD")) {
                    send(exchange, 200, null);
                } else {
                    exchange.getResponseHeaders().set("Location", "/storage/" + digest);
                    send(exchange, 307, new byte[0]);
                }
            } else if (rest.startsWith("manifests/")) {
                manifest(exchange, method, rest.substring("manifests/".length()), body);
            } else {
                send(exchange, 404, new byte[0]);
            }
        }
    }

    private void manifest(HttpExchange exchange, String method, String reference, byte[] body) throws IOException {
        switch (method) {
            case "PUT" -> {
                manifests.put(reference, body);
                send(exchange, 201, new byte[0]);
            }
            case "GET", "HEAD" -> {
                byte[] manifest = manifests.get(reference);
                if (manifest == null) {
                    send(exchange, 404, new byte[0]);
                    return;
                }
                exchange.getResponseHeaders().set("Docker-Content-Digest", OciArchiveStore.sha256(manifest));
                send(exchange, 200, method.equals("HEAD") ? null : manifest);
            }
            case "DELETE" -> {
                boolean removed = manifests.entrySet().removeIf(e -> OciArchiveStore.sha256(e.getValue())
                        .equals(reference));
                send(exchange, removed ? 202 : 404, new byte[0]);
            }
            default -> send(exchange, 405, new byte[0]);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
