package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shelve with the {@code container://} store (the archive on the vcluster's own volume) and the default offload time
 * 0: offloading would delete the archive, so the shelve stops at SHELVED and its action says why; an explicit
 * shelveOffload is Nova's 409.
 */
@SandboxBackendTest(simulatorDelayMillis = 50)
class ShelveOnVolumeIT {
    private static final Caller GINA = caller("user-gina", "project-eta", "member");
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void theShelveStaysOnTheHostAndSaysWhy() {
        ServerData server = steps.active(GINA, "on-volume");
        String namespace = steps.record(server.id()).getSpec().getHostNamespace();
        Caller shelver = again(GINA);
        compute.servers().performAction(shelver, server.id(), new ServerAction.Shelve());
        steps.awaitIdle(GINA, server.id(), "shelved");
        assertNotNull(client.namespaces().withName(namespace).get(), "kept: the archive is on its volume");
        InstanceActionData shelve = compute.servers().getInstanceAction(GINA, server.id(), shelver.requestId());
        InstanceActionData.Event skipped = shelve.events().stream().filter(e -> e.event().equals("offload_skipped"))
                .findFirst().orElseThrow(() -> new AssertionError("no offload_skipped event: " + shelve.events()));
        assertTrue(skipped.details().orElse("").contains("container://"), skipped.toString());

        ApiException refused = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ADMIN),
                server.id(), new ServerAction.ShelveOffload()));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("would be deleted with it"), refused.getMessage());
        assertEquals("shelved", compute.servers().getServer(GINA, server.id()).vmState());
        assertEquals(List.of("shelve", "create"), compute.servers().listInstanceActions(GINA, server.id(),
                InstanceActionQuery.all()).stream().map(InstanceActionData::action).toList());
    }
}
