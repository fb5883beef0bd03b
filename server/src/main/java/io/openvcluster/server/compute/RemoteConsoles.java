package io.openvcluster.server.compute;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.host.HostReads;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Remote consoles as kubeconfig downloads (VM-to-vcluster mapping: a VM's console is how you get inside it; a
 * vcluster's way in is its kubeconfig, which the running control plane exports as Secret {@code vc-<release>}).
 *
 * <p>Opening a console signs a ticket (HS256; subject = server id, audience {@value #AUDIENCE}, valid
 * {@link #TTL}) with a key kept in a Secret of the facade's namespace, so every replica honours every replica's
 * tickets. A ticket is only good for its one server and stops working when it expires or the server is deleted; it
 * can be used several times within its lifetime (the URL "works for minutes").
 *
 * <p>The kubeconfig's server is rewritten to the best endpoint known: the address of a LoadBalancer Service of
 * the vcluster when it has one, otherwise the in-cluster Service name {@code https://<release>.<namespace>:443}
 * (reachable only inside the host cluster; the file says so).
 */
final class RemoteConsoles {
    static final Duration TTL = Duration.ofMinutes(5);
    static final String AUDIENCE = "ovc-console";
    static final String KEY_SECRET = "ovc-console-ticket-key";
    private static final String KEY_FIELD = "key";
    private static final int KEY_BYTES = 32;
    /** Nova's protocol → console types (os-remote-consoles schema; mks/webmks from 2.8). */
    private static final Map<String, Set<String>> TYPES_BY_PROTOCOL = Map.of(
            "vnc", Set.of("novnc", "xvpvnc"),
            "spice", Set.of("spice-html5"),
            "rdp", Set.of("rdp-html5"),
            "serial", Set.of("serial"),
            "mks", Set.of("webmks"));
    private static final Pattern SERVER_LINE = Pattern.compile("(?m)^(\\s*server:\\s*).*$");

    private final KubernetesClient client;
    private final RecordStore store;
    private final HostReads hosts;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] key;

    RemoteConsoles(KubernetesClient client, RecordStore store, HostReads hosts, Clock clock) {
        this.client = client;
        this.store = store;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** @param server a server the caller may see (checked by the caller of this method) */
    RemoteConsole open(ServerRecord server, String protocol, String type) {
        try {
            return openChecked(server, protocol, type);
        } catch (KubernetesClientException e) {
            throw hostUnreachable(e);
        }
    }

    /** The kubeconfig a valid ticket names; 404 for anything else, saying no more than that. */
    ConsoleKubeconfig redeem(String ticket) {
        try {
            return redeemChecked(ticket);
        } catch (KubernetesClientException e) {
            throw hostUnreachable(e);
        }
    }

    private RemoteConsole openChecked(ServerRecord server, String protocol, String type) {
        if (!TYPES_BY_PROTOCOL.getOrDefault(protocol, Set.of()).contains(type)) {
            throw ApiException.badRequest("Unsupported console type " + type + " for protocol " + protocol + ".");
        }
        String id = server.getMetadata().getName();
        if (!"active".equals(ServerViews.vmState(server)) || !kubeconfigSecretExists(server)) {
            // Nova: InstanceNotReady → 409. The kubeconfig exists only once the control plane has come up.
            throw ApiException.conflict("Instance " + id + " is not ready");
        }
        Instant now = clock.instant();
        Instant expires = now.plus(TTL);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(id).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a console ticket", e);
        }
        return new RemoteConsole(protocol, type, jwt.serialize(), expires);
    }

    private ConsoleKubeconfig redeemChecked(String ticket) {
        String serverId = verify(ticket).orElseThrow(RemoteConsoles::invalid);
        ServerRecord server = store.server(serverId).filter(s -> !s.getSpec().isDeleteRequested())
                .orElseThrow(RemoteConsoles::invalid);
        Secret secret = liveKubeconfigSecret(server).orElseThrow(RemoteConsoles::invalid);
        String encoded = secret.getData() == null ? null : secret.getData().get("config");
        if (encoded == null) {
            throw invalid();
        }
        String original = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
        Optional<String> external = loadBalancerEndpoint(server);
        String endpoint = external.orElse("https://" + server.getSpec().getRelease() + "."
                + server.getSpec().getHostNamespace() + ":443");
        String header = "# kubeconfig of server " + server.getSpec().getName() + " (" + serverId + "), vcluster "
                + server.getSpec().getRelease() + " in host namespace " + server.getSpec().getHostNamespace() + ".\n"
                + (external.isPresent()
                        ? "# Endpoint: the vcluster's LoadBalancer address.\n"
                        : "# Endpoint: the in-cluster Service name; it resolves only inside the host cluster (the\n"
                        + "# vcluster has no LoadBalancer). Elsewhere, use `kubectl port-forward` to the Service.\n");
        String yaml = header + SERVER_LINE.matcher(original).replaceAll("$1" + endpoint);
        return new ConsoleKubeconfig(server.getSpec().getName(), yaml, external.isPresent());
    }

    private Optional<String> verify(String ticket) {
        try {
            SignedJWT jwt = SignedJWT.parse(ticket);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires == null || !clock.instant().isBefore(expires.toInstant())
                    || !claims.getAudience().contains(AUDIENCE)) {
                return Optional.empty();
            }
            return Optional.ofNullable(claims.getSubject());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the kubeconfig Secret exists, from the informer cache (it carries {@code app=vcluster}): a console URL
     * is given while the API fails.
     */
    private boolean kubeconfigSecretExists(ServerRecord server) {
        return hosts.vclusterSecretExists(server.getSpec().getHostNamespace(), "vc-" + server.getSpec().getRelease());
    }

    /**
     * The kubeconfig itself, read live at download: the cache keeps no Secret data, so no vcluster's admin
     * credentials stay in the facade's memory (docs/remote-console.md). An API failure here is a 503.
     */
    private Optional<Secret> liveKubeconfigSecret(ServerRecord server) {
        try {
            return Optional.ofNullable(client.secrets().inNamespace(server.getSpec().getHostNamespace())
                    .withName("vc-" + server.getSpec().getRelease()).get());
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
    }

    private Optional<String> loadBalancerEndpoint(ServerRecord server) {
        return hosts.vclusterLoadBalancerHost(server.getSpec().getHostNamespace(), server.getSpec().getRelease())
                .map(h -> "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":443");
    }

    /** The signing key, from the facade namespace's Secret; created by the first replica that needs it. */
    private byte[] key() {
        byte[] current = key;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (key == null) {
                key = loadOrCreateKey();
            }
            return key;
        }
    }

    private byte[] loadOrCreateKey() {
        for (int attempt = 0; attempt < 2; attempt++) {
            Secret existing = client.secrets().inNamespace(store.namespace()).withName(KEY_SECRET).get();
            if (existing != null && existing.getData() != null && existing.getData().get(KEY_FIELD) != null) {
                return Base64.getDecoder().decode(existing.getData().get(KEY_FIELD));
            }
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            try {
                client.resource(new SecretBuilder().withNewMetadata().withName(KEY_SECRET)
                        .withNamespace(store.namespace()).endMetadata()
                        .withData(Map.of(KEY_FIELD, Base64.getEncoder().encodeToString(fresh))).build()).create();
                return fresh;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // another replica created it first: read theirs
            }
        }
        throw ApiException.conflict("The console key was changed by another request at the same time; please retry.");
    }

    private static ApiException hostUnreachable(KubernetesClientException e) {
        return ApiException.unavailable("The host cluster did not answer (" + e.getCode() + "); please retry.");
    }

    private static ApiException invalid() {
        return ApiException.notFound("This console URL is invalid or has expired; open a new console.");
    }
}
