package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostResourcesTest {
    private static final VclusterNames NAMES = new VclusterNames("id", "my-vc", "vcluster-my-vc");
    private static final FlavorSpec TINY = new FlavorSpec("1", "vc.tiny", 1, 1024, 5, Map.of());

    @Test
    void tinyQuotaIsTheFlavorPlusTheControlPlane() {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                // 1000m workloads + 200m syncer + 20m CoreDNS + 40m snapshot pod (its init container)
                Map.entry("requests.cpu", "1260m"),
                // 1000m + 1000m syncer limit + 1000m CoreDNS + 250m snapshot pod (LimitRange default)
                Map.entry("limits.cpu", "3250m"),
                // 1024Mi + 256Mi syncer + 64Mi CoreDNS + 64Mi snapshot pod
                Map.entry("requests.memory", "1408Mi"),
                // 1024Mi + 2Gi syncer + 170Mi CoreDNS + 256Mi snapshot pod
                Map.entry("limits.memory", "3498Mi"),
                // 5Gi disk + 5Gi data PVC
                Map.entry("requests.storage", "10Gi"),
                // 5Gi + 1Gi syncer + 2 x 320Mi (CoreDNS, snapshot pod)
                Map.entry("requests.ephemeral-storage", "6784Mi"),
                // 5Gi + 10Gi syncer + 2 x 1280Mi
                Map.entry("limits.ephemeral-storage", "17920Mi"),
                Map.entry("count/pods", "23"),
                Map.entry("count/services", "23"),
                Map.entry("count/endpoints", "23"),
                Map.entry("count/persistentvolumeclaims", "21"),
                Map.entry("count/secrets", "120"),
                Map.entry("count/configmaps", "110"),
                Map.entry("services.loadbalancers", "1"),
                Map.entry("services.nodeports", "0")));

        assertEquals(expected, HostResources.quota(TINY));
    }

    @Test
    void extraSpecsDriveTheCounts() {
        FlavorSpec flavor = new FlavorSpec("x", "x", 2, 2048, 10, Map.of(
                "vcluster:max_pods", "50", "vcluster:max_services", "5", "vcluster:load_balancers", "3",
                "vcluster:node_ports", "2", "vcluster:pvc_count", "4", "vcluster:control_plane_memory", "1Gi",
                "vcluster:control_plane_cpu", "500m"));

        Map<String, String> quota = HostResources.quota(flavor);

        assertEquals("53", quota.get("count/pods"));
        assertEquals("8", quota.get("count/services"));
        assertEquals("8", quota.get("count/endpoints"));
        assertEquals("5", quota.get("count/persistentvolumeclaims"));
        assertEquals("3", quota.get("services.loadbalancers"));
        assertEquals("2", quota.get("services.nodeports"));
        // 2048 + 1024 + 170 + 512 (LimitRange default of a 2 GiB flavor)
        assertEquals("3754Mi", quota.get("limits.memory"));
        // 2000 + 500 + 1000 + 500
        assertEquals("4", quota.get("limits.cpu"));
    }

    @ParameterizedTest
    @MethodSource("catalogFlavors")
    void everyChartDefaultKeyIsWritten(FlavorSpec flavor) {
        assertEquals(HostResources.CHART_DEFAULT_QUOTA_KEYS, HostResources.quota(flavor).keySet());
    }

    /**
     * Admission: the quota must leave the tenant its whole flavor after the control-plane pod (as rendered),
     * CoreDNS and one snapshot pod with LimitRange defaults are admitted.
     */
    @ParameterizedTest
    @MethodSource("catalogFlavors")
    void quotaLeavesTheWholeFlavorToWorkloads(FlavorSpec flavor) {
        Map<String, String> quota = HostResources.quota(flavor);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> cp = (Map<String, Map<String, String>>) (Map<?, ?>)
                HostResources.controlPlaneResources(flavor);
        Map<String, String> lrDefault = HostResources.limitDefaults(flavor);
        Map<String, String> lrRequest = HostResources.limitDefaultRequests(flavor);

        assertFits(quota, "requests.cpu", flavor.vcpus() + "", cp.get("requests").get("cpu"), "20m", lrRequest.get("cpu"));
        assertFits(quota, "limits.cpu", flavor.vcpus() + "", cp.get("limits").get("cpu"), "1", lrDefault.get("cpu"));
        assertFits(quota, "requests.memory", flavor.ramMb() + "Mi", cp.get("requests").get("memory"), "64Mi",
                lrRequest.get("memory"));
        assertFits(quota, "limits.memory", flavor.ramMb() + "Mi", cp.get("limits").get("memory"), "170Mi",
                lrDefault.get("memory"));
        assertFits(quota, "requests.storage", flavor.diskGb() + "Gi", "5Gi");
        assertFits(quota, "limits.ephemeral-storage", flavor.diskGb() + "Gi", cp.get("limits").get("ephemeral-storage"),
                lrDefault.get("ephemeral-storage"), lrDefault.get("ephemeral-storage"));
        assertTrue(Integer.parseInt(quota.get("count/pods")) >= flavor.maxPods() + 3);
    }

    @Test
    void controlPlaneHasAnExplicitCpuLimit() {
        Map<String, Object> resources = HostResources.controlPlaneResources(TINY);

        assertEquals(Map.of("cpu", "1", "memory", "2Gi", "ephemeral-storage", "10Gi"), resources.get("limits"));
        assertEquals(Map.of("cpu", "200m", "memory", "256Mi", "ephemeral-storage", "1Gi"), resources.get("requests"));
    }

    static Stream<Arguments> limitRanges() {
        return Stream.of(
                Arguments.of(1, 1024, 5, Map.of("cpu", "250m", "memory", "256Mi", "ephemeral-storage", "1280Mi"),
                        Map.of("cpu", "25m", "memory", "64Mi", "ephemeral-storage", "320Mi")),
                Arguments.of(2, 4096, 20, Map.of("cpu", "500m", "memory", "512Mi", "ephemeral-storage", "5Gi"),
                        Map.of("cpu", "50m", "memory", "128Mi", "ephemeral-storage", "1280Mi")),
                Arguments.of(16, 32768, 200, Map.of("cpu", "1", "memory", "512Mi", "ephemeral-storage", "8Gi"),
                        Map.of("cpu", "100m", "memory", "128Mi", "ephemeral-storage", "2Gi")),
                Arguments.of(1, 128, 1, Map.of("cpu", "250m", "memory", "64Mi", "ephemeral-storage", "256Mi"),
                        Map.of("cpu", "25m", "memory", "16Mi", "ephemeral-storage", "64Mi")));
    }

    @ParameterizedTest
    @MethodSource("limitRanges")
    void limitRangeDefaultsScaleWithTheFlavor(int vcpus, int ramMb, int diskGb, Map<String, String> defaults,
                                              Map<String, String> requests) {
        FlavorSpec flavor = new FlavorSpec("f", "f", vcpus, ramMb, diskGb, Map.of());

        assertEquals(defaults, HostResources.limitDefaults(flavor));
        assertEquals(requests, HostResources.limitDefaultRequests(flavor));
    }

    @Test
    void quotaObjectCarriesNameNamespaceLabelsAndHardLimits() {
        ResourceQuota quota = HostResources.resourceQuota(NAMES, TINY, "0.36.1");

        assertEquals("vc-my-vc", quota.getMetadata().getName());
        assertEquals("vcluster-my-vc", quota.getMetadata().getNamespace());
        assertEquals(Map.of("app", "vcluster", "chart", "vcluster-0.36.1", "release", "my-vc", "heritage", "Helm"),
                quota.getMetadata().getLabels());
        assertEquals(new Quantity("1260m"), quota.getSpec().getHard().get("requests.cpu"));
        assertEquals(15, quota.getSpec().getHard().size());
    }

    @Test
    void limitRangeObjectHasOneContainerItem() {
        LimitRange limitRange = HostResources.limitRange(NAMES, TINY, "0.36.1");

        assertEquals("vc-my-vc", limitRange.getMetadata().getName());
        assertEquals(1, limitRange.getSpec().getLimits().size());
        LimitRangeItem item = limitRange.getSpec().getLimits().get(0);
        assertEquals("Container", item.getType());
        assertEquals(new Quantity("250m"), item.getDefault().get("cpu"));
        assertEquals(new Quantity("64Mi"), item.getDefaultRequest().get("memory"));
    }

    static Stream<FlavorSpec> catalogFlavors() {
        return DefaultCatalog.flavors().stream().map(FlavorSpec::of);
    }

    private static void assertFits(Map<String, String> quota, String key, String... parts) {
        BigDecimal sum = BigDecimal.ZERO;
        for (String part : parts) {
            sum = sum.add(Quantity.getAmountInBytes(new Quantity(part)));
        }
        BigDecimal hard = Quantity.getAmountInBytes(new Quantity(quota.get(key)));
        assertTrue(hard.compareTo(sum) >= 0, key + ": " + quota.get(key) + " < " + String.join(" + ", parts));
    }
}
