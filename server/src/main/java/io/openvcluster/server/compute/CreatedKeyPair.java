package io.openvcluster.server.compute;

import java.util.Optional;

/** A new key pair, and its private key when the facade generated it (returned once, never stored). */
public record CreatedKeyPair(KeyPairData keyPair, Optional<String> privateKey) {
}
