package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code createImage}: Nova's guards (state, lock; a snapshot already running is a task, so 409), then one spec
 * write that records the action and the {@link SnapshotIntent} together, then the image record ({@code queued}, so
 * clients find it in the image list at once). The reconciler creates vcluster's snapshot request and follows it
 * ({@code SnapshotProgress}); it also creates the image record if the facade stopped before this did.
 */
final class ServerSnapshots {
    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final SnapshotStore snapshotStore;
    private final Supplier<Map<String, String>> credentials;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    /** @param credentials the snapshot store's credentials, read from the informer cache */
    ServerSnapshots(KubernetesClient client, RecordStore store, RecordWriter writer, SnapshotStore snapshotStore,
                    Supplier<Map<String, String>> credentials, Consumer<String> wakeReconciler, Clock clock,
                    Function<String, ApiException> notFound) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.snapshotStore = snapshotStore;
        this.credentials = credentials;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    /** @return the new image's id */
    String createImage(Caller caller, ServerRecord visible, ServerAction.CreateImage action) {
        String serverId = visible.getMetadata().getName();
        String imageId = UUID.randomUUID().toString();
        String now = clock.instant().toString();
        String url = snapshotStore.url(imageId);
        ServerRecord written = writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            String vmState = ServerViews.vmState(r);
            // the vm state does not change: the task shows the snapshot, as in Nova
            r.getSpec().setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, ServerStates.IMAGE_SNAPSHOT, vmState, vmState, null));
            r.getSpec().setSnapshot(new SnapshotIntent(imageId, action.imageName(),
                    CatalogRecords.snapshotProperties(action.metadata(), serverId, r.getSpec(), url), url,
                    SnapshotRequests.requestName(r.getSpec().getRelease(), imageId)));
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

    /**
     * Step 5 of the image mapping: a deleted snapshot's archive is deleted from the store by vcluster's delete request
     * (the same Secret and ConfigMap pair, phase {@code Deleting}), processed by the vcluster the snapshot was taken
     * from. When that server is gone (or being deleted), a {@code container://} archive went with its volume, and an
     * archive in s3 or oci is left to the facade itself ({@code ArchiveDeletions}).
     *
     * @return true when the facade must delete the archive itself: the image is then kept as pending deletion
     */
    boolean deleteArchive(ImageRecord image) {
        String url = image.getSpec().getProperties() == null ? null
                : image.getSpec().getProperties().get(CatalogRecords.PROP_SNAPSHOT_URL);
        String serverId = image.getSpec().getProperties() == null ? null
                : image.getSpec().getProperties().get(CatalogRecords.PROP_INSTANCE_UUID);
        if (url == null || serverId == null || !"active".equals(image.getSpec().getStatus())) {
            return false;
        }
        Optional<ServerRecord> source = store.server(serverId).filter(s -> !s.getSpec().isDeleteRequested());
        if (source.isEmpty()) {
            return url.startsWith("s3://") || url.startsWith("oci://");
        }
        var spec = source.get().getSpec();
        String name = SnapshotRequests.deleteRequestName(spec.getRelease(), image.getSpec().getId());
        try {
            createIfAbsent(() -> client.resource(SnapshotRequests.optionsSecret(name, spec.getHostNamespace(),
                    spec.getRelease(), url, credentials(), spec.getImage().chartVersion())).create());
            createIfAbsent(() -> client.resource(SnapshotRequests.requestConfigMap(name, spec.getHostNamespace(),
                    spec.getRelease(), url, clock.instant().toString(), SnapshotRequests.PHASE_DELETING)).create());
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        return false;
    }

    Map<String, String> credentials() {
        return credentials.get();
    }

    private static void createIfAbsent(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
