package io.openvcluster.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.openvcluster.server.identity.IdentityProvider.Domain;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facade's own tokens: compact JWS (HS256) carrying everything a request needs, so validation is a
 * local signature check (and, for tokens seen before, a map lookup). Replicas share the key.
 */
public final class TokenService {
    /** The verified-token cache is cleared when it grows past this many entries; it refills on demand. */
    static final int CACHE_LIMIT = 10_000;
    private static final String ISSUER = "open-vcluster-api";

    private final JWSHeader header = new JWSHeader(JWSAlgorithm.HS256);
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TokenInfo> verified = new ConcurrentHashMap<>();
    private final RevocationList revocations;

    /**
     * @param key at least 32 bytes of secret shared by all replicas
     * @param ttl how long an issued token is valid
     * @param revocations the revoked tokens, shared by replicas in production
     */
    public TokenService(byte[] key, Duration ttl, Clock clock, RevocationList revocations) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The token key must be at least 32 bytes, got " + key.length);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The token TTL must be positive");
        }
        try {
            this.signer = new MACSigner(key.clone());
            this.verifier = new MACVerifier(key.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable token key: " + e.getMessage(), e);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** A token service whose revocations live in this process only. */
    public TokenService(byte[] key, Duration ttl, Clock clock) {
        this(key, ttl, clock, new InMemoryRevocationList(clock));
    }

    public TokenService(byte[] key, Duration ttl) {
        this(key, ttl, Clock.systemUTC());
    }

    /** A fresh random key, for the sandbox when no key file is configured. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** A token issued: the string for X-Subject-Token and what it says. */
    public record IssuedToken(String token, TokenInfo info) {
    }

    /**
     * Issues a token for an authenticated user.
     *
     * @param from the token being re-scoped (method "token"): the new token keeps its expiry and audit chain
     */
    public IssuedToken issue(User user, Optional<Project> project, Set<String> roles, List<String> methods,
                             Optional<TokenInfo> from) {
        // JWT times have whole seconds; truncating here keeps the issue and validate bodies identical
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = from.map(TokenInfo::expiresAt).orElse(now.plus(ttl));
        List<String> auditIds = new ArrayList<>();
        auditIds.add(newAuditId());
        from.ifPresent(f -> auditIds.add(f.auditIds().getFirst()));
        TokenInfo info = new TokenInfo(user, project, List.copyOf(new TreeSet<>(roles)), methods, now, expires,
                auditIds);
        return new IssuedToken(sign(info), info);
    }

    /** The token's content when the signature is valid, it has not expired and it was not revoked. */
    public Optional<TokenInfo> verify(String token) {
        Instant now = clock.instant();
        TokenInfo cached = verified.get(token);
        if (cached != null) {
            if (now.isBefore(cached.expiresAt())) {
                return notRevoked(cached);
            }
            verified.remove(token);
            return Optional.empty();
        }
        Optional<TokenInfo> info = parseAndCheck(token).filter(i -> now.isBefore(i.expiresAt()));
        info.ifPresent(i -> remember(token, i));
        return info.flatMap(this::notRevoked);
    }

    /** Revokes one token (its own audit id); every replica refuses it from then on. */
    public void revoke(TokenInfo token) {
        revocations.revoke(token.auditIds().getFirst(), token.expiresAt());
    }

    private Optional<TokenInfo> notRevoked(TokenInfo info) {
        return revocations.isRevoked(info.auditIds().getFirst()) ? Optional.empty() : Optional.of(info);
    }

    private void remember(String token, TokenInfo info) {
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, info);
    }

    private String sign(TokenInfo info) {
        User user = info.user();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.id())
                .claim("user_name", user.name())
                .claim("user_domain_id", user.domain().id())
                .claim("user_domain_name", user.domain().name())
                .claim("roles", info.roles())
                .claim("methods", info.methods())
                .claim("audit_ids", info.auditIds())
                .issueTime(Date.from(info.issuedAt()))
                .expirationTime(Date.from(info.expiresAt()));
        info.project().ifPresent(p -> claims
                .claim("project_id", p.id())
                .claim("project_name", p.name())
                .claim("project_domain_id", p.domain().id())
                .claim("project_domain_name", p.domain().name()));
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private Optional<TokenInfo> parseAndCheck(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(c.getIssuer()) || c.getExpirationTime() == null || c.getIssueTime() == null) {
                return Optional.empty();
            }
            User user = new User(c.getSubject(), c.getStringClaim("user_name"),
                    new Domain(c.getStringClaim("user_domain_id"), c.getStringClaim("user_domain_name")));
            Optional<Project> project = Optional.ofNullable(c.getStringClaim("project_id"))
                    .map(id -> new Project(id, stringClaim(c, "project_name"), new Domain(
                            stringClaim(c, "project_domain_id"), stringClaim(c, "project_domain_name"))));
            return Optional.of(new TokenInfo(user, project, c.getStringListClaim("roles"),
                    c.getStringListClaim("methods"), c.getIssueTime().toInstant(),
                    c.getExpirationTime().toInstant(), c.getStringListClaim("audit_ids")));
        } catch (ParseException | JOSEException | RuntimeException e) {
            // garbage, a foreign token or a claim of the wrong type: simply not a valid token
            return Optional.empty();
        }
    }

    private static String stringClaim(JWTClaimsSet c, String name) {
        try {
            return Optional.ofNullable(c.getStringClaim(name)).orElse("");
        } catch (ParseException e) {
            return "";
        }
    }

    private String newAuditId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
