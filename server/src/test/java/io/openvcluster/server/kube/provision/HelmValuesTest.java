package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HelmValuesTest {

    @Test
    void theFacadeWinsOverTheOverlayKeyByKeyAndNullsSurvive() {
        Map<String, Object> overlay = HelmValues.parse("""
                a: {keep: 1, replaced: overlay}
                b: [1, 2]
                c: {only: overlay}
                """);
        Map<String, Object> facade = new LinkedHashMap<>();
        facade.put("a", Map.of("replaced", "facade"));
        facade.put("b", Map.of("now", "a map"));
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("count/pods", null);
        facade.put("d", deleted);
        Map<String, Object> merged = HelmValues.merged(overlay, facade);
        assertEquals(Map.of("keep", 1, "replaced", "facade"), merged.get("a"));
        assertEquals(Map.of("now", "a map"), merged.get("b"));
        assertEquals(Map.of("only", "overlay"), merged.get("c"));
        assertEquals("d:\n  count/pods: null\n", HelmValues.yaml(Map.of("d", merged.get("d"))),
                "Helm deletes a chart default set to null: the null must reach the values file");
    }

    @Test
    void theDigestDependsOnTheChartAndTheValuesNotOnTheirOrder() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("x", 1);
        one.put("y", Map.of("b", 2, "a", 1));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("y", Map.of("a", 1, "b", 2));
        other.put("x", 1);
        assertEquals(HelmValues.digest("repo@0.36.1", one), HelmValues.digest("repo@0.36.1", other));
        assertNotEquals(HelmValues.digest("repo@0.36.1", one), HelmValues.digest("repo@0.36.2", one));
        assertNotEquals(HelmValues.digest("repo@0.36.1", one), HelmValues.digest("repo@0.36.1", Map.of("x", 2)));
    }

    @Test
    void markersAreReadBackFromAReleasesValues() {
        Map<String, Object> values = HelmValues.withMarkers(Map.of("controlPlane", Map.of("statefulSet",
                Map.of("image", Map.of("repository", "loft-sh/vcluster-oss")))), "release-1", "values-1");
        Map<String, Object> readBack = HelmValues.parse(HelmValues.yaml(values));
        assertEquals(Optional.of("release-1"), HelmValues.releaseDigest(readBack));
        assertEquals(Optional.empty(), HelmValues.releaseDigest(Map.of("controlPlane", "not a map")));
    }

    @Test
    void pauseIsAddedAndRemovedWithoutTouchingTheRest() {
        Map<String, Object> values = HelmValues.withMarkers(Map.of(), "r", "v");
        Map<String, Object> paused = HelmValues.withPause(values, Optional.of(Map.of("loft.sh/paused", "true",
                "loft.sh/paused-replicas", "1")));
        Map<String, Object> back = HelmValues.withPause(paused, Optional.empty());
        assertEquals(values, back);
        assertNotEquals(values, paused);
        assertFalse(HelmValues.yaml(back).contains("loft.sh"));
        assertEquals(Optional.of("r"), HelmValues.releaseDigest(paused));
    }

    @Test
    void anOverlayThatIsNotAMapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HelmValues.parse("- a list"));
        assertEquals(Map.of(), HelmValues.parse(""));
    }
}
