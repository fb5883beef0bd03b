package io.openvcluster.server.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the reads this replica answers from its informer caches may be out of date beyond {@code bound}
 * ({@code OVC_CACHE_STALE_AFTER_SECONDS}). Reads keep working while the Kubernetes API fails; they only say so.
 *
 * @param age   how far behind the API server the caches may be (zero while their watches run)
 * @param bound the age from which responses and the health details name it
 */
public record CacheStaleness(Supplier<Duration> age, Duration bound) {
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

    /** The caches' age when it is beyond the bound. */
    public Optional<Duration> stale() {
        Duration current = age.get();
        return current.compareTo(bound) > 0 ? Optional.of(current) : Optional.empty();
    }
}
