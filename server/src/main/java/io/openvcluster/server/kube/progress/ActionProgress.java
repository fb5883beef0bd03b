package io.openvcluster.server.kube.progress;

import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PodRestart;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.crd.ShownState;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where a power verb stands, from the record and what the host shows: while it runs, Nova's view (the vm state it
 * was accepted in, the verb's task); once the host shows the verb's target state, the instance action is finished
 * (Success) and the request marked completed; if the server fell into ERROR, the action ends in Error with the
 * fault. Pure: the caller writes the result with the status.
 */
public final class ActionProgress {
    static final String SUCCESS = "Success";
    static final String ERROR = "Error";

    private ActionProgress() {
    }

    /**
     * @param shown       the state to write to the status
     * @param bookkeeping the history and completion changes to apply to the status being written
     */
    public record Outcome(DerivedState shown, BiConsumer<ServerStatus, String> bookkeeping) {
    }

    /**
     * @param derived        what {@code StateDeriver} makes of the host
     * @param controlPlaneUid the uid of the control-plane pod now, if one runs
     */
    static Outcome evaluate(ServerRecord record, DerivedState derived, Optional<String> controlPlaneUid) {
        return evaluate(record, derived, controlPlaneUid, Optional.empty());
    }

    /**
     * As {@link #evaluate(ServerRecord, DerivedState, Optional)}, for a verb that can fail without the server falling
     * into ERROR (a snapshot): {@code verbFailed} ends the action in Error with that message, the state unchanged.
     */
    public static Outcome evaluate(ServerRecord record, DerivedState derived, Optional<String> controlPlaneUid,
                            Optional<String> verbFailed) {
        Outcome outcome = verbFailed.isPresent() && Records.pendingAction(record).isPresent()
                ? new Outcome(derived, complete(Records.pendingAction(record).get(), ERROR, verbFailed.get()))
                : evaluateVerb(record, derived, controlPlaneUid);
        List<ActionRequest> locks = record.getSpec().getLockRequests();
        if (locks == null || locks.isEmpty()) {
            return outcome;
        }
        return new Outcome(outcome.shown(), outcome.bookkeeping().andThen(
                (status, now) -> status.setActions(ActionHistory.withFinished(status.getActions(), locks))));
    }

    private static Outcome evaluateVerb(ServerRecord record, DerivedState derived, Optional<String> controlPlaneUid) {
        Optional<ActionRequest> pending = Records.pendingAction(record);
        if (pending.isEmpty()) {
            return new Outcome(derived, (status, now) -> { });
        }
        ActionRequest action = pending.get();
        if (action.resetsState()) {
            return reset(action, derived);
        }
        if (NovaStates.VM_ERROR.equals(derived.vmState())) {
            return new Outcome(derived, complete(action, ERROR, derived.fault().orElse("the host operation failed")));
        }
        if (reached(action, derived, record.getStatus() == null ? null : record.getStatus().getRestart(),
                controlPlaneUid)) {
            return new Outcome(derived, complete(action, SUCCESS, null));
        }
        // what reads show too: the verb's task, or the progress its step reports (resize_finish, image_uploading...)
        return new Outcome(ShownState.whilePending(derived, action),
                (status, now) -> status.setActions(withStarted(status.getActions(), action, now)));
    }

    /**
     * An admin's os-resetState, entered in the history finished (at its request's time, as Nova finishes it at once);
     * a verb it took the place of, still running, ends in Error as superseded. To {@code active} the request is done
     * with this pass, whose state is what the host shows: a stuck task is gone and the reconciler goes on converging
     * the host to the spec. To {@code error} the request stays pending, so the server shows ERROR with no task until
     * a verb accepted from ERROR takes its place (os-stop, a hard reboot, rescue, rebuild, a delete).
     */
    private static Outcome reset(ActionRequest reset, DerivedState derived) {
        if (NovaStates.VM_ERROR.equals(reset.targetVmState())) {
            return new Outcome(new DerivedState(NovaStates.VM_ERROR, Optional.empty(), derived.powerState(),
                    Optional.empty()), (status, now) -> status.setActions(finished(status.getActions(), reset,
                    reset.startTime(), SUCCESS, null)));
        }
        return new Outcome(derived, (status, now) -> {
            status.setActions(finished(status.getActions(), reset, reset.startTime(), SUCCESS, null));
            status.setCompletedRequestId(reset.requestId());
        });
    }

    /**
     * The verb is done when the host shows its target state with no task left (ACTIVE also needs the control plane
     * running), and for a reboot when a control-plane pod other than the ones it restarted runs.
     */
    static boolean reached(ActionRequest action, DerivedState derived, PodRestart restart,
                           Optional<String> controlPlaneUid) {
        if (derived.taskState().isPresent() || !action.targetVmState().equals(derived.vmState())) {
            return false;
        }
        if (NovaStates.VM_ACTIVE.equals(derived.vmState()) && derived.powerState() != NovaStates.POWER_RUNNING) {
            return false;
        }
        if (action.reboot()) {
            return restart != null && action.requestId().equals(restart.requestId()) && controlPlaneUid.isPresent()
                    && !restart.podUids().contains(controlPlaneUid.get());
        }
        return true;
    }

    /** A verb that failed for good (the server is ERROR): its instance action ends with Error, and its task. */
    public static BiConsumer<ServerStatus, String> failed(ActionRequest action, String message) {
        return complete(action, ERROR, message);
    }

    private static BiConsumer<ServerStatus, String> complete(ActionRequest action, String result, String message) {
        return (status, now) -> {
            status.setActions(finished(status.getActions(), action, now, result, message));
            status.setCompletedRequestId(action.requestId());
        };
    }

    /** The history with {@code action} in it ({@link #withStarted}), finished at {@code time} unless it was. */
    private static List<ActionEvent> finished(List<ActionEvent> history, ActionRequest action, String time,
                                              String result, String message) {
        List<ActionEvent> actions = new ArrayList<>();
        for (ActionEvent a : withStarted(history, action, time)) {
            actions.add(a.requestId().equals(action.requestId()) && !a.finished()
                    ? a.finish(time, result, message) : a);
        }
        return actions;
    }

    /**
     * The history with {@code action} in it (newest first, bounded), and any other verb still running marked as
     * superseded: a later verb (a hard reboot during a pause) took over the host.
     */
    static List<ActionEvent> withStarted(List<ActionEvent> actions, ActionRequest action, String now) {
        List<ActionEvent> current = actions == null ? List.of() : actions;
        List<ActionEvent> result = new ArrayList<>();
        if (current.stream().noneMatch(a -> a.requestId().equals(action.requestId()))) {
            result.add(action.started());
        }
        for (ActionEvent a : current) {
            boolean superseded = !a.finished() && !a.requestId().equals(action.requestId())
                    && !"create".equals(a.action()) && !"delete".equals(a.action());
            result.add(superseded ? a.finish(now, ERROR, "superseded by " + action.action() + " " + action.requestId()) : a);
        }
        return result.size() > Records.MAX_ACTIONS ? result.subList(0, Records.MAX_ACTIONS) : result;
    }

    /** Enters {@code name} as an event of {@code action} (started if it was not), unless the action has ended. */
    static BiConsumer<ServerStatus, String> event(ActionRequest action, String name, String detail) {
        return events(action, List.<String[]>of(new String[] {name, detail}));
    }

    /** {@link #event} for several events, in order. */
    static BiConsumer<ServerStatus, String> events(ActionRequest action, List<String[]> events) {
        return (status, now) -> {
            List<ActionEvent> updated = new ArrayList<>();
            for (ActionEvent a : withStarted(status.getActions(), action, now)) {
                if (a.requestId().equals(action.requestId()) && !a.finished()) {
                    for (String[] e : events) {
                        a = a.withEvent(e[0], now, e[1]);
                    }
                }
                updated.add(a);
            }
            status.setActions(updated);
        };
    }
}
