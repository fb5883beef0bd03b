package io.openvcluster.server.kube.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How far behind the API server the informer caches may be. While every informer's watch runs, the caches follow
 * the API server within the watch's latency: age zero. Once a watch is down (dropped, refused, the API failing),
 * nothing more is learned, and the age counts from the last moment all watches were seen running. A sampler notes
 * that moment every {@link #SAMPLE}, so the age is exact to within one sample. Requests read only what the sampler
 * noted: asking every informer whether it watches costs more than the rest of a cached read's bookkeeping, and
 * the age is a bound in seconds.
 */
public final class CacheFreshness implements AutoCloseable {
    static final Duration SAMPLE = Duration.ofMillis(500);

    private final BooleanSupplier watching;
    private final Clock clock;
    private volatile Instant lastCurrent;
    /** Whether every watch ran at the last sample. */
    private volatile boolean current;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovc-cache-freshness");
        t.setDaemon(true);
        return t;
    });

    private CacheFreshness(BooleanSupplier watching, Clock clock) {
        this.watching = watching;
        this.clock = clock;
        this.lastCurrent = clock.instant();
        this.current = watching.getAsBoolean();
    }

    /** @param watching true while every informer the reads depend on has its watch running */
    public static CacheFreshness start(BooleanSupplier watching, Clock clock) {
        CacheFreshness freshness = new CacheFreshness(watching, clock);
        freshness.sampler.scheduleWithFixedDelay(freshness::sample, SAMPLE.toMillis(), SAMPLE.toMillis(),
                TimeUnit.MILLISECONDS);
        return freshness;
    }

    /** Zero while the caches are current; otherwise how long since they were last known to be. */
    public Duration age() {
        if (current) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(lastCurrent, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    void sample() {
        boolean watchingNow = watching.getAsBoolean();
        if (watchingNow) {
            lastCurrent = clock.instant();
        }
        current = watchingNow;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
