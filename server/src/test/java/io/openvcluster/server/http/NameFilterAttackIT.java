package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.api.Json;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.RawHttp;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The list filter that took the facade down: a member names a server with forty {@code a}s and a {@code c}, then
 * asks for {@code name=((a*)*)*b}. On a backtracking engine each such request kept a core at 100 % for ever. Ten of
 * them at once must each be answered (an empty list) within a second, and the process must be idle right after.
 */
@ServerTest
class NameFilterAttackIT extends SandboxApiTest {
    private static final String ATTACK = "/compute/v2.1/servers?name=%28%28a%2A%29%2A%29%2Ab";
    private final RawHttp http;

    NameFilterAttackIT(Http1Client client, URI uri) {
        super(client);
        this.http = new RawHttp(uri.getPort());
    }

    @Test
    void tenNestedQuantifierFiltersAtOnceAreAnsweredAtOnceAndLeaveNothingRunning() throws Exception {
        Api demo = api.as("demo");
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        Api.Reply created = demo.call(io.helidon.http.Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1"}}""".formatted("a".repeat(40) + "c", image));
        assertEquals(202, created.status(), created.text());
        String id = created.body().at("/server/id").asText();
        Eventually.await("the server is ACTIVE", () -> demo.get("/compute/v2.1/servers/" + id).body()
                .at("/server/status").asText().equals("ACTIVE"));
        String token = demo.token("demo", "demo");
        byte[] request = RawHttp.json("GET", ATTACK, token, "");

        int clients = 10;
        long slowest = 0;
        CountDownLatch ready = new CountDownLatch(clients);
        List<Future<long[]>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    long sent = System.nanoTime();
                    RawHttp.Response r = http.send(request);
                    long millis = (System.nanoTime() - sent) / 1_000_000;
                    JsonNode body = Json.MAPPER.readTree(r.body());
                    return new long[] {r.status(), millis, body.path("servers").size()};
                }));
            }
            for (Future<long[]> answer : answers) {
                long[] a = answer.get();
                assertEquals(200, a[0]);
                assertEquals(0, a[2], "no server matches");
                assertTrue(a[1] < 1_000, "answered in " + a[1] + " ms");
                slowest = Math.max(slowest, a[1]);
            }
        }
        // nothing keeps computing once the answers are out: the process's CPU over the next second is near idle
        // (a request left running on a backtracking engine would add a whole core)
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(1));
        double cores = (double) (os.getProcessCpuTime() - before) / (System.nanoTime() - wallBefore);
        System.out.printf("name filter attack: 10 answers, the slowest in %d ms, then %.3f cores busy over 1 s%n",
                slowest, cores);
        assertTrue(cores < 0.5, "cores busy after the answers: " + cores);
    }
}
