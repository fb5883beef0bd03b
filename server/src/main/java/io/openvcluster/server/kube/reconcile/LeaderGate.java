package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs the leader-only work (the reconciler, the catalog seeding) on one replica at a time. Without election the
 * work starts as soon as what it needs is ready (the host caches' first lists) and runs until {@link #close}. With
 * election this replica competes for a Kubernetes Lease: gaining it starts a new {@link Term} of work, losing it (no
 * renewal within the deadline, or the lease taken over) closes that term, and the replica goes back to competing,
 * for as long as the gate is open.
 *
 * <p>A term is built fresh each time: a closed reconciler is not restarted, so a replica that lost the lease and wins
 * it back starts from the records as they are, as any new leader would.
 */
public final class LeaderGate implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaderGate.class.getName());

    /** The work one leadership term runs; closing it stops the work. */
    public interface Term extends AutoCloseable {
        /** Asks for a pass over one server soon. */
        public void enqueue(String serverId);

        @Override
        void close();
    }

    private final Supplier<Term> startTerm;
    private final AtomicReference<Term> current = new AtomicReference<>();
    /**
     * Starts and stops terms off fabric8's threads: a term's start (catalog seeding, informer hand-over) must not
     * delay the lease renewals that run there. One thread keeps start and stop in order.
     */
    private final ExecutorService transitions = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("ovc-leader-term").factory());
    private final AtomicReference<Thread> competitor = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<?>> election = new AtomicReference<>();
    private final AtomicReference<LeaderElector> elector = new AtomicReference<>();
    private volatile boolean open = true;
    /** Set when this replica won the lease but could not start its term: the election is then cancelled. */
    private volatile boolean giveUp;
    /**
     * Which election the callbacks belong to. fabric8 may report an ended election's "stopped leading" late, after
     * the next election was already won; such a callback must not stop the new term.
     */
    private final AtomicInteger electionNumber = new AtomicInteger();

    private LeaderGate(Supplier<Term> startTerm) {
        this.startTerm = startTerm;
    }

    /**
     * Starts the work on this replica alone (no election) once {@code ready} completes, on the gate's own thread,
     * so that the caller goes on meanwhile. If {@code ready} fails, or the work cannot start, nothing runs (logged).
     */
    public static LeaderGate once(CompletionStage<?> ready, Supplier<Term> startTerm) {
        LeaderGate gate = new LeaderGate(startTerm);
        ready.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.ERROR, "the reconciler does not start: " + failure.getMessage(), failure);
                return;
            }
            gate.transition(() -> {
                try {
                    gate.lead();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "could not start the reconciler", e);
                }
            });
        });
        return gate;
    }

    /** Competes for the lease {@code settings.leaseName()} in {@code namespace}; the work starts once it is held. */
    public static LeaderGate elected(KubernetesClient client, String namespace, LeaderElectionSettings settings,
                              Supplier<Term> startTerm) {
        LeaderGate gate = new LeaderGate(startTerm);
        String identity = settings.newHolderIdentity();
        Thread thread = Thread.ofPlatform().daemon().name("ovc-leader-election")
                .unstarted(() -> gate.compete(client, namespace, settings, identity));
        gate.competitor.set(thread);
        thread.start();
        return gate;
    }

    /** True while this replica runs the leader-only work. */
    public boolean leading() {
        return current.get() != null;
    }

    /** Hands the server to the reconciler when this replica leads; otherwise the leader sees the record change. */
    public void enqueue(String serverId) {
        Term term = current.get();
        if (term != null) {
            term.enqueue(serverId);
        }
    }

    private void compete(KubernetesClient client, String namespace, LeaderElectionSettings settings, String identity) {
        while (open) {
            giveUp = false;
            int number = electionNumber.incrementAndGet();
            LeaderElector candidate = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName(settings.leaseName())
                    .withLock(new LeaseLock(namespace, settings.leaseName(), identity))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel()
                    .withLeaderCallbacks(new LeaderCallbacks(() -> transition(ifCurrent(number, this::lead)),
                            () -> transition(ifCurrent(number, this::stopLeading)),
                            leader -> Optional.ofNullable(leader).ifPresent(
                                    l -> LOG.log(System.Logger.Level.INFO, "reconciler leader is now " + l))))
                    .build()).build();
            elector.set(candidate);
            CompletableFuture<?> running = candidate.start();
            election.set(running);
            if (!open || giveUp) {
                running.cancel(true);
            }
            try {
                running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (CancellationException | ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "leader election ended: " + e);
            }
            // The election ends when the lease is lost (or the gate closes): whatever fabric8 reported, stop here.
            transition(this::stopLeading);
        }
    }

    /** The change, applied only while election {@code number} is still the current one when it runs. */
    private Runnable ifCurrent(int number, Runnable change) {
        return () -> {
            if (electionNumber.get() == number) {
                change.run();
            }
        };
    }

    private void transition(Runnable change) {
        try {
            transitions.execute(change);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "leadership change after close ignored");
        }
    }

    private synchronized void lead() {
        if (open && current.get() == null) {
            LOG.log(System.Logger.Level.INFO, "this replica leads: starting the reconciler");
            try {
                current.set(startTerm.get());
            } catch (RuntimeException e) {
                if (competitor.get() == null) {
                    throw e; // no election: nothing else could run the work; reported by once()
                }
                // A leader that cannot work must not keep the lease: give it up and compete again.
                LOG.log(System.Logger.Level.WARNING, "could not start the reconciler; giving the lease up", e);
                giveUp = true;
                Optional.ofNullable(election.get()).ifPresent(f -> f.cancel(true));
            }
        }
    }

    private synchronized void stopLeading() {
        Term term = current.getAndSet(null);
        if (term != null) {
            LOG.log(System.Logger.Level.INFO, "this replica no longer leads: stopping the reconciler");
            term.close();
        }
    }

    @Override
    public void close() {
        open = false;
        Optional.ofNullable(election.get()).ifPresent(f -> f.cancel(true));
        Optional.ofNullable(competitor.get()).ifPresent(thread -> {
            thread.interrupt();
            join(thread);
        });
        transitions.shutdown();
        try {
            transitions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopLeading();
        // Give the lease up at once so another replica takes over without waiting for it to expire (fabric8 checks
        // that this replica still holds it).
        Optional.ofNullable(elector.get()).ifPresent(LeaderElector::release);
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
