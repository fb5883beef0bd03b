package io.openvcluster.server.sandbox;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.openvcluster.server.sandbox.ApiFaults.Fault;
import io.openvcluster.server.sandbox.ApiFaults.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox API server's fault injection: each fault as a client meets it, and the schedule's repeatability. */
class ApiFaultsIT {
    private SandboxCluster sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        // SandboxCluster itself under test (its fault injector), not through TestSandbox
        sandbox = SandboxCluster.start(SandboxSettings.defaults(), 7);
        client = sandbox.client();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void serverErrorsAndConflictsReachTheClientAndStopWhenSwitchedOff() {
        ConfigMap created = client.resource(configMap("a")).inNamespace("default").create();
        sandbox.faults().switchOn(new Plan(1, 0, 0, Duration.ZERO, 0, 0));
        KubernetesClientException error = assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace("default").withName("a").get());
        assertEquals(500, error.getCode());

        sandbox.faults().switchOn(new Plan(0, 1, 0, Duration.ZERO, 0, 0));
        assertEquals("a", client.configMaps().inNamespace("default").withName("a").get().getMetadata().getName());
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> client.resource(created).inNamespace("default").update());
        assertEquals(409, conflict.getCode());

        sandbox.faults().switchOff();
        assertEquals(Map.of("k", "v"), client.resource(created).inNamespace("default").update().getData());
        assertTrue(sandbox.faults().injected(Fault.SERVER_ERROR) >= 1);
        assertTrue(sandbox.faults().injected(Fault.UPDATE_CONFLICT) >= 1);
    }

    @Test
    void droppedAndExpiredWatchesAreResumedByTheInformer() {
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").inform();
        try {
            await("watching", informer::isWatching);
            // every watch is dropped and every new one answered 410 Gone for a while
            sandbox.faults().switchOn(new Plan(0, 0, 0, Duration.ZERO, 1, 1));
            await("watch dropped", () -> sandbox.faults().injected(Fault.DROPPED_WATCH) >= 1);
            await("watch refused", () -> sandbox.faults().injected(Fault.GONE_WATCH) >= 1);
            // created while no watch runs: only a new list shows it
            sandbox.client().resource(configMap("during")).inNamespace("default").create();
            sandbox.faults().switchOff();
            await("the informer lists again", () -> informer.getStore().getByKey("default/during") != null);
            await("watching again", informer::isWatching);
            sandbox.client().resource(configMap("after")).inNamespace("default").create();
            await("the new watch carries events", () -> informer.getStore().getByKey("default/after") != null);
        } finally {
            informer.close();
        }
    }

    @Test
    void slowResponsesAreHeldBack() {
        sandbox.faults().switchOn(new Plan(0, 0, 1, Duration.ofMillis(400), 0, 0));
        long started = System.nanoTime();
        client.configMaps().inNamespace("default").list();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        sandbox.faults().switchOff();
        assertTrue(tookMillis >= 400, tookMillis + " ms");
        assertTrue(sandbox.faults().injected(Fault.SLOW_RESPONSE) >= 1);
    }

    @Test
    void theSameSeedDrawsTheSameFaults() {
        assertEquals(schedule(42), schedule(42));
        assertNotEquals(schedule(42), schedule(43));
    }

    /** The codes a fixed sequence of requests meets under every fault. */
    private static List<Integer> schedule(long seed) {
        ApiFaults faults = new ApiFaults(seed);
        try {
            faults.switchOn(Plan.everything());
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String method = i % 3 == 0 ? "PUT" : "GET";
                String path = i % 5 == 0 ? "/api/v1/configmaps?watch=true" : "/api/v1/namespaces/default/configmaps";
                RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
                        Headers.builder().build(), null);
                MockResponse response = faults.dispatch(request, () -> new MockResponse().setResponseCode(200));
                codes.add(response.code() * 10 + (response.getBodyDelay() == null || response.getBodyDelay().isZero() ? 0 : 1));
            }
            return codes;
        } finally {
            faults.close();
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }
}
