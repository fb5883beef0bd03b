package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code createImage} and {@code createBackup}: Nova's guards (state, lock; a snapshot already running is a task, so
 * 409), then one spec write that records the action and the {@link SnapshotIntent} together, then the image record
 * ({@code queued}, so clients find it in the image list at once). The reconciler creates vcluster's snapshot request
 * and follows it ({@code SnapshotProgress}), rotates a backup's older siblings once it is active
 * ({@code BackupRotation}); it also creates the image record if the facade stopped before this did.
 */
final class ServerSnapshots {
    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final SnapshotStore snapshotStore;
    private final Duration shelvedOffloadTime;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    /** @param shelvedOffloadTime Nova's {@code shelved_offload_time}: 0 offloads at once, negative never */
    ServerSnapshots(KubernetesClient client, RecordStore store, RecordWriter writer, SnapshotStore snapshotStore,
                    Duration shelvedOffloadTime, Consumer<String> wakeReconciler, Clock clock,
                    Function<String, ApiException> notFound) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.snapshotStore = snapshotStore;
        this.shelvedOffloadTime = shelvedOffloadTime;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /**
     * What a snapshot verb asks for: the image's name and metadata, a backup's rotation, and for a shelve the state
     * it ends in.
     */
    private record Request(String imageName, Map<String, String> metadata, Optional<SnapshotIntent.Backup> backup,
                           String task, Optional<Boolean> shelveOffloaded) {
        static Request of(ServerAction action, ServerRecord server, boolean offloadShelved) {
            return switch (action) {
                case ServerAction.CreateImage image -> new Request(image.imageName(), image.metadata(),
                        Optional.empty(), ServerStates.IMAGE_SNAPSHOT, Optional.empty());
                case ServerAction.CreateBackup backup -> new Request(backup.imageName(), backup.metadata(),
                        Optional.of(new SnapshotIntent.Backup(backup.backupType(), backup.rotation())),
                        ServerStates.IMAGE_BACKUP, Optional.empty());
                // Nova names the shelve image after the server
                case ServerAction.Shelve shelve -> new Request(server.getSpec().getName() + "-shelved", Map.of(),
                        Optional.empty(), ServerStates.SHELVING, Optional.of(offloadShelved));
                default -> throw new IllegalArgumentException("not a snapshot: " + action);
            };
        }
    }

    /**
     * {@code shelve}: a snapshot to the store, then the vcluster stopped, and offloaded at once when the offload time
     * is 0 and the store is not the vcluster's own volume; the shelve image's id.
     */
    String shelve(Caller caller, ServerRecord visible, ServerAction.Shelve action) {
        return snapshot(caller, visible, action);
    }

    /** @return the new image's id */
    String snapshot(Caller caller, ServerRecord visible, ServerAction action) {
        String serverId = visible.getMetadata().getName();
        String imageId = UUID.randomUUID().toString();
        String now = clock.instant().toString();
        String url = snapshotStore.url(imageId);
        // a container:// archive lives on the vcluster's own volume: an offload would delete it
        Request request = Request.of(action, visible, shelvedOffloadTime.isZero() && !url.startsWith("container://"));
        ServerRecord written = writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            String vmState = ServerViews.vmState(r);
            // the vm state does not change: the task shows the snapshot, as in Nova; a shelve ends shelved
            String target = request.shelveOffloaded()
                    .map(offloaded -> offloaded ? ServerStates.SHELVED_OFFLOADED : ServerStates.SHELVED).orElse(vmState);
            r.getSpec().setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, request.task(), vmState, target, null));
            request.shelveOffloaded().ifPresent(offloaded -> {
                r.getSpec().setPowerIntent(offloaded ? PowerIntents.SHELVED_OFFLOADED : PowerIntents.SHELVED);
                r.getSpec().setShelvedImageId(imageId);
            });
            r.getSpec().setSnapshot(new SnapshotIntent(imageId, request.imageName(),
                    CatalogRecords.snapshotProperties(request.metadata(), serverId, r.getSpec(), url,
                            request.backup()),
                    url, SnapshotRequests.requestName(r.getSpec().getRelease(), imageId),
                    request.backup().orElse(null)));
        }, false, () -> notFound.apply(serverId));
        ImageRecord image = CatalogRecords.snapshotImageRecord(written.getSpec().getSnapshot(), written.getSpec(),
                store.namespace(), now);
        try {
            store.created(client.resources(ImageRecord.class).inNamespace(store.namespace()).resource(image).create());
        } catch (KubernetesClientException e) {
            // recorded in the server's spec: the reconciler creates the image on its next pass
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                System.getLogger(ServerSnapshots.class.getName()).log(System.Logger.Level.DEBUG,
                        "image " + imageId + " left to the reconciler: " + e.getMessage());
            }
        }
        wakeReconciler.accept(serverId);
        return imageId;
    }
}
