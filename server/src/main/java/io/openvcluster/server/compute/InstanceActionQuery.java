package io.openvcluster.server.compute;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters and paging of {@code GET /servers/{id}/os-instance-actions} (2.58: limit, marker, changes-since;
 * 2.66: changes-before). The marker is a request id; changes-since/-before compare with {@code updated_at}.
 */
public record InstanceActionQuery(Optional<Integer> limit, Optional<String> marker, Optional<Instant> changesSince,
                                  Optional<Instant> changesBefore) {
    public static InstanceActionQuery all() {
        return new InstanceActionQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
