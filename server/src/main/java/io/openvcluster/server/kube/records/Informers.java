package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Starting informers for the facade's caches. */
public final class Informers {
    /** How long the first list of every informer may take before start-up gives up. */
    public static final long SYNC_TIMEOUT_SECONDS = 60;

    private Informers() {
    }

    /**
     * Starts all informers at once, without waiting: completes when every one has synced. Their initial lists run
     * concurrently, so a caller waits for the slowest list rather than for the sum of them (a dozen round trips to
     * the API server).
     */
    public static CompletableFuture<Void> startAllAsync(List<? extends SharedIndexInformer<?>> informers) {
        CompletableFuture<?>[] synced = informers.stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(synced);
    }
}
