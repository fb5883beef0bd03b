package io.openvcluster.server.kube.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values the Helm provisioner passes to vcluster's chart, and their digests. Pure.
 *
 * <p>Two digests, both sha256 over the chart's identity and the values' sorted YAML, written into the values as
 * annotations so that the host itself records what it runs (no state of our own, nothing to lose in a crash):
 * <ul>
 *   <li>{@value #RELEASE_DIGEST} on the StatefulSet: the whole release (chart, the image's operator overlay, the
 *       facade's values). Helm is called only when the live StatefulSet carries another one;</li>
 *   <li>{@value #VALUES_DIGEST} on the pod template and the pod: the facade's own values (flavor and image), the
 *       marker resize, revert and rebuild wait for. It leaves the overlay out, so the marker is known without reading
 *       the overlay Secret on every pass.</li>
 * </ul>
 * A paused vcluster is carried into the values ({@link #withPause}) but into neither digest: pausing is a power
 * operation done with fabric8, never a reason to upgrade.
 */
public final class HelmValues {
    static final String RELEASE_DIGEST = "openvcluster.io/release-digest";
    public static final String VALUES_DIGEST = VclusterManifests.VALUES_DIGEST_ANNOTATION;
    /** Annotations vcluster's pause and restore put on the StatefulSet ({@code loft.sh/paused}, ...-replicas, ...). */
    static final String PAUSE_PREFIX = "loft.sh/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HelmValues() {
    }

    /**
     * {@code facade} laid over {@code overlay}: maps merged key by key, the facade's value wins everywhere else (the
     * same merge as the manifest path's object update).
     */
    static Map<String, Object> merged(Map<String, Object> overlay, Map<String, Object> facade) {
        return ManifestProvisioner.merge(overlay, facade);
    }

    /** Hex sha256 of the chart's identity and the values' YAML (keys sorted: the same values, the same digest). */
    static String digest(String chartIdentity, Map<String, Object> values) {
        return VclusterManifests.configHash(chartIdentity + "\n" + VclusterValues.configYaml(values));
    }

    /** The values with both digests as annotations (StatefulSet, and pod template). */
    static Map<String, Object> withMarkers(Map<String, Object> values, String releaseDigest, String valuesDigest) {
        Map<String, Object> result = deepCopy(values);
        Map<String, Object> statefulSet = child(child(result, "controlPlane"), "statefulSet");
        child(statefulSet, "annotations").put(RELEASE_DIGEST, releaseDigest);
        child(child(statefulSet, "pods"), "annotations").put(VALUES_DIGEST, valuesDigest);
        return result;
    }

    /** The release digest a revision's values carry, if they were written by this provisioner. */
    static Optional<String> releaseDigest(Map<String, Object> values) {
        return Optional.ofNullable(path(values, "controlPlane", "statefulSet", "annotations"))
                .map(annotations -> annotations.get(RELEASE_DIGEST)).map(Object::toString);
    }

    /**
     * The values with the pause state of the host: a paused vcluster ({@code pausedAnnotations} present) is rendered
     * with 0 replicas and vcluster's pause annotations, so that Helm's three-way merge leaves it paused (an upgrade
     * renders the StatefulSet whole: with the chart's replicas it would start the control plane again); a running one
     * with neither. The replicas then belong to the power operations again, as on the manifest path.
     */
    static Map<String, Object> withPause(Map<String, Object> values, Optional<Map<String, String>> pausedAnnotations) {
        Map<String, Object> result = deepCopy(values);
        Map<String, Object> statefulSet = child(child(result, "controlPlane"), "statefulSet");
        child(statefulSet, "annotations").keySet().removeIf(key -> key.startsWith(PAUSE_PREFIX));
        Map<String, Object> availability = child(statefulSet, "highAvailability");
        availability.remove("replicas");
        pausedAnnotations.ifPresent(paused -> {
            child(statefulSet, "annotations").putAll(paused);
            availability.put("replicas", 0);
        });
        if (availability.isEmpty()) {
            statefulSet.remove("highAvailability");
        }
        return result;
    }

    static Map<String, Object> parse(String yaml) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = yaml == null || yaml.isBlank() ? null : YAML.readValue(yaml, Map.class);
            return values == null ? new LinkedHashMap<>() : values;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a YAML map of chart values: " + e.getOriginalMessage(), e);
        }
    }

    static String yaml(Map<String, Object> values) {
        return VclusterValues.configYaml(values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> values, String... keys) {
        Map<String, Object> current = values;
        for (String key : keys) {
            if (!(current.get(key) instanceof Map<?, ?> next)) {
                return null;
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }

    /** The map under {@code key}, created (or replaced, when it is not a map) if needed. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        if (parent.get(key) instanceof Map<?, ?> existing) {
            return (Map<String, Object>) existing;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> map
                ? deepCopy((Map<String, Object>) map) : value));
        return copy;
    }
}
