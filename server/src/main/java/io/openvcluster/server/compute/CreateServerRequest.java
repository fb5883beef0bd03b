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
 * @param securityGroups the security groups named (by name or id), empty when the body names none ({@code default})
 * @param serverGroup the server group of the scheduler hint {@code group}, when one is given
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
        Optional<DiskConfig> diskConfig,
        Optional<List<String>> securityGroups,
        Optional<String> serverGroup) {
    public CreateServerRequest {
        metadata = Map.copyOf(metadata);
        tags = List.copyOf(tags);
        securityGroups = securityGroups.map(List::copyOf);
    }

    /** A request with no scheduler hint. */
    public CreateServerRequest(String name, String flavorRef, String imageRef, Map<String, String> metadata,
                               List<String> tags, Optional<String> keyName, Optional<String> description,
                               Optional<String> adminPass, Optional<String> hostname, String accessIPv4,
                               String accessIPv6, String availabilityZone, int minCount, int maxCount,
                               Optional<DiskConfig> diskConfig, Optional<List<String>> securityGroups) {
        this(name, flavorRef, imageRef, metadata, tags, keyName, description, adminPass, hostname, accessIPv4,
                accessIPv6, availabilityZone, minCount, maxCount, diskConfig, securityGroups, Optional.empty());
    }

    /** A request that names no security group: the server goes in {@code default}. */
    public CreateServerRequest(String name, String flavorRef, String imageRef, Map<String, String> metadata,
                               List<String> tags, Optional<String> keyName, Optional<String> description,
                               Optional<String> adminPass, Optional<String> hostname, String accessIPv4,
                               String accessIPv6, String availabilityZone, int minCount, int maxCount,
                               Optional<DiskConfig> diskConfig) {
        this(name, flavorRef, imageRef, metadata, tags, keyName, description, adminPass, hostname, accessIPv4,
                accessIPv6, availabilityZone, minCount, maxCount, diskConfig, Optional.empty(), Optional.empty());
    }
}
