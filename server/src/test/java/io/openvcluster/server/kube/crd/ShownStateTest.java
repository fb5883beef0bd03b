package io.openvcluster.server.kube.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.openvcluster.translator.DerivedState;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state shown, verb by verb, from each vm state the verb is accepted in: what a read shows right after the 202
 * (the reconciler has not seen the verb yet), what the reconciler writes while the host works on it, what a read
 * shows of that, and once the host step reports its own progress. The reads and the reconciler agree at every step.
 */
class ShownStateTest {
    private static final int RUNNING = 1;

    @ParameterizedTest(name = "{0} from {1}: task {2}")
    @CsvSource(delimiter = '|', value = {
            // verb | accepted in | its task | the progress its step may report (or -)
            "stop|active|powering-off|-",
            "stop|error|powering-off|-",
            "start|stopped|powering-on|-",
            "pause|active|pausing|-",
            "unpause|paused|unpausing|-",
            "suspend|active|suspending|-",
            "resume|suspended|resuming|-",
            "reboot|active|rebooting|-",
            "reboot|active|rebooting_hard|-",
            "reboot|stopped|rebooting_hard|-",
            "reboot|paused|rebooting_hard|-",
            "reboot|suspended|rebooting_hard|-",
            "reboot|error|rebooting_hard|-",
            "resize|active|resize_prep|resize_finish",
            "resize|stopped|resize_prep|resize_migrating",
            "revertResize|resized|resize_reverting|-",
            "createImage|active|image_snapshot|image_uploading",
            "createImage|stopped|image_snapshot|image_pending_upload",
            "createImage|paused|image_snapshot|image_uploading",
            "createImage|suspended|image_snapshot|image_uploading",
            "createBackup|active|image_backup|image_uploading",
            "createBackup|stopped|image_backup|image_uploading",
            "createBackup|paused|image_backup|image_uploading",
            "createBackup|suspended|image_backup|image_uploading",
            "rebuild|active|rebuilding|rebuild_spawning",
            "rebuild|stopped|rebuilding|rebuild_block_device_mapping",
            "rebuild|error|rebuilding|rebuild_spawning",
    })
    void readsAndTheReconcilerShowTheSameWhileAVerbRuns(String verb, String from, String task, String progress) {
        ServerRecord accepted = record(from, Optional.empty());
        accepted.getSpec().setAction(new ActionRequest(verb, "req-2", "u", "p", "2026-12-07T10:00:00Z", task, from,
                "active", verb.equals("reboot") ? (task.endsWith("hard") ? "HARD" : "SOFT") : null));

        DerivedState read = ShownState.of(accepted);
        assertEquals(new DerivedState(from, Optional.of(task), RUNNING, Optional.empty()), read,
                "right after the 202");

        DerivedState written = ShownState.whilePending(observed(from, Optional.empty()), accepted.getSpec().getAction());
        assertEquals(read, written, "what the reconciler writes while the host works");
        assertEquals(written, ShownState.of(withStatus(accepted, written)), "what a read shows of it");

        if (!progress.equals("-")) {
            DerivedState reported = ShownState.whilePending(observed(from, Optional.of(progress)),
                    accepted.getSpec().getAction());
            assertEquals(Optional.of(progress), reported.taskState(), "the step's own progress");
            assertEquals(reported, ShownState.of(withStatus(accepted, reported)));
        }
        ServerRecord done = withStatus(accepted, observed("active", Optional.empty()));
        done.getStatus().setCompletedRequestId("req-2");
        assertEquals(observed("active", Optional.empty()), ShownState.of(done), "once the verb is done, as observed");
    }

    @ParameterizedTest(name = "deleted in {0}")
    @CsvSource({"active", "stopped", "error", "building"})
    void aRequestedDeleteShowsDeletingWhateverTheState(String vmState) {
        ServerRecord record = record(vmState, Optional.empty());
        record.getSpec().setDeleteRequested(true);
        assertEquals(Optional.of("deleting"), ShownState.of(record).taskState());
        assertEquals(vmState, ShownState.of(record).vmState());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"false", "true"})
    void aServerWithoutStatusIsJustScheduled(boolean deleted) {
        ServerRecord record = new ServerRecord();
        record.getSpec().setDeleteRequested(deleted);
        DerivedState shown = ShownState.of(record);
        assertEquals("building", shown.vmState());
        assertEquals(Optional.of(deleted ? "deleting" : "scheduling"), shown.taskState());
        assertEquals("BUILD", ShownState.status(record));
    }

    private static DerivedState observed(String vmState, Optional<String> task) {
        return new DerivedState(vmState, task, RUNNING, Optional.empty());
    }

    private static ServerRecord record(String vmState, Optional<String> task) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName("s1");
        ServerStatus status = new ServerStatus();
        status.setVmState(vmState);
        status.setTaskState(task.orElse(null));
        status.setPowerState(RUNNING);
        status.setCompletedRequestId("req-1");
        record.setStatus(status);
        return record;
    }

    private static ServerRecord withStatus(ServerRecord record, DerivedState state) {
        ServerRecord copy = Records.copy(record);
        copy.getStatus().setVmState(state.vmState());
        copy.getStatus().setTaskState(state.taskState().orElse(null));
        copy.getStatus().setPowerState(state.powerState());
        return copy;
    }
}
