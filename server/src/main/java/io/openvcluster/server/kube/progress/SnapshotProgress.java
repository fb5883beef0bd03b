package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects.CachedPod;
import io.openvcluster.server.kube.host.HostObjects.CachedSnapshotRequest;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.CrdResources;
import io.openvcluster.server.kube.records.ImageDeletions;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A running {@code createImage} or {@code createBackup}, level-triggered like every reconciler step: ensure the image
 * record, ensure vcluster's snapshot request (Secret, then ConfigMap: the controller waits for the Secret), then follow
 * the phase the controller writes into the ConfigMap:
 * <pre>
 *   request phase         image status   server task
 *   (none yet) / ""       queued         image_snapshot
 *   CreatingEtcdBackup    saving         image_uploading
 *   Completed             active         none: the action ends in Success
 *   Failed (or other)     killed         none: the action ends in Error with vcluster's message
 * </pre>
 * The server's vm state never changes. A server whose control plane is down (stopped, paused, suspended) has no
 * controller to process a request: a snapshot pod ({@link SnapshotPods}) reads its data volume instead, its pod
 * phase followed the same way (Pending: queued, Running: saving, Succeeded: active, Failed: killed); the finished
 * pod is deleted once the action has ended. A createBackup, once its image is active, rotates the server's older
 * backups of its type ({@link BackupRotation}) before its action ends.
 */
public final class SnapshotProgress {
    static final Set<String> SNAPSHOT_ACTIONS = Set.of("createImage", "createBackup", Shelves.SHELVE);
    /** Host events of a createImage or createBackup, named after what they do (docs/verbs.md). */
    static final String SNAPSHOT_REQUEST = "vcluster_snapshot_request";
    static final String ETCD_BACKUP = "vcluster_etcd_backup";

    private final KubernetesClient client;
    private final HostCache cache;
    private final RecordStore store;
    private final Clock clock;
    private final Supplier<Map<String, String>> credentials;
    private final BackupRotation rotation;
    private final Shelves shelves;

    public SnapshotProgress(KubernetesClient client, HostCache cache, RecordStore store, Clock clock,
                     Supplier<Map<String, String>> credentials) {
        this.client = client;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
        this.credentials = credentials;
        ImageDeletions deletions = new ImageDeletions(client, store, credentials, clock);
        this.rotation = new BackupRotation(store, deletions);
        this.shelves = new Shelves(store, deletions);
    }

    /**
     * @param derived what the host shows
     * @param failed  present when the snapshot failed: the action ends in Error with this message
     */
    public record Step(DerivedState derived, BiConsumer<ServerStatus, String> bookkeeping, Optional<String> failed) {
    }

    public Step drive(ServerRecord record, DerivedState derived, VclusterNames names) {
        shelves.removeUnshelvedImage(record);
        Optional<ActionRequest> pending = Records.pendingAction(record)
                .filter(a -> SNAPSHOT_ACTIONS.contains(a.action()));
        SnapshotIntent intent = record.getSpec().getSnapshot();
        if (intent != null && pending.isEmpty()) {
            removeFinishedPod(names, intent);
        }
        if (pending.isEmpty() || intent == null || NovaStates.VM_ERROR.equals(derived.vmState())) {
            return new Step(derived, (status, now) -> { }, Optional.empty());
        }
        ActionRequest action = pending.get();
        if (Shelves.snapshotTaken(record)) {
            return new Step(derived, (status, now) -> { }, Optional.empty()); // the shelve stops the vcluster now
        }
        if (intent.rotation().isPresent() && BackupRotation.recorded(record, action)) {
            // the snapshot is done and the rotation entered: delete what it names, then the action ends
            rotation.rotate(record, intent.rotation().get());
            return new Step(derived, (status, now) -> { }, Optional.empty());
        }
        if (store.image(intent.imageId()).filter(i -> CatalogRecords.STATUS_PENDING_DELETE.equals(
                i.getSpec().getStatus())).isPresent()) {
            return cancel(intent, action, names, derived);
        }
        ImageRecord image = ensureImage(record, intent);
        Optional<CachedSnapshotRequest> request = cache.snapshotRequest(names.namespace(), intent.requestName());
        Optional<CachedPod> pod = cache.snapshotPod(names.namespace(), SnapshotPods.podName(intent.imageId()));
        // The verb's guards keep the power state fixed while it runs: a running vcluster's own controller takes a
        // request; a stopped, paused or suspended one has none, so a snapshot pod reads its data volume instead.
        boolean controlPlaneUp = NovaStates.VM_ACTIVE.equals(derived.vmState())
                && derived.powerState() == NovaStates.POWER_RUNNING;
        String detail;
        SnapshotRequests.RequestStatus phase;
        if (request.isPresent() || (pod.isEmpty() && controlPlaneUp)) {
            if (request.isEmpty()) {
                createRequest(record, intent, names);
            }
            detail = "Secret and ConfigMap " + intent.requestName() + " in " + names.namespace() + " to "
                    + intent.url();
            phase = request.map(CachedSnapshotRequest::status)
                    .orElse(new SnapshotRequests.RequestStatus("", Optional.empty(), intent.url()));
        } else {
            if (pod.isEmpty()) {
                createPod(record, intent, names);
            }
            detail = "pod " + SnapshotPods.podName(intent.imageId()) + " (/vcluster snapshot, control plane down) in "
                    + names.namespace() + " to " + intent.url();
            phase = pod.map(SnapshotProgress::podPhase)
                    .orElse(new SnapshotRequests.RequestStatus("", Optional.empty(), intent.url()));
        }
        return switch (phase.phase()) {
            case "" -> {
                updateImage(image, "queued", Optional.empty());
                // image_snapshot, or image_backup for a createBackup (the task it was accepted with); a shelve's own
                yield inProgress(derived, Shelves.SHELVE.equals(action.action())
                        ? ServerStates.SHELVING_IMAGE_PENDING_UPLOAD : action.taskState(), events(action, detail, false));
            }
            case SnapshotRequests.PHASE_CREATING -> {
                updateImage(image, "saving", Optional.empty());
                yield inProgress(derived, Shelves.SHELVE.equals(action.action())
                        ? ServerStates.SHELVING_IMAGE_UPLOADING : ServerStates.IMAGE_UPLOADING,
                        events(action, detail, true));
            }
            case SnapshotRequests.PHASE_COMPLETED -> {
                updateImage(image, "active", Optional.empty());
                // a backup is not done before its rotation: first its event, then (next pass) the deletions
                if (Shelves.SHELVE.equals(action.action())) {
                    // the shelve goes on: the vcluster is stopped (and offloaded) from the next pass
                    yield new Step(derived, events(action, detail, true).andThen(Shelves.snapshotDone(intent, action)),
                            Optional.empty());
                }
                yield intent.rotation().isPresent()
                        ? inProgress(derived, ServerStates.IMAGE_UPLOADING, events(action, detail, true)
                                .andThen(rotation.plan(record, action, intent.rotation().get())))
                        : new Step(derived, events(action, detail, true), Optional.empty());
            }
            default -> {
                String why = "vcluster snapshot " + phase.phase() + ": " + phase.error().orElse("no reason given");
                updateImage(image, "killed", Optional.of(why));
                yield new Step(derived, events(action, detail, true), Optional.of(why));
            }
        };
    }

    /** Whether {@code server} runs a snapshot verb (createImage, createBackup, shelve) for {@code imageId}. */
    public static boolean taking(ServerRecord server, String imageId) {
        SnapshotIntent intent = server.getSpec().getSnapshot();
        return intent != null && imageId.equals(intent.imageId()) && Records.pendingAction(server)
                .filter(a -> SNAPSHOT_ACTIONS.contains(a.action())).isPresent();
    }

    /**
     * Glance deletes an image being saved, and so the snapshot taking it is cancelled: vcluster's request (Secret and
     * ConfigMap) or the snapshot pod deleted, the action ended in Error with the reason. What was written of the
     * archive goes with the image ({@code ArchiveDeletions}, once this action has ended). A cancelled shelve leaves
     * the vcluster as it was; a cancelled backup rotates nothing.
     */
    private Step cancel(SnapshotIntent intent, ActionRequest action, VclusterNames names, DerivedState derived) {
        client.configMaps().inNamespace(names.namespace()).withName(intent.requestName()).delete();
        client.secrets().inNamespace(names.namespace()).withName(intent.requestName()).delete();
        client.pods().inNamespace(names.namespace()).withName(SnapshotPods.podName(intent.imageId())).delete();
        String why = "cancelled: image " + intent.imageId() + " was deleted while its snapshot was being taken";
        return new Step(derived, ActionProgress.event(action, "snapshot_cancelled", "snapshot request "
                + intent.requestName() + " and pod " + SnapshotPods.podName(intent.imageId())
                + " deleted: the image was deleted"), Optional.of(why));
    }

    /** A snapshot pod's phase in the request's vocabulary. */
    private static SnapshotRequests.RequestStatus podPhase(CachedPod pod) {
        String phase = switch (pod.phase()) {
            case "Running" -> SnapshotRequests.PHASE_CREATING;
            case "Succeeded" -> SnapshotRequests.PHASE_COMPLETED;
            case "Failed", "Unknown" -> SnapshotRequests.PHASE_FAILED;
            default -> "";
        };
        return new SnapshotRequests.RequestStatus(phase, pod.failure(), "");
    }

    private void createPod(ServerRecord record, SnapshotIntent intent, VclusterNames names) {
        // the snapshot pod copies the control plane's pod template, which the host cache does not keep
        Optional<io.fabric8.kubernetes.api.model.apps.StatefulSet> sts = SnapshotPods.controlPlane(client, names);
        if (sts.isEmpty()) {
            return; // no control plane template yet: the next pass tries again
        }
        Secret options = SnapshotRequests.snapshotOptionsSecret(intent.requestName(), names.namespace(),
                names.release(), intent.url(), credentials.get(), record.getSpec().getImage());
        CrdResources.createIfAbsent(() -> client.resource(SnapshotPods.pod(SnapshotPods.podName(intent.imageId()),
                names, sts.get(), options, java.util.List.of("/vcluster", "snapshot"))).create(), false);
    }

    /** As the vcluster CLI does once it has the pod's result: the finished pod is deleted. */
    private void removeFinishedPod(VclusterNames names, SnapshotIntent intent) {
        cache.snapshotPod(names.namespace(), SnapshotPods.podName(intent.imageId()))
                .filter(p -> !p.terminating())
                .filter(p -> Set.of("Succeeded", "Failed").contains(p.phase()))
                .ifPresent(p -> client.pods().inNamespace(names.namespace())
                        .withName(SnapshotPods.podName(intent.imageId())).delete());
    }

    /** The server's own state, with the snapshot's task (a host transition, e.g. a start, keeps its own task). */
    private static Step inProgress(DerivedState derived, String task, BiConsumer<ServerStatus, String> events) {
        DerivedState shown = derived.taskState().isPresent() ? derived
                : new DerivedState(derived.vmState(), Optional.of(task), derived.powerState(), derived.fault());
        return new Step(shown, events, Optional.empty());
    }

    private ImageRecord ensureImage(ServerRecord record, SnapshotIntent intent) {
        Optional<ImageRecord> found = store.image(intent.imageId());
        if (found.isPresent()) {
            return found.get();
        }
        ImageRecord image = CatalogRecords.snapshotImageRecord(intent, record.getSpec(), store.namespace(),
                record.getSpec().getAction().startTime());
        try {
            return store.created(client.resources(ImageRecord.class).inNamespace(store.namespace())
                    .resource(image).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return client.resources(ImageRecord.class).inNamespace(store.namespace())
                    .withName(image.getMetadata().getName()).get();
        }
    }

    private void createRequest(ServerRecord record, SnapshotIntent intent, VclusterNames names) {
        var spec = record.getSpec();
        CrdResources.createIfAbsent(() -> client.resource(SnapshotRequests.snapshotOptionsSecret(intent.requestName(),
                names.namespace(), names.release(), intent.url(), credentials.get(), spec.getImage())).create(), false);
        CrdResources.createIfAbsent(() -> client.resource(SnapshotRequests.requestConfigMap(intent.requestName(),
                names.namespace(), names.release(), intent.url(), clock.instant().toString(), "")).create(), false);
    }

    /** The image's Glance status from the request's phase; a killed snapshot keeps vcluster's reason. */
    private void updateImage(ImageRecord image, String status, Optional<String> error) {
        String current = image.getSpec().getProperties() == null ? null
                : image.getSpec().getProperties().get(CatalogRecords.PROP_SNAPSHOT_ERROR);
        if (status.equals(image.getSpec().getStatus()) && Objects.equals(current, error.orElse(null))) {
            return;
        }
        ImageRecord changed = Records.copy(image);
        changed.getSpec().setStatus(status);
        changed.getSpec().setUpdatedAt(clock.instant().toString());
        Map<String, String> properties = new LinkedHashMap<>(changed.getSpec().getProperties() == null
                ? Map.of() : changed.getSpec().getProperties());
        error.ifPresentOrElse(e -> properties.put(CatalogRecords.PROP_SNAPSHOT_ERROR, e),
                () -> properties.remove(CatalogRecords.PROP_SNAPSHOT_ERROR));
        changed.getSpec().setProperties(properties);
        store.written(client.resources(ImageRecord.class).inNamespace(store.namespace()).resource(changed).update());
    }

    /** {@code vcluster_snapshot_request} once the request is asked for; {@code vcluster_etcd_backup} once it runs. */
    private static BiConsumer<ServerStatus, String> events(ActionRequest action, String detail, boolean backingUp) {
        return (status, now) -> {
            List<ActionEvent> updated = new ArrayList<>();
            for (ActionEvent a : ActionProgress.withStarted(status.getActions(), action, now)) {
                if (a.requestId().equals(action.requestId()) && !a.finished()) {
                    a = a.withEvent(SNAPSHOT_REQUEST, now, detail);
                    if (backingUp) {
                        a = a.withEvent(ETCD_BACKUP, now, "vcluster's snapshot controller writes the backing store "
                                + "(etcd or SQLite/kine) to the archive; persistent volumes are not included");
                    }
                }
                updated.add(a);
            }
            status.setActions(updated);
        };
    }
}
