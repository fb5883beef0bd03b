package io.openvcluster.server.compute;

import java.util.EnumMap;
import java.util.Map;

/**
 * The limits of one project: every {@link QuotaResource} has a value (-1 unlimited).
 *
 * @param projectId the project these limits apply to
 * @param limits    one entry per resource
 */
public record QuotaSet(String projectId, Map<QuotaResource, Integer> limits) {
    public QuotaSet {
        EnumMap<QuotaResource, Integer> all = new EnumMap<>(QuotaResource.class);
        for (QuotaResource r : QuotaResource.values()) {
            all.put(r, limits.getOrDefault(r, r.novaDefault()));
        }
        limits = Map.copyOf(all);
    }

    /** Nova's default limits, with the instance limit given. */
    public static QuotaSet novaDefaults(String projectId, int instances) {
        return new QuotaSet(projectId, Map.of(QuotaResource.INSTANCES, instances));
    }

    public int limit(QuotaResource resource) {
        return limits.get(resource);
    }

    public boolean unlimited(QuotaResource resource) {
        return limit(resource) < 0;
    }

    /** These limits with some replaced (an overlay of a project's own limits on the defaults). */
    public QuotaSet with(String project, Map<QuotaResource, Integer> overrides) {
        EnumMap<QuotaResource, Integer> next = new EnumMap<>(limits);
        next.putAll(overrides);
        return new QuotaSet(project, next);
    }
}
