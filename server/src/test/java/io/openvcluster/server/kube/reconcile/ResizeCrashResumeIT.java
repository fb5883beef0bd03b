package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A facade that stops right after accepting a resize or a revert: a new facade on the same cluster finishes it. */
class ResizeCrashResumeIT {
    // a slow host (1 s per step) leaves room to stop the backend before the resize completes
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(1));

    @Test
    void resizeAndRevertInterruptedAfterTheirRequestsAreFinishedByANewBackend() {
        String id = host.activeServer("resized-phoenix");
        Caller resizing = again(ALICE);
        try (Backend first = host.backend()) {
            first.domain().servers().performAction(resizing, id, new ServerAction.Resize("2"));
        }
        assertNotEquals(resizing.requestId(), host.record(id).getStatus().getCompletedRequestId());
        try (Backend second = host.backend()) {
            host.awaitIdle(second, id, "resized");
            assertEquals("2", second.domain().servers().getServer(ALICE, id).flavor().id());
            assertSucceeded(second.domain().servers().getInstanceAction(ALICE, id, resizing.requestId()), "resize");
        }

        Caller reverting = again(ALICE);
        try (Backend first = host.backend()) {
            first.domain().servers().performAction(reverting, id, new ServerAction.RevertResize());
        }
        try (Backend second = host.backend()) {
            host.awaitIdle(second, id, "active");
            assertEquals("1", second.domain().servers().getServer(ALICE, id).flavor().id());
            assertSucceeded(second.domain().servers().getInstanceAction(ALICE, id, reverting.requestId()), "revertResize");
            assertEquals(reverting.requestId(), host.record(id).getStatus().getCompletedRequestId());
        }
    }

    private static void assertSucceeded(InstanceActionData action, String name) {
        assertEquals(name, action.action());
        assertEquals(List.of("apply_flavor", "restart_control_plane"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertEquals(List.of(), action.events().stream()
                .filter(e -> !e.result().equals(Optional.of("Success"))).toList());
    }

}
