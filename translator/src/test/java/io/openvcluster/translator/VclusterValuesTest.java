package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.Map;

import org.junit.jupiter.api.Test;

class VclusterValuesTest {
    private static final VclusterNames NAMES = new VclusterNames("id", "my-vc", "vcluster-my-vc");
    private static final FlavorSpec SMALL = new FlavorSpec("2", "vc.small", 2, 4096, 20, Map.of());
    private static final ImageSpec IMAGE = ImageSpec.k8s("img", "0.36.1", "1.33.4");

    @Test
    void valuesSetDistroSyncerPersistenceAndPolicies() {
        Map<String, Object> values = VclusterValues.values(NAMES, SMALL, IMAGE);

        assertEquals(true, at(values, "controlPlane", "distro", "k8s", "enabled"));
        assertEquals("v1.33.4", at(values, "controlPlane", "distro", "k8s", "version"));
        assertEquals("loft-sh/vcluster-oss", at(values, "controlPlane", "statefulSet", "image", "repository"));
        assertEquals(HostResources.controlPlaneResources(SMALL), at(values, "controlPlane", "statefulSet", "resources"));
        assertEquals("5Gi", at(values, "controlPlane", "statefulSet", "persistence", "volumeClaim", "size"));
        assertEquals(true, at(values, "policies", "resourceQuota", "enabled"));
        assertEquals(HostResources.quota(SMALL), at(values, "policies", "resourceQuota", "quota"));
        assertEquals(true, at(values, "policies", "limitRange", "enabled"));
        assertEquals(HostResources.limitDefaults(SMALL), at(values, "policies", "limitRange", "default"));
        assertEquals(HostResources.limitDefaultRequests(SMALL), at(values, "policies", "limitRange", "defaultRequest"));
    }

    @Test
    void quotaWritesEveryChartDefaultKey() {
        @SuppressWarnings("unchecked")
        Map<String, Object> quota = (Map<String, Object>) at(VclusterValues.values(NAMES, SMALL, IMAGE),
                "policies", "resourceQuota", "quota");

        assertTrue(quota.keySet().containsAll(HostResources.CHART_DEFAULT_QUOTA_KEYS), quota.keySet().toString());
    }

    @Test
    void configYamlIsSortedQuotedAndRoundTrips() throws Exception {
        Map<String, Object> values = VclusterValues.values(NAMES, SMALL, IMAGE);
        String yaml = VclusterValues.configYaml(values);

        assertTrue(yaml.startsWith("controlPlane:\n  distro:\n    k8s:\n      enabled: true\n      version: v1.33.4\n"), yaml);
        // numbers stay strings: the chart quotes them anyway and the syncer parses quantities
        assertTrue(yaml.contains("      count/pods: \"43\"\n"), yaml);
        assertTrue(yaml.indexOf("limitRange:") < yaml.indexOf("resourceQuota:"), "keys sorted");
        assertEquals(values, new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class));
    }

    @Test
    void sameInputGivesSameTextAndAnotherFlavorAnother() {
        String a = VclusterValues.configYaml(VclusterValues.values(NAMES, SMALL, IMAGE));
        String b = VclusterValues.configYaml(VclusterValues.values(NAMES, SMALL, IMAGE));
        FlavorSpec bigger = new FlavorSpec("3", "vc.medium", 4, 8192, 40, Map.of());
        String c = VclusterValues.configYaml(VclusterValues.values(NAMES, bigger, IMAGE));

        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
