package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kill -9} of the facade at a random point during each verb, repeatable with a seed
 * ({@code -Dovc.crash.seed}, printed): after each kill a new facade process starts against the same sandbox cluster
 * (its own process), and the server must reach the state the last accepted verb asked for, with that verb's instance
 * action finished and every one of its events a success: the power verbs, resize and its revert, a backup with its
 * rotation, a shelve with its offload and the unshelve's restore, rescue and unrescue, and a delete that is a soft
 * delete, reclaimed 3 s later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeKillAtRandomPointsIT {
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    /** A kill lands between 0 and this long after the verb's 202: before, during or after its host operations. */
    private static final int MAX_KILL_DELAY_MS = 1500;

    private record Step(String action, String body, String expectedStatus) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("stop", "{\"os-stop\":null}", "SHUTOFF"),
            new Step("start", "{\"os-start\":null}", "ACTIVE"),
            new Step("pause", "{\"pause\":null}", "PAUSED"),
            new Step("unpause", "{\"unpause\":null}", "ACTIVE"),
            new Step("suspend", "{\"suspend\":null}", "SUSPENDED"),
            new Step("resume", "{\"resume\":null}", "ACTIVE"),
            new Step("reboot", "{\"reboot\":{\"type\":\"HARD\"}}", "ACTIVE"),
            new Step("resize", "{\"resize\":{\"flavorRef\":\"2\"}}", "VERIFY_RESIZE"),
            new Step("revertResize", "{\"revertResize\":null}", "ACTIVE"),
            new Step("createBackup", "{\"createBackup\":{\"name\":\"kill-backup\",\"backup_type\":\"daily\","
                    + "\"rotation\":1}}", "ACTIVE"),
            new Step("shelve", "{\"shelve\":null}", "SHELVED_OFFLOADED"),
            new Step("unshelve", "{\"unshelve\":null}", "ACTIVE"),
            new Step("rescue", "{\"rescue\":null}", "RESCUE"),
            new Step("unrescue", "{\"unrescue\":null}", "ACTIVE"));

    private SandboxClusterProcess cluster;
    private SandboxServer facade;
    private int generation;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = SandboxClusterProcess.start("facade-kill-random", Duration.ofMillis(500));
    }

    @AfterAll
    void stopAll() throws Exception {
        if (facade != null) {
            facade.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyVerbSurvivesAKillAtARandomPoint() throws Exception {
        long seed = Long.getLong("ovc.crash.seed", 42L);
        Random random = new Random(seed);
        List<String> kills = new ArrayList<>();

        FacadeClient demo = restart();
        HttpResponse<String> created = demo.call("POST", "/compute/v2.1/servers",
                "{\"server\":{\"name\":\"kill-target\",\"flavorRef\":\"1\",\"imageRef\":\"" + demo.anyImage() + "\"}}");
        assertEquals(202, created.statusCode(), created.body());
        String id = FacadeClient.JSON.readTree(created.body()).path("server").path("id").asText();
        String createRequest = created.headers().firstValue("X-Compute-Request-Id").orElseThrow();
        kills.add("create +" + killAfterRandomDelay(random) + " ms");
        demo = restart();
        demo.awaitStatus(id, "ACTIVE", CONVERGE);
        JsonNode create = action(demo, id, createRequest);
        assertEquals("create", create.path("action").asText(), create::toString);

        for (Step step : STEPS) {
            HttpResponse<String> accepted = demo.nova("POST", "/servers/" + id + "/action", step.body());
            // Nova answers a rescue with 200, every other verb here with 202
            assertEquals(step.action().equals("rescue") ? 200 : 202, accepted.statusCode(),
                    step.action() + ": " + accepted.body());
            String request = accepted.headers().firstValue("X-Compute-Request-Id").orElseThrow();
            kills.add(step.action() + " +" + killAfterRandomDelay(random) + " ms");
            demo = restart();
            demo.awaitStatus(id, step.expectedStatus(), CONVERGE);
            awaitActionFinished(demo, id, request);
            assertActionSucceeded(demo, id, request, step.action());
        }

        HttpResponse<String> deleted = demo.call("DELETE", "/compute/v2.1/servers/" + id, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        kills.add("delete +" + killAfterRandomDelay(random) + " ms");
        demo = restart();
        demo.awaitStatus(id, "DELETED", CONVERGE);
        System.out.printf("kill -9 at random points (seed %d): %s%n", seed, kills);
    }

    private long killAfterRandomDelay(Random random) throws InterruptedException {
        long delay = random.nextInt(MAX_KILL_DELAY_MS);
        Thread.sleep(delay);
        facade.kill();
        return delay;
    }

    private FacadeClient restart() throws IOException, InterruptedException {
        // an s3 store (the simulator keeps its archives) so that a shelve is offloaded; deferred delete on, so that
        // the last delete is a soft delete and its reclaim 3 s later, both under the kills too
        facade = SandboxServer.start("kill-random-" + (++generation), Map.of("KUBECONFIG",
                cluster.kubeconfig().toString(), "OVC_SNAPSHOT_STORE", "s3://kill-random/images",
                "OVC_RECLAIM_INSTANCE_INTERVAL", "3"));
        return FacadeClient.login(facade, "demo");
    }

    /** The status can be reached a moment before the reconciler records the action's end: wait for that too. */
    private static void awaitActionFinished(FacadeClient demo, String id, String request) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode events = action(demo, id, request).path("events");
            boolean finished = events.size() > 0;
            for (JsonNode e : events) {
                finished &= !e.path("finish_time").isNull();
            }
            if (finished) {
                return;
            }
            Thread.sleep(300);
        }
    }

    private static void assertActionSucceeded(FacadeClient demo, String id, String request, String name) throws Exception {
        JsonNode action = action(demo, id, request);
        assertEquals(name, action.path("action").asText(), action::toString);
        assertFalse(action.path("events").isEmpty(), () -> "the action records its host operations: " + action);
        for (JsonNode event : action.path("events")) {
            assertEquals("Success", event.path("result").asText(), () -> name + ": " + action);
        }
        assertTrue(action.path("message").isNull(), () -> name + " finished without an error: " + action);
    }

    private static JsonNode action(FacadeClient demo, String id, String request) throws Exception {
        HttpResponse<String> r = demo.nova("GET", "/servers/" + id + "/os-instance-actions/" + request, null);
        assertEquals(200, r.statusCode(), r.body());
        return FacadeClient.JSON.readTree(r.body()).path("instanceAction");
    }
}
