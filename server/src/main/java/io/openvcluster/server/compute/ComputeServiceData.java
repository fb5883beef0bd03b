package io.openvcluster.server.compute;

import java.time.Instant;
import java.util.Optional;

/**
 * One Nova compute service as this facade has them: {@code nova-compute} on each host cluster, and the facade itself
 * as {@code nova-conductor} and {@code nova-scheduler} on its control host, in Nova's {@code internal} zone.
 *
 * @param number     the id before 2.53 (an integer, stable while the configuration is)
 * @param uuid       the id from 2.53
 * @param up         Nova's {@code state}: the host cluster's API server answers and the service is not forced down
 * @param updatedAt  Nova's heartbeat: when the service was last seen up
 */
public record ComputeServiceData(int number, String uuid, String binary, String host, String zone, boolean disabled,
                                 Optional<String> disabledReason, boolean forcedDown, boolean up,
                                 Optional<Instant> updatedAt) {
    public static final String COMPUTE = "nova-compute";
    public static final String CONDUCTOR = "nova-conductor";
    public static final String SCHEDULER = "nova-scheduler";
    /** Nova's zone of the services that are not compute services. */
    public static final String INTERNAL_ZONE = "internal";

    public boolean compute() {
        return COMPUTE.equals(binary);
    }

    /** As {@code os-hosts} names a service: the binary without {@code nova-}. */
    public String topic() {
        return binary.substring(binary.indexOf('-') + 1);
    }
}
