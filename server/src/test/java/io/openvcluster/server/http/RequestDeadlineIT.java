package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.api.Json;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.testing.RawHttp;
import io.openvcluster.server.work.RequestDeadlines;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request past its deadline stops at its next checkpoint and answers Nova's 503 {@code serviceUnavailable}, naming
 * its request id, in the fault format of its service, without having changed anything. The deadlines here are 1 ns,
 * so every checkpoint is past them; the facade under {@code @ServerTest} keeps the defaults, for the set-up.
 */
@ServerTest
class RequestDeadlineIT extends SandboxApiTest {
    private static WebServer tight;
    private static RawHttp tightHttp;

    RequestDeadlineIT(Http1Client client) {
        super(client);
    }

    @BeforeAll
    static void startTight() {
        HttpRouting.Builder routing = HttpRouting.builder();
        ApiRouting.register(routing, SandboxDomain.domain(), Api.IDENTITY, Api.TOKENS, FederationNames.DEFAULT,
                new RequestDeadlines(Duration.ofNanos(1), Duration.ofNanos(1)));
        WebServerConfig.Builder config = WebServer.builder().host("127.0.0.1").port(0).routing(routing);
        ApiRouting.configure(config);
        tight = config.build().start();
        tightHttp = new RawHttp(tight.port());
    }

    @AfterAll
    static void stopTight() {
        tight.stop();
    }

    @Test
    void aListPastItsDeadlineAnswers503WithItsRequestId() throws IOException {
        Api demo = api.as("demo");
        String token = demo.token("demo", "demo");
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        assertEquals(202, demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "listed", "imageRef": "%s", "flavorRef": "1"}}""".formatted(image)).status());

        RawHttp.Response list = tightHttp.send(request("GET", "/compute/v2.1/servers", token, ""));
        assertEquals(503, list.status(), list.text());
        assertEquals("1", list.headers().get("retry-after"));
        String requestId = list.headers().get("x-openstack-request-id");
        JsonNode fault = Json.MAPPER.readTree(list.body()).path("serviceUnavailable");
        assertEquals(503, fault.path("code").asInt());
        assertEquals("The request " + requestId + " did not finish within its deadline of 0 ms and was stopped "
                + "before it changed anything. Narrow it (filters, limit) or try again.", fault.path("message").asText());

        RawHttp.Response images = tightHttp.send(request("GET", "/image/v2/images", token, ""));
        assertEquals(503, images.status(), images.text());
        assertEquals("503 Service Unavailable", Json.MAPPER.readTree(images.body()).path("code").asText());
    }

    @Test
    void aWritePastItsDeadlineChangesNothing() throws IOException {
        Api demo = api.as("demo");
        String token = demo.token("demo", "demo");
        int before = demo.get("/compute/v2.1/servers").body().path("servers").size();
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        RawHttp.Response create = tightHttp.send(request("POST", "/compute/v2.1/servers", token, """
                {"server": {"name": "never", "imageRef": "%s", "flavorRef": "1"}}""".formatted(image)));
        assertEquals(503, create.status(), create.text());
        assertEquals(before, demo.get("/compute/v2.1/servers").body().path("servers").size());
        assertTrue(demo.get("/compute/v2.1/servers?name=%5Enever%24").body().path("servers").isEmpty());
    }

    private static byte[] request(String method, String path, String token, String body) {
        return RawHttp.json(method, path, token, body);
    }
}
