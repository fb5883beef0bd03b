package io.openvcluster.translator;

import io.openvcluster.api.model.FlavorData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A flavor as the translator needs it: the size the tenant's workloads get, plus the extra specs we honour.
 *
 * <p>Extra specs (all optional; keys outside the {@code vcluster:} prefix are ignored, unknown keys inside
 * it are rejected so that typos do not pass silently):
 * <ul>
 *   <li>{@code vcluster:max_pods} — pods the tenant may run (default 20 per vCPU, at least 20)</li>
 *   <li>{@code vcluster:max_services} — Services (default 10 per vCPU, at least 20)</li>
 *   <li>{@code vcluster:load_balancers} — Services of type LoadBalancer (default 1)</li>
 *   <li>{@code vcluster:node_ports} — NodePorts (default 0)</li>
 *   <li>{@code vcluster:pvc_count} — PersistentVolumeClaims (default 20)</li>
 *   <li>{@code vcluster:control_plane_cpu} — CPU limit of the control-plane container, e.g. "1", "1500m"
 *       (default 1, or 2 above 4 vCPUs; at least 250m)</li>
 *   <li>{@code vcluster:control_plane_memory} — memory limit of the control-plane container, "Mi" or "Gi"
 *       (default 2Gi, or 4Gi above 8 GiB of RAM; at least 512Mi)</li>
 * </ul>
 *
 * @param ramMb  MiB
 * @param diskGb GiB
 */
public record FlavorSpec(String id, String name, int vcpus, int ramMb, int diskGb, Map<String, String> extraSpecs) {

    public static final String PREFIX = "vcluster:";
    public static final String MAX_PODS = PREFIX + "max_pods";
    public static final String MAX_SERVICES = PREFIX + "max_services";
    public static final String LOAD_BALANCERS = PREFIX + "load_balancers";
    public static final String NODE_PORTS = PREFIX + "node_ports";
    public static final String PVC_COUNT = PREFIX + "pvc_count";
    public static final String CONTROL_PLANE_CPU = PREFIX + "control_plane_cpu";
    public static final String CONTROL_PLANE_MEMORY = PREFIX + "control_plane_memory";

    static final long MIN_CONTROL_PLANE_CPU_MILLIS = 250;
    static final long MIN_CONTROL_PLANE_MEMORY_MIB = 512;
    private static final int MAX_COUNT = 100_000;

    /** Validators by honoured key: each answers an error message, or empty when the value is fine. */
    private static final Map<String, Function<String, List<String>>> VALIDATORS = Map.of(
            MAX_PODS, v -> count(MAX_PODS, v, 1),
            MAX_SERVICES, v -> count(MAX_SERVICES, v, 0),
            LOAD_BALANCERS, v -> count(LOAD_BALANCERS, v, 0),
            NODE_PORTS, v -> count(NODE_PORTS, v, 0),
            PVC_COUNT, v -> count(PVC_COUNT, v, 0),
            CONTROL_PLANE_CPU, FlavorSpec::controlPlaneCpuErrors,
            CONTROL_PLANE_MEMORY, FlavorSpec::controlPlaneMemoryErrors);

    /**
     * @throws IllegalArgumentException if a size is not positive or an extra spec is invalid
     */
    public FlavorSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        extraSpecs = Map.copyOf(extraSpecs);
        if (vcpus < 1 || ramMb < 1 || diskGb < 1) {
            throw new IllegalArgumentException("flavor " + id + ": vcpus, ram and disk must be positive, got "
                    + vcpus + "/" + ramMb + "/" + diskGb);
        }
        List<String> errors = validate(extraSpecs);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("flavor " + id + ": " + String.join("; ", errors));
        }
    }

    /** The spec of an API flavor (ephemeral disk and swap have no vcluster meaning and are ignored). */
    public static FlavorSpec of(FlavorData flavor) {
        return new FlavorSpec(flavor.id(), flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb(),
                flavor.extraSpecs());
    }

    /**
     * Problems with the {@code vcluster:*} extra specs, one readable message each; empty when all are fine.
     * Used by flavor create and extra-spec updates to answer 400.
     */
    public static List<String> validate(Map<String, String> extraSpecs) {
        List<String> errors = new ArrayList<>();
        new TreeMap<>(extraSpecs).forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            Function<String, List<String>> validator = VALIDATORS.get(key);
            if (validator == null) {
                errors.add("unknown extra spec " + key + "; supported: "
                        + String.join(", ", new TreeMap<>(VALIDATORS).keySet()));
            } else if (value == null) {
                errors.add(key + " needs a value");
            } else {
                errors.addAll(validator.apply(value));
            }
        });
        return List.copyOf(errors);
    }

    /** Pods the tenant may run. */
    public int maxPods() {
        return intSpec(MAX_PODS, Math.max(20, 20 * vcpus));
    }

    /** Services the tenant may create. */
    public int maxServices() {
        return intSpec(MAX_SERVICES, Math.max(20, 10 * vcpus));
    }

    /** Services of type LoadBalancer the tenant may create. */
    public int loadBalancers() {
        return intSpec(LOAD_BALANCERS, 1);
    }

    /** NodePorts the tenant may allocate. */
    public int nodePorts() {
        return intSpec(NODE_PORTS, 0);
    }

    /** PVCs the tenant may claim. */
    public int pvcCount() {
        return intSpec(PVC_COUNT, 20);
    }

    /** CPU limit of the control-plane container, millicores. */
    public long controlPlaneCpuMillis() {
        String value = extraSpecs.get(CONTROL_PLANE_CPU);
        return value == null ? (vcpus > 4 ? 2000 : 1000) : Quantities.parseCpuMillis(value).orElseThrow();
    }

    /** Memory limit of the control-plane container, MiB. */
    public long controlPlaneMemoryMib() {
        String value = extraSpecs.get(CONTROL_PLANE_MEMORY);
        return value == null ? (ramMb > 8192 ? 4096 : 2048) : Quantities.parseMebibytes(value).orElseThrow();
    }

    private int intSpec(String key, int fallback) {
        String value = extraSpecs.get(key);
        return value == null ? fallback : Integer.parseInt(value.strip());
    }

    private static List<String> count(String key, String value, int min) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > MAX_COUNT) {
                return List.of(key + " must be an integer from " + min + " to " + MAX_COUNT + ", got '" + value + "'");
            }
            return List.of();
        } catch (NumberFormatException e) {
            return List.of(key + " must be an integer, got '" + value + "'");
        }
    }

    private static List<String> controlPlaneCpuErrors(String value) {
        OptionalLong millis = Quantities.parseCpuMillis(value);
        if (millis.isEmpty()) {
            return List.of(CONTROL_PLANE_CPU + " must be a CPU quantity such as \"1\", \"1.5\" or \"500m\", got '"
                    + value + "'");
        }
        if (millis.getAsLong() < MIN_CONTROL_PLANE_CPU_MILLIS) {
            return List.of(CONTROL_PLANE_CPU + " must be at least " + Quantities.cpu(MIN_CONTROL_PLANE_CPU_MILLIS)
                    + ", got '" + value + "'");
        }
        return List.of();
    }

    private static List<String> controlPlaneMemoryErrors(String value) {
        OptionalLong mib = Quantities.parseMebibytes(value);
        if (mib.isEmpty()) {
            return List.of(CONTROL_PLANE_MEMORY + " must be a quantity in Mi or Gi such as \"2Gi\", got '"
                    + value + "'");
        }
        if (mib.getAsLong() < MIN_CONTROL_PLANE_MEMORY_MIB) {
            return List.of(CONTROL_PLANE_MEMORY + " must be at least "
                    + Quantities.mebibytes(MIN_CONTROL_PLANE_MEMORY_MIB) + ", got '" + value + "'");
        }
        return List.of();
    }
}
