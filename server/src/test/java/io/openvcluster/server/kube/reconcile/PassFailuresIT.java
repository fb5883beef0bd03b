package io.openvcluster.server.kube.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.PassFailure;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.ManualClock;
import io.openvcluster.server.testing.TestSandbox;
import io.openvcluster.server.work.Deadline;
import io.openvcluster.server.work.DeadlineExceededException;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed pass, by kind: retried ones are recorded in the server's status for an admin's diagnostics (a new kind at
 * once, the same kind at most once a minute), a record that cannot be built goes to ERROR instead, and the next pass
 * that writes the status clears the record. No reconciler runs here: the test is the only writer.
 */
class PassFailuresIT {
    private static final String ID = "9d2b7c1e-5a4f-4c3d-8e2b-1f0a9b8c7d6e";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<String> persistent = new CopyOnWriteArrayList<>();
    private TestSandbox sandbox;
    private RecordStore store;
    private StatusWriter writer;
    private PassFailures failures;
    private WorkQueue queue;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.builder().start();
        String namespace = Fixtures.settings().namespace();
        sandbox.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(namespace).endMetadata().build()).create();
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(ID);
        record.getMetadata().setNamespace(namespace);
        record.getSpec().setProjectId("project-alpha");
        record.getSpec().setFlavor(new FlavorSnapshot("1", "vc.tiny", 1, 1024, 10, 0, 0, Map.of()));
        ServerRecord created = sandbox.client().resource(record).create();
        ServerStatus status = new ServerStatus();
        status.setVmState(NovaStates.VM_ACTIVE);
        status.setPowerState(NovaStates.POWER_RUNNING);
        created.setStatus(status);
        sandbox.client().resource(created).updateStatus();
        store = RecordStore.start(sandbox.client(), namespace);
        Eventually.await("the record cached", () -> store.server(ID).filter(r -> r.getStatus() != null).isPresent());
        writer = new StatusWriter(sandbox.client(), store, clock);
        queue = new WorkQueue();
        failures = new PassFailures(queue, writer, (id, message) -> persistent.add(message));
    }

    @AfterEach
    void stop() {
        queue.close();
        store.close();
        sandbox.close();
    }

    @Test
    void aRetriedFailureIsRecordedOnceAMinutePerKindAndClearedByTheNextStatus() {
        assertEquals("kube_error", failures.failed(ID, new KubernetesClientException("the API is overloaded", 500,
                null)));
        assertEquals(new PassFailure("kube_error", "the API is overloaded", "2026-12-07T10:00:00Z"), stored());

        clock.advance(Duration.ofSeconds(30));
        failures.failed(ID, new KubernetesClientException("the API is still overloaded", 500, null));
        assertEquals("the API is overloaded", stored().message(), "the same kind within the minute is not rewritten");

        DeadlineExceededException late = assertThrows(DeadlineExceededException.class, () ->
                Deadline.after(Duration.ofNanos(1), "reconcile pass of server", ID).run(Deadline::checkpoint));
        assertEquals("deadline", failures.failed(ID, late));
        assertEquals(new PassFailure("deadline", late.getMessage(), "2026-12-07T10:00:30Z"), stored());

        clock.advance(Duration.ofSeconds(61));
        failures.failed(ID, late);
        assertEquals("2026-12-07T10:01:31Z", stored().time(), "the same kind again after a minute");

        ServerRecord current = store.server(ID).orElseThrow();
        writer.write(current, new DerivedState(NovaStates.VM_ACTIVE, Optional.empty(), NovaStates.POWER_RUNNING,
                Optional.empty()), Optional.empty(), current.getMetadata().getGeneration());
        assertNull(stored(), "a pass that wrote the status cleared it");
        assertEquals(List.of(), persistent);
    }

    @Test
    void aRecordThatCannotBeBuiltGoesToErrorInsteadOfBeingRecorded() {
        assertEquals("invalid", failures.failed(ID, new IllegalArgumentException("vcluster:max_pods is not a number")));
        assertEquals(List.of("cannot build the vcluster for this server: vcluster:max_pods is not a number"),
                persistent);
        assertNull(stored());
    }

    /** As the API server holds it (the writes are synchronous). */
    private PassFailure stored() {
        return sandbox.client().resources(ServerRecord.class).inNamespace(Fixtures.settings().namespace())
                .withName(ID).get().getStatus().getLastPassFailure();
    }
}
