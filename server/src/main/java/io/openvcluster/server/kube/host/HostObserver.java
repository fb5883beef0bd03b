package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the host shows of one vcluster, read from the {@link HostCache} (no API call). */
public final class HostObserver {
    private final HostCache cache;

    public HostObserver(HostCache cache) {
        this.cache = cache;
    }

    public HostObservation observe(VclusterNames names) {
        boolean namespacePresent = cache.namespace(names.namespace()).filter(ns -> !ns.terminating()).isPresent();
        Optional<HostObservation.Workload> workload = cache.statefulSet(names.namespace(), names.statefulSet())
                .map(HostObjects.CachedStatefulSet::workload);
        boolean kubeconfig = cache.secretExists(names.namespace(), names.kubeconfigSecret());
        Optional<String> podStatus = cache.pod(names.namespace(), names.pod()).map(HostObjects.CachedPod::status);
        return new HostObservation(namespacePresent, workload, kubeconfig, podStatus);
    }

    /** The ClusterIP of the vcluster's Service, once the cluster assigned one. */
    public Optional<String> clusterIp(VclusterNames names) {
        return cache.service(names.namespace(), names.service())
                .flatMap(service -> usableClusterIp(service.clusterIp()));
    }

    /** A Service's {@code spec.clusterIP} as an address: empty when unset or {@code None} (a headless Service). */
    public static Optional<String> usableClusterIp(String clusterIp) {
        return Optional.ofNullable(clusterIp).filter(ip -> !ip.isBlank() && !"None".equals(ip));
    }

    static HostObservation.Workload workload(StatefulSet sts) {
        int spec = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        int ready = sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null ? 0 : sts.getStatus().getReadyReplicas();
        int current = sts.getStatus() == null || sts.getStatus().getReplicas() == null ? 0 : sts.getStatus().getReplicas();
        Map<String, String> annotations = sts.getMetadata().getAnnotations() == null ? Map.of() : sts.getMetadata().getAnnotations();
        return new HostObservation.Workload(spec, ready, current, annotations);
    }

    /** The status column of {@code kubectl get pod}, in the cases vcluster's CLI looks at. */
    static String podStatus(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (pod.getStatus() == null) {
            return "Pending";
        }
        List<ContainerStatus> init = Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of());
        for (int i = 0; i < init.size(); i++) {
            ContainerStatus status = init.get(i);
            if (status.getState() == null) {
                continue;
            }
            if (status.getState().getTerminated() != null && status.getState().getTerminated().getExitCode() != 0) {
                return "Init:" + Optional.ofNullable(status.getState().getTerminated().getReason()).orElse("Error");
            }
            if (status.getState().getWaiting() != null && status.getState().getWaiting().getReason() != null
                    && !"PodInitializing".equals(status.getState().getWaiting().getReason())) {
                return "Init:" + status.getState().getWaiting().getReason();
            }
            if (status.getState().getTerminated() == null) {
                return "Init:" + i + "/" + init.size();
            }
        }
        for (ContainerStatus status : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
            if (status.getState() != null && status.getState().getWaiting() != null
                    && status.getState().getWaiting().getReason() != null) {
                return status.getState().getWaiting().getReason();
            }
            if (status.getState() != null && status.getState().getTerminated() != null) {
                return Optional.ofNullable(status.getState().getTerminated().getReason()).orElse("Error");
            }
        }
        return Optional.ofNullable(pod.getStatus().getPhase()).orElse("Pending");
    }
}
