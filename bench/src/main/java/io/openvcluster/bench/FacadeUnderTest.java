package io.openvcluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facade under test, as the bench reaches it: where it is, the member's token and project, the JDK client of the
 * loading and setup calls, and each {@link Call} as either client sends it (a JDK request, or the bytes on the wire).
 */
final class FacadeUnderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    /** The loading and setup calls; the measured rows use it only with {@code --client=jdk}. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final InetSocketAddress address;
    private final String hostHeader;
    private String token;
    private String projectId;
    /**
     * The bytes of the GETs sent before, shared by the workers and kept across runs (a row's GETs repeat; a create's
     * body is new every time). The token does not change once the rows run.
     */
    private final Map<Call, byte[]> encoded = new ConcurrentHashMap<>();

    FacadeUnderTest(String base) {
        this.base = base;
        URI uri = URI.create(base);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.address = new InetSocketAddress(uri.getHost(), port);
        this.hostHeader = uri.getHost() + ":" + port;
    }

    /**
     * As an operator would before a load test: an admin lifts the project's instance, core and RAM quotas (-1,
     * unlimited) through {@code PUT /os-quota-sets/{project}}.
     */
    void liftQuota(String adminPassword) throws IOException, InterruptedException {
        String projectId = this.projectId;
        String memberToken = token;
        login(System.getProperty("ovc.bench.admin", "admin"), adminPassword, "admin");
        HttpResponse<String> r = http.send(request("/compute/v2.1/os-quota-sets/" + projectId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"quota_set\":{\"instances\":-1,\"cores\":-1,\"ram\":-1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("quota update -> " + r.statusCode() + " " + r.body());
        }
        token = memberToken;
        this.projectId = projectId;
    }

    /** The call for the JDK client. */
    HttpRequest jdkRequest(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(30));
        if (call.authenticated()) {
            b.header("X-Auth-Token", token).header("Accept", "application/json")
                    .header("OpenStack-API-Version", "compute 2.96");
        }
        call.body().ifPresentOrElse(
                body -> b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
                b::GET);
        return b.build();
    }

    /** The call's bytes on the wire for {@link Http1Connection}: the same request line and headers as the JDK client sends. */
    private byte[] wireRequest(Call call) {
        StringBuilder r = new StringBuilder(512).append(call.method()).append(' ').append(call.path())
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (call.authenticated()) {
            r.append("X-Auth-Token: ").append(token).append("\r\nAccept: application/json\r\n")
                    .append("OpenStack-API-Version: compute 2.96\r\n");
        }
        byte[] body = call.body().map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        if (call.body().isPresent()) {
            r.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] head = r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** {@link #wireRequest}, kept for a call without a body (the same GET is sent again and again). */
    byte[] wireRequestOf(Call call) {
        return call.body().isPresent() ? wireRequest(call) : encoded.computeIfAbsent(call, this::wireRequest);
    }

    void login(String user, String password, String project) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(jdkRequest(Call.login(user, password, project)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        token = r.headers().firstValue("X-Subject-Token").orElseThrow();
        projectId = JSON.readTree(r.body()).path("token").path("project").path("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token).header("Accept", "application/json")
                .header("OpenStack-API-Version", "compute 2.96");
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
