package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Since when a server has shown its task, for the gauge an alert on stuck servers reads: from its creation while it
 * is built, from the verb's acceptance while the reconciler has not taken it, from its running action otherwise, and
 * not at all without a task.
 */
class ProjectMetersTest {
    private static final String CREATED = "2026-12-07T10:00:00Z";

    @Test
    void aServerBeingBuiltShowsItsTaskSinceItsCreation() {
        ServerRecord building = record();
        assertEquals(Optional.of(Instant.parse(CREATED)), ProjectMeters.taskSince(building));
    }

    @Test
    void aServerWithNoTaskHasNoAge() {
        assertEquals(Optional.empty(), ProjectMeters.taskSince(active()));
    }

    @Test
    void aVerbNotYetTakenCountsFromItsAcceptance() {
        ServerRecord stopping = active();
        stopping.getSpec().setAction(new ActionRequest("stop", "req-2", "u", "p", "2026-12-07T10:05:00Z",
                "powering-off", "active", "stopped", null));
        assertEquals(Optional.of(Instant.parse("2026-12-07T10:05:00Z")), ProjectMeters.taskSince(stopping));
    }

    @Test
    void aDeleteCountsFromItsRunningAction() {
        ServerRecord deleting = active();
        deleting.getSpec().setDeleteRequested(true);
        deleting.getStatus().setActions(List.of(
                new ActionEvent("create", "req-1", "u", "p", CREATED, "2026-12-07T10:01:00Z", "Success", null),
                new ActionEvent("delete", "req-3", "u", "p", "2026-12-07T10:07:00Z", null, null, null)));
        assertEquals(Optional.of(Instant.parse("2026-12-07T10:07:00Z")), ProjectMeters.taskSince(deleting));
    }

    private static ServerRecord record() {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName("s1");
        record.getMetadata().setCreationTimestamp(CREATED);
        return record;
    }

    private static ServerRecord active() {
        ServerRecord record = record();
        ServerStatus status = new ServerStatus();
        status.setVmState("active");
        status.setPowerState(1);
        status.setCompletedRequestId("req-1");
        record.setStatus(status);
        return record;
    }
}
