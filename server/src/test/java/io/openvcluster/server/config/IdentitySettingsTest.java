package io.openvcluster.server.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitySettingsTest {
    @Test
    void defaultsWithoutEnvironment() {
        IdentitySettings s = IdentitySettings.fromEnvironment(Map.of());
        assertThat(s.sandboxPassword(), is("sandbox"));
        assertThat(s.tokenTtl(), is(Duration.ofHours(1)));
        assertThat(s.keyFromFile(), is(false));
        assertThat(s.tokenKey().length, is(32));
    }

    @Test
    void valuesFromEnvironment(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key");
        Files.write(key, new byte[48]);
        IdentitySettings s = IdentitySettings.fromEnvironment(Map.of("OVC_SANDBOX_PASSWORD", "pw",
                "OVC_TOKEN_KEY_FILE", key.toString(), "OVC_TOKEN_TTL", "PT15M"));
        assertThat(s.sandboxPassword(), is("pw"));
        assertThat(s.tokenKey().length, is(48));
        assertThat(s.keyFromFile(), is(true));
        assertThat(s.tokenTtl(), is(Duration.ofMinutes(15)));
    }

    @Test
    void badValuesAreRefused(@TempDir Path dir) throws Exception {
        Path shortKey = dir.resolve("short");
        Files.write(shortKey, new byte[8]);
        assertThrows(IllegalArgumentException.class,
                () -> IdentitySettings.fromEnvironment(Map.of("OVC_TOKEN_KEY_FILE", shortKey.toString())));
        assertThrows(IllegalArgumentException.class,
                () -> IdentitySettings.fromEnvironment(Map.of("OVC_TOKEN_TTL", "an hour")));
    }
}
