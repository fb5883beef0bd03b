package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Resize, confirmResize and revertResize. A vcluster's size is its flavor: the namespace ResourceQuota, the
 * LimitRange and the control-plane resources (vcluster.yaml values). Resize records the new flavor and keeps the
 * previous one in the spec; the reconciler renders the new objects (a values change restarts the control plane),
 * and the server waits in VERIFY_RESIZE. Confirm forgets the previous flavor (nothing changes on the host); revert
 * makes it the flavor again, so the reconciler renders exactly the objects the server had before.
 */
final class ServerResizes {
    static final String RESIZE = "resize";
    static final String REVERT = "revertResize";
    private static final String NOT_RESIZED = "Instance has not been resized.";

    private final RecordWriter writer;
    private final Catalog catalog;
    private final ProjectQuotas quotas;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    ServerResizes(RecordWriter writer, Catalog catalog, ProjectQuotas quotas, Consumer<String> wakeReconciler,
                  Clock clock, Function<String, ApiException> notFound) {
        this.writer = writer;
        this.catalog = catalog;
        this.quotas = quotas;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /** Nova's order: lock, state (409), then the flavor (400 unknown or the same), then quota (403, the growth). */
    void resize(Caller caller, ServerRecord visible, ServerAction.Resize resize) {
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        FlavorSnapshot target;
        try {
            target = ServerCreation.snapshot(catalog.flavorForServer(caller,
                    ServerRecords.lastPathSegment(resize.flavorRef())));
        } catch (ApiException e) {
            throw ApiException.badRequest("Unable to locate requested flavor.");
        }
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(resize, r);
            ServerSpec spec = r.getSpec();
            if (spec.getFlavor().id().equals(target.id())) {
                throw ApiException.badRequest("When resizing, instances must change flavor!");
            }
            quotas.admitResize(spec.getProjectId(), spec.getFlavor(), target);
            String from = ServerViews.vmState(r);
            spec.setPreviousFlavor(spec.getFlavor());
            spec.setFlavor(target);
            resize.diskConfig().ifPresent(d -> spec.setDiskConfig(d.name()));
            spec.setAction(new ActionRequest(RESIZE, caller.requestId(), caller.userId(), caller.projectId(), now,
                    ServerStates.RESIZE_PREP, from, ServerStates.RESIZED, null));
            spec.setChangedAt(now);
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /** The new flavor stays; nothing to do on the host. Entered in the history as a finished action. */
    void confirm(Caller caller, ServerRecord visible, ServerAction.ConfirmResize confirm) {
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            requireResized(caller, r);
            r.getSpec().setPreviousFlavor(null);
            // like lock and unlock, an action without a host operation: the reconciler enters it, finished
            r.getSpec().setLockRequests(ActionHistory.prepend(r.getSpec().getLockRequests(),
                    new ActionRequest(confirm.name(), caller.requestId(), caller.userId(), caller.projectId(), now,
                            null, null, null, null)));
            r.getSpec().setChangedAt(now);
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /** The previous flavor becomes the flavor again; the server returns to the state it was resized from. */
    void revert(Caller caller, ServerRecord visible, ServerAction.RevertResize revert) {
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            requireResized(caller, r);
            ServerSpec spec = r.getSpec();
            String backTo = Optional.ofNullable(spec.getAction()).filter(a -> RESIZE.equals(a.action()))
                    .map(ActionRequest::fromVmState).orElse(ServerStates.ACTIVE);
            spec.setFlavor(spec.getPreviousFlavor());
            spec.setPreviousFlavor(null);
            spec.setAction(new ActionRequest(REVERT, caller.requestId(), caller.userId(), caller.projectId(), now,
                    ServerStates.RESIZE_REVERTING, ServerStates.RESIZED, backTo, null));
            spec.setChangedAt(now);
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /**
     * Nova finds the finished migration first (400 "Instance has not been resized." without one), then checks the
     * lock and the vm state: here, a resize whose new flavor is running and that is not confirmed or reverted.
     */
    private static void requireResized(Caller caller, ServerRecord r) {
        boolean finished = r.getSpec().getPreviousFlavor() != null && Records.pendingAction(r).isEmpty()
                && ServerStates.RESIZED.equals(ServerViews.vmState(r));
        if (!finished) {
            throw ApiException.badRequest(NOT_RESIZED);
        }
        ActionGuards.checkLock(caller, r);
    }
}
