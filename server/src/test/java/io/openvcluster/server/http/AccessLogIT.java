package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.api.Json;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.LogCapture;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One access line per request, found by the request id the client got: its method, path, route, status and
 * duration, the caller's project and user; in text and in JSON; never the password of a token request.
 */
@ServerTest
class AccessLogIT extends SandboxApiTest {
    private final Logger logger = Logger.getLogger(AccessLog.LOGGER);
    private final LogCapture capture = new LogCapture();
    private final List<String> lines = capture.messages();

    AccessLogIT(Http1Client client) {
        super(client);
    }

    private Level before;

    /** The tests' logging keeps the access log off (src/test/resources/test-logging.properties): on here. */
    @BeforeEach
    void listen() {
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        logger.setLevel(before);
        AccessLog.format(AccessLog.Format.TEXT);
    }

    @Test
    void aFailingRequestIsFoundByItsRequestId() throws Exception {
        Reply missing = api.as("demo").get("/compute/v2.1/servers/0c8a1b0e-0000-4000-8000-000000000000");
        assertThat(missing.status(), is(404));
        String requestId = missing.header("X-Compute-Request-Id").orElseThrow();
        String line = lineOf(requestId);
        assertThat(line, containsString(" GET /compute/v2.1/servers/0c8a1b0e-0000-4000-8000-000000000000 404 "));
        assertThat(line, containsString("project=" + StableIds.of("project", "demo")));
        assertThat(line, containsString("route=/compute/v2.1/servers/{id}"));

        AccessLog.format(AccessLog.Format.JSON);
        Reply list = api.as("alt_demo").get("/compute/v2.1/servers");
        JsonNode json = Json.MAPPER.readTree(lineOf(list.header("X-Compute-Request-Id").orElseThrow()));
        assertThat(json.get("status").asInt(), is(200));
        assertThat(json.get("method").asText(), is("GET"));
        assertThat(json.get("project_id").asText(), is(StableIds.of("project", "alt_demo")));
        assertThat(json.get("duration_ms").asDouble() >= json.get("kube_ms").asDouble(), is(true));
    }

    @Test
    void aTokenRequestLeavesNoPasswordInTheLog() {
        Reply token = api.call(io.helidon.http.Method.POST, "/identity/v3/auth/tokens",
                Api.passwordAuth("demo", Api.PASSWORD, "demo"));
        assertThat(token.status(), is(201));
        String tokenLine = lineOf(token.header("X-Openstack-Request-Id").orElseThrow());
        assertThat(tokenLine, containsString("POST /identity/v3/auth/tokens 201"));
        for (String line : lines) {
            assertThat(line, not(containsString(Api.PASSWORD)));
            assertThat(line, not(containsString(token.header("X-Subject-Token").orElseThrow())));
        }
    }

    /** The line is written once the response is sent: the client may read the response first, so it is awaited. */
    private String lineOf(String requestId) {
        Eventually.await("the access line of " + requestId, () -> lines.stream().anyMatch(l -> l.contains(requestId)));
        return lines.stream().filter(l -> l.contains(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no access line with " + requestId + " in " + lines));
    }
}
