package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.health.HealthCheckResponse;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.openvcluster.api.Json;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.sandbox.ApiFaults;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * While the Kubernetes API is down, reads are answered from the informer caches as before, and once the caches are
 * older than the bound the responses and the health details say so; a verb is refused with a clear 503 fault (it is
 * not accepted and then lost); the host cluster's compute service and hypervisor show down. When the API comes back,
 * the caches catch up, the header goes away and the service is up again.
 */
@ServerTest
class StaleCacheReadsIT {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static TestSandbox sandbox;
    private static CacheStaleness staleness;

    /** The production API on a backend whose sandbox API can be cut, reporting stale caches after {@link #BOUND}. */
    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).startWithBackend();
        staleness = new CacheStaleness(sandbox.backend()::cacheAge, BOUND);
        Api.server(server);
        server.routing(routing -> {
            Api.routing(routing, sandbox.backend().domain());
            ApiRouting.reportCacheAge(routing, staleness);
        });
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void readsWorkFromTheCacheDuringAnOutageAndSayHowStaleTheyAre(Http1Client client) {
        Api demo = new Api(client).as("demo");
        String flavor = demo.get("/compute/v2.1/flavors").body().at("/flavors/0/id").asText();
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "weathers-it", "imageRef": "%s", "flavorRef": "%s"}}""".formatted(image, flavor));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        String path = "/compute/v2.1/servers/" + id;
        Eventually.await("active", () -> demo.get(path).body().at("/server/status").asText().equals("ACTIVE"));
        assertEquals(java.util.Optional.empty(), demo.get(path).header("X-OpenVCluster-Cache-Age"));
        assertFalse(healthDetail("stale").asBoolean());

        // seen up before the outage: its heartbeat then stays at that time
        assertEquals("up", computeService(new Api(client).as("admin")).path("state").asText());
        sandbox.cluster().faults().switchOn(ApiFaults.Plan.outage());
        try {
            Eventually.await("the header names a stale cache",
                    () -> demo.get(path).header("X-OpenVCluster-Cache-Age").isPresent());
            Reply read = demo.get(path);
            assertEquals(200, read.status());
            assertEquals("ACTIVE", read.body().at("/server/status").asText());
            assertTrue(Long.parseLong(read.header("X-OpenVCluster-Cache-Age").orElseThrow()) >= BOUND.toSeconds());
            Reply list = demo.get("/compute/v2.1/servers/detail");
            assertEquals(200, list.status());
            assertEquals(id, list.body().at("/servers/0/id").asText());
            assertTrue(list.header("X-OpenVCluster-Cache-Age").isPresent());
            assertTrue(healthDetail("stale").asBoolean());
            assertTrue(healthDetail("ageSeconds").asLong() >= BOUND.toSeconds());

            // the host cluster's compute service and hypervisor are down while its API server does not answer
            Api admin = new Api(client).as("admin");
            Eventually.await("the compute service down", () -> computeService(admin).path("state").asText()
                    .equals("down"));
            assertEquals("down", admin.get("/compute/v2.1/os-hypervisors").body().at("/hypervisors/0/state")
                    .asText());
            assertFalse(computeService(admin).path("updated_at").isNull(), "last seen up");

            Reply stop = demo.call(Method.POST, path + "/action", "{\"os-stop\": null}");
            assertEquals(503, stop.status(), stop.text());
            assertTrue(stop.body().elements().next().path("message").asText().startsWith("The host cluster did not accept"),
                    stop.text());
        } finally {
            sandbox.cluster().faults().switchOff();
        }
        Eventually.await("fresh again", () -> demo.get(path).header("X-OpenVCluster-Cache-Age").isEmpty());
        Eventually.await("the compute service up again", () -> computeService(new Api(client).as("admin"))
                .path("state").asText().equals("up"));
        assertFalse(healthDetail("stale").asBoolean());
        // the refused stop left nothing behind: the server is still running, with no task
        Reply after = demo.get(path);
        assertEquals("ACTIVE", after.body().at("/server/status").asText());
        assertTrue(after.body().at("/server/OS-EXT-STS:task_state").isNull(), after.text());
    }

    private static com.fasterxml.jackson.databind.JsonNode computeService(Api admin) {
        for (com.fasterxml.jackson.databind.JsonNode s : admin.get("/compute/v2.1/os-services?binary=nova-compute")
                .body().path("services")) {
            return s;
        }
        throw new AssertionError("no nova-compute service");
    }

    private static com.fasterxml.jackson.databind.JsonNode healthDetail(String name) {
        HealthCheckResponse response = new CacheAgeHealthCheck(staleness).call();
        assertEquals(HealthCheckResponse.Status.UP, response.status());
        return Json.MAPPER.valueToTree(response.details().get(name));
    }
}
