package io.openvcluster.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.openvcluster.api.Json;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plays vcluster's snapshot controller, which serves snapshot requests (a ConfigMap with the request, a Secret with
 * the storage options), one phase per step. It runs inside the vcluster, so it acts only while the control plane has
 * a ready replica, and only once the options Secret exists. A snapshot goes "" → CreatingEtcdBackup → Completed (its
 * archive is then in the {@link ArchiveStore}), or Failed with {@link HostSimulator#SNAPSHOT_FAULT_ANNOTATION}'s
 * message; a delete request Deleting → DeletingEtcdBackup → Deleted. As vcluster does, it holds its finalizer on the
 * request while it works, and when done removes it and deletes the Secret.
 */
final class SnapshotController {
    private static final String FINALIZER = "vcluster.loft.sh/snapshot-controller";
    private static final Set<String> TERMINAL_PHASES = Set.of(SnapshotRequests.PHASE_COMPLETED,
            SnapshotRequests.PHASE_FAILED, SnapshotRequests.PHASE_DELETED);

    private final KubernetesClient client;
    private final ArchiveStore archives;

    SnapshotController(KubernetesClient client, ArchiveStore archives) {
        this.client = client;
        this.archives = archives;
    }

    /** The requests it acts on, in every namespace. */
    FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>> watchedRequests() {
        return client.configMaps().inAnyNamespace().withLabel(SnapshotRequests.LABEL_REQUEST);
    }

    /** Whether the request is not done yet: it may be waiting for its vcluster to run, or for its Secret. */
    static boolean pending(ConfigMap request) {
        return !TERMINAL_PHASES.contains(SnapshotRequests.status(request).phase());
    }

    /** Takes the request one phase further, if its vcluster runs and its Secret is there. */
    void process(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null || cm.getMetadata().getLabels() == null) {
            return;
        }
        String release = cm.getMetadata().getLabels().get(SnapshotRequests.LABEL_VCLUSTER_NAME);
        StatefulSet sts = release == null ? null : client.apps().statefulSets().inNamespace(namespace).withName(release).get();
        boolean running = sts != null && StatefulSetController.replicas(sts) > 0 && sts.getStatus() != null
                && sts.getStatus().getReadyReplicas() != null && sts.getStatus().getReadyReplicas() > 0;
        if (!running || client.secrets().inNamespace(namespace).withName(name).get() == null) {
            return;
        }
        SnapshotRequests.RequestStatus status = SnapshotRequests.status(cm);
        String fault = sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(HostSimulator.SNAPSHOT_FAULT_ANNOTATION);
        switch (status.phase()) {
            case "" -> writePhase(cm, SnapshotRequests.PHASE_CREATING, Optional.empty(), false);
            case SnapshotRequests.PHASE_CREATING -> {
                if (fault != null) {
                    writePhase(cm, SnapshotRequests.PHASE_FAILED, Optional.of(fault), true);
                } else {
                    archives.putSnapshot(status.url(), options(namespace, name), name);
                    writePhase(cm, SnapshotRequests.PHASE_COMPLETED, Optional.empty(), true);
                }
            }
            case SnapshotRequests.PHASE_DELETING -> writePhase(cm, SnapshotRequests.PHASE_DELETING_BACKUP,
                    Optional.empty(), false);
            case SnapshotRequests.PHASE_DELETING_BACKUP -> {
                archives.remove(status.url());
                writePhase(cm, SnapshotRequests.PHASE_DELETED, Optional.empty(), true);
            }
            default -> { }
        }
    }

    /** The request's options as its Secret holds them (present: a request is processed only then). */
    private JsonNode options(String namespace, String name) {
        var secret = client.secrets().inNamespace(namespace).withName(name).get();
        try {
            return Json.MAPPER.readTree(Base64.getDecoder().decode(
                    secret.getData().get(SnapshotRequests.OPTIONS_KEY)));
        } catch (IOException | RuntimeException e) {
            return Json.object();
        }
    }

    private void writePhase(ConfigMap cm, String phase, Optional<String> error, boolean done) {
        Map<String, String> data = new HashMap<>(cm.getData());
        data.put(SnapshotRequests.REQUEST_KEY, SnapshotRequests.withPhase(data.get(SnapshotRequests.REQUEST_KEY),
                phase, error));
        cm.setData(data);
        List<String> finalizers = new ArrayList<>(cm.getMetadata().getFinalizers() == null ? List.of()
                : cm.getMetadata().getFinalizers());
        if (done) {
            finalizers.remove(FINALIZER);
        } else if (!finalizers.contains(FINALIZER)) {
            finalizers.add(FINALIZER);
        }
        cm.getMetadata().setFinalizers(finalizers);
        client.resource(cm).update();
        if (done) {
            client.secrets().inNamespace(cm.getMetadata().getNamespace()).withName(cm.getMetadata().getName()).delete();
        }
    }
}
