package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The reclaim of Nova's deferred delete, with an interval of 2 s: a soft-deleted server is deleted by the reconciler
 * once the interval since its delete request has passed, not before, with its host objects.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, reclaimIntervalSeconds = 2)
class SoftDeleteReclaimIT {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static ServerSteps steps;
    private static Domain compute;
    private static KubernetesClient client;

    @Test
    void aSoftDeletedServerIsReclaimedOnceTheIntervalHasPassed() {
        ServerData server = steps.active(ALICE, "reclaimed");
        ServerRecord before = steps.record(server.id());
        Caller deleter = again(ALICE);
        compute.servers().deleteServer(deleter, server.id());
        Instant requested = Instant.parse(steps.record(server.id()).getSpec().getAction().startTime());

        // the reclaim records the delete in the spec: when it first shows, the interval has passed
        await(server.id() + " reclaimed", () -> {
            ServerRecord record = steps.record(server.id());
            return record == null || record.getSpec().isDeleteRequested();
        });
        Instant seen = Instant.now();
        assertTrue(!seen.isBefore(requested.plus(INTERVAL)), "reclaimed after " + Duration.between(requested, seen));
        ServerRecord reclaimed = steps.record(server.id());
        if (reclaimed != null) {
            assertEquals(deleter.requestId(), reclaimed.getSpec().getDeleteRequest().requestId(),
                    "the delete carried out is the one the user asked for");
        }
        await(server.id() + " gone", () -> steps.record(server.id()) == null);
        assertNull(client.namespaces().withName(before.getSpec().getHostNamespace()).get(), "namespace deleted");
    }
}
