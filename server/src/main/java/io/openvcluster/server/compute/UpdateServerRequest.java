package io.openvcluster.server.compute;

import io.openvcluster.api.model.DiskConfig;
import java.util.Optional;

/** A validated {@code PUT /servers/{id}} body: only the fields present are changed. */
public record UpdateServerRequest(
        Optional<String> name,
        Optional<Optional<String>> description,
        Optional<String> accessIPv4,
        Optional<String> accessIPv6,
        Optional<String> hostname,
        Optional<DiskConfig> diskConfig) {
}
