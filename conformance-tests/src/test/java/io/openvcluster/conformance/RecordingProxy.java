package io.openvcluster.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A recording HTTP proxy between the real clients and the server under test: every request is forwarded unchanged
 * and every exchange (method, path, status, headers, bodies) is appended as one JSON line to a file, which
 * {@code validate_schemas.py} then checks against tempest's response schemas.
 *
 * <p>The proxy forwards its own address as the {@code Host} header, because the server builds the catalog and every
 * link from it: the clients therefore keep talking to the proxy after authentication. Setting {@code Host} needs
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host} (set by this module's surefire configuration).
 */
final class RecordingProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hop-by-hop headers and those the JDK client or server compute themselves. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "host", "transfer-encoding",
            "keep-alive", "upgrade", "expect", "te", "trailer", "proxy-connection", "date");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private final Path recording;
    private final BufferedWriter out;

    private RecordingProxy(String target, Path recording) throws IOException {
        this.target = target;
        this.recording = recording;
        Files.createDirectories(recording.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(recording, StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Starts a proxy in front of {@code target} (e.g. {@code http://127.0.0.1:8080}), recording to a new file. */
    static RecordingProxy start(String target, Path recording) throws IOException {
        String host = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        if (!host.toLowerCase(Locale.ROOT).contains("host")) {
            throw new IllegalStateException("run with -Djdk.httpclient.allowRestrictedHeaders=host (surefire argLine)");
        }
        return new RecordingProxy(target, recording);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String authUrl() {
        return baseUrl() + "/identity/v3";
    }

    Path recording() {
        return recording;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] requestBody = readAll(exchange.getRequestBody());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody))
                    .header("Host", exchange.getRequestHeaders().getFirst("Host") == null
                            ? baseUrl().substring("http://".length()) : exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding " + method + " " + pathAndQuery, e);
            }
            record(exchange, method, uri, requestBody, response);
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] body = response.body();
            boolean noBody = body.length == 0 || "HEAD".equals(method) || response.statusCode() == 204
                    || response.statusCode() == 304;
            if ("HEAD".equals(method)) {
                response.headers().firstValue("content-length")
                        .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
            }
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    private void record(HttpExchange exchange, String method, URI uri, byte[] requestBody,
                        HttpResponse<byte[]> response) {
        ObjectNode line = JSON.createObjectNode();
        line.put("method", method);
        line.put("path", uri.getRawPath());
        line.put("query", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode requestHeaders = line.putObject("request_headers");
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("X-Auth-Token") && !name.equalsIgnoreCase("X-Subject-Token")) {
                requestHeaders.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        line.put("request_body", new String(requestBody, StandardCharsets.UTF_8));
        line.put("status", response.statusCode());
        ObjectNode responseHeaders = line.putObject("response_headers");
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("X-Subject-Token")) {
                responseHeaders.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        line.put("response_body", new String(response.body(), StandardCharsets.UTF_8));
        synchronized (out) {
            try {
                out.write(JSON.writeValueAsString(line));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        upstream.close();
        synchronized (out) {
            out.close();
        }
    }
}
