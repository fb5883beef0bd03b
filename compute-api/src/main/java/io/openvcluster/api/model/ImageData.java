package io.openvcluster.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An image as Glance shows it. {@code status} is Glance's vocabulary
 * (queued, saving, active, killed, deleted, ...); {@code properties} are the flat custom
 * properties (for base images: chart version, Kubernetes version, distro).
 */
public record ImageData(
        String id,
        String name,
        String status,
        String visibility,
        String owner,
        int minDiskGb,
        int minRamMb,
        long sizeBytes,
        String diskFormat,
        String containerFormat,
        boolean isProtected,
        Instant createdAt,
        Instant updatedAt,
        List<String> tags,
        Map<String, String> properties) {
    public ImageData {
        tags = List.copyOf(tags);
        properties = Map.copyOf(properties);
    }
}
