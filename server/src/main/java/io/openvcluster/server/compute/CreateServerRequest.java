package io.openvcluster.server.compute;

import io.openvcluster.api.model.DiskConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code POST /servers} body. The HTTP layer validates the JSON against the schema for
 * the requested microversion and resolves nothing else; flavor and image references are resolved
 * (and refused with 400) by the domain.
 *
 * @param diskConfig {@code OS-DCF:diskConfig}, empty when the body has none ({@link DiskConfig#DEFAULT} is kept)
 */
public record CreateServerRequest(
        String name,
        String flavorRef,
        String imageRef,
        Map<String, String> metadata,
        List<String> tags,
        Optional<String> keyName,
        Optional<String> description,
        Optional<String> adminPass,
        Optional<String> hostname,
        String accessIPv4,
        String accessIPv6,
        String availabilityZone,
        int minCount,
        int maxCount,
        Optional<DiskConfig> diskConfig) {
    public CreateServerRequest {
        metadata = Map.copyOf(metadata);
        tags = List.copyOf(tags);
    }
}
