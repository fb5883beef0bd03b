package io.openvcluster.server.compute;

import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Optional;

/** The caller's key pairs ({@code os-keypairs}); an admin may name another user (2.10). */
public final class KeyPairService {
    private final KeyPairs keyPairs;

    KeyPairService(KeyPairs keyPairs) {
        this.keyPairs = keyPairs;
    }

    public List<KeyPairData> listKeyPairs(Caller caller, Optional<String> userId) {
        return keyPairs.list(caller, userId);
    }

    public KeyPairData getKeyPair(Caller caller, String name, Optional<String> userId) {
        return keyPairs.get(caller, name, userId);
    }

    public CreatedKeyPair createKeyPair(Caller caller, NewKeyPair request) {
        return keyPairs.create(caller, request);
    }

    public void deleteKeyPair(Caller caller, String name, Optional<String> userId) {
        keyPairs.delete(caller, name, userId);
    }

}
