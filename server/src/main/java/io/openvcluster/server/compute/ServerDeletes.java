package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Deleting a server, and Nova's deferred delete. With no reclaim interval ({@code OVC_RECLAIM_INSTANCE_INTERVAL=0},
 * the default) a delete records the delete intent and the reconciler tears the vcluster down. With one, a delete of
 * a server that has been active and runs no task is Nova's soft delete: the vcluster is stopped as {@code os-stop}
 * stops it (vcluster pause, workload pods deleted) and kept, {@code SOFT_DELETED}, its quota released, until
 * {@code restore} brings it back, {@code forceDelete} deletes it, or the reconciler reclaims it once the interval has
 * passed. As in Nova, a server that cannot be soft-deleted (never active, or a task running) is deleted at once.
 */
final class ServerDeletes {
    private final RecordWriter writer;
    private final ServerVerbs verbs;
    private final ProjectQuotas quotas;
    private final Duration reclaimInterval;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    /** @param reclaimInterval Nova's {@code reclaim_instance_interval}; zero: no deferred delete */
    ServerDeletes(RecordWriter writer, ServerVerbs verbs, ProjectQuotas quotas, Duration reclaimInterval,
                  Consumer<String> wakeReconciler, Clock clock, Function<String, ApiException> notFound) {
        this.writer = writer;
        this.verbs = verbs;
        this.quotas = quotas;
        this.reclaimInterval = reclaimInterval;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /**
     * {@code DELETE /servers/{id}}: the intent only; the server reads as deleting (or soft-deleting) at once. Deleting
     * a server already being deleted, or already soft-deleted, changes nothing: it is removed by the delete running,
     * or by {@code forceDelete} or the reclaim.
     */
    void delete(Caller caller, ServerRecord visible) {
        if (visible.getSpec().isDeleteRequested() || Records.softDeleted(visible)) {
            return;
        }
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            if (r.getSpec().isDeleteRequested() || Records.softDeleted(r)) {
                return; // another request got there first
            }
            ActionGuards.checkLock(caller, r);
            if (softDeletable(r)) {
                // Nova's soft delete is entered as its "delete" action; the task shown is soft-deleting
                r.getSpec().setPowerIntent(PowerIntents.SOFT_DELETED);
                r.getSpec().setAction(new ActionRequest("delete", caller.requestId(), caller.userId(),
                        caller.projectId(), now, ServerStates.SOFT_DELETING, ServerViews.vmState(r),
                        ServerStates.SOFT_DELETED, null));
            } else {
                requestDelete(caller, r.getSpec(), now);
            }
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /**
     * {@code restore}: Nova checks the lock and the state, then the project's quota (a soft-deleted server does not
     * count, so it must fit again: 403 otherwise); then the row's power intent, as {@code os-start} records it.
     */
    void restore(Caller caller, ServerRecord visible, ServerAction.Restore action, Verb.Intent.Power plan) {
        ActionGuards.checkLock(caller, visible);
        ActionGuards.checkState(action, visible);
        quotas.admitServers(visible.getSpec().getProjectId(), visible.getSpec().getFlavor(), 1, 1);
        verbs.power(caller, visible, action, plan);
    }

    /** {@code forceDelete}: the delete intent now, whatever the vm state, as a delete without deferral records it. */
    void forceDelete(Caller caller, ServerRecord visible, ServerAction.ForceDelete action) {
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            requestDelete(caller, r.getSpec(), now);
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /** Nova's soft_delete guard: launched once, no task; its API deletes at once where the guard refuses. */
    private boolean softDeletable(ServerRecord record) {
        return !reclaimInterval.isZero() && record.getStatus() != null && record.getStatus().isEverActive()
                && ServerViews.taskState(record).isEmpty();
    }

    /** The reconciler enters the delete action in the history with its first status write of the teardown. */
    private static void requestDelete(Caller caller, ServerSpec spec, String now) {
        spec.setDeleteRequested(true);
        spec.setDeleteRequest(new ActionRequest("delete", caller.requestId(), caller.userId(), caller.projectId(),
                now, ServerStates.DELETING, null, null, null));
    }
}
