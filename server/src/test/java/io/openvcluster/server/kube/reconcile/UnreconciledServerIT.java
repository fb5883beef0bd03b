package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.InstanceActionQuery;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.CatalogSeeder;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.RecordingClient;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server between its create and the reconciler's first pass. The create request writes the record only (one write:
 * the status subresource cannot be set with it), so until the reconciler writes the first status the facade derives
 * it: BUILD with task "scheduling", and an action history that already holds the create. A facade that does not hold
 * the reconciler's Lease (another holder has it) shows that state for as long as it likes.
 */
class UnreconciledServerIT {
    private static final String LEASE = "held-elsewhere";
    private static final String NAMESPACE = BackendSettings.DEFAULT_NAMESPACE;
    private static TestSandbox sandbox;
    private static RecordingClient recording;
    private static KubernetesClient client;
    private static Backend backend;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.builder().start();
        recording = sandbox.recordingClient();
        client = recording.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName(LEASE)
                .endMetadata().withNewSpec().withHolderIdentity("someone-else").withLeaseDurationSeconds(3600)
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0)
                .endSpec().build()).create();
        // the catalog is the lease holder's to seed; the holder here is not a facade
        CatalogSeeder.seed(client, NAMESPACE, Clock.systemUTC());
        backend = sandbox.facade().client(client).settings(settings -> settings.withLeaderElection(
                new LeaderElectionSettings(true, LEASE, Duration.ofSeconds(8), Duration.ofSeconds(6),
                        Duration.ofMillis(200), "replica-under-test"))
                // deferred delete on: a server never launched is deleted at once all the same, as in Nova
                .withReclaimInterval(Duration.ofHours(1))).start();
    }

    @AfterAll
    static void stop() {
        backend.close();
        sandbox.close();
    }

    @Test
    void aCreateWritesTheRecordOnceAndReadsAsScheduledWithItsCreateAction() {
        recording.requests().clear();
        ServerData created = backend.domain().servers().createServer(ALICE, create("unseen")).servers().get(0);
        assertFalse(backend.leading(), "another holder has the Lease: this facade must not reconcile");
        assertEquals(List.of("POST"), serverWrites(), "the create request's writes to server records");
        assertNull(stored(created.id()).getStatus(), "nobody has written a status yet");

        ServerData read = backend.domain().servers().getServer(ALICE, created.id());
        assertEquals("building", read.vmState());
        assertEquals(Optional.of("scheduling"), read.taskState());
        List<InstanceActionData> actions = backend.domain().servers().listInstanceActions(ALICE, created.id(),
                InstanceActionQuery.all());
        assertEquals(1, actions.size());
        assertEquals("create", actions.get(0).action());
        assertEquals(ALICE.userId(), actions.get(0).userId());
        assertEquals(stored(created.id()).getSpec().getCreateRequestId(), actions.get(0).requestId());
    }

    /**
     * A delete records its intent in the spec only (the reconciler is the status's one writer): the server reads as
     * deleting at once, and its history as delete, then create. Deferred delete is on, but a server that was never
     * active is not soft-deleted (Nova's API deletes it when its soft delete is refused).
     */
    @Test
    void aDeleteBeforeTheFirstStatusWritesTheSpecOnlyAndReadsAsDeleting() {
        ServerData created = backend.domain().servers().createServer(ALICE, create("short-lived")).servers().get(0);
        recording.requests().clear();
        backend.domain().servers().deleteServer(Fixtures.again(ALICE), created.id());
        assertEquals(List.of("PUT"), serverWrites(), "the delete request's writes to server records");
        assertTrue(recording.writes().stream().noneMatch(w -> w.contains("/status")), "no status write");

        ServerRecord record = stored(created.id());
        assertNull(record.getStatus(), "nobody has written a status yet");
        assertTrue(record.getSpec().isDeleteRequested());
        assertEquals("RUNNING", record.getSpec().getPowerIntent(), "not soft-deleted");
        ServerData read = backend.domain().servers().getServer(ALICE, created.id());
        assertEquals("building", read.vmState());
        assertEquals(Optional.of("deleting"), read.taskState());
        assertEquals(List.of("delete", "create"), backend.domain().servers().listInstanceActions(ALICE, created.id(),
                InstanceActionQuery.all()).stream().map(InstanceActionData::action).toList());
    }

    private static ServerRecord stored(String id) {
        return client.resources(ServerRecord.class).inNamespace(NAMESPACE).withName(id).get();
    }

    /** The methods of the writes sent to server records (the recording client sees every request). */
    private static List<String> serverWrites() {
        return recording.writes().stream().filter(r -> r.contains("/namespaces/" + NAMESPACE + "/servers"))
                .map(r -> r.substring(0, r.indexOf(' '))).toList();
    }
}
