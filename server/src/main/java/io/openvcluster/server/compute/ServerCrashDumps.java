package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.archives.ArchiveStore;
import io.openvcluster.server.archives.ArchiveStoreException;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.CrashDumpIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Nova's trigger_crash_dump, given a meaning for a vcluster: a debug bundle of its control plane (logs, StatefulSet,
 * pods, events, vcluster config) that the reconciler writes to the snapshot store ({@code CrashDumpProgress}), and
 * this facade's own read of it back ({@code GET /servers/{id}/crash-dumps/{request_id}}, not Nova's API).
 */
final class ServerCrashDumps {
    private final RecordWriter writer;
    private final SnapshotStore store;
    private final ArchiveStores archives;
    private final Supplier<Map<String, String>> credentials;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;

    ServerCrashDumps(RecordWriter writer, SnapshotStore store, ArchiveStores archives,
                     Supplier<Map<String, String>> credentials, Consumer<String> wakeReconciler, Clock clock) {
        this.writer = writer;
        this.store = store;
        this.archives = archives;
        this.credentials = credentials;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
    }

    /** The bundle's place: under the s3 store, by server and request. */
    static String url(String storeBase, String serverId, String requestId) {
        return storeBase + "/crash-dumps/" + serverId + "/" + requestId + ".tar.gz";
    }

    /**
     * Nova's check_instance_lock and check_instance_state, then the intent. Only an s3 store can hold the bundle
     * outside the vcluster (a {@code container://} store is the vcluster's own volume, an oci registry holds images):
     * 409 otherwise, with nothing recorded.
     */
    void trigger(Caller caller, ServerRecord visible, ServerAction.TriggerCrashDump action) {
        String id = visible.getMetadata().getName();
        if (!"s3".equals(store.type())) {
            throw ApiException.conflict("Cannot 'trigger_crash_dump' instance " + id + ": a crash dump is written to "
                    + "an s3 snapshot store (OVC_SNAPSHOT_STORE), and this one is " + store.type() + "://");
        }
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            String vmState = ServerViews.vmState(r);
            r.getSpec().setCrashDump(new CrashDumpIntent(new ActionRequest(action.name(), caller.requestId(),
                    caller.userId(), caller.projectId(), now, null, vmState, vmState, null),
                    url(store.base(), id, caller.requestId())));
        }, false, () -> ServerRecords.notFound(id));
        wakeReconciler.accept(id);
    }

    /** The bundle of one trigger_crash_dump of the server, once written; 404 otherwise. */
    byte[] bundle(ServerRecord visible, String requestId) {
        String id = visible.getMetadata().getName();
        ApiException notFound = ApiException.notFound("Crash dump " + requestId + " of instance " + id
                + " could not be found.");
        boolean written = InstanceActions.history(visible).stream().anyMatch(a -> requestId.equals(a.requestId())
                && "trigger_crash_dump".equals(a.action()) && "Success".equals(a.result()));
        if (!written || !"s3".equals(store.type())) {
            throw notFound;
        }
        try {
            try (ArchiveStore.Download bundle = archives.find(url(store.base(), id, requestId), credentials.get())
                    .orElseThrow(() -> notFound)) {
                // a bundle of logs and objects, small: read whole for the response
                return bundle.content().readAllBytes();
            }
        } catch (java.io.IOException e) {
            throw ApiException.unavailable("The snapshot store cannot be read: " + e.getMessage());
        } catch (ArchiveStoreException e) {
            throw ApiException.unavailable("The snapshot store cannot be read: " + e.getMessage());
        }
    }
}
