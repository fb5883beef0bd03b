package io.openvcluster.server.kube.crd;

import io.openvcluster.api.ServerStates;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import java.util.Optional;

/**
 * What a client is shown of a server: {@code vm_state}, {@code task_state} and {@code power_state} (and so its
 * {@code status}), from what the host shows and the intent recorded since. One function for both sides: the reconciler
 * applies it to what it observes before it writes a status ({@code ActionProgress}), and every read applies it to the
 * status last written ({@link #of}), so a verb shows its task from the moment its request returns 202, before the
 * reconciler has seen it, and the same task afterwards.
 *
 * <p>The rules, in order: a requested delete shows task {@code deleting}; a record with no status yet is Nova's just
 * scheduled server ({@code building}, {@code scheduling}); a pending verb shows the vm state it was accepted in and its
 * own task, or the progress the host step reports for it ({@code resize_finish}, {@code image_uploading},
 * {@code rebuild_spawning}), or, an admin's os-resetState, the state asked for with no task; otherwise what was
 * observed.
 */
public final class ShownState {
    private ShownState() {
    }

    /**
     * The state while {@code pending} runs, from what the host shows: the vm state the verb was accepted in, and the
     * verb's task unless the host step reports the verb's own progress.
     */
    public static DerivedState whilePending(DerivedState observed, ActionRequest pending) {
        if (pending.resetsState()) {
            // os-resetState: the state the admin asked for, no task, until the reconciler ends the request
            return new DerivedState(pending.targetVmState(), Optional.empty(), observed.powerState(), Optional.empty());
        }
        Optional<String> task = observed.taskState().filter(t -> ownProgress(t, pending, "resize_")
                || ownProgress(t, pending, "image_") || ownProgress(t, pending, "rebuild")
                || ownProgress(t, pending, "shelving") || ownProgress(t, pending, "unshelving"))
                .or(() -> Optional.of(pending.taskState()));
        return new DerivedState(pending.fromVmState(), task, observed.powerState(), Optional.empty());
    }

    /** What a read shows of a record: its last written status and the intent recorded since. */
    public static DerivedState of(ServerRecord record) {
        ServerStatus status = record.getStatus();
        Optional<ActionRequest> pending = Records.pendingAction(record);
        DerivedState recorded = Records.hasStatus(record)
                ? new DerivedState(recordedVmState(record, pending), Optional.ofNullable(status.getTaskState()),
                status.getPowerState(), Optional.empty())
                : new DerivedState(ServerStates.BUILDING, Optional.of(ServerStates.SCHEDULING),
                status == null ? NovaStates.POWER_NOSTATE : status.getPowerState(), Optional.empty());
        if (record.getSpec().isDeleteRequested()) {
            return withTask(recorded, ServerStates.DELETING);
        }
        if (!Records.hasStatus(record)) {
            return recorded;
        }
        return pending.map(p -> whilePending(recorded, p)).orElse(recorded);
    }

    /** Nova's {@code status} of a record (ACTIVE, BUILD, ...). */
    public static String status(ServerRecord record) {
        DerivedState shown = of(record);
        return ServerStates.status(shown.vmState(), shown.taskState());
    }

    /**
     * The vm state the status last recorded, with a resize's confirm that the reconciler has not seen yet: the server
     * is back in the state it was resized from.
     */
    private static String recordedVmState(ServerRecord record, Optional<ActionRequest> pending) {
        String recorded = record.getStatus().getVmState();
        if (ServerStates.RESIZED.equals(recorded) && record.getSpec().getPreviousFlavor() == null
                && pending.isEmpty()) {
            return Optional.ofNullable(record.getSpec().getAction()).filter(a -> "resize".equals(a.action()))
                    .map(ActionRequest::fromVmState).orElse(ServerStates.ACTIVE);
        }
        return recorded;
    }

    private static DerivedState withTask(DerivedState state, String task) {
        return new DerivedState(state.vmState(), Optional.of(task), state.powerState(), state.fault());
    }

    private static boolean ownProgress(String task, ActionRequest action, String family) {
        return task.startsWith(family) && action.taskState().startsWith(family);
    }
}
