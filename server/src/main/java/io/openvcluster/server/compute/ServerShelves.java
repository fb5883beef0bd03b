package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.RestoreIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code shelveOffload} and {@code unshelve} ({@code shelve} itself is a snapshot: {@link ServerSnapshots}). Each is
 * one spec write after Nova's guards; the reconciler deletes the vcluster's host objects for an offload, and for an
 * unshelve of an offloaded server installs the vcluster again and restores the shelve image into it before it starts.
 */
final class ServerShelves {
    private final Fleet fleet;
    private final RecordStore store;
    private final RecordWriter writer;
    private final ProjectQuotas quotas;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    ServerShelves(RecordStore store, RecordWriter writer, ProjectQuotas quotas, Consumer<String> wakeReconciler,
                  Clock clock, Function<String, ApiException> notFound, Fleet fleet) {
        this.fleet = fleet;
        this.store = store;
        this.writer = writer;
        this.quotas = quotas;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /**
     * Admins only, as Nova's default policy has it (a project's own shelve offloads by the offload time). A
     * {@code container://} shelve image lives on the vcluster's volume: offloading would delete it (409).
     */
    void shelveOffload(Caller caller, ServerRecord visible, ServerAction.ShelveOffload action) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-shelve:shelve_offload to be "
                    + "performed.");
        }
        String id = visible.getMetadata().getName();
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            shelveArchive(r.getSpec()).filter(url -> url.startsWith("container://")).ifPresent(url -> {
                throw ApiException.conflict("Cannot 'shelveOffload' instance " + id + ": its shelve image is stored "
                        + "on the vcluster's own volume (" + url + ") and would be deleted with it");
            });
            r.getSpec().setPowerIntent(PowerIntents.SHELVED_OFFLOADED);
            r.getSpec().setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, ServerStates.SHELVING_OFFLOADING, ServerStates.SHELVED,
                    ServerStates.SHELVED_OFFLOADED, null));
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    /**
     * Nova's order: lock and state (409), then the zone and host of 2.77 and 2.91 (409 unless offloaded, 400 for
     * one that does not exist, 403 for a host named by a non-admin), then, for an offloaded server, its shelve image
     * (409 when it is gone: there is nothing to restore) and the project's quota (403: an offloaded server does not
     * count).
     */
    void unshelve(Caller caller, ServerRecord visible, ServerAction.Unshelve action) {
        String id = visible.getMetadata().getName();
        ActionGuards.checkLock(caller, visible);
        ActionGuards.checkState(action, visible);
        boolean offloaded = ServerStates.SHELVED_OFFLOADED.equals(ServerViews.vmState(visible));
        checkPlacement(caller, id, action, offloaded);
        Optional<RestoreIntent> restore = Optional.empty();
        if (offloaded) {
            ImageRecord image = shelveImage(visible);
            String url = CatalogRecords.snapshotArchive(image).orElseThrow(() -> gone(id, image.getSpec().getId()));
            quotas.admitServers(visible.getSpec().getProjectId(), visible.getSpec().getFlavor(), 1, 1);
            restore = Optional.of(new RestoreIntent(caller.requestId(), image.getSpec().getId(), url, false));
        }
        String now = clock.instant().toString();
        Optional<RestoreIntent> restoreIntent = restore;
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            ServerSpec spec = r.getSpec();
            spec.setPowerIntent(PowerIntents.RUNNING);
            spec.setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(), caller.projectId(),
                    now, ServerStates.UNSHELVING, ServerViews.vmState(r), ServerStates.ACTIVE, null));
            restoreIntent.ifPresent(spec::setRestore);
            action.availabilityZone().ifPresent(spec::setAvailabilityZone);
            if (action.unpinZone()) {
                spec.setAvailabilityZone(fleet.defaultZone());
            }
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }

    private void checkPlacement(Caller caller, String id, ServerAction.Unshelve action, boolean offloaded) {
        boolean placed = action.availabilityZone().isPresent() || action.unpinZone() || action.host().isPresent();
        if (placed && !offloaded) {
            throw ApiException.conflict("Specifying an availability zone or a host when unshelving server " + id
                    + " with status SHELVED is not supported. The server status must be SHELVED_OFFLOADED.");
        }
        action.availabilityZone().filter(zone -> !fleet.zones().contains(zone)).ifPresent(zone -> {
            throw ApiException.badRequest("The requested availability zone is not available");
        });
        if (action.host().isPresent()) {
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-shelve:unshelve_to_host to be "
                        + "performed.");
            }
            String host = action.host().get();
            fleet.zoneOf(host).orElseThrow(() -> ApiException.badRequest("Compute host " + host
                    + " could not be found."));
        }
    }

    private ImageRecord shelveImage(ServerRecord server) {
        String imageId = server.getSpec().getShelvedImageId();
        String id = server.getMetadata().getName();
        if (imageId == null) {
            throw gone(id, "(none)");
        }
        return store.image(imageId).filter(i -> "active".equals(i.getSpec().getStatus()))
                .orElseThrow(() -> gone(id, imageId));
    }

    private static ApiException gone(String serverId, String imageId) {
        return ApiException.conflict("Cannot 'unshelve' instance " + serverId + ": its shelve image " + imageId
                + " is gone, and with it the state to restore");
    }

    /** The archive the last shelve wrote, if the spec's snapshot is that shelve's. */
    private static Optional<String> shelveArchive(ServerSpec spec) {
        SnapshotIntent snapshot = spec.getSnapshot();
        return Optional.ofNullable(snapshot).filter(s -> s.imageId().equals(spec.getShelvedImageId()))
                .map(SnapshotIntent::url);
    }
}
