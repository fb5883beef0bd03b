package io.openvcluster.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.config.OvcSettings;
import io.openvcluster.server.http.AccessLog;
import io.openvcluster.server.http.ApiRouting;
import io.openvcluster.server.http.CacheAgeHealthCheck;
import io.openvcluster.server.http.CacheStaleness;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.KeycloakIdentityProvider;
import io.openvcluster.server.identity.KubeRevocationList;
import io.openvcluster.server.identity.SandboxIdentityProvider;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.kube.client.KubeClients;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.observe.FacadeMeters;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Starts the facade: the Kubernetes backend (a real cluster from KUBECONFIG or in-cluster config, otherwise the
 * embedded sandbox), the identity provider, and one Helidon web server for Keystone, Nova and Glance.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    private static final int BANNER_WIDTH = 80;

    private Main() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Config config = Config.create();
        LogConfig.configureRuntime();
        OvcSettings settings = OvcSettings.from(config, System.getenv());
        AccessLog.format(settings.accessLogFormat());
        settings.logLevels().apply();

        Optional<SandboxCluster> sandbox = settings.realCluster()
                ? Optional.empty()
                : Optional.of(SandboxCluster.start(new SandboxSettings("127.0.0.1", settings.sandboxKubePort(),
                        settings.sandboxDelay())));
        KubernetesClient client = sandbox.map(SandboxCluster::client)
                .orElseGet(KubeClients::fromEnvironment);
        // the sandbox's default snapshot store is the simulator's, reached through its s3 endpoint
        BackendSettings backendSettings = sandbox
                .filter(s -> settings.backend().snapshotStore().equals(
                        new SnapshotStore(SnapshotStore.SANDBOX_DEFAULT, Optional.empty())))
                .map(s -> settings.backend().withSnapshotStore(s.publishSnapshotStore(settings.backend().namespace())))
                .orElse(settings.backend());
        // The records' first list (most of start-up with many servers) is the first request sent once the client
        // exists; the namespace and CRD checks and the rest of start-up run while it is bound, and the web server
        // starts serving only once it is in, so no request is answered from a partial cache.
        Backend backend = Backend.startSyncing(client, backendSettings);
        // revocations live in a ConfigMap watched by every replica, so a revoked token dies everywhere; its small
        // list goes out alongside the records' (the host objects' large lists wait for theirs)
        KubeRevocationList revocations = KubeRevocationList.startSyncing(client, settings.backend().namespace(),
                Clock.systemUTC());

        TokenService tokens = new TokenService(settings.identity().tokenKey(), settings.identity().tokenTtl(),
                Clock.systemUTC(), revocations);
        // with Keycloak configured, the sandbox user list is off
        IdentityProvider identity = settings.keycloak()
                .<IdentityProvider>map(KeycloakIdentityProvider::new)
                .orElseGet(() -> new SandboxIdentityProvider(settings.identity().sandboxPassword()));
        FederationNames federation = settings.keycloak()
                .map(k -> new FederationNames(k.federationIdp(), k.federationProtocol()))
                .orElse(FederationNames.DEFAULT);
        settings.keycloak().ifPresent(k -> LOG.info("Identity from Keycloak: " + k));

        HttpRouting.Builder routing = HttpRouting.builder();
        ApiRouting.register(routing, backend.domain(), identity, tokens, federation, settings.deadlines());
        CacheStaleness staleness = new CacheStaleness(backend::cacheAge, settings.cacheStaleAfter());
        ApiRouting.reportCacheAge(routing, staleness);
        // /observe/metrics: the facade's meters (FacadeMeters); ApiRouting counts the projects' gauges before each scrape
        FacadeMeters.gauge(List.of(FacadeMeters.CACHE_AGE), "Seconds the caches that answer reads may be behind the "
                + "API server (0 while their watches run)", () -> backend.cacheAge().toMillis() / 1000.0);
        FacadeMeters.gauge(List.of(FacadeMeters.LEADER), "1 while this replica runs the reconciler",
                () -> backend.leading() ? 1 : 0);
        MetricsObserver metrics = MetricsObserver.builder().meterRegistry(FacadeMeters.registry()).build();
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .addCheck(new CacheAgeHealthCheck(staleness))
                .addCheck(() -> backend.ready() ? HealthCheckResponse.builder().status(true).build()
                        : HealthCheckResponse.builder().status(false).build(), HealthCheckType.READINESS)
                .build();

        var serverConfig = WebServer.builder()
                .config(config.get("server"))
                .host(settings.host())
                .port(settings.port())
                .addFeature(ObserveFeature.just(health, metrics))
                .routing(routing);
        ApiRouting.configure(serverConfig, backendSettings.imageTransfers().maxUploadBytes());
        WebServer unstarted = serverConfig.build();
        long waiting = System.nanoTime();
        backend.awaitRecords();
        try {
            revocations.awaitSynced();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        long waited = (System.nanoTime() - waiting) / 1_000_000;
        WebServer server = unstarted.start();

        if (sandbox.isPresent()) {
            LOG.warning(sandboxBanner(settings.keycloak().isPresent()));
        }
        LOG.info(() -> String.format("open-vcluster-api ready on http://%s:%d in %d ms (Keystone /identity/v3, Nova "
                + "/compute/v2.1, Glance /image); %d ms of it waiting for the server records' first list",
                settings.host(), server.port(), (System.nanoTime() - started) / 1_000_000, waited));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            revocations.close();
            backend.close();
            sandbox.ifPresent(SandboxCluster::close);
        }, "ovc-shutdown"));
    }

    /** The sandbox's warning, boxed in stars: every line as wide as the box, whatever its text. */
    static String sandboxBanner(boolean keycloak) {
        List<String> lines = List.of("SANDBOX MODE - NOT FOR PRODUCTION",
                "No Kubernetes cluster is configured (no KUBECONFIG, not in a cluster), so",
                "vclusters live in an embedded, in-memory Kubernetes API with a simulator.",
                "Everything is lost when this process stops.",
                keycloak ? "Users come from Keycloak (OVC_KEYCLOAK_URL); the sandbox users are off."
                        : "Built-in users admin / demo / alt_demo share the sandbox password.");
        StringBuilder banner = new StringBuilder("\n").append("*".repeat(BANNER_WIDTH)).append('\n');
        for (String line : lines) {
            banner.append(String.format("*  %-" + (BANNER_WIDTH - 4) + "s*", line)).append('\n');
        }
        return banner.append("*".repeat(BANNER_WIDTH)).append('\n').toString();
    }
}
