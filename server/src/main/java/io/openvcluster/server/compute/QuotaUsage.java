package io.openvcluster.server.compute;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a project uses, counted from the cached records (Nova counts from its database the same way, with no
 * reservations since Nova 19): instances, cores and RAM of its servers not being deleted, its security groups, and its key pairs.
 * Resources a vcluster cannot have (injected files, floating IPs...) are always 0; so are security group rules, whose
 * limit is per group.
 */
public record QuotaUsage(Map<QuotaResource, Integer> inUse) {
    public QuotaUsage {
        EnumMap<QuotaResource, Integer> all = new EnumMap<>(QuotaResource.class);
        for (QuotaResource r : QuotaResource.values()) {
            all.put(r, inUse.getOrDefault(r, 0));
        }
        inUse = Map.copyOf(all);
    }

    public int used(QuotaResource resource) {
        return inUse.get(resource);
    }
}
