package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ReimageIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects.CachedStatefulSet;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A running reimage ({@link ReimageIntent}: a rebuild from a base image without {@code preserve_ephemeral}), Nova's
 * rebuild as a VM has it: the disk wiped and the image installed. Each step is decided from the host:
 * <ol>
 *   <li>{@code vcluster_pause}: the StatefulSet paused as vcluster's restore pauses it ({@code loft.sh/paused},
 *       {@code loft.sh/restoring}, replicas 0), so the power operations leave it down;</li>
 *   <li>once no control-plane pod runs, {@code delete_workload_pods}: the pods, Services, ConfigMaps, Secrets and
 *       PersistentVolumeClaims labelled {@code vcluster.loft.sh/managed-by=<release>} (what the vcluster synced to
 *       the host: its workloads and their volumes) deleted;</li>
 *   <li>{@code wipe_data}: the control plane's data volume claims {@code data-<release>-<ordinal>} deleted (its
 *       etcd or database); once the API server has none, the status records the wipe ({@code wipedRequestId}) and
 *       clears {@code observedGeneration}, so the next pass renders the image's version, until then held back;</li>
 *   <li>{@code apply_image}: {@code loft.sh/restoring} removed; the power operations resume the vcluster (or keep a
 *       stopped server down), the StatefulSet makes a new, empty claim and the control plane starts on the new
 *       version with nothing in it.</li>
 * </ol>
 * Kept, as a VM keeps its identity: the namespace, the Service and its address, the vcluster's certificate Secret (so
 * the console's kubeconfig trusts the same CA) and the server's record.
 */
final class ReimageProgress {
    private final KubernetesClient client;
    private final HostCache cache;
    private final RestorePause pause;

    ReimageProgress(KubernetesClient client, HostCache cache, RestorePause pause) {
        this.client = client;
        this.cache = cache;
        this.pause = pause;
    }

    RebuildProgress.Step drive(ServerRecord record, ActionRequest action, DerivedState derived, VclusterNames names,
                               HostObservation observed,
                               Supplier<Optional<VclusterProvisioner.RolloutMarker>> marker) {
        Optional<CachedStatefulSet> sts = cache.statefulSet(names.namespace(), names.statefulSet());
        List<String> claims = dataClaims(names, sts);
        if (ReimageIntent.unwiped(record).isEmpty()) {
            pause.end(names);
            var events = ActionProgress.events(action, List.of(paused(names), workloadsDeleted(names),
                    wiped(claims), applied(record.getSpec().getImage())));
            boolean stopped = NovaStates.VM_STOPPED.equals(derived.vmState());
            boolean restoring = observed.workload().map(HostObservation.Workload::restoring).orElse(false);
            if (derived.taskState().isEmpty() && !restoring
                    && ResizeProgress.runsRendered(cache, names, marker.get(), stopped)) {
                return new RebuildProgress.Step(derived, events);
            }
            return new RebuildProgress.Step(new DerivedState(derived.vmState(),
                    Optional.of(ServerStates.REBUILD_SPAWNING), derived.powerState(), Optional.empty()), events);
        }
        List<String[]> done = new ArrayList<>();
        if (sts.isPresent()) {
            pause.pause(names, sts.get().workload().annotations());
            done.add(paused(names));
            if (observed.workload().map(HostObservation.Workload::statusReplicas).orElse(0) > 0
                    || cache.pod(names.namespace(), names.pod()).isPresent()) {
                return RebuildProgress.spawning(derived, ActionProgress.events(action, done)); // still stopping
            }
        }
        deleteSynced(names);
        done.add(workloadsDeleted(names));
        claims.forEach(c -> client.persistentVolumeClaims().inNamespace(names.namespace()).withName(c).delete());
        if (claims.stream().anyMatch(c -> client.persistentVolumeClaims().inNamespace(names.namespace())
                .withName(c).get() != null)) {
            return RebuildProgress.spawning(derived, ActionProgress.events(action, done)); // still terminating
        }
        done.add(wiped(claims));
        return RebuildProgress.spawning(derived, ActionProgress.events(action, done).andThen((status, now) -> {
            status.setWipedRequestId(action.requestId());
            // the image's version is not on the host yet: the next pass renders it over the empty store
            status.setObservedGeneration(null);
        }));
    }

    /** The workloads and what they use, as the vcluster synced them to the host (by its managed-by label). */
    private void deleteSynced(VclusterNames names) {
        String ns = names.namespace();
        client.pods().inNamespace(ns).withLabel(PowerOperations.MANAGED_BY, names.release()).delete();
        client.services().inNamespace(ns).withLabel(PowerOperations.MANAGED_BY, names.release()).delete();
        client.configMaps().inNamespace(ns).withLabel(PowerOperations.MANAGED_BY, names.release()).delete();
        client.secrets().inNamespace(ns).withLabel(PowerOperations.MANAGED_BY, names.release()).delete();
        client.persistentVolumeClaims().inNamespace(ns).withLabel(PowerOperations.MANAGED_BY, names.release())
                .delete();
    }

    /** One data claim per control-plane replica the StatefulSet has had (as paused, or now), at least one. */
    private static List<String> dataClaims(VclusterNames names, Optional<CachedStatefulSet> sts) {
        int replicas = sts.map(s -> Math.max(s.workload().specReplicas(), pausedReplicas(s))).orElse(1);
        return IntStream.range(0, Math.max(1, replicas))
                .mapToObj(i -> "data-" + names.statefulSet() + "-" + i).toList();
    }

    private static int pausedReplicas(CachedStatefulSet sts) {
        try {
            return Integer.parseInt(sts.workload().annotations().getOrDefault(PowerOperations.PAUSED_REPLICAS, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String[] paused(VclusterNames names) {
        return new String[] {"vcluster_pause", "StatefulSet " + names.statefulSet()
                + ": loft.sh/restoring=true, loft.sh/paused=true, replicas 0"};
    }

    private static String[] workloadsDeleted(VclusterNames names) {
        return new String[] {"delete_workload_pods", "pods, Services, ConfigMaps, Secrets and "
                + "PersistentVolumeClaims vcluster.loft.sh/managed-by=" + names.release() + " deleted: the workloads "
                + "the vcluster ran on the host and their volumes"};
    }

    private static String[] wiped(List<String> claims) {
        return new String[] {"wipe_data", "PersistentVolumeClaim " + String.join(", ", claims) + " deleted: the "
                + "vcluster's store (its etcd or database) is gone; the StatefulSet makes an empty one"};
    }

    private static String[] applied(ImageSnapshot image) {
        return new String[] {"apply_image", "vcluster values rendered with Kubernetes " + image.kubernetesVersion()
                + " (chart " + image.chartVersion() + "); the control plane starts on it with an empty store"};
    }
}
