package io.openvcluster.server.observe;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The meters every part of the facade records into: requests by route and status, calls to the Kubernetes API and
 * to Keycloak by outcome, and the reconciler's passes and retries. They live in Helidon's global registry, the one its
 * metrics observer serves (one facade per process); a meter is looked up once per tag set and kept, so recording on
 * the request path is a map lookup and an atomic add.
 *
 * <p>Tags are bounded on purpose: a route is the path template ({@code /compute/v2.1/servers/{id}}), never the path;
 * an outcome is a status class ({@code 2xx}, {@code 4xx}, {@code 5xx}) or a failure kind, never a message.
 */
public final class FacadeMeters {
    /**
     * Latency buckets, in seconds from 5 ms to 10 s: the create budget (20 ms) and a slow Kubernetes write both show.
     * Client-side quantiles are off (they cannot be summed across replicas); {@code histogram_quantile} works on these.
     */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    public static final String API_REQUESTS = "ovc.api.requests";
    public static final String KUBE_CALLS = "ovc.kube.calls";
    public static final String KEYCLOAK_CALLS = "ovc.keycloak.calls";
    public static final String RECONCILE_PASSES = "ovc.reconcile.passes";
    public static final String RECONCILE_RETRIES = "ovc.reconcile.retries";

    public static final String RECONCILE_QUEUE = "ovc.reconcile.queue";
    public static final String CACHE_AGE = "ovc.cache.age";
    public static final String LEADER = "ovc.leader";

    private static final Map<List<String>, Timer> TIMERS = new ConcurrentHashMap<>();
    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
    /**
     * What each gauge reads, by name and tags. A gauge is registered once and reads its source here, so the facade
     * that starts later in the same process (a new leader term's reconciler, a test's second server) replaces what
     * the gauge shows instead of being ignored by the registry.
     */
    private static final Map<List<String>, DoubleSupplier> GAUGE_SOURCES = new ConcurrentHashMap<>();

    private FacadeMeters() {
    }

    /** The registry the metrics observer serves. */
    public static MeterRegistry registry() {
        return Metrics.globalRegistry();
    }

    /** One API request answered: its method, route template ({@code unmatched} for none), status and duration. */
    public static void apiRequest(String method, String route, int status, long nanos) {
        timer(List.of(API_REQUESTS, "method", method, "route", route, "status", Integer.toString(status)),
                "Requests the facade answered, by method, route template and status").record(nanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * One call to the Kubernetes API: its HTTP method and outcome ({@link #statusClass} of the response, or
     * {@code error} when none came).
     */
    public static void kubeCall(String method, String outcome, long nanos) {
        timer(List.of(KUBE_CALLS, "method", method, "outcome", outcome),
                "Calls to the Kubernetes API (requests and reconciler; not watches), by HTTP method and outcome")
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One call to Keycloak: {@code token} or {@code admin}, and its outcome (status class, timeout, unreachable). */
    public static void keycloakCall(String call, String outcome, long nanos) {
        timer(List.of(KEYCLOAK_CALLS, "call", call, "outcome", outcome),
                "Calls to Keycloak's token endpoint and admin API, by outcome").record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One reconcile pass over one server, by outcome: {@code ok}, {@code deadline} (stopped at its deadline),
     * {@code kube_error}, {@code helm_error}, {@code invalid} (cannot be built: the server goes to ERROR) or
     * {@code error}.
     */
    public static void reconcilePass(String outcome, long nanos) {
        timer(List.of(RECONCILE_PASSES, "outcome", outcome),
                "Reconcile passes over one server, by outcome").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A failed pass queued again after its back-off. */
    public static void reconcileRetry() {
        COUNTERS.computeIfAbsent(RECONCILE_RETRIES, name -> registry().getOrCreate(Counter.builder(name)
                .description("Failed reconcile passes queued again after a back-off"))).increment();
    }

    /** Servers waiting for a reconcile pass: the current reconciler's queue ({@code 0} while this replica leads none). */
    public static void reconcileQueue(IntSupplier depth) {
        gauge(List.of(RECONCILE_QUEUE), "Servers waiting for a reconcile pass on this replica", depth::getAsInt);
    }

    /**
     * A gauge that reads {@code source} at each scrape.
     *
     * @param key the gauge's name followed by its tags' names and values
     */
    public static void gauge(List<String> key, String description, DoubleSupplier source) {
        if (GAUGE_SOURCES.put(key, source) == null) {
            registry().getOrCreate(Gauge.builder(key.getFirst(),
                    () -> GAUGE_SOURCES.getOrDefault(key, () -> 0).getAsDouble())
                    .description(description).tags(tags(key)));
        }
    }

    /** {@code 2xx}, {@code 4xx}, ... of an HTTP status. */
    public static String statusClass(int status) {
        return (status / 100) + "xx";
    }

    /** @param key the meter's name followed by its tags' names and values */
    private static Timer timer(List<String> key, String description) {
        Timer known = TIMERS.get(key);
        if (known != null) {
            return known;
        }
        return TIMERS.computeIfAbsent(key, k -> registry().getOrCreate(Timer.builder(k.getFirst())
                .description(description).tags(tags(k)).buckets(BUCKETS).percentiles(new double[0])));
    }

    private static List<Tag> tags(List<String> key) {
        Tag[] tags = new Tag[(key.size() - 1) / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = Tag.create(key.get(1 + 2 * i), key.get(2 + 2 * i));
        }
        return List.of(tags);
    }
}
