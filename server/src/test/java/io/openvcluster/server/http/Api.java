package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.openvcluster.api.Json;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.identity.SandboxIdentityProvider;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A small client for the API tests: requests with headers and JSON, answers as status, headers and JSON. */
final class Api {
    static final String PASSWORD = "sandbox-test";
    static final SandboxIdentityProvider IDENTITY = new SandboxIdentityProvider(PASSWORD);
    static final TokenService TOKENS = new TokenService(TokenService.randomKey(), Duration.ofHours(1));

    private final Http1Client client;
    private final Map<String, String> defaults = new LinkedHashMap<>();

    Api(Http1Client client) {
        this.client = client;
    }

    /** The production routing on the given domain, and the production server settings. */
    static void routing(HttpRouting.Builder routing, Domain compute) {
        ApiRouting.register(routing, compute, IDENTITY, TOKENS);
    }

    static void server(WebServerConfig.Builder server) {
        server.host("127.0.0.1");
        ApiRouting.configure(server);
    }

    record Reply(int status, io.helidon.http.Headers headers, JsonNode body, String text) {
        Optional<String> header(String name) {
            return headers.first(HeaderNames.create(name));
        }
    }

    Api with(String header, String value) {
        Api copy = new Api(client);
        copy.defaults.putAll(defaults);
        copy.defaults.put(header, value);
        return copy;
    }

    /** A client that sends a project-scoped token of a sandbox user, and optionally a microversion. */
    Api as(String user) {
        return with("X-Auth-Token", token(user, user));
    }

    Api mv(String version) {
        return with("X-OpenStack-Nova-API-Version", version);
    }

    String token(String user, String project) {
        Reply r = call(Method.POST, "/identity/v3/auth/tokens", passwordAuth(user, PASSWORD, project));
        if (r.status() != 201) {
            throw new IllegalStateException("token for " + user + ": " + r.status() + " " + r.text());
        }
        return r.header("X-Subject-Token").orElseThrow();
    }

    static String passwordAuth(String user, String password, String project) {
        return """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                  "domain": {"name": "Default"}, "password": "%s"}}},
                  "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
                """.formatted(user, password, project);
    }

    /**
     * {@code POST /servers} of a server of flavor 1 and the default catalog's first image at 2.1 (from 2.37 the body
     * would need "networks"); the caller's own microversion applies to what follows. Returns the new server's id.
     */
    String createServer(String name) {
        return createServer(name, Fixtures.IMAGE);
    }

    String createServer(String name, String image) {
        Reply r = mv("2.1").call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1", "min_count": 1, "max_count": 1}}
                """.formatted(name, image));
        if (r.status() != 202) {
            throw new AssertionError("create " + name + ": " + r.status() + " " + r.text());
        }
        return r.body().at("/server/id").asText();
    }

    /** {@link #createServer(String)}, once the simulated host has started it: ACTIVE with no task. */
    String activeServer(String name) {
        String id = createServer(name);
        awaitIdle(id, "ACTIVE");
        return id;
    }

    /** Waits until the server shows {@code status} with no task running (its last verb is done). */
    void awaitIdle(String serverId, String status) {
        Eventually.await(serverId + " " + status + " with no task", () -> {
            JsonNode server = get("/compute/v2.1/servers/" + serverId).body().path("server");
            return status.equals(server.path("status").asText())
                    && server.path("OS-EXT-STS:task_state").isNull();
        });
    }

    /** Waits until Glance shows the image in {@code status} (a snapshot is queued, then saving, then active). */
    void awaitImage(String imageId, String status) {
        Eventually.await("image " + imageId + " " + status, () -> status.equals(get("/image/v2/images/" + imageId)
                .body().path("status").asText()));
    }

    /** The request id the facade gave a call: the instance action's id for a server action. */
    static String requestId(Reply reply) {
        return reply.header("X-Compute-Request-Id").orElseThrow();
    }

    /** {@code POST /servers/{id}/action} with the given body. */
    Reply action(String serverId, String body) {
        return call(Method.POST, "/compute/v2.1/servers/" + serverId + "/action", body);
    }

    Reply get(String path) {
        return call(Method.GET, path, null);
    }

    Reply call(Method method, String path, String body) {
        int q = path.indexOf('?');
        Http1ClientRequest request = client.method(method).uri(q < 0 ? path : path.substring(0, q))
                .followRedirects(false);
        if (q >= 0) {
            // the client would encode a '?' inside uri(); parameters go in one by one
            for (String pair : path.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.queryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        defaults.forEach((k, v) -> request.header(HeaderNames.create(k), v));
        HttpClientResponse response;
        if (body == null) {
            response = request.request();
        } else {
            if (defaults.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
                request.contentType(MediaTypes.APPLICATION_JSON);
            }
            response = request.submit(body.getBytes(StandardCharsets.UTF_8));
        }
        return reply(response);
    }

    /** The answer, closed: its status, headers, text and JSON (missing when the text is not JSON). */
    private static Reply reply(HttpClientResponse response) {
        try (response) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            JsonNode json;
            try {
                json = text.isEmpty() ? MissingNode.getInstance() : Json.MAPPER.readTree(text);
            } catch (IOException e) {
                json = MissingNode.getInstance();
            }
            return new Reply(response.status().code(), response.headers(), json, text);
        }
    }

    /** A request with a binary body of the given type, e.g. Glance's image upload; the answer as for {@link #call}. */
    Reply send(Method method, String path, String contentType, byte[] body) {
        Http1ClientRequest request = client.method(method).uri(path).followRedirects(false);
        defaults.forEach((k, v) -> request.header(HeaderNames.create(k), v));
        request.header(HeaderNames.CONTENT_TYPE, contentType);
        return reply(request.submit(body));
    }

    /** A download's bytes and headers ({@code GET}); the status must be 200. */
    Download download(String path) {
        Http1ClientRequest request = client.method(Method.GET).uri(path).followRedirects(false);
        defaults.forEach((k, v) -> request.header(HeaderNames.create(k), v));
        try (HttpClientResponse response = request.request()) {
            byte[] body = response.entity().hasEntity() ? response.as(byte[].class) : new byte[0];
            return new Download(response.status().code(), response.headers(), body);
        }
    }

    record Download(int status, io.helidon.http.Headers headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.first(HeaderNames.create(name));
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static HeaderName header(String name) {
        return HeaderNames.create(name);
    }

    static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
