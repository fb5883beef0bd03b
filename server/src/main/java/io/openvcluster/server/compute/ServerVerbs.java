package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The power verbs, lock and unlock: guards, then one optimistic-concurrency write of the spec that records the verb's
 * intent (power intent and {@link ActionRequest}, together, from the verb's row), then a wake-up of the reconciler,
 * which performs the host operations and ends the instance action. Lock and unlock change only the spec (the lock and
 * its request together); their history entry, finished at once, is written by the reconciler, the status's only
 * writer.
 */
final class ServerVerbs {
    private final RecordWriter writer;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    ServerVerbs(RecordWriter writer, Consumer<String> wakeReconciler, Clock clock,
                Function<String, ApiException> notFound) {
        this.writer = writer;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /** A power verb: the row's power intent, the task shown meanwhile and the state it ends in. */
    void power(Caller caller, ServerRecord visible, ServerAction action, Verb.Intent.Power plan) {
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        // Guards run on every attempt: when another verb won the race, they see its pending task and refuse.
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            String from = ServerViews.vmState(r);
            r.getSpec().setPowerIntent(plan.powerIntent());
            r.getSpec().setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, plan.task(), from, plan.targetVmState(),
                    action instanceof ServerAction.Reboot reboot ? (reboot.hard() ? "HARD" : "SOFT") : null));
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /** Nova: a reboot of a stopped, paused or suspended server (HARD only) leaves it ACTIVE. */
    void reboot(Caller caller, ServerRecord visible, ServerAction.Reboot reboot) {
        power(caller, visible, reboot, new Verb.Intent.Power(PowerIntents.RUNNING,
                reboot.hard() ? ServerStates.REBOOTING_HARD : ServerStates.REBOOTING, ServerStates.ACTIVE));
    }

    /**
     * Nova's os-resetState: admins only (403 otherwise, after the 404 of a server the caller cannot see), no lock or
     * state check. Recorded as the server's request ({@code spec.action}) with no task: it shows the state asked for at
     * once and supersedes a verb still running, whose task is no longer shown; the power intent and the other intents
     * of the spec stay as they are, so the host is left to the reconciler ({@code ActionProgress} ends the request).
     */
    void resetState(Caller caller, ServerRecord visible, ServerAction.ResetState reset) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be "
                    + "performed.");
        }
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            r.getSpec().setAction(new ActionRequest(reset.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, null, reset.state(), reset.state(), null));
            r.getSpec().setChangedAt(now);
        }, false, () -> notFound.apply(visible.getMetadata().getName()));
        wakeReconciler.accept(visible.getMetadata().getName());
    }

    /** Nova: locked_by is "owner" when the server's project locks it, else "admin". */
    void lock(Caller caller, ServerRecord visible, Optional<String> reason) {
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            r.getSpec().setLockRequests(ActionHistory.prepend(r.getSpec().getLockRequests(), lockRequest(caller, "lock")));
            r.getSpec().setLocked(true);
            r.getSpec().setLockedBy(owner(caller, r) ? "owner" : "admin");
            r.getSpec().setLockedReason(reason.orElse(null));
            r.getSpec().setChangedAt(clock.instant().toString());
        }, false, () -> notFound.apply(visible.getMetadata().getName()));
        wakeReconciler.accept(visible.getMetadata().getName());
    }

    /**
     * Nova: the project that locked a server may unlock it; a lock by an admin is lifted only by an admin
     * (policy {@code unlock_override}, 403 otherwise).
     */
    void unlock(Caller caller, ServerRecord visible) {
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            String lockedBy = r.getSpec().getLockedBy();
            String expected = owner(caller, r) ? "owner" : "admin";
            if (r.getSpec().isLocked() && lockedBy != null && !lockedBy.equals(expected) && !caller.isAdmin()) {
                throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override"
                        + " to be performed.");
            }
            r.getSpec().setLockRequests(ActionHistory.prepend(r.getSpec().getLockRequests(),
                    lockRequest(caller, "unlock")));
            r.getSpec().setLocked(false);
            r.getSpec().setLockedBy(null);
            r.getSpec().setLockedReason(null);
            r.getSpec().setChangedAt(clock.instant().toString());
        }, false, () -> notFound.apply(visible.getMetadata().getName()));
        wakeReconciler.accept(visible.getMetadata().getName());
    }

    private static boolean owner(Caller caller, ServerRecord record) {
        return caller.projectId().equals(record.getSpec().getProjectId());
    }

    private ActionRequest lockRequest(Caller caller, String name) {
        return new ActionRequest(name, caller.requestId(), caller.userId(), caller.projectId(),
                clock.instant().toString(), null, null, null, null);
    }
}
