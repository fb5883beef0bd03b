package io.openvcluster.server.kube.host;

import static io.openvcluster.server.kube.crd.SharedStrings.shared;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterManifests;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the host cache keeps of each host object: a record of the facts its readers derive from it, made once per
 * watch event ({@link CompactItemStore}), instead of a fabric8 model object. A fabric8 object costs an {@code
 * ObjectMeta} of 17 fields, a model object, and strings for its name, namespace, uid and version even when trimmed to
 * what is read (about 5 KB per server in the seven objects of a vcluster); a record holds only the verdicts, most of
 * them one shared value for all servers (a phase, a status column), and the key of the store names the object. Each
 * fact is computed by the reader's own function on the whole object ({@link HostObserver#podStatus},
 * {@link #ready}, {@link SnapshotPods#phase}...), so a reader of the record gives the verdict it gave on the
 * object ({@code TrimmedVerdictsIT} compares the two for every object the sandbox produces).
 */
public final class HostObjects {
    /** The annotations that show which values a control plane runs (manifest path, Helm path). */
    static final Set<String> ROLLOUT_MARKERS = Set.of(VclusterManifests.CONFIG_HASH_ANNOTATION,
            VclusterManifests.VALUES_DIGEST_ANNOTATION);

    private HostObjects() {
    }

    /** Every cached fact set keeps the object's resourceVersion: the informer compares it to skip unchanged objects. */
    sealed interface Cached permits CachedNamespace, CachedStatefulSet, CachedPod, CachedService, CachedSecret,
            CachedSnapshotRequest {
        String resourceVersion();
    }

    /**
     * A server's namespace: its server id label (how every host event finds its server; empty if the label went)
     * and whether it is being deleted.
     */
    record CachedNamespace(String resourceVersion, String serverId, boolean terminating) implements Cached {
        static CachedNamespace of(Namespace ns) {
            Map<String, String> labels = ns.getMetadata().getLabels();
            String serverId = labels == null ? null : labels.get(Records.LABEL_SERVER_ID);
            return new CachedNamespace(ns.getMetadata().getResourceVersion(), serverId == null ? "" : serverId,
                    ns.getMetadata().getDeletionTimestamp() != null);
        }

        Optional<String> server() {
            return serverId.isEmpty() ? Optional.empty() : Optional.of(serverId);
        }
    }

    /**
     * The control plane's StatefulSet: what {@link HostObserver#workload} reads (replicas wanted, current and ready,
     * its annotations: pause, restore and fault marks, the Helm digest) and the rollout markers on its pod template
     * (the values the next pod runs). Not the template itself: the two rare flows that build a pod from it read the
     * StatefulSet live ({@link SnapshotPods#controlPlane}).
     */
    public record CachedStatefulSet(String resourceVersion, HostObservation.Workload workload,
                             Map<String, String> templateMarkers) implements Cached {
        static CachedStatefulSet of(StatefulSet sts) {
            HostObservation.Workload workload = HostObserver.workload(sts);
            Map<String, String> annotations = workload.annotations().entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(e -> shared(e.getKey()), Map.Entry::getValue));
            boolean template = sts.getSpec() != null && sts.getSpec().getTemplate() != null
                    && sts.getSpec().getTemplate().getMetadata() != null;
            return new CachedStatefulSet(sts.getMetadata().getResourceVersion(),
                    new HostObservation.Workload(workload.specReplicas(), workload.readyReplicas(),
                            workload.statusReplicas(), annotations),
                    rolloutMarkers(template ? sts.getSpec().getTemplate().getMetadata().getAnnotations() : null));
        }
    }

    /**
     * A pod (the control plane, or a snapshot or restore pod): its uid unless it is terminating ({@link
     * PowerOperations#controlPlanePodUid}, reboots), kubectl's status column ({@link HostObserver#podStatus}), its
     * phase ({@link SnapshotPods#phase}), Ready ({@link #ready}), the rollout markers among its
     * annotations, and a failed container's message ({@link SnapshotPods#failure}).
     */
    public record CachedPod(String resourceVersion, String uid, boolean terminating, String status, String phase,
                     boolean ready, Map<String, String> markers, Optional<String> failure) implements Cached {
        static CachedPod of(Pod pod) {
            return new CachedPod(pod.getMetadata().getResourceVersion(), pod.getMetadata().getUid(),
                    pod.getMetadata().getDeletionTimestamp() != null, shared(HostObserver.podStatus(pod)),
                    shared(SnapshotPods.phase(pod)), HostObjects.ready(pod),
                    rolloutMarkers(pod.getMetadata().getAnnotations()), SnapshotPods.failure(pod));
        }

        /** The uid of a pod that is not terminating. */
        public Optional<String> liveUid() {
            return terminating || uid == null ? Optional.empty() : Optional.of(uid);
        }
    }

    /**
     * A vcluster Service: its ClusterIP (the server's address; empty until assigned) and the first address of its
     * LoadBalancer, host name or IP (a console's endpoint).
     */
    record CachedService(String resourceVersion, String clusterIp, Optional<String> loadBalancerHost)
            implements Cached {
        static CachedService of(Service service) {
            String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
            List<LoadBalancerIngress> ingress = service.getStatus() == null
                    || service.getStatus().getLoadBalancer() == null ? null
                    : service.getStatus().getLoadBalancer().getIngress();
            Optional<String> host = ingress == null ? Optional.empty() : ingress.stream()
                    .map(i -> i.getHostname() != null ? i.getHostname() : i.getIp())
                    .filter(h -> h != null && !h.isBlank())
                    .findFirst();
            return new CachedService(service.getMetadata().getResourceVersion(), clusterIp == null ? "" : clusterIp,
                    host);
        }
    }

    /**
     * A vcluster Secret: only that it exists (the kubeconfig a console needs); the console download reads the Secret
     * live, so no vcluster's admin credentials sit in the facade's heap.
     */
    record CachedSecret(String resourceVersion) implements Cached {
        static CachedSecret of(Secret secret) {
            return new CachedSecret(secret.getMetadata().getResourceVersion());
        }
    }

    /** A vcluster snapshot request: its status, read once per change rather than parsed on every pass. */
    public record CachedSnapshotRequest(String resourceVersion, SnapshotRequests.RequestStatus status) implements Cached {
        static CachedSnapshotRequest of(ConfigMap request) {
            return new CachedSnapshotRequest(request.getMetadata().getResourceVersion(),
                    SnapshotRequests.status(request));
        }
    }

    /** The rollout markers among {@code annotations} (none when there are none). */
    private static Map<String, String> rolloutMarkers(Map<String, String> annotations) {
        if (annotations == null) {
            return Map.of();
        }
        return annotations.entrySet().stream().filter(e -> ROLLOUT_MARKERS.contains(e.getKey()))
                .collect(Collectors.toUnmodifiableMap(e -> shared(e.getKey()), Map.Entry::getValue));
    }

    /** A pod whose Ready condition is True. */
    public static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && Objects.equals("True", c.getStatus()));
    }
}
