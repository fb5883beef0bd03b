package io.openvcluster.server.http;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The caches' age in the details of {@code /observe/health}. Always UP: a replica with stale caches still answers
 * reads correctly as of their age and still records verbs, so taking it out of service would only make things
 * worse; the details say how stale it is and whether that is beyond the bound.
 */
public final class CacheAgeHealthCheck implements HealthCheck {
    private final CacheStaleness staleness;

    public CacheAgeHealthCheck(CacheStaleness staleness) {
        this.staleness = staleness;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "informer-cache";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(true)
                .detail("ageSeconds", staleness.age().get().toSeconds())
                .detail("staleAfterSeconds", staleness.bound().toSeconds())
                .detail("stale", staleness.stale().isPresent())
                .build();
    }
}
