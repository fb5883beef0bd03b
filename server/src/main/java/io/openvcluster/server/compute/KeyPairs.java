package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.KeyPairRecord;
import io.openvcluster.server.kube.crd.KeyPairRecordSpec;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Nova key pairs, one {@link KeyPairRecord} per user and name. A vcluster has no SSH daemon to give a key to:
 * the key pair is stored, shown and checked at server create ({@code key_name}), never injected.
 * Policy as Nova's: a user manages their own key pairs; an admin may name another user ({@code user_id}, 2.10).
 */
final class KeyPairs {
    private final KubernetesClient client;
    private final RecordStore store;
    private final ProjectQuotas quotas;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    KeyPairs(KubernetesClient client, RecordStore store, ProjectQuotas quotas, Clock clock) {
        this.client = client;
        this.store = store;
        this.quotas = quotas;
        this.clock = clock;
    }

    List<KeyPairData> list(Caller caller, Optional<String> userId) {
        String owner = owner(caller, userId, "index");
        return store.keyPairsOfUser(owner).stream().map(KeyPairs::data)
                .sorted(Comparator.comparing(KeyPairData::name)).toList();
    }

    KeyPairData get(Caller caller, String name, Optional<String> userId) {
        String owner = owner(caller, userId, "show");
        return store.keyPair(owner, name).map(KeyPairs::data).orElseThrow(() -> notFound(name, owner));
    }

    /** True when the caller owns a key pair of that name (the check {@code key_name} at server create needs). */
    boolean exists(Caller caller, String name) {
        return store.keyPair(caller.userId(), name).isPresent();
    }

    CreatedKeyPair create(Caller caller, NewKeyPair request) {
        String owner = owner(caller, request.userId(), "create");
        if (store.keyPair(owner, request.name()).isPresent()) {
            throw duplicate(request.name());
        }
        quotas.admitKeyPair(caller.projectId(), owner);
        String publicKey;
        String fingerprint;
        Optional<String> privateKey = Optional.empty();
        if (request.publicKey().isPresent()) {
            publicKey = request.publicKey().get().strip();
            fingerprint = SshKeys.fingerprint(request.type(), publicKey);
        } else if (SshKeys.X509.equals(request.type())) {
            SshKeys.Generated generated = X509KeyPairs.generate(owner, clock);
            publicKey = generated.publicKey();
            fingerprint = generated.fingerprint();
            privateKey = Optional.of(generated.privateKeyPem());
        } else {
            SshKeys.Generated generated = SshKeys.generateRsa("Generated-by-Nova");
            publicKey = generated.publicKey();
            fingerprint = generated.fingerprint();
            privateKey = Optional.of(generated.privateKeyPem());
        }
        KeyPairRecord record = new KeyPairRecord();
        record.getMetadata().setName(Records.keyPairName(owner, request.name()));
        record.getMetadata().setNamespace(store.namespace());
        KeyPairRecordSpec spec = record.getSpec();
        spec.setName(request.name());
        spec.setUserId(owner);
        spec.setProjectId(caller.projectId());
        spec.setType(request.type());
        spec.setPublicKey(publicKey);
        spec.setFingerprint(fingerprint);
        spec.setNumericId(1 + random.nextInt(Integer.MAX_VALUE - 1));
        spec.setCreatedAt(clock.instant().toString());
        try {
            KeyPairRecord created = store.created(client.resources(KeyPairRecord.class)
                    .inNamespace(store.namespace()).resource(record).create());
            return new CreatedKeyPair(data(created), privateKey);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw duplicate(request.name()); // a concurrent create of the same name won
            }
            throw RecordWriter.unavailable(e);
        }
    }

    void delete(Caller caller, String name, Optional<String> userId) {
        String owner = owner(caller, userId, "delete");
        KeyPairRecord record = store.keyPair(owner, name).orElseThrow(() -> notFound(name, owner));
        try {
            client.resources(KeyPairRecord.class).inNamespace(store.namespace())
                    .withName(record.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        store.deleted(record);
    }

    /** The user whose key pairs are meant: the caller's own, or another user's for an admin. */
    private static String owner(Caller caller, Optional<String> userId, String policy) {
        String owner = userId.filter(u -> !u.isBlank()).orElse(caller.userId());
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-keypairs:" + policy
                    + " to be performed.");
        }
        return owner;
    }

    private static KeyPairData data(KeyPairRecord record) {
        KeyPairRecordSpec s = record.getSpec();
        return new KeyPairData(s.getName(), s.getUserId(), s.getType(), s.getPublicKey(), s.getFingerprint(),
                s.getNumericId(), Instant.parse(s.getCreatedAt()));
    }

    private static ApiException notFound(String name, String userId) {
        return ApiException.notFound("Keypair " + name + " not found for user " + userId);
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("Key pair '" + name + "' already exists.");
    }
}
