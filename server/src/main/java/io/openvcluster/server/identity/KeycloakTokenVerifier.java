package io.openvcluster.server.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Keycloak access tokens locally: RS256 signature against the realm's JWKS (fetched once, cached,
 * fetched again when a token names an unknown {@code kid}, i.e. after a key rotation), exact issuer, the
 * facade's client in {@code aud}, and expiry.
 */
final class KeycloakTokenVerifier {
    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    KeycloakTokenVerifier(KeycloakSettings settings) {
        int timeoutMs = (int) settings.timeout().toMillis();
        JWKSource<SecurityContext> keys;
        try {
            // Nimbus' default JWKS timeouts are 500 ms, too short on a busy machine; use the Keycloak timeout
            keys = JWKSourceBuilder.create(URI.create(settings.issuer() + "/protocol/openid-connect/certs").toURL(),
                            new DefaultResourceRetriever(timeoutMs, timeoutMs, 512 * 1024))
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("OVC_KEYCLOAK_URL is not a URL: " + settings.url(), e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.clientId(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "exp", "iat")));
    }

    /**
     * The claims of a valid token; empty when it is not one (bad signature, foreign issuer or audience, expired,
     * garbage). Throws {@link IdentityUnavailableException} when the keys cannot be fetched.
     */
    Optional<JWTClaimsSet> verify(String token) {
        try {
            return Optional.of(processor.process(token, null));
        } catch (KeySourceException e) {
            throw new IdentityUnavailableException("Keycloak's signing keys cannot be fetched");
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
