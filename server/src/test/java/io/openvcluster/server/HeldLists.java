package io.openvcluster.server;

import com.sun.net.httpserver.HttpServer;
import io.openvcluster.server.kube.records.Informers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A server in front of the sandbox API server for the requests a test sends its way: each waits until the test lets
 * it through, then is forwarded and answered. A response held back in the client's own interceptor would hold the
 * client's other requests with it (they share its threads); here only the held request waits.
 */
final class HeldLists implements AutoCloseable {
    /** Headers of the connection, not of the request or response, which each side sets itself. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("host", "connection", "content-length",
            "transfer-encoding", "upgrade", "expect", "http2-settings", ":status");
    private final HttpServer server;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HeldLists(HttpServer server) {
        this.server = server;
    }

    static HeldLists start(String apiServer, CountDownLatch release) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HeldLists held = new HeldLists(server);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                awaitQuietly(release);
                URI target = URI.create(apiServer.replaceAll("/+$", "") + exchange.getRequestURI());
                HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                try {
                    HttpResponse<byte[]> answer = held.forward.send(request.build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().map().forEach((name, values) -> {
                        if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                            exchange.getResponseHeaders().put(name, values);
                        }
                    });
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(503, -1);
                }
            });
            server.start();
            return held;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same request, sent here instead. */
    URI via(URI original) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + original.getRawPath()
                + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery()));
    }

    @Override
    public void close() {
        server.stop(0);
        forward.close();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            // bounded, so that a start-up that waited for this list fails the test instead of hanging it
            latch.await(Informers.SYNC_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
