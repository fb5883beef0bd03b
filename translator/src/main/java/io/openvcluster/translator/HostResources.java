package io.openvcluster.translator;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flavor → ResourceQuota, LimitRange and control-plane container resources (docs/translation.md, "Flavors").
 *
 * <p>The flavor's vCPUs, RAM and disk are what the tenant's <em>workloads</em> get. The quota covers the whole
 * host namespace, the control plane's pods included, so each total adds the control plane's own share: the syncer
 * container, the synced CoreDNS pod, the data PVC, and headroom for one transient snapshot/restore pod.
 * Quantities are computed in millicores and MiB so the output is exact and deterministic.
 */
public final class HostResources {

    /** Size of the control plane's data PVC (chart default; holds the SQLite backing store). */
    public static final long DATA_PVC_MIB = 5 * 1024;

    // The syncer container: requests are the chart defaults; the limits are set explicitly, CPU included,
    // so the pod is admitted under a limits.cpu quota (vcluster 0.36.1's chart sets no CPU limit for it by default).
    static final long SYNCER_CPU_REQUEST_MILLIS = 200;
    static final long SYNCER_MEMORY_REQUEST_MIB = 256;
    static final long SYNCER_EPHEMERAL_REQUEST_MIB = 1024;
    static final long SYNCER_EPHEMERAL_LIMIT_MIB = 10 * 1024;

    // The init container that copies the Kubernetes binaries (chart defaults, not overridden).
    static final long INIT_CPU_REQUEST_MILLIS = 40;
    static final long INIT_CPU_LIMIT_MILLIS = 100;
    static final long INIT_MEMORY_REQUEST_MIB = 64;
    static final long INIT_MEMORY_LIMIT_MIB = 256;

    // CoreDNS runs inside the vcluster and is synced to the host namespace (chart defaults); it sets no
    // ephemeral-storage, so the LimitRange defaults apply to it.
    static final long COREDNS_CPU_REQUEST_MILLIS = 20;
    static final long COREDNS_CPU_LIMIT_MILLIS = 1000;
    static final long COREDNS_MEMORY_REQUEST_MIB = 64;
    static final long COREDNS_MEMORY_LIMIT_MIB = 170;

    /** Pods of the control plane counted by count/pods: the syncer, CoreDNS, one snapshot/restore pod. */
    static final int OVERHEAD_PODS = 3;
    /** Services (and their Endpoints): the vcluster Service, the headless Service, the synced kube-dns. */
    static final int OVERHEAD_SERVICES = 3;
    /** The data PVC. */
    static final int OVERHEAD_PVCS = 1;
    /** Secrets the tenant may create; the control plane adds config, kubeconfig, certs, Helm history, snapshot requests. */
    static final int TENANT_SECRETS = 100;
    static final int OVERHEAD_SECRETS = 20;
    /** ConfigMaps the tenant may create; the control plane adds kube-root-ca, CoreDNS, snapshot requests. */
    static final int TENANT_CONFIGMAPS = 100;
    static final int OVERHEAD_CONFIGMAPS = 10;

    /** Every key the chart's default quota sets: each must be written explicitly (Helm deep-merges the map). */
    public static final Set<String> CHART_DEFAULT_QUOTA_KEYS = Set.of(
            "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
            "limits.cpu", "limits.memory", "limits.ephemeral-storage",
            "services.nodeports", "services.loadbalancers",
            "count/endpoints", "count/pods", "count/services", "count/secrets", "count/configmaps",
            "count/persistentvolumeclaims");

    private HostResources() {
    }

    /** The hard limits of the namespace quota, sorted by key. */
    public static Map<String, String> quota(FlavorSpec flavor) {
        LimitSizes lr = LimitSizes.of(flavor);
        long workloadCpu = flavor.vcpus() * 1000L;
        long workloadMemory = flavor.ramMb();
        long workloadEphemeral = flavor.diskGb() * 1024L;
        // The snapshot/restore pod sets no resources (LimitRange defaults) and copies the init container.
        long snapshotCpuRequest = Math.max(lr.cpuRequestMillis(), INIT_CPU_REQUEST_MILLIS);
        long snapshotCpuLimit = Math.max(lr.cpuLimitMillis(), INIT_CPU_LIMIT_MILLIS);
        long snapshotMemoryRequest = Math.max(lr.memoryRequestMib(), INIT_MEMORY_REQUEST_MIB);
        long snapshotMemoryLimit = Math.max(lr.memoryLimitMib(), INIT_MEMORY_LIMIT_MIB);

        Map<String, String> hard = new TreeMap<>();
        hard.put("requests.cpu", Quantities.cpu(workloadCpu + SYNCER_CPU_REQUEST_MILLIS
                + COREDNS_CPU_REQUEST_MILLIS + snapshotCpuRequest));
        hard.put("limits.cpu", Quantities.cpu(workloadCpu + flavor.controlPlaneCpuMillis()
                + COREDNS_CPU_LIMIT_MILLIS + snapshotCpuLimit));
        hard.put("requests.memory", Quantities.mebibytes(workloadMemory + SYNCER_MEMORY_REQUEST_MIB
                + COREDNS_MEMORY_REQUEST_MIB + snapshotMemoryRequest));
        hard.put("limits.memory", Quantities.mebibytes(workloadMemory + flavor.controlPlaneMemoryMib()
                + COREDNS_MEMORY_LIMIT_MIB + snapshotMemoryLimit));
        hard.put("requests.storage", Quantities.mebibytes(flavor.diskGb() * 1024L + DATA_PVC_MIB));
        // Control-plane pod (init defaulted by the LimitRange), CoreDNS and the snapshot pod (both defaulted).
        hard.put("requests.ephemeral-storage", Quantities.mebibytes(workloadEphemeral
                + Math.max(SYNCER_EPHEMERAL_REQUEST_MIB, lr.ephemeralRequestMib()) + 2 * lr.ephemeralRequestMib()));
        hard.put("limits.ephemeral-storage", Quantities.mebibytes(workloadEphemeral
                + Math.max(SYNCER_EPHEMERAL_LIMIT_MIB, lr.ephemeralLimitMib()) + 2 * lr.ephemeralLimitMib()));
        hard.put("count/pods", Integer.toString(flavor.maxPods() + OVERHEAD_PODS));
        hard.put("count/services", Integer.toString(flavor.maxServices() + OVERHEAD_SERVICES));
        hard.put("count/endpoints", Integer.toString(flavor.maxServices() + OVERHEAD_SERVICES));
        hard.put("count/persistentvolumeclaims", Integer.toString(flavor.pvcCount() + OVERHEAD_PVCS));
        hard.put("count/secrets", Integer.toString(TENANT_SECRETS + OVERHEAD_SECRETS));
        hard.put("count/configmaps", Integer.toString(TENANT_CONFIGMAPS + OVERHEAD_CONFIGMAPS));
        hard.put("services.loadbalancers", Integer.toString(flavor.loadBalancers()));
        hard.put("services.nodeports", Integer.toString(flavor.nodePorts()));
        return hard;
    }

    /** The LimitRange's per-container default limits, sorted by key. */
    public static Map<String, String> limitDefaults(FlavorSpec flavor) {
        LimitSizes lr = LimitSizes.of(flavor);
        return sorted(Quantities.cpu(lr.cpuLimitMillis()), Quantities.mebibytes(lr.ephemeralLimitMib()),
                Quantities.mebibytes(lr.memoryLimitMib()));
    }

    /** The LimitRange's per-container default requests, sorted by key. */
    public static Map<String, String> limitDefaultRequests(FlavorSpec flavor) {
        LimitSizes lr = LimitSizes.of(flavor);
        return sorted(Quantities.cpu(lr.cpuRequestMillis()), Quantities.mebibytes(lr.ephemeralRequestMib()),
                Quantities.mebibytes(lr.memoryRequestMib()));
    }

    /** {@code controlPlane.statefulSet.resources}: {@code {limits: {...}, requests: {...}}}. */
    public static Map<String, Object> controlPlaneResources(FlavorSpec flavor) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("limits", sorted(Quantities.cpu(flavor.controlPlaneCpuMillis()),
                Quantities.mebibytes(SYNCER_EPHEMERAL_LIMIT_MIB), Quantities.mebibytes(flavor.controlPlaneMemoryMib())));
        resources.put("requests", sorted(Quantities.cpu(SYNCER_CPU_REQUEST_MILLIS),
                Quantities.mebibytes(SYNCER_EPHEMERAL_REQUEST_MIB), Quantities.mebibytes(SYNCER_MEMORY_REQUEST_MIB)));
        return resources;
    }

    /** ResourceQuota {@code vc-<release>} as the chart renders it for {@link VclusterValues#values}. */
    public static ResourceQuota resourceQuota(VclusterNames names, FlavorSpec flavor, String chartVersion) {
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(names.resourceQuota())
                .withNamespace(names.namespace())
                .withLabels(ChartLabels.of(names, chartVersion))
                .endMetadata()
                .withNewSpec()
                .withHard(quantities(quota(flavor)))
                .endSpec()
                .build();
    }

    /** LimitRange {@code vc-<release>} (one {@code Container} item) as the chart renders it. */
    public static LimitRange limitRange(VclusterNames names, FlavorSpec flavor, String chartVersion) {
        return new LimitRangeBuilder()
                .withNewMetadata()
                .withName(names.limitRange())
                .withNamespace(names.namespace())
                .withLabels(ChartLabels.of(names, chartVersion))
                .endMetadata()
                .withNewSpec()
                .addNewLimit()
                .withDefault(quantities(limitDefaults(flavor)))
                .withDefaultRequest(quantities(limitDefaultRequests(flavor)))
                .withType("Container")
                .endLimit()
                .endSpec()
                .build();
    }

    static Map<String, Quantity> quantities(Map<String, ?> values) {
        Map<String, Quantity> result = new TreeMap<>();
        values.forEach((key, value) -> result.put(key, new Quantity(String.valueOf(value))));
        return result;
    }

    private static Map<String, String> sorted(String cpu, String ephemeralStorage, String memory) {
        Map<String, String> map = new TreeMap<>();
        map.put("cpu", cpu);
        map.put("ephemeral-storage", ephemeralStorage);
        map.put("memory", memory);
        return map;
    }

    /**
     * LimitRange sizes scaled from the flavor, so that a few pods without resources fit in a small flavor
     * and the defaults never exceed the chart's (1 CPU, 512Mi, 8Gi); requests are 1/10 (CPU) and 1/4
     * (memory, ephemeral storage) of the limits, as in the chart's defaults.
     */
    record LimitSizes(long cpuLimitMillis, long cpuRequestMillis, long memoryLimitMib, long memoryRequestMib,
                      long ephemeralLimitMib, long ephemeralRequestMib) {
        static LimitSizes of(FlavorSpec flavor) {
            long cpu = clamp(flavor.vcpus() * 1000L / 4, 100, 1000);
            long memory = clamp(flavor.ramMb() / 4, 64, 512);
            long ephemeral = clamp(flavor.diskGb() * 1024L / 4, 256, 8 * 1024);
            return new LimitSizes(cpu, Math.max(10, cpu / 10), memory, memory / 4, ephemeral, ephemeral / 4);
        }

        private static long clamp(long value, long min, long max) {
            return Math.max(min, Math.min(max, value));
        }
    }
}
