package io.openvcluster.translator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flavor + image → the vcluster.yaml values passed to {@code helm upgrade --install} of the vcluster chart
 * (version {@link ImageSpec#chartVersion()}), and their text form.
 */
public final class VclusterValues {

    /** The pure open-source syncer image (the chart's default is the "pro" image). */
    public static final String SYNCER_REPOSITORY = "loft-sh/vcluster-oss";

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private VclusterValues() {
    }

    /**
     * The values: distro k8s at the image's version, the OSS syncer with explicit resources and the data PVC
     * size, and the flavor's quota and limit range with every chart-default quota key written explicitly
     * (Helm deep-merges the quota map; a chart default we do not want is set to null, which deletes it).
     *
     * @param names unused by the current values, kept so that name-dependent values (exported kubeconfig
     *              server, extra SANs) can be added without changing callers
     */
    public static Map<String, Object> values(VclusterNames names, FlavorSpec flavor, ImageSpec image) {
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("enabled", true);
        k8s.put("version", image.kubernetesTag());

        Map<String, Object> statefulSet = new LinkedHashMap<>();
        statefulSet.put("image", Map.of("repository", SYNCER_REPOSITORY));
        statefulSet.put("resources", HostResources.controlPlaneResources(flavor));
        statefulSet.put("persistence", Map.of("volumeClaim",
                Map.of("size", Quantities.mebibytes(HostResources.DATA_PVC_MIB))));

        Map<String, Object> controlPlane = new LinkedHashMap<>();
        controlPlane.put("distro", Map.of("k8s", k8s));
        controlPlane.put("statefulSet", statefulSet);

        Map<String, Object> quota = new LinkedHashMap<>(HostResources.quota(flavor));
        HostResources.CHART_DEFAULT_QUOTA_KEYS.stream().sorted()
                .filter(key -> !quota.containsKey(key))
                .forEach(key -> quota.put(key, null));
        Map<String, Object> resourceQuota = new LinkedHashMap<>();
        resourceQuota.put("enabled", true);
        resourceQuota.put("quota", quota);

        Map<String, Object> limitRange = new LinkedHashMap<>();
        limitRange.put("enabled", true);
        limitRange.put("default", HostResources.limitDefaults(flavor));
        limitRange.put("defaultRequest", HostResources.limitDefaultRequests(flavor));

        Map<String, Object> policies = new LinkedHashMap<>();
        policies.put("resourceQuota", resourceQuota);
        policies.put("limitRange", limitRange);

        Map<String, Object> values = new LinkedHashMap<>();
        values.put("controlPlane", controlPlane);
        values.put("policies", policies);
        return values;
    }

    /**
     * The YAML text of values, keys sorted at every level (as Helm's toYaml does), so the same values give
     * the same text and the same {@code vClusterConfigHash}.
     */
    public static String configYaml(Map<String, Object> values) {
        try {
            return YAML.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
