package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nova's os-resetState on the sandbox: to error, the server is ERROR with no task, kept so by the reconciler, until a
 * verb accepted from ERROR; to active, a stuck task is gone and the reconciler shows what the host is again (ERROR
 * for a control plane that still crashes). Admins only; entered as a finished resetState action, as Nova.
 */
@SandboxBackendTest(simulatorDelayMillis = 50)
class ResetStateIT {
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void resetToErrorIsKeptUntilAVerbAcceptedFromErrorLeavesIt() {
        ServerData server = steps.active(ALICE, "reset-to-error");
        Caller admin = again(ADMIN);
        compute.servers().performAction(admin, server.id(), new ServerAction.ResetState("error"));
        ServerData shown = compute.servers().getServer(ALICE, server.id());
        assertEquals("error", shown.vmState(), "shown at once");
        assertEquals(Optional.empty(), shown.taskState());
        await("the reconciler writes ERROR", () -> "error".equals(steps.record(server.id()).getStatus().getVmState()));
        // more passes (the host is running and healthy) keep it ERROR
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Lock(Optional.empty()));
        await("the lock entered", () -> steps.record(server.id()).getStatus().getActions().stream()
                .anyMatch(a -> "lock".equals(a.action())));
        assertEquals("error", steps.record(server.id()).getStatus().getVmState());
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Unlock());

        InstanceActionData reset = compute.servers().getInstanceAction(ALICE, server.id(), admin.requestId());
        assertEquals("resetState", reset.action());
        assertEquals(ADMIN.userId(), reset.userId());
        assertEquals(Optional.empty(), reset.message(), "finished without error");
        ApiException start = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.Start()));
        assertEquals(409, start.status());
        assertEquals("Cannot 'start' instance " + server.id() + " while it is in vm_state error", start.getMessage());

        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Stop());
        steps.awaitIdle(ALICE, server.id(), "stopped");
        assertEquals("SHUTOFF", io.openvcluster.api.ServerStates.status(
                compute.servers().getServer(ALICE, server.id()).vmState(), Optional.empty()));
    }

    @Test
    void resetToActiveEndsAStuckTaskAndTheReconcilerShowsTheHostAgain() {
        ServerData server = steps.active(ALICE, "reset-stuck");
        // a verb whose end the host never shows: a stop recorded while the power intent stays running
        String stuckId = "req-" + java.util.UUID.randomUUID();
        client.resources(ServerRecord.class).inNamespace(Fixtures.settings().namespace()).withName(server.id())
                .edit(r -> {
                    r.getSpec().setAction(new ActionRequest("stop", stuckId, ALICE.userId(), ALICE.projectId(),
                            Instant.now().toString(), "powering-off", "active", "stopped", null));
                    return r;
                });
        await("the stuck task shows", () -> compute.servers().getServer(ALICE, server.id()).taskState()
                .equals(Optional.of("powering-off")));

        Caller admin = again(ADMIN);
        compute.servers().performAction(admin, server.id(), new ServerAction.ResetState("active"));
        ServerData shown = compute.servers().getServer(ALICE, server.id());
        assertEquals("active", shown.vmState());
        assertEquals(Optional.empty(), shown.taskState(), "no task once reset");
        await("the reset ended by the reconciler", () -> admin.requestId().equals(
                steps.record(server.id()).getStatus().getCompletedRequestId()));
        ServerRecord record = steps.record(server.id());
        assertEquals("active", record.getStatus().getVmState(), "what the host shows: running");
        ActionEvent stuck = record.getStatus().getActions().stream().filter(a -> stuckId.equals(a.requestId()))
                .findFirst().orElseThrow();
        assertEquals("Error", stuck.result());
        assertEquals("superseded by resetState " + admin.requestId(), stuck.message());
        // the server takes verbs again
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Pause());
        steps.awaitIdle(ALICE, server.id(), "paused");
    }

    @Test
    void resetToActiveOfAServerThatStillCrashesShowsErrorAgain() {
        ServerData server = steps.active(ALICE, "reset-crashing");
        steps.crash(server.id());
        steps.awaitIdle(ALICE, server.id(), "error");
        Caller admin = again(ADMIN);
        compute.servers().performAction(admin, server.id(), new ServerAction.ResetState("active"));
        assertEquals("active", compute.servers().getServer(ALICE, server.id()).vmState());
        await("the reset ended", () -> admin.requestId().equals(
                steps.record(server.id()).getStatus().getCompletedRequestId()));
        assertEquals("error", compute.servers().getServer(ALICE, server.id()).vmState(),
                "the reconciler shows the crashing control plane again");
    }

    @Test
    void onlyAdminsResetAndOthersChangeNothing() {
        ServerData server = steps.active(ALICE, "reset-refused");
        String before = steps.record(server.id()).getMetadata().getResourceVersion();
        ApiException member = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.ResetState("error")));
        assertEquals(403, member.status());
        assertEquals("Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.",
                member.getMessage());
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().performAction(again(BOB),
                server.id(), new ServerAction.ResetState("error"))).status());
        assertEquals(before, steps.record(server.id()).getMetadata().getResourceVersion(), "nothing written");
        assertTrue(compute.servers().listInstanceActions(ALICE, server.id(), InstanceActionQuery.all()).stream()
                .noneMatch(a -> "resetState".equals(a.action())));
    }
}
