package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.testing.RecordingClient;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one host cluster: both accept verbs and serve reads, exactly one (the lease holder) writes the
 * vclusters' objects, and the other takes over when the first stops. Each replica's client records the requests
 * it sends, which tells who wrote what.
 */
class LeaderGateIT {
    private static final String LEASE = "reconciler-under-test";
    private TestSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndAFollowerTakesOverWhenItStops() {
        RecordingClient recordingA = sandbox.recordingClient();
        RecordingClient recordingB = sandbox.recordingClient();
        KubernetesClient clientA = recordingA.client();
        KubernetesClient clientB = recordingB.client();
        List<String> writesA = recordingA.requests();
        List<String> writesB = recordingB.requests();

        Backend a = replica(clientA, "replica-a");
        // a takes the lease before b starts: two replicas started together may elect either, which is as correct but
        // not what this test follows (a full-suite run once saw b win)
        await("replica a leads", a::leading);
        try (Backend b = replica(clientB, "replica-b")) {
            try {
                assertFalse(b.leading(), "the lease is held by a, so b must not reconcile");
                assertTrue(holder(clientB).startsWith("replica-a_"), holder(clientB));

                // b accepts the verb (it writes the record) and serves the read; a does the host work.
                String first = b.domain().servers().createServer(ALICE, create("first")).servers().get(0).id();
                await("first active, read on b", () -> "active".equals(b.domain().servers().getServer(ALICE, first).vmState()));
                assertTrue(hostWrites(writesA) > 0, "the leader wrote the vcluster's objects: " + writesA);
                assertEquals(0, hostWrites(writesB), "the follower wrote vcluster objects: " + writesB);
                assertFalse(b.leading());
            } finally {
                a.close();
            }

            await("replica b takes over", b::leading);
            assertTrue(holder(clientB).startsWith("replica-b_"), holder(clientB));
            writesA.clear();
            String second = b.domain().servers().createServer(ALICE, create("second")).servers().get(0).id();
            await("second active", () -> "active".equals(b.domain().servers().getServer(ALICE, second).vmState()));
            assertTrue(hostWrites(writesB) > 0, "the new leader wrote the vcluster's objects: " + writesB);
            assertEquals(0, hostWrites(writesA), "the stopped replica still wrote: " + writesA);
        }
    }

    @Test
    void withoutElectionTheReplicaLeadsOnceItsHostCachesSyncedAndCreatesNoLease() {
        KubernetesClient client = sandbox.recordingClient().client();
        try (Backend backend = sandbox.facade().client(client).start()) {
            // the reconciler starts when the host caches' first lists are in, which may follow start()
            await("leading", backend::leading);
            assertTrue(client.leases().inNamespace(BackendSettings.DEFAULT_NAMESPACE).list().getItems().isEmpty());
        }
    }

    @Test
    void aLeaderThatCannotStartItsWorkGivesTheLeaseUpAndTriesAgain() {
        KubernetesClient client = sandbox.recordingClient().client();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(BackendSettings.DEFAULT_NAMESPACE).endMetadata().build()).create();
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        List<String> enqueued = new CopyOnWriteArrayList<>();
        LeaderGate.Term term = new LeaderGate.Term() {
            @Override
            public void enqueue(String serverId) {
                enqueued.add(serverId);
            }

            @Override
            public void close() {
            }
        };
        try (LeaderGate gate = LeaderGate.elected(client, BackendSettings.DEFAULT_NAMESPACE,
                election("flaky"), () -> {
                    if (starts.incrementAndGet() == 1) {
                        throw new IllegalStateException("the API server refused the catalog seeding");
                    }
                    return term;
                })) {
            await("leading after a second start", gate::leading);
            assertEquals(2, starts.get());
            gate.enqueue("server-1");
            assertEquals(List.of("server-1"), enqueued);
        }
    }

    /** A replica that competes for {@link #LEASE} as {@code podName}, through {@code client}. */
    private Backend replica(KubernetesClient client, String podName) {
        return sandbox.facade().client(client).settings(settings -> settings.withLeaderElection(election(podName)))
                .start();
    }

    private static LeaderElectionSettings election(String podName) {
        // Generous durations: a loaded build machine must not make the leader miss a renewal.
        return new LeaderElectionSettings(true, LEASE, Duration.ofSeconds(8), Duration.ofSeconds(6),
                Duration.ofMillis(200), podName);
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace(BackendSettings.DEFAULT_NAMESPACE).withName(LEASE).get();
        return lease == null ? "" : String.valueOf(lease.getSpec().getHolderIdentity());
    }

    /** Writes to a vcluster's control plane: only a reconciler sends them. */
    private static long hostWrites(List<String> requests) {
        return requests.stream().filter(r -> !r.startsWith("GET ") && r.contains("/statefulsets")).count();
    }
}
