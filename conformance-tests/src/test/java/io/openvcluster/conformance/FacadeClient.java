package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The API of one facade process, as a sandbox user sees it: login, raw calls, and waiting for a server's status. */
final class FacadeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final SandboxServer server;
    private final String token;

    private FacadeClient(SandboxServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Logs in as {@code user} into the project of the same name (the sandbox users: demo, alt_demo, admin). */
    static FacadeClient login(SandboxServer server, String user) throws IOException, InterruptedException {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
                 "password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}"""
                .formatted(user, SandboxServer.PASSWORD, user);
        HttpResponse<String> r = send(server, null, "POST", "/identity/v3/auth/tokens", body);
        assertEquals(201, r.statusCode(), r.body());
        return new FacadeClient(server, r.headers().firstValue("X-Subject-Token").orElseThrow());
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return send(server, token, method, path, body);
    }

    /** A Nova call at microversion 2.96 (the newest this facade speaks). */
    HttpResponse<String> nova(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(server, token, method, "/compute/v2.1" + path, body)
                .header("OpenStack-API-Version", "compute 2.96");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String anyImage() throws IOException, InterruptedException {
        return JSON.readTree(call("GET", "/image/v2/images", null).body()).path("images").get(0).path("id").asText();
    }

    /** Polls {@code GET /servers/{id}} until its status is {@code wanted} (or, for "DELETED", until 404). */
    JsonNode awaitStatus(String id, String wanted, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        JsonNode last = JSON.nullNode();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = call("GET", "/compute/v2.1/servers/" + id, null);
            if (r.statusCode() == 404 && wanted.equals("DELETED")) {
                return JSON.nullNode();
            }
            assertEquals(200, r.statusCode(), r.body());
            last = JSON.readTree(r.body()).path("server");
            if (wanted.equals(last.path("status").asText())) {
                return last;
            }
            if ("ERROR".equals(last.path("status").asText())) {
                throw new AssertionError("server went to ERROR: " + last);
            }
            Thread.sleep(300);
        }
        throw new AssertionError("server " + id + " did not reach " + wanted + " in " + patience + ": " + last);
    }

    private static HttpResponse<String> send(SandboxServer server, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        return HTTP.send(request(server, token, method, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(SandboxServer server, String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return b;
    }
}
