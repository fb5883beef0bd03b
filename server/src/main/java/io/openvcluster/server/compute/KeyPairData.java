package io.openvcluster.server.compute;

import java.time.Instant;

/**
 * A key pair as Nova shows it.
 *
 * @param type      {@code ssh} or {@code x509} (microversion 2.2)
 * @param numericId Nova's integer id, shown by the single-key-pair GET
 */
public record KeyPairData(String name, String userId, String type, String publicKey, String fingerprint,
                          long numericId, Instant createdAt) {
}
