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
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The simulator's in-memory snapshot store as a minimal S3-compatible endpoint on 127.0.0.1, so that the facade's
 * own s3 client (the AWS SDK, the same code as against a real store) deletes archives in the sandbox too: path-style
 * {@code DELETE /<bucket>/<key>} (204, present or not, as S3) and {@code HEAD} (200 or 404), and {@code PUT} and
 * {@code GET} of the facade's own files (crash-dump bundles), kept in memory. A request must be signed (SigV4) with the
 * sandbox's access key id; the signature itself is not checked. Nothing else is served (501).
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

    /**
     * @param stored whether an archive URL ({@code s3://bucket/key}) is in the store
     * @param delete deletes one archive; true when it was there
     */
    static SandboxS3Endpoint start(String host, Predicate<String> stored, Function<String, Boolean> delete) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ovc-sandbox-s3");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            // the files the facade itself writes (crash-dump bundles), by URL; vcluster's archives are the simulator's
            Map<String, byte[]> objects = new ConcurrentHashMap<>();
            server.createContext("/", exchange -> handle(exchange, stored, delete, objects));
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

    private static void handle(HttpExchange exchange, Predicate<String> stored, Function<String, Boolean> delete,
                               Map<String, byte[]> objects) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith(SIGNED_BY_SANDBOX_KEY)) {
                reply(exchange, 403, "InvalidAccessKeyId", "requests must be signed with the sandbox's access key");
                return;
            }
            String url = "s3:/" + URI.create(exchange.getRequestURI().getRawPath()).getPath();
            switch (exchange.getRequestMethod()) {
                case "DELETE" -> {
                    boolean present = delete.apply(url);
                    LOG.log(System.Logger.Level.INFO, "sandbox s3 store: DELETE " + url
                            + (present ? " (archive removed)" : " (no such archive)"));
                    exchange.sendResponseHeaders(204, -1);
                }
                case "HEAD" -> exchange.sendResponseHeaders(stored.test(url) || objects.containsKey(url) ? 200 : 404,
                        -1);
                case "PUT" -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    objects.put(url, exchange.getRequestHeaders().containsKey("x-amz-decoded-content-length")
                            ? unchunked(body) : body);
                    exchange.sendResponseHeaders(200, -1);
                }
                case "GET" -> {
                    byte[] object = objects.get(url);
                    if (object == null) {
                        reply(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                    } else {
                        exchange.sendResponseHeaders(200, object.length);
                        exchange.getResponseBody().write(object);
                    }
                }
                default -> reply(exchange, 501, "NotImplemented", "the sandbox's store serves DELETE, HEAD, PUT and GET");
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
