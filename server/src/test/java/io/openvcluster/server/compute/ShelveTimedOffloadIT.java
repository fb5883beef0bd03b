package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code OVC_SHELVED_OFFLOAD_TIME=2}: a shelved server keeps its host objects for 2 s after the shelve request, then
 * the reconciler offloads it.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, snapshotStore = "s3://shelve-timed/images", shelvedOffloadSeconds = 2)
class ShelveTimedOffloadIT {
    private static final Caller HAL = caller("user-hal", "project-theta", "member");
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void aShelvedServerIsOffloadedOnceTheOffloadTimeHasPassed() {
        ServerData server = steps.active(HAL, "timed");
        compute.servers().performAction(again(HAL), server.id(), new ServerAction.Shelve());
        Instant requested = Instant.parse(steps.record(server.id()).getSpec().getAction().startTime());
        await(server.id() + " offloaded", () -> "SHELVED_OFFLOADED".equals(
                steps.record(server.id()).getSpec().getPowerIntent()));
        Instant seen = Instant.now();
        assertTrue(!seen.isBefore(requested.plus(Duration.ofSeconds(2))),
                "offloaded after " + Duration.between(requested, seen));
        steps.awaitIdle(HAL, server.id(), "shelved_offloaded");
        assertEquals(0, compute.servers().getServer(HAL, server.id()).powerState());
    }
}
