package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.LogCapture;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconcile pass past its deadline stops before its next step, says so, and is retried with back-off. With a
 * deadline of 1 ns every pass stops at its first checkpoint, before it has done anything: the server's namespace is
 * never made and no status is written, however many passes are tried.
 */
class ReconcilePassDeadlineIT {
    private static final Logger RECONCILER_LOG = Logger.getLogger(Reconciler.class.getName());
    private static final LogCapture CAPTURE = new LogCapture();
    private static final List<String> WARNINGS = CAPTURE.messages();
    private static TestSandbox sandbox;
    private static Backend backend;

    @BeforeAll
    static void start() {
        RECONCILER_LOG.addHandler(CAPTURE);
        sandbox = TestSandbox.builder().settings(settings -> settings.withPassDeadline(Duration.ofNanos(1)))
                .startWithBackend();
        backend = sandbox.backend();
    }

    @AfterAll
    static void stop() {
        RECONCILER_LOG.removeHandler(CAPTURE);
        sandbox.close();
    }

    @Test
    void aPassPastItsDeadlineStopsBeforeItsNextStepAndIsRetried() {
        ServerData created = backend.domain().servers().createServer(ALICE, create("slow-pass")).servers().get(0);
        String stopped = "reconcile pass of server " + created.id() + " did not finish within its deadline of 0 ms";
        Eventually.await("two passes stopped at their deadline", () -> WARNINGS.stream()
                .filter(m -> m.startsWith(stopped)).count() >= 2);

        ServerRecord record = sandbox.client().resources(ServerRecord.class)
                .inNamespace(Fixtures.settings().namespace()).withName(created.id()).get();
        assertNull(record.getStatus(), "no pass got as far as writing a status");
        String namespace = record.getSpec().getHostNamespace();
        assertNull(sandbox.client().namespaces().withName(namespace).get(), "no pass got as far as the namespace");
        assertEquals("building", backend.domain().servers().getServer(ALICE, created.id()).vmState());
    }
}
