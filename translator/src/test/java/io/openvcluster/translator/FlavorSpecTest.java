package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.model.FlavorData;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlavorSpecTest {

    static Stream<Map<String, String>> validSpecs() {
        return Stream.of(
                Map.of(),
                Map.of("hw:cpu_policy", "dedicated", "quota:disk_read_bytes_sec", "x"),
                Map.of("vcluster:max_pods", "1"),
                Map.of("vcluster:max_pods", " 110 ", "vcluster:max_services", "0"),
                Map.of("vcluster:load_balancers", "0", "vcluster:node_ports", "5", "vcluster:pvc_count", "100000"),
                Map.of("vcluster:control_plane_cpu", "250m"),
                Map.of("vcluster:control_plane_cpu", "1.5"),
                Map.of("vcluster:control_plane_cpu", "2"),
                Map.of("vcluster:control_plane_memory", "512Mi"),
                Map.of("vcluster:control_plane_memory", "8Gi"));
    }

    @ParameterizedTest
    @MethodSource("validSpecs")
    void validSpecsHaveNoErrors(Map<String, String> specs) {
        assertEquals(List.of(), FlavorSpec.validate(specs));
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of(Map.of("vcluster:max_pods", "0"), "vcluster:max_pods must be an integer from 1"),
                Arguments.of(Map.of("vcluster:max_pods", "ten"), "vcluster:max_pods must be an integer, got 'ten'"),
                Arguments.of(Map.of("vcluster:max_services", "-1"), "vcluster:max_services must be an integer from 0"),
                Arguments.of(Map.of("vcluster:load_balancers", "1.5"), "vcluster:load_balancers must be an integer"),
                Arguments.of(Map.of("vcluster:node_ports", "100001"), "vcluster:node_ports must be an integer from 0 to 100000"),
                Arguments.of(Map.of("vcluster:pvc_count", ""), "vcluster:pvc_count must be an integer"),
                Arguments.of(Map.of("vcluster:control_plane_cpu", "100m"), "vcluster:control_plane_cpu must be at least 250m"),
                Arguments.of(Map.of("vcluster:control_plane_cpu", "1 core"), "vcluster:control_plane_cpu must be a CPU quantity"),
                Arguments.of(Map.of("vcluster:control_plane_memory", "2G"), "vcluster:control_plane_memory must be a quantity in Mi or Gi"),
                Arguments.of(Map.of("vcluster:control_plane_memory", "256Mi"), "vcluster:control_plane_memory must be at least 512Mi"),
                Arguments.of(Map.of("vcluster:max_pod", "10"), "unknown extra spec vcluster:max_pod; supported: vcluster:control_plane_cpu"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidSpecsAreReported(Map<String, String> specs, String messageStart) {
        List<String> errors = FlavorSpec.validate(specs);

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(messageStart), errors.get(0));
    }

    @Test
    void everyInvalidSpecIsReportedInKeyOrder() {
        List<String> errors = FlavorSpec.validate(Map.of("vcluster:node_ports", "x", "vcluster:max_pods", "x"));

        assertEquals(2, errors.size());
        assertTrue(errors.get(0).startsWith("vcluster:max_pods"));
        assertTrue(errors.get(1).startsWith("vcluster:node_ports"));
    }

    static Stream<Arguments> defaults() {
        // vcpus, ramMb, maxPods, maxServices, lbs, nodePorts, pvcs, cpCpu, cpMemory
        return Stream.of(
                Arguments.of(1, 1024, 20, 20, 1, 0, 20, 1000L, 2048L),
                Arguments.of(2, 4096, 40, 20, 1, 0, 20, 1000L, 2048L),
                Arguments.of(4, 8192, 80, 40, 1, 0, 20, 1000L, 2048L),
                Arguments.of(8, 16384, 160, 80, 1, 0, 20, 2000L, 4096L),
                Arguments.of(16, 32768, 320, 160, 1, 0, 20, 2000L, 4096L));
    }

    @ParameterizedTest
    @MethodSource("defaults")
    void defaultsScaleWithTheFlavor(int vcpus, int ramMb, int pods, int services, int lbs, int nodePorts, int pvcs,
                                    long cpCpu, long cpMemory) {
        FlavorSpec spec = new FlavorSpec("f", "f", vcpus, ramMb, 10, Map.of());

        assertEquals(List.of(pods, services, lbs, nodePorts, pvcs),
                List.of(spec.maxPods(), spec.maxServices(), spec.loadBalancers(), spec.nodePorts(), spec.pvcCount()));
        assertEquals(cpCpu, spec.controlPlaneCpuMillis());
        assertEquals(cpMemory, spec.controlPlaneMemoryMib());
    }

    @Test
    void extraSpecsOverrideDefaults() {
        FlavorSpec spec = new FlavorSpec("f", "f", 2, 2048, 10, Map.of(
                "vcluster:max_pods", "7", "vcluster:max_services", "3", "vcluster:load_balancers", "0",
                "vcluster:node_ports", "2", "vcluster:pvc_count", "4",
                "vcluster:control_plane_cpu", "1.5", "vcluster:control_plane_memory", "3Gi"));

        assertEquals(List.of(7, 3, 0, 2, 4),
                List.of(spec.maxPods(), spec.maxServices(), spec.loadBalancers(), spec.nodePorts(), spec.pvcCount()));
        assertEquals(1500L, spec.controlPlaneCpuMillis());
        assertEquals(3072L, spec.controlPlaneMemoryMib());
    }

    @Test
    void ofCopiesTheApiFlavor() {
        FlavorData data = new FlavorData("42", "vc.custom", 3, 3072, 30, 7, 512, 1.0, true, false,
                Optional.empty(), Map.of("vcluster:max_pods", "9"));

        assertEquals(new FlavorSpec("42", "vc.custom", 3, 3072, 30, Map.of("vcluster:max_pods", "9")),
                FlavorSpec.of(data));
    }

    @Test
    void invalidFlavorsCannotBeBuilt() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new FlavorSpec("x", "x", 1, 1024, 5, Map.of("vcluster:max_pods", "0")));
        assertTrue(bad.getMessage().contains("vcluster:max_pods"));
        assertThrows(IllegalArgumentException.class, () -> new FlavorSpec("x", "x", 0, 1024, 5, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new FlavorSpec("x", "x", 1, 1024, 0, Map.of()));
    }
}
