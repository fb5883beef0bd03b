package io.openvcluster.server.kube.provision;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.ServerSteps;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Helm failures at the reconciler, with the Helm provisioner on the sandbox ({@link SandboxHelm}): a refusal repeated
 * {@link Reconciler#PERSISTENT_FAILURES} times is ERROR with Helm's message, after which Helm is left alone; a
 * transient failure is retried until it clears; an ERROR server can still be rebuilt and deleted; a restart counts
 * the refusals again from zero, and tries an ERROR server again.
 */
class HelmFailureIT {
    private static final String IMMUTABLE = "cannot patch \"immutable\" with kind StatefulSet: StatefulSet.apps "
            + "\"immutable\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than "
            + "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
            + "'minReadySeconds' are forbidden";

    @RegisterExtension
    final HelmSandbox host = new HelmSandbox();

    @Test
    void aRefusedChartIsErrorWithHelmsMessageAndTheServerCanStillBeRebuiltOrDeleted() {
        host.helm().failWith(SandboxHelm.CHART_NOT_FOUND);
        try (Backend backend = host.helmFacade()) {
            ServerSteps steps = new ServerSteps(backend.domain(), host.client());
            String rebuilt = backend.domain().servers().createServer(ALICE, create("refused")).servers().get(0).id();
            String deleted = backend.domain().servers().createServer(again(ALICE), create("doomed")).servers().get(0).id();
            steps.awaitIdle(ALICE, rebuilt, "error");
            steps.awaitIdle(ALICE, deleted, "error");

            String release = steps.record(rebuilt).getSpec().getRelease();
            ServerData failed = backend.domain().servers().getServer(ALICE, rebuilt);
            assertEquals("Helm refused the vcluster's release: helm upgrade --install " + release + " failed: "
                    + SandboxHelm.CHART_NOT_FOUND, failed.fault().orElseThrow().message());
            assertEquals(500, failed.fault().orElseThrow().code());
            assertEquals(Reconciler.PERSISTENT_FAILURES, host.helm().failedUpgrades(release),
                    "ERROR after that many refusals, and Helm is not called again for the same record");
            assertEquals("Error", steps.record(rebuilt).getStatus().getActions().get(0).result());

            // the chart fixed by the operator: a rebuild (Nova's way out of ERROR) gives Helm a new try
            host.helm().succeed();
            backend.domain().servers().rebuildServer(again(ALICE), rebuilt, new ServerAction.Rebuild(Fixtures.IMAGE,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            steps.awaitIdle(ALICE, rebuilt, "active");
            assertEquals(1, host.helm().revisions(release));
            assertEquals(Optional.empty(), backend.domain().servers().getServer(ALICE, rebuilt).fault());

            String namespace = steps.record(deleted).getSpec().getHostNamespace();
            backend.domain().servers().deleteServer(again(ALICE), deleted);
            await("deleted", () -> steps.record(deleted) == null);
            assertNull(host.client().namespaces().withName(namespace).get());
        }
    }

    @Test
    void aRefusedUpgradeEndsTheResizeInErrorWithNoTaskLeft() {
        try (Backend backend = host.helmFacade()) {
            ServerSteps steps = new ServerSteps(backend.domain(), host.client());
            String id = steps.active(ALICE, "immutable").id();
            host.helm().failWith(IMMUTABLE);
            backend.domain().servers().performAction(again(ALICE), id, new ServerAction.Resize("2"));
            steps.awaitIdle(ALICE, id, "error");
            ServerRecord record = steps.record(id);
            assertEquals("resize", record.getStatus().getActions().get(0).action());
            assertEquals("Error", record.getStatus().getActions().get(0).result());
            assertTrue(record.getStatus().getFault().message().contains("updates to statefulset spec"),
                    record.getStatus().getFault().message());
            assertEquals(Reconciler.PERSISTENT_FAILURES, host.helm().failedUpgrades(record.getSpec().getRelease()));
        }
    }

    @Test
    void aTransientFailureIsRetriedPastTheRefusalLimitUntilItClears() {
        host.helm().fail(SandboxHelm.REPOSITORY_UNREACHABLE, Reconciler.PERSISTENT_FAILURES + 2);
        try (Backend backend = host.helmFacade()) {
            ServerSteps steps = new ServerSteps(backend.domain(), host.client());
            String id = backend.domain().servers().createServer(ALICE, create("patient")).servers().get(0).id();
            steps.awaitIdle(ALICE, id, "active");
            ServerRecord record = steps.record(id);
            assertEquals(Reconciler.PERSISTENT_FAILURES + 2, host.helm().failedUpgrades(record.getSpec().getRelease()));
            assertEquals("Success", record.getStatus().getActions().get(0).result(), "never ERROR on the way");
            assertNull(record.getStatus().getFault());
        }
    }

    @Test
    void aRestartCountsTheRefusalsAgainFromZero() {
        host.helm().failWith(SandboxHelm.CHART_NOT_FOUND);
        host.helm().holdAfter(2);
        String id;
        String release;
        try (Backend first = host.helmFacade()) {
            id = first.domain().servers().createServer(ALICE, create("restarted")).servers().get(0).id();
            release = ServerSteps.record(host.client(), id).getSpec().getRelease();
            await("two refusals, the third attempt under way", host.helm()::holding);
        }
        assertEquals(2, host.helm().failedUpgrades(release));
        host.helm().holdAfter(Integer.MAX_VALUE);
        try (Backend second = host.helmFacade()) {
            new ServerSteps(second.domain(), host.client()).awaitIdle(ALICE, id, "error");
            assertEquals(2 + Reconciler.PERSISTENT_FAILURES, host.helm().failedUpgrades(release),
                    "the new facade makes its own " + Reconciler.PERSISTENT_FAILURES + " attempts");
        }
        // the chart fixed and the facade restarted: the ERROR server is tried again, with no verb
        host.helm().succeed();
        try (Backend third = host.helmFacade()) {
            new ServerSteps(third.domain(), host.client()).awaitIdle(ALICE, id, "active");
            assertEquals(1, host.helm().revisions(release));
        }
    }
}
