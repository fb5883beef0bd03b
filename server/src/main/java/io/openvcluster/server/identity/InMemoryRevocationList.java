package io.openvcluster.server.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revocations of one process (tests, a single sandbox replica); entries are pruned after the token's expiry. */
public final class InMemoryRevocationList implements RevocationList {
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryRevocationList(Clock clock) {
        this.clock = clock;
    }

    public InMemoryRevocationList() {
        this(Clock.systemUTC());
    }

    @Override
    public void revoke(String auditId, Instant expiresAt) {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> until.isBefore(now));
        revoked.put(auditId, expiresAt);
    }

    @Override
    public boolean isRevoked(String auditId) {
        return revoked.containsKey(auditId);
    }
}
