package io.openvcluster.server.kube.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PodRestart;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.translator.DerivedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a verb stands, from the record and the derived host state: shown state, completion, history. */
class ActionProgressTest {
    private static final String NOW = "2026-01-01T00:00:10Z";
    private static final ActionRequest START = new ActionRequest("start", "req-start", "u", "p", "2026-01-01T00:00:00Z",
            "powering-on", "stopped", "active", null);
    private static final ActionRequest HARD = new ActionRequest("reboot", "req-hard", "u", "p", "2026-01-01T00:00:05Z",
            "rebooting_hard", "active", "active", "HARD");

    @Test
    void whileRunningTheVerbShowsItsOriginAndTask() {
        ServerRecord record = record(START);
        // the control plane is starting: the deriver says active without power; Nova still shows stopped/powering-on
        var outcome = ActionProgress.evaluate(record, state("active", 0), Optional.of("uid-1"));
        assertEquals(new DerivedState("stopped", Optional.of("powering-on"), 0, Optional.empty()), outcome.shown());
        ServerStatus status = apply(outcome, record);
        assertNull(status.getCompletedRequestId());
        assertEquals("start", status.getActions().get(0).action());
        assertFalse(status.getActions().get(0).finished());
    }

    @Test
    void theTargetStateCompletesTheVerbAndFinishesItsEvents() {
        ServerRecord record = record(START);
        record.getStatus().setActions(List.of(START.started().withEvent("vcluster_resume", START.startTime(), "x")));
        var outcome = ActionProgress.evaluate(record, state("active", 1), Optional.of("uid-1"));
        assertEquals(state("active", 1), outcome.shown());
        ServerStatus status = apply(outcome, record);
        assertEquals("req-start", status.getCompletedRequestId());
        ActionEvent action = status.getActions().get(0);
        assertEquals("Success", action.result());
        assertEquals(NOW, action.finishTime());
        assertEquals("Success", action.events().get(0).result());
    }

    @Test
    void anErrorEndsTheVerbInErrorWithTheFault() {
        ServerRecord record = record(START);
        DerivedState error = new DerivedState("error", Optional.empty(), 6, Optional.of("pod in CrashLoopBackOff"));
        ServerStatus status = apply(ActionProgress.evaluate(record, error, Optional.empty()), record);
        assertEquals("Error", status.getActions().get(0).result());
        assertEquals("pod in CrashLoopBackOff", status.getActions().get(0).message());
        assertEquals("req-start", status.getCompletedRequestId());
    }

    @Test
    void aRebootIsDoneOnlyWhenAnotherControlPlanePodRuns() {
        ServerRecord record = record(HARD);
        record.getStatus().setRestart(new PodRestart("req-hard", List.of("uid-old", "uid-workload")));
        assertEquals(Optional.of("rebooting_hard"),
                ActionProgress.evaluate(record, state("active", 1), Optional.of("uid-old")).shown().taskState());
        assertEquals(Optional.of("rebooting_hard"),
                ActionProgress.evaluate(record, state("active", 1), Optional.empty()).shown().taskState());
        assertTrue(ActionProgress.evaluate(record, state("active", 1), Optional.of("uid-new")).shown().taskState()
                .isEmpty());
    }

    @Test
    void aVerbThatTakesOverEndsTheOneStillRunning() {
        ServerRecord record = record(HARD);
        ActionRequest pause = new ActionRequest("pause", "req-pause", "u", "p", "2026-01-01T00:00:01Z", "pausing",
                "active", "paused", null);
        record.getStatus().setActions(new ArrayList<>(List.of(pause.started(),
                new ActionEvent("create", "req-create", "u", "p", "2026-01-01T00:00:00Z", null, null, null))));
        ServerStatus status = apply(ActionProgress.evaluate(record, state("active", 1), Optional.of("uid-old")), record);
        assertEquals(List.of("reboot", "pause", "create"), status.getActions().stream().map(ActionEvent::action).toList());
        assertEquals("Error", status.getActions().get(1).result());
        assertEquals("superseded by reboot req-hard", status.getActions().get(1).message());
        // create is the reconciler's own business: left running
        assertFalse(status.getActions().get(2).finished());
    }

    private static DerivedState state(String vm, int power) {
        return new DerivedState(vm, Optional.empty(), power, Optional.empty());
    }

    private static ServerRecord record(ActionRequest action) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName("6f1c1e0a-1111-4222-8333-444455556666");
        record.getSpec().setAction(action);
        ServerStatus status = new ServerStatus();
        status.setVmState(action.fromVmState());
        status.setActions(new ArrayList<>());
        record.setStatus(status);
        return record;
    }

    private static ServerStatus apply(ActionProgress.Outcome outcome, ServerRecord record) {
        ServerStatus status = record.getStatus();
        outcome.bookkeeping().accept(status, NOW);
        return status;
    }
}
