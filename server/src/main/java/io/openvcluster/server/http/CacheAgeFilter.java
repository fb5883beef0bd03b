package io.openvcluster.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Names the caches' age in {@code X-OpenVCluster-Cache-Age} (whole seconds) on the reads answered while the caches
 * are stale beyond the bound. A response header, not a body field: Nova's response schemas stay exactly as clients
 * validate them, and clients that do not know the header ignore it.
 */
final class CacheAgeFilter implements Filter {
    private final CacheStaleness staleness;

    CacheAgeFilter(CacheStaleness staleness) {
        this.staleness = staleness;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Method method = req.prologue().method();
        if (method == Method.GET || method == Method.HEAD) {
            staleness.stale().ifPresent(age -> res.header(Headers.CACHE_AGE, String.valueOf(age.toSeconds())));
        }
        chain.proceed();
    }
}
