package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.translator.ChartLabels;
import io.openvcluster.translator.VclusterNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What an admin's server diagnostics read from the host cluster, live (a rare call; the caches keep only the facts the
 * reconciler needs): the control plane's pods with their restarts and start, the namespace's ResourceQuota (hard and
 * used), the data volume's claim, and whether the kubeconfig Secret exists. A read that fails leaves its part empty
 * instead of failing the answer: diagnostics are most wanted when something is missing.
 */
public final class HostDiagnostics {
    /** The quota keys reported: the flavor's CPU, memory and storage, and the pods. */
    static final List<String> QUOTA_KEYS = List.of("requests.cpu", "limits.cpu", "requests.memory", "limits.memory",
            "requests.storage", "count/pods");

    private final KubernetesClient client;
    private final HostReads hosts;

    public HostDiagnostics(KubernetesClient client, HostReads hosts) {
        this.client = client;
        this.hosts = hosts;
    }

    /** A pod of the release: its phase, Ready, restarts summed over its containers, and when it started. */
    public record ControlPlanePod(String name, String phase, boolean ready, int restarts, Optional<Instant> startedAt) {
    }

    /** One quota key: its hard limit and what the namespace's pods use of it, as Kubernetes writes them. */
    public record QuotaUse(String hard, String used) {
        /** The use in bytes (memory, storage) or cores (CPU), when both are quantities. */
        public Optional<Double> usedAmount() {
            return amount(used);
        }

        public Optional<Double> hardAmount() {
            return amount(hard);
        }

        private static Optional<Double> amount(String quantity) {
            try {
                return Optional.of(Quantity.getAmountInBytes(new Quantity(quantity)).doubleValue());
            } catch (IllegalArgumentException | ArithmeticException e) {
                return Optional.empty();
            }
        }
    }

    /** The data volume's claim: the size asked for, the size bound (once bound) and its phase. */
    public record DataVolume(String name, String requested, Optional<String> capacity, String phase) {
    }

    /** Everything read; parts that could not be read are empty. */
    public record Report(String controlPlanePod, List<ControlPlanePod> pods, Map<String, QuotaUse> quota,
                         Optional<DataVolume> dataVolume, boolean kubeconfigSecret) {
        /** Seconds since the control plane's pod started; empty without one that started. */
        public Optional<Long> uptimeSeconds(Instant now) {
            return pods.stream().filter(p -> p.name().equals(controlPlanePod)).findFirst()
                    .flatMap(ControlPlanePod::startedAt).map(s -> Math.max(0, now.getEpochSecond() - s.getEpochSecond()));
        }
    }

    public Report read(VclusterNames names) {
        String ns = names.namespace();
        List<ControlPlanePod> pods = attempt(() -> client.pods().inNamespace(ns)
                .withLabel(ChartLabels.RELEASE, names.release()).list().getItems().stream()
                .map(HostDiagnostics::pod).toList()).orElse(List.of());
        Map<String, QuotaUse> quota = attempt(() -> Optional.ofNullable(client.resourceQuotas().inNamespace(ns)
                .withName(names.resourceQuota()).get()).map(HostDiagnostics::quota).orElse(Map.of()))
                .orElse(Map.of());
        Optional<DataVolume> volume = attempt(() -> Optional.ofNullable(client.persistentVolumeClaims()
                .inNamespace(ns).withName(names.dataPvc()).get()).map(HostDiagnostics::volume))
                .flatMap(v -> v);
        return new Report(names.pod(), pods, quota, volume, hosts.vclusterSecretExists(ns, names.kubeconfigSecret()));
    }

    private static ControlPlanePod pod(Pod pod) {
        var status = pod.getStatus();
        List<ContainerStatus> containers = status == null || status.getContainerStatuses() == null ? List.of()
                : status.getContainerStatuses();
        boolean ready = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new ControlPlanePod(pod.getMetadata().getName(),
                status == null || status.getPhase() == null ? "Unknown" : status.getPhase(), ready,
                containers.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum(),
                Optional.ofNullable(status == null ? null : status.getStartTime()).map(Instant::parse));
    }

    private static Map<String, QuotaUse> quota(ResourceQuota quota) {
        Map<String, Quantity> hard = quota.getStatus() != null && quota.getStatus().getHard() != null
                ? quota.getStatus().getHard() : quota.getSpec().getHard();
        Map<String, Quantity> used = quota.getStatus() == null || quota.getStatus().getUsed() == null ? Map.of()
                : quota.getStatus().getUsed();
        Map<String, QuotaUse> report = new TreeMap<>();
        for (String key : QUOTA_KEYS) {
            if (hard != null && hard.containsKey(key)) {
                report.put(key, new QuotaUse(hard.get(key).toString(),
                        Optional.ofNullable(used.get(key)).map(Quantity::toString).orElse("0")));
            }
        }
        return report;
    }

    private static DataVolume volume(PersistentVolumeClaim claim) {
        Quantity requested = claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        Optional<String> capacity = Optional.ofNullable(claim.getStatus())
                .map(s -> s.getCapacity() == null ? null : s.getCapacity().get("storage")).map(Quantity::toString);
        return new DataVolume(claim.getMetadata().getName(), requested == null ? "" : requested.toString(), capacity,
                claim.getStatus() == null || claim.getStatus().getPhase() == null ? "Pending"
                        : claim.getStatus().getPhase());
    }

    private static <T> Optional<T> attempt(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }
}
