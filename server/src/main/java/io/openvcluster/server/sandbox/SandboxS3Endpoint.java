package io.openvcluster.server.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulator's in-memory snapshot store as a minimal S3-compatible endpoint on 127.0.0.1, so that the facade's
 * own s3 client (the AWS SDK, the same code as against a real store) deletes, stores and reads archives in the
 * sandbox too: path-style {@code DELETE /<bucket>/<key>} (204, present or not, as S3), {@code HEAD} (200 or 404),
 * {@code PUT} (200; a body in the SDK's {@code aws-chunked} encoding is decoded) and {@code GET} (200 with the bytes,
 * or 404 {@code NoSuchKey}). A request must be signed (SigV4) with the sandbox's access key id; the signature itself
 * is not checked. Nothing else is served (501).
 */
public final class SandboxS3Endpoint implements AutoCloseable {
    public static final String ACCESS_KEY_ID = "sandbox";
    private static final System.Logger LOG = System.getLogger(SandboxS3Endpoint.class.getName());
    private static final String SIGNED_BY_SANDBOX_KEY = "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/";

    private final HttpServer server;
    private final ExecutorService executor;

    private SandboxS3Endpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param store the simulator's store, archives by URL ({@code s3://bucket/key}) */
    static SandboxS3Endpoint start(String host, ArchiveStore store) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ovc-sandbox-s3");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", exchange -> handle(exchange, store));
            server.start();
            return new SandboxS3Endpoint(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the sandbox's s3 endpoint to " + host, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The store's credentials under vcluster's s3 option names, as an operator would put them in a Secret. */
    public Map<String, String> credentials() {
        return Map.of("url", url(), "force-path-style", "true", "region", "us-east-1",
                "access-key-id", ACCESS_KEY_ID, "secret-access-key", "sandbox-not-for-production");
    }

    private static void handle(HttpExchange exchange, ArchiveStore store) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith(SIGNED_BY_SANDBOX_KEY)) {
                reply(exchange, 403, "InvalidAccessKeyId", "requests must be signed with the sandbox's access key");
                return;
            }
            String url = "s3:/" + URI.create(exchange.getRequestURI().getRawPath()).getPath();
            switch (exchange.getRequestMethod()) {
                case "DELETE" -> {
                    boolean present = store.remove(url);
                    LOG.log(System.Logger.Level.INFO, "sandbox s3 store: DELETE " + url
                            + (present ? " (archive removed)" : " (no such archive)"));
                    exchange.sendResponseHeaders(204, -1);
                }
                case "HEAD" -> exchange.sendResponseHeaders(store.contains(url) ? 200 : 404, -1);
                case "PUT" -> {
                    String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    byte[] body = sha != null && sha.startsWith("STREAMING-")
                            ? AwsChunked.decode(exchange.getRequestBody()) : exchange.getRequestBody().readAllBytes();
                    store.put(url, body);
                    LOG.log(System.Logger.Level.INFO, "sandbox s3 store: PUT " + url + " (" + body.length + " bytes)");
                    exchange.sendResponseHeaders(200, -1);
                }
                case "GET" -> {
                    var archive = store.get(url);
                    if (archive.isEmpty()) {
                        reply(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/gzip");
                    exchange.sendResponseHeaders(200, archive.get().length);
                    exchange.getResponseBody().write(archive.get());
                }
                default -> reply(exchange, 501, "NotImplemented", "the sandbox's store serves DELETE, HEAD, PUT and "
                        + "GET only");
            }
        }
    }

    /**
     * The payload of an {@code aws-chunked} body, as the SDK sends one over plain HTTP: chunks of
     * {@code <hex size>[;chunk-signature=…]\r\n<bytes>\r\n}, ending with a chunk of size 0 (and trailers).
     */
    static byte[] unchunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = at;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String line = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static void reply(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
