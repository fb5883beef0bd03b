package io.openvcluster.server.kube;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A facade that stops right after accepting a resize or a revert: a new facade on the same cluster finishes it. */
class ResizeCrashResumeTest {
    private SandboxCluster sandbox;

    @BeforeEach
    void start() {
        // a slow host (1 s per step) leaves room to stop the backend before the resize completes
        sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void resizeAndRevertInterruptedAfterTheirRequestsAreFinishedByANewBackend() {
        String id;
        try (Backend backend = Backend.start(sandbox.client(), Fixtures.settings())) {
            id = backend.compute().createServer(again(ALICE), create("resized-phoenix")).servers().get(0).id();
            awaitIdle(backend, id, "active");
        }
        Caller resizing = again(ALICE);
        try (Backend first = Backend.start(sandbox.client(), Fixtures.settings())) {
            first.compute().performAction(resizing, id, new ServerAction.Resize("2"));
        }
        assertNotEquals(resizing.requestId(), record(sandbox.client(), id).getStatus().getCompletedRequestId());
        try (Backend second = Backend.start(sandbox.client(), Fixtures.settings())) {
            awaitIdle(second, id, "resized");
            assertEquals("2", second.compute().getServer(ALICE, id).flavor().id());
            assertSucceeded(second.compute().getInstanceAction(ALICE, id, resizing.requestId()), "resize");
        }

        Caller reverting = again(ALICE);
        try (Backend first = Backend.start(sandbox.client(), Fixtures.settings())) {
            first.compute().performAction(reverting, id, new ServerAction.RevertResize());
        }
        try (Backend second = Backend.start(sandbox.client(), Fixtures.settings())) {
            awaitIdle(second, id, "active");
            assertEquals("1", second.compute().getServer(ALICE, id).flavor().id());
            assertSucceeded(second.compute().getInstanceAction(ALICE, id, reverting.requestId()), "revertResize");
            assertEquals(reverting.requestId(), record(sandbox.client(), id).getStatus().getCompletedRequestId());
        }
    }

    private static void assertSucceeded(InstanceActionData action, String name) {
        assertEquals(name, action.action());
        assertEquals(List.of("apply_flavor", "restart_control_plane"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertEquals(List.of(), action.events().stream()
                .filter(e -> !e.result().equals(Optional.of("Success"))).toList());
    }

    private static void awaitIdle(Backend backend, String id, String vmState) {
        await(id + " " + vmState, () -> {
            ServerData s = backend.compute().getServer(ALICE, id);
            return s.vmState().equals(vmState) && s.taskState().isEmpty();
        });
    }

    private static ServerRecord record(KubernetesClient client, String id) {
        return client.resources(ServerRecord.class).inNamespace("openvcluster-system").withName(id).get();
    }
}
