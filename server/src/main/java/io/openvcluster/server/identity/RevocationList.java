package io.openvcluster.server.identity;

import java.time.Instant;

/**
 * Revoked facade tokens, by audit id (as Keystone revokes: one token, not the tokens re-scoped from it).
 * Every replica must see a revocation, so production keeps it in Kubernetes
 * ({@link KubeRevocationList}); {@link InMemoryRevocationList} serves one process.
 */
public interface RevocationList {

    /** Revokes the token with this audit id; the entry may be forgotten after {@code expiresAt}. */
    void revoke(String auditId, Instant expiresAt);

    /** Whether the token with this audit id was revoked; a map lookup, on every request. */
    boolean isRevoked(String auditId);
}
