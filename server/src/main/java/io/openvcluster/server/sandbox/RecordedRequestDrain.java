package io.openvcluster.server.sandbox;

import io.fabric8.mockwebserver.DefaultMockServer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Empties the mock API server's queue of recorded requests, twice a second. fabric8's mock web server keeps every
 * request it answers (headers and body) for a test's {@code takeRequest()}, with no way to turn that off; the sandbox
 * never reads them, so a long-lived sandbox grew without bound: 621,703 requests kept after the benchmark had created
 * some 9,000 servers.
 */
final class RecordedRequestDrain implements AutoCloseable {
    static final long PERIOD_MS = 500;

    private final DefaultMockServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ovc-sandbox-request-drain");
        thread.setDaemon(true);
        return thread;
    });

    private RecordedRequestDrain(DefaultMockServer server) {
        this.server = server;
    }

    /** Starts draining {@code server}'s recorded requests every {@link #PERIOD_MS} ms until closed. */
    static RecordedRequestDrain start(DefaultMockServer server) {
        RecordedRequestDrain drain = new RecordedRequestDrain(server);
        drain.timer.scheduleWithFixedDelay(drain::drainNow, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return drain;
    }

    /** Drops every request recorded so far; returns how many. */
    int drainNow() {
        int dropped = 0;
        try {
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                dropped++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dropped;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
