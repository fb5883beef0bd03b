package io.openvcluster.server.compute;

import io.openvcluster.api.model.TenantUsageData;
import java.util.List;
import java.util.Optional;

/**
 * One page of usage: the projects whose servers it counted, in order; {@code nextMarker}, the last server counted, is
 * set when the page holds as many servers as its limit.
 */
public record UsagePage(List<TenantUsageData> tenants, Optional<String> nextMarker) {
    public UsagePage {
        tenants = List.copyOf(tenants);
    }
}
