package io.openvcluster.server.config;

import io.helidon.config.Config;
import io.openvcluster.server.compute.ImageTransferLimits;
import io.openvcluster.server.http.AccessLog;
import io.openvcluster.server.observe.LogLevels;
import io.openvcluster.server.http.CacheStaleness;
import io.openvcluster.server.identity.KeycloakSettings;
import io.openvcluster.server.kube.provision.ProvisionerSettings;
import io.openvcluster.server.kube.reconcile.LeaderElectionSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.work.RequestDeadlines;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the server, read once at start. An environment variable wins over the matching key in
 * {@code application.yaml} (or a {@code -D} system property); {@code docs/configuration.md} lists them all.
 */
public record OvcSettings(
        String host,
        int port,
        boolean realCluster,
        Duration sandboxDelay,
        int sandboxKubePort,
        IdentitySettings identity,
        Optional<KeycloakSettings> keycloak,
        BackendSettings backend,
        Duration cacheStaleAfter,
        RequestDeadlines deadlines,
        AccessLog.Format accessLogFormat,
        LogLevels logLevels) {

    public static OvcSettings from(Config config, Map<String, String> env) {
        Lookup lookup = new Lookup(config, env);
        boolean realCluster = env.containsKey("KUBECONFIG") || env.containsKey("KUBERNETES_SERVICE_HOST");
        BackendSettings defaults = realCluster ? BackendSettings.defaults() : BackendSettings.sandbox();
        BackendSettings backend = new BackendSettings(
                lookup.text("OVC_NAMESPACE", "ovc.namespace").orElse(defaults.namespace()),
                lookup.bool("OVC_INSTALL_CRDS", "ovc.install-crds").orElse(defaults.installCrds()),
                lookup.bool("OVC_SEED_CATALOG", "ovc.seed-catalog").orElse(defaults.seedCatalog()),
                lookup.integer("OVC_RESYNC_SECONDS", "ovc.resync-seconds").map(Duration::ofSeconds)
                        .orElse(defaults.resyncPeriod()),
                lookup.integer("OVC_INSTANCE_QUOTA", "ovc.instance-quota").orElse(defaults.instanceQuota()),
                leaderElection(lookup, env),
                new SnapshotStore(lookup.text("OVC_SNAPSHOT_STORE", "ovc.snapshot-store")
                        .orElse(realCluster ? SnapshotStore.CONTAINER_DEFAULT : SnapshotStore.SANDBOX_DEFAULT),
                        lookup.text("OVC_SNAPSHOT_CREDENTIALS", "ovc.snapshot-credentials")),
                ProvisionerSettings.of(lookup.text("OVC_PROVISIONER", "ovc.provisioner"),
                        lookup.text("OVC_VCLUSTER_CHART", "ovc.vcluster-chart"),
                        lookup.text("OVC_VCLUSTER_CHART_VERSION", "ovc.vcluster-chart-version")),
                millis(lookup, "OVC_RECONCILE_PASS_DEADLINE_MS", "ovc.reconcile-pass-deadline-ms",
                        BackendSettings.DEFAULT_PASS_DEADLINE_MS),
                // Nova: any value <= 0 turns deferred delete off
                lookup.integer("OVC_RECLAIM_INSTANCE_INTERVAL", "ovc.reclaim-instance-interval")
                        .map(seconds -> Duration.ofSeconds(Math.max(0, seconds))).orElse(Duration.ZERO),
                // Nova: 0 offloads at once, -1 (any negative) never
                lookup.integer("OVC_SHELVED_OFFLOAD_TIME", "ovc.shelved-offload-time")
                        .map(seconds -> Duration.ofSeconds(Math.max(-1, seconds))).orElse(Duration.ZERO),
                lookup.integer("OVC_DELETED_SERVER_RETENTION", "ovc.deleted-server-retention")
                        .map(seconds -> Duration.ofSeconds(Math.max(0, seconds)))
                        .orElse(Duration.ofSeconds(BackendSettings.DEFAULT_DELETED_SERVER_RETENTION_S)),
                imageTransfers(lookup),
                new HostSettings(lookup.text("OVC_HOST_NAME", "ovc.host-name").orElse(HostSettings.DEFAULT_NAME),
                        lookup.text("OVC_AVAILABILITY_ZONE", "ovc.availability-zone")
                                .orElse(HostSettings.DEFAULT_ZONE)));
        return new OvcSettings(
                lookup.text("SERVER_HOST", "server.host").orElse("127.0.0.1"),
                lookup.integer("SERVER_PORT", "server.port").orElse(8774),
                realCluster,
                Duration.ofMillis(lookup.integer("OVC_SANDBOX_DELAY_MS", "ovc.sandbox.delay-ms").orElse(1500)),
                lookup.integer("OVC_SANDBOX_KUBE_PORT", "ovc.sandbox.kube-port").orElse(0),
                IdentitySettings.fromEnvironment(env),
                keycloak(lookup),
                backend,
                seconds(lookup, "OVC_CACHE_STALE_AFTER_SECONDS", "ovc.cache-stale-after-seconds",
                        CacheStaleness.DEFAULT_BOUND),
                new RequestDeadlines(
                        millis(lookup, "OVC_READ_DEADLINE_MS", "ovc.read-deadline-ms", RequestDeadlines.DEFAULT_READ_MS),
                        millis(lookup, "OVC_WRITE_DEADLINE_MS", "ovc.write-deadline-ms",
                                RequestDeadlines.DEFAULT_WRITE_MS)),
                AccessLog.Format.of(lookup.text("OVC_ACCESS_LOG_FORMAT", "ovc.access-log-format")),
                LogLevels.of(lookup.text("OVC_LOG_LEVELS", "ovc.log-levels")));
    }

    private static ImageTransferLimits imageTransfers(Lookup lookup) {
        ImageTransferLimits defaults = ImageTransferLimits.defaults();
        return new ImageTransferLimits(
                lookup.integer("OVC_IMAGE_UPLOAD_MAX_MIB", "ovc.image-upload-max-mib")
                        .orElse(ImageTransferLimits.DEFAULT_MAX_UPLOAD_MIB) * 1024L * 1024L,
                lookup.text("OVC_IMAGE_UPLOAD_DIR", "ovc.image-upload-dir").map(Path::of)
                        .orElse(defaults.spoolDirectory()),
                millis(lookup, "OVC_IMAGE_TRANSFER_DEADLINE_MS", "ovc.image-transfer-deadline-ms",
                        (int) ImageTransferLimits.DEFAULT_DEADLINE_MS));
    }

    private static Duration millis(Lookup lookup, String envName, String key, int defaultMillis) {
        return Duration.ofMillis(lookup.integer(envName, key).orElse(defaultMillis));
    }

    /** Keycloak is on when its URL is set; then the realm, client id and secret are required. */
    private static Optional<KeycloakSettings> keycloak(Lookup lookup) {
        return lookup.text("OVC_KEYCLOAK_URL", "ovc.keycloak.url").map(url -> new KeycloakSettings(
                URI.create(url),
                lookup.text("OVC_KEYCLOAK_REALM", "ovc.keycloak.realm").orElse(""),
                lookup.text("OVC_KEYCLOAK_CLIENT_ID", "ovc.keycloak.client-id").orElse(""),
                lookup.text("OVC_KEYCLOAK_CLIENT_SECRET", "ovc.keycloak.client-secret").orElse(""),
                lookup.integer("OVC_KEYCLOAK_TIMEOUT_MS", "ovc.keycloak.timeout-ms").map(Duration::ofMillis)
                        .orElse(KeycloakSettings.DEFAULT_TIMEOUT),
                lookup.text("OVC_FEDERATION_IDP", "ovc.federation.idp").orElse(KeycloakSettings.DEFAULT_IDP),
                lookup.text("OVC_FEDERATION_PROTOCOL", "ovc.federation.protocol")
                        .orElse(KeycloakSettings.DEFAULT_PROTOCOL)));
    }

    /** Environment variable first, then the config key (application.yaml, system properties). */
    private record Lookup(Config config, Map<String, String> env) {
        Optional<String> text(String envName, String key) {
            String fromEnv = env.get(envName);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(fromEnv.trim());
            }
            return config.get(key).asString().asOptional();
        }

        Optional<Integer> integer(String envName, String key) {
            return text(envName, key).map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(envName + " (" + key + ") must be an integer, got '" + v + "'");
                }
            });
        }

        Optional<Boolean> bool(String envName, String key) {
            return text(envName, key).map(Boolean::parseBoolean);
        }
    }

    /** Leader election for the reconciler: off unless asked for (the Helm chart turns it on). */
    private static LeaderElectionSettings leaderElection(Lookup lookup, Map<String, String> env) {
        LeaderElectionSettings defaults = LeaderElectionSettings.disabled();
        return new LeaderElectionSettings(
                lookup.bool("OVC_LEADER_ELECTION", "ovc.leader-election.enabled").orElse(false),
                lookup.text("OVC_LEADER_LEASE_NAME", "ovc.leader-election.lease-name").orElse(defaults.leaseName()),
                seconds(lookup, "OVC_LEADER_LEASE_SECONDS", "ovc.leader-election.lease-seconds", defaults.leaseDuration()),
                seconds(lookup, "OVC_LEADER_RENEW_SECONDS", "ovc.leader-election.renew-seconds", defaults.renewDeadline()),
                seconds(lookup, "OVC_LEADER_RETRY_SECONDS", "ovc.leader-election.retry-seconds", defaults.retryPeriod()),
                Optional.ofNullable(env.get("POD_NAME")).filter(n -> !n.isBlank()).orElse(defaults.podName()));
    }

    private static Duration seconds(Lookup lookup, String envName, String key, Duration fallback) {
        return lookup.integer(envName, key).map(Duration::ofSeconds).orElse(fallback);
    }
}
