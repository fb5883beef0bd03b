package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Shelve with {@code OVC_SHELVED_OFFLOAD_TIME=-1}: the vcluster is stopped and kept on the host (SHELVED) until a
 * shelveOffload deletes its objects; an unshelve of a server still on the host only resumes it.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, snapshotStore = "s3://shelve-kept/images", shelvedOffloadSeconds = -1)
class ShelveKeptOnHostIT {
    private static final Caller FRED = caller("user-fred", "project-zeta", "member");
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void shelvedStaysStoppedOnTheHostAndUnshelveResumesIt() {
        ServerData server = steps.active(FRED, "kept");
        String namespace = steps.record(server.id()).getSpec().getHostNamespace();
        compute.servers().performAction(again(FRED), server.id(), new ServerAction.Shelve());
        steps.awaitIdle(FRED, server.id(), "shelved");
        assertEquals(4, compute.servers().getServer(FRED, server.id()).powerState());
        assertEquals(0, steps.statefulSet(server.id()).getSpec().getReplicas(), "vcluster paused");
        assertNotNull(client.namespaces().withName(namespace).get(), "kept on the host");
        String imageId = steps.record(server.id()).getSpec().getShelvedImageId();
        assertEquals("active", compute.catalog().getImage(FRED, imageId).status());

        Caller unshelver = again(FRED);
        compute.servers().performAction(unshelver, server.id(), new ServerAction.Unshelve(Optional.empty(), false,
                Optional.empty()));
        steps.awaitIdle(FRED, server.id(), "active");
        assertEquals(List.of("vcluster_resume"), compute.servers().getInstanceAction(FRED, server.id(),
                unshelver.requestId()).events().stream().map(InstanceActionData.Event::event).toList());
        await("the shelve image deleted", () -> steps.imageGone(FRED, imageId));
    }

    @Test
    void shelveOffloadDeletesWhatTheShelveKept() {
        ServerData server = steps.active(FRED, "offloaded-later");
        String namespace = steps.record(server.id()).getSpec().getHostNamespace();
        compute.servers().performAction(again(FRED), server.id(), new ServerAction.Shelve());
        steps.awaitIdle(FRED, server.id(), "shelved");
        ApiException member = assertThrows(ApiException.class, () -> compute.servers().performAction(again(FRED),
                server.id(), new ServerAction.ShelveOffload()));
        assertEquals(403, member.status(), "admins only, as Nova's default policy");
        Caller offloader = again(ADMIN);
        compute.servers().performAction(offloader, server.id(), new ServerAction.ShelveOffload());
        steps.awaitIdle(FRED, server.id(), "shelved_offloaded");
        assertNull(client.namespaces().withName(namespace).get(), "the namespace deleted");
        List<String> events = compute.servers().getInstanceAction(ADMIN, server.id(), offloader.requestId()).events()
                .stream().map(InstanceActionData.Event::event).toList();
        assertTrue(events.containsAll(List.of("delete_vcluster", "delete_namespace")), events.toString());
    }
}
