package io.openvcluster.server.identity;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Revoked tokens shared by every replica: one ConfigMap ({@value #NAME}) in the facade's namespace, data
 * {@code <audit id>: <expiry, ISO-8601>}. Each replica watches it with an informer and answers
 * {@link #isRevoked} from memory; a revocation is written with optimistic locking (resourceVersion) and
 * retried on conflict, and each write prunes entries whose token has expired, so the map stays small
 * (a ConfigMap holds about 15,000 entries; tokens live one hour by default).
 */
public final class KubeRevocationList implements RevocationList, AutoCloseable {
    public static final String NAME = "ovc-token-revocations";
    private static final int ATTEMPTS = 8;

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final SharedIndexInformer<ConfigMap> informer;
    /** What the cluster says, replaced on each informer event. */
    private volatile Map<String, Instant> seen = Map.of();
    /** This replica's own revocations, effective before the informer delivers them. */
    private final Map<String, Instant> own = new ConcurrentHashMap<>();
    /** The informer's first list: complete once the current revocations are known. */
    private final CompletableFuture<Void> syncing;

    private KubeRevocationList(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        // the facade namespace holds few ConfigMaps: watch them all and keep ours (a label or field selector
        // would need the ConfigMap to carry the label, or is handled poorly by the sandbox's mock API server)
        this.informer = client.configMaps().inNamespace(namespace).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                if (ours(cm)) {
                    seen = parse(cm);
                }
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                if (ours(cm)) {
                    seen = parse(cm);
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                if (ours(cm)) {
                    seen = Map.of();
                }
            }
        });
        this.syncing = informer.start().toCompletableFuture();
    }

    /** Starts watching and waits until the current revocations are known. */
    public static KubeRevocationList start(KubernetesClient client, String namespace, Clock clock) {
        KubeRevocationList list = startSyncing(client, namespace, clock);
        list.awaitSynced();
        return list;
    }

    /**
     * Starts watching without waiting for the first list (start-up lists it alongside the server records);
     * {@link #awaitSynced()} before answering {@link #isRevoked}.
     */
    public static KubeRevocationList startSyncing(KubernetesClient client, String namespace, Clock clock) {
        return new KubeRevocationList(client, namespace, clock);
    }

    /** Waits up to 60 s until the current revocations are known; if they are not, stops watching and throws. */
    public void awaitSynced() {
        try {
            syncing.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the token revocation informer did not sync: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isRevoked(String auditId) {
        return seen.containsKey(auditId) || own.containsKey(auditId);
    }

    @Override
    public void revoke(String auditId, Instant expiresAt) {
        Instant now = clock.instant();
        own.values().removeIf(until -> until.isBefore(now));
        own.put(auditId, expiresAt);
        for (int attempt = 1; ; attempt++) {
            try {
                write(auditId, expiresAt, now);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
                // another replica revoked at the same moment: read again and retry
            }
        }
    }

    private void write(String auditId, Instant expiresAt, Instant now) {
        Optional<ConfigMap> current = Optional.ofNullable(
                client.configMaps().inNamespace(namespace).withName(NAME).get());
        Map<String, String> data = new HashMap<>(current.map(ConfigMap::getData).orElse(Map.of()));
        data.values().removeIf(v -> expiry(v).map(until -> until.isBefore(now)).orElse(true));
        data.put(auditId, expiresAt.toString());
        if (current.isEmpty()) {
            client.resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/part-of", "open-vcluster-api").endMetadata()
                    .withData(data).build()).create();
        } else {
            ConfigMap cm = current.get();
            cm.setData(data);
            // update() sends the resourceVersion read above: a concurrent write makes this a 409
            client.resource(cm).update();
        }
    }

    private static boolean ours(ConfigMap cm) {
        return NAME.equals(cm.getMetadata().getName());
    }

    private static Map<String, Instant> parse(ConfigMap cm) {
        Map<String, Instant> parsed = new HashMap<>();
        Optional.ofNullable(cm.getData()).orElse(Map.of())
                .forEach((id, until) -> expiry(until).ifPresent(i -> parsed.put(id, i)));
        return Map.copyOf(parsed);
    }

    private static Optional<Instant> expiry(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
