package io.openvcluster.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.provision.HelmClient;
import io.openvcluster.server.kube.provision.HelmJavaClient;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one way a test starts a sandbox cluster and facades ({@link Backend}s) on it:
 *
 * <pre>{@code
 * TestSandbox sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).startWithBackend();
 * Domain compute = sandbox.backend().domain();      // closed with the sandbox
 * Backend another = sandbox.facade().start();       // the caller closes it (closing it is a crash)
 * sandbox.close();
 * }</pre>
 *
 * Every facade gets {@link Fixtures#settings()} with the builder's changes, then its own ({@link Facade#settings}).
 */
public final class TestSandbox implements AutoCloseable {
    private final SandboxCluster cluster;
    private final BackendSettings settings;
    private final KubernetesClient client;
    /** The recording clients handed out, closed with the sandbox. */
    private final List<KubernetesClient> recordingClients = new ArrayList<>();
    private Backend backend;

    private TestSandbox(SandboxCluster cluster, BackendSettings settings) {
        this.cluster = cluster;
        this.settings = settings;
        this.client = cluster.client();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the cluster is like and the changes every facade on it makes to {@link Fixtures#settings()}. */
    public static final class Builder {
        private Duration simulatorDelay = SandboxSettings.DEFAULT_DELAY;
        private Optional<Long> faultSeed = Optional.empty();
        private Function<BackendSettings, BackendSettings> settings = Function.identity();
        private boolean sandboxSnapshotStore;

        private Builder() {
        }

        /** How long the host simulator takes for each step of a vcluster; the sandbox's own 1.5 s unless set. */
        public Builder simulatorDelay(Duration delay) {
            this.simulatorDelay = delay;
            return this;
        }

        /** The seed of the schedule of {@link SandboxCluster#faults()} (off until switched on). */
        public Builder faultSeed(long seed) {
            this.faultSeed = Optional.of(seed);
            return this;
        }

        /** A change every facade makes to {@link Fixtures#settings()}, e.g. {@code s -> s.withInstanceQuota(100)}. */
        public Builder settings(UnaryOperator<BackendSettings> change) {
            this.settings = settings.andThen(change);
            return this;
        }

        /**
         * Snapshots go to the sandbox's own s3 store, published with its credentials Secret as {@code ./ovc run}
         * does ({@link SandboxCluster#publishSnapshotStore}); applied after {@link #settings}.
         */
        public Builder sandboxSnapshotStore() {
            this.sandboxSnapshotStore = true;
            return this;
        }

        /** The cluster alone; facades come from {@link TestSandbox#facade()}. */
        public TestSandbox start() {
            SandboxSettings host = SandboxSettings.defaults().withSimulatorDelay(simulatorDelay);
            SandboxCluster cluster = faultSeed.isPresent() ? SandboxCluster.start(host, faultSeed.get())
                    : SandboxCluster.start(host);
            try {
                return new TestSandbox(cluster, facadeSettings(cluster));
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private BackendSettings facadeSettings(SandboxCluster cluster) {
            BackendSettings facades = settings.apply(Fixtures.settings());
            return sandboxSnapshotStore
                    ? facades.withSnapshotStore(cluster.publishSnapshotStore(facades.namespace())) : facades;
        }

        /** The cluster and one facade on it ({@link TestSandbox#backend()}), closed with it. */
        public TestSandbox startWithBackend() {
            TestSandbox sandbox = start();
            try {
                sandbox.backend = sandbox.facade().start();
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
            return sandbox;
        }
    }

    /** Options of one facade on this cluster; {@link #start()} it, and close it when done. */
    public final class Facade {
        private Function<BackendSettings, BackendSettings> change = Function.identity();
        private Optional<KubernetesClient> client = Optional.empty();
        private Supplier<HelmClient> helm = HelmJavaClient::withDefaults;

        private Facade() {
        }

        /** A change of this facade alone, after the sandbox's (e.g. a replica's own leader election settings). */
        public Facade settings(UnaryOperator<BackendSettings> change) {
            this.change = this.change.andThen(change);
            return this;
        }

        /** The client the facade talks through, e.g. a {@link RecordingClient}'s; a new one of its own unless set. */
        public Facade client(KubernetesClient client) {
            this.client = Optional.of(client);
            return this;
        }

        /** The Helm the Helm provisioner calls (with {@code OVC_PROVISIONER=helm} only). */
        public Facade helm(Supplier<HelmClient> helm) {
            this.helm = helm;
            return this;
        }

        /** Starts the facade and waits until its record caches are in ({@link Backend#start}). */
        public Backend start() {
            return Backend.start(client(), change.apply(settings), helm);
        }

        /** Starts the facade without waiting for the server records' first list ({@link Backend#startSyncing}). */
        public Backend startSyncing() {
            return Backend.startSyncing(client(), change.apply(settings));
        }

        private KubernetesClient client() {
            return client.orElseGet(cluster::client);
        }
    }

    /** A further facade on this cluster: its options, then {@link Facade#start()}. */
    public Facade facade() {
        return new Facade();
    }

    /** The facade {@link Builder#startWithBackend()} started. */
    public Backend backend() {
        if (backend == null) {
            throw new IllegalStateException("started without a backend: use TestSandbox.Builder.startWithBackend()");
        }
        return backend;
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    /** The test's own client of the cluster, to read what the facades wrote or to write what no API call can. */
    public KubernetesClient client() {
        return client;
    }

    /** A client that records every request it sends, e.g. for a facade ({@link Facade#client}); closed with this. */
    public RecordingClient recordingClient() {
        RecordingClient recording = new RecordingClient(cluster);
        recordingClients.add(recording.client());
        return recording;
    }

    /** Closes the backend started with the sandbox, the recording clients, then the cluster. */
    @Override
    public void close() {
        try {
            if (backend != null) {
                backend.close();
            }
            recordingClients.forEach(KubernetesClient::close);
        } finally {
            cluster.close();
        }
    }
}
