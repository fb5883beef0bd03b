package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard table on records in states the sandbox passes through too quickly to catch: tasks, building, locks. */
class ActionGuardsTest {
    private static final String ID = "6f1c1e0a-1111-4222-8333-444455556666";

    @Test
    void aVerbAcceptedButNotFinishedBlocksTheNextWithItsTask() {
        ServerRecord record = record("active", null);
        record.getSpec().setAction(new ActionRequest("stop", "req-1", "u", "p", "2026-01-01T00:00:00Z",
                "powering-off", "active", "stopped", null));
        ApiException e = assertThrows(ApiException.class,
                () -> ActionGuards.checkState(new ServerAction.Pause(), record));
        assertEquals(409, e.status());
        assertEquals("Cannot 'pause' instance " + ID + " while it is in task_state powering-off", e.getMessage());
        // once the reconciler completed it, the record's own state counts again
        record.getStatus().setCompletedRequestId("req-1");
        assertDoesNotThrow(() -> ActionGuards.checkState(new ServerAction.Pause(), record));
    }

    @Test
    void aHardRebootMayInterruptPausingButASoftOneMayNot() {
        ServerRecord pausing = record("active", "pausing");
        assertDoesNotThrow(() -> ActionGuards.checkState(new ServerAction.Reboot(true), pausing));
        ApiException soft = assertThrows(ApiException.class,
                () -> ActionGuards.checkState(new ServerAction.Reboot(false), pausing));
        assertEquals("Cannot 'reboot' instance " + ID + " while it is in task_state pausing", soft.getMessage());
        ServerRecord poweringOff = record("active", "powering-off");
        assertEquals(409, assertThrows(ApiException.class,
                () -> ActionGuards.checkState(new ServerAction.Reboot(true), poweringOff)).status());
    }

    @Test
    void aBuildingServerRefusesEveryPowerVerbByItsVmState() {
        ServerRecord building = record("building", "spawning");
        for (ServerAction action : new ServerAction[] {new ServerAction.Stop(), new ServerAction.Start(),
                new ServerAction.Pause(), new ServerAction.Unpause(), new ServerAction.Suspend(),
                new ServerAction.Resume(), new ServerAction.Reboot(false), new ServerAction.Reboot(true)}) {
            ApiException e = assertThrows(ApiException.class, () -> ActionGuards.checkState(action, building));
            assertEquals("Cannot '" + action.name() + "' instance " + ID + " while it is in vm_state building",
                    e.getMessage());
        }
    }

    @Test
    void lockAndUnlockHaveNoStateGuardButLockedServersRefuseNonAdmins() {
        ServerRecord deleting = record("active", "deleting");
        assertDoesNotThrow(() -> ActionGuards.checkState(new ServerAction.Lock(Optional.empty()), deleting));
        assertDoesNotThrow(() -> ActionGuards.checkState(new ServerAction.Unlock(), deleting));
        ServerRecord locked = record("active", null);
        locked.getSpec().setLocked(true);
        ApiException e = assertThrows(ApiException.class, () -> ActionGuards.checkLock(Fixtures.ALICE, locked));
        assertEquals("Instance " + ID + " is locked", e.getMessage());
        assertDoesNotThrow(() -> ActionGuards.checkLock(Fixtures.ADMIN, locked));
    }

    private static ServerRecord record(String vmState, String taskState) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(ID);
        ServerStatus status = new ServerStatus();
        status.setVmState(vmState);
        status.setTaskState(taskState);
        record.setStatus(status);
        return record;
    }
}
