package io.openvcluster.server.config;

import io.openvcluster.server.identity.TokenService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Identity settings from the environment:
 * {@code OVC_SANDBOX_PASSWORD} (default {@code sandbox}), {@code OVC_TOKEN_KEY_FILE} (32+ bytes shared by
 * replicas; without it a random key is made, so tokens die with the process) and {@code OVC_TOKEN_TTL}
 * (ISO-8601 duration such as {@code PT1H}, default one hour).
 *
 * @param keyFromFile true when the key came from a file, false when it was generated
 */
public record IdentitySettings(String sandboxPassword, byte[] tokenKey, boolean keyFromFile, Duration tokenTtl) {
    public static final String DEFAULT_SANDBOX_PASSWORD = "sandbox";
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

    public IdentitySettings {
        tokenKey = tokenKey.clone();
    }

    @Override
    public byte[] tokenKey() {
        return tokenKey.clone();
    }

    /** Reads the settings; a bad value is an error that names the variable. */
    public static IdentitySettings fromEnvironment(Map<String, String> env) {
        String password = Optional.ofNullable(env.get("OVC_SANDBOX_PASSWORD")).filter(p -> !p.isEmpty())
                .orElse(DEFAULT_SANDBOX_PASSWORD);
        Optional<String> keyFile = Optional.ofNullable(env.get("OVC_TOKEN_KEY_FILE")).filter(f -> !f.isBlank());
        byte[] key = keyFile.map(IdentitySettings::readKey).orElseGet(TokenService::randomKey);
        Duration ttl = Optional.ofNullable(env.get("OVC_TOKEN_TTL")).filter(t -> !t.isBlank())
                .map(IdentitySettings::parseTtl).orElse(DEFAULT_TOKEN_TTL);
        return new IdentitySettings(password, key, keyFile.isPresent(), ttl);
    }

    private static byte[] readKey(String file) {
        try {
            byte[] key = Files.readAllBytes(Path.of(file));
            if (key.length < 32) {
                throw new IllegalArgumentException("OVC_TOKEN_KEY_FILE " + file + " holds " + key.length
                        + " bytes; the token key needs at least 32");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read OVC_TOKEN_KEY_FILE " + file, e);
        }
    }

    private static Duration parseTtl(String value) {
        try {
            Duration ttl = Duration.parse(value.strip());
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("OVC_TOKEN_TTL must be positive, got " + value);
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("OVC_TOKEN_TTL must be an ISO-8601 duration such as PT1H, got "
                    + value, e);
        }
    }
}
