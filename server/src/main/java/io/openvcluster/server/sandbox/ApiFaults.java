package io.openvcluster.server.sandbox;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Kubernetes API faults injected by the sandbox API server in front of its object store: 500s, 409s on updates
 * (a conflict storm, or a write sent with a wrong resourceVersion), slow responses, 410 Gone on watch requests (an
 * expired resourceVersion) and watches closed mid-stream. Off until {@link #switchOn}; while on, each request draws
 * from one {@link Random} seeded at construction, so a single-threaded run of requests meets the same faults every
 * time. (Concurrent clients interleave their requests differently from run to run, so a whole facade run is
 * repeatable in the faults it draws, not request by request.)
 *
 * <p>It wraps the dispatcher rather than sitting in front of the server as a proxy because a watch is a WebSocket
 * the dispatcher hands out: a buffering HTTP proxy cannot carry it, and closing it mid-stream needs the socket.
 */
public final class ApiFaults implements AutoCloseable {
    /** The faults, counted as they are injected. */
    public enum Fault { SERVER_ERROR, UPDATE_CONFLICT, SLOW_RESPONSE, GONE_WATCH, DROPPED_WATCH }

    /**
     * How often each fault strikes, as probabilities per request (per open watch and check, for dropped watches).
     *
     * @param serverErrors   any request but a watch answers 500
     * @param conflicts      an update (PUT or PATCH) answers 409, as for a stale resourceVersion
     * @param slowResponses  the response is held back by {@code slowBy}
     * @param goneWatches    a watch request answers 410 Gone (its resourceVersion expired): the client must list again
     * @param droppedWatches an open watch is closed by the server, checked every {@link #DROP_CHECK}
     */
    public record Plan(double serverErrors, double conflicts, double slowResponses, Duration slowBy,
                       double goneWatches, double droppedWatches) {
        public static final Plan NONE = new Plan(0, 0, 0, Duration.ZERO, 0, 0);

        /** Every fault at once, at rates under which a client that retries still gets through. */
        public static Plan everything() {
            return new Plan(0.2, 0.3, 0.2, Duration.ofMillis(300), 0.3, 0.2);
        }

        /** The API does not answer at all: every request fails and every watch is dropped and refused. */
        public static Plan outage() {
            return new Plan(1, 0, 0, Duration.ZERO, 1, 1);
        }
    }

    static final Duration DROP_CHECK = Duration.ofMillis(250);
    /**
     * The simulated host (kubelet, controllers) is spared: faults model what the facade meets on its way to the API,
     * and the controllers of a real cluster retry until they get through, which the simulator does not.
     */
    static final String HOST_USER_AGENT = "ovc-sandbox-host";

    private final Random random;
    private volatile Plan plan = Plan.NONE;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();
    /** Dropped watches (by path and selectors) whose next request must list again: see {@link #dropWatches}. */
    private final Map<String, Integer> mustRelist = new ConcurrentHashMap<>();
    private boolean dropping;
    private final ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovc-sandbox-faults");
        t.setDaemon(true);
        return t;
    });

    public ApiFaults(long seed) {
        this.random = new Random(seed);
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicLong());
        }
    }

    /** Faults strike from now on, as {@code plan} says. */
    public synchronized void switchOn(Plan plan) {
        if (!dropping) {
            dropper.scheduleWithFixedDelay(this::dropWatches, DROP_CHECK.toMillis(), DROP_CHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
            dropping = true;
        }
        this.plan = plan;
    }

    /**
     * The API behaves again. Every open watch is closed once and its client made to list again: while faults were on,
     * each relist left a gap between its list and its new watch in which the mock (which starts a watch from "now",
     * not from the resourceVersion asked) lost events; a real API server replays them. One relist after recovery
     * gives every client a complete view again, as it would have had from a real server.
     */
    public void switchOff() {
        boolean wasOn = on();
        this.plan = Plan.NONE;
        if (wasOn) {
            for (WebSocket watch : openWatches) {
                if (openWatches.remove(watch)) {
                    mustRelist.merge(watchKey(watch.request().getPath()), 1, Integer::sum);
                    watch.close(1001, "faults over: list again");
                }
            }
        }
    }

    public boolean on() {
        return !plan.equals(Plan.NONE);
    }

    /** How many times {@code fault} was injected since the start. */
    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    /** Serves {@code request} through {@code serve}, or answers with a fault instead, as the plan and the seed say. */
    MockResponse dispatch(RecordedRequest request, Supplier<MockResponse> serve) {
        Plan current = plan;
        if (HOST_USER_AGENT.equals(request.getHeader("User-Agent"))) {
            return serve.get();
        }
        boolean watch = isWatch(request.getPath());
        if (watch && relistAfterDrop(request.getPath())) {
            return failure(Fault.GONE_WATCH, 410, "Expired", "too old resource version (the watch was dropped)");
        }
        if (current.equals(Plan.NONE)) {
            return tracked(serve.get());
        }
        if (watch && draw(current.goneWatches())) {
            return failure(Fault.GONE_WATCH, 410, "Expired", "too old resource version");
        }
        if (!watch && draw(current.serverErrors())) {
            return failure(Fault.SERVER_ERROR, 500, "InternalError", "injected: the API server failed");
        }
        String method = request.getMethod();
        if (("PUT".equals(method) || "PATCH".equals(method)) && draw(current.conflicts())) {
            return failure(Fault.UPDATE_CONFLICT, 409, "Conflict", "Operation cannot be fulfilled: the object has "
                    + "been modified; please apply your changes to the latest version and try again (injected)");
        }
        MockResponse response = serve.get();
        if (response.getWebSocketListener() != null) {
            return tracked(response);
        }
        if (draw(current.slowResponses())) {
            count(Fault.SLOW_RESPONSE);
            response.setBodyDelay(current.slowBy());
        }
        return response;
    }

    /** Every watch is tracked from its start, so that faults switched on later can drop it. */
    private MockResponse tracked(MockResponse response) {
        return response.getWebSocketListener() == null ? response
                : response.withWebSocketUpgrade(new TrackedWatch(response.getWebSocketListener()));
    }

    @Override
    public void close() {
        dropper.shutdownNow();
    }

    private void dropWatches() {
        double rate = plan.droppedWatches();
        if (rate <= 0) {
            return;
        }
        for (WebSocket watch : openWatches) {
            if (draw(rate) && openWatches.remove(watch)) {
                count(Fault.DROPPED_WATCH);
                // The mock cannot replay the events a client missed from its resourceVersion (it ignores it), as an
                // API server does: the client's next watch is answered 410 Gone, so that it lists again, which is what
                // a real server answers when it cannot replay. Without this, an event in the gap would be lost.
                mustRelist.merge(watchKey(watch.request().getPath()), 1, Integer::sum);
                // 1001 "going away", as an API server that restarts or sheds watches sends
                watch.close(1001, "injected: watch dropped");
            }
        }
    }

    private boolean draw(double probability) {
        if (probability <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }

    private MockResponse failure(Fault fault, int code, String reason, String message) {
        count(fault);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }

    private void count(Fault fault) {
        injected.get(fault).incrementAndGet();
    }

    private boolean relistAfterDrop(String path) {
        String key = watchKey(path);
        boolean[] due = {false};
        mustRelist.computeIfPresent(key, (k, n) -> {
            due[0] = true;
            return n > 1 ? n - 1 : null;
        });
        return due[0];
    }

    /** A watch's path and selectors, without what changes from one reconnection to the next. */
    static String watchKey(String path) {
        int query = path.indexOf('?');
        if (query < 0) {
            return path;
        }
        StringBuilder key = new StringBuilder(path.substring(0, query));
        java.util.Arrays.stream(path.substring(query + 1).split("&"))
                .filter(p -> p.startsWith("labelSelector=") || p.startsWith("fieldSelector="))
                .sorted().forEach(p -> key.append('&').append(p));
        return key.toString();
    }

    static boolean isWatch(String path) {
        int query = path.indexOf('?');
        return query >= 0 && (path.indexOf("watch=true", query) > 0 || path.indexOf("watch=1", query) > 0);
    }

    /** The mock's watch listener, with the socket remembered while it is open so that it can be dropped. */
    private final class TrackedWatch extends ForwardingWebSocketListener {
        TrackedWatch(WebSocketListener delegate) {
            super(delegate);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            openWatches.add(webSocket);
            super.onOpen(webSocket, response);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            openWatches.remove(webSocket);
            super.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            openWatches.remove(webSocket);
            super.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            openWatches.remove(webSocket);
            super.onFailure(webSocket, t, response);
        }
    }
}
