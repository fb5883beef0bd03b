package io.openvcluster.server.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.openvcluster.server.identity.KeycloakSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeycloakSettingsTest {
    private static final Map<String, String> KEYCLOAK_ENV = Map.of(
            "OVC_KEYCLOAK_URL", "http://127.0.0.1:18080/",
            "OVC_KEYCLOAK_REALM", "openvcluster",
            "OVC_KEYCLOAK_CLIENT_ID", "ovc-facade",
            "OVC_KEYCLOAK_CLIENT_SECRET", "s3cret");

    @Test
    void offWithoutAUrl() {
        assertThat(OvcSettings.from(Config.empty(), Map.of()).keycloak().isPresent(), is(false));
    }

    @Test
    void fromTheEnvironmentWithDefaults() {
        KeycloakSettings k = OvcSettings.from(Config.empty(), KEYCLOAK_ENV).keycloak().orElseThrow();
        assertThat(k.issuer(), is("http://127.0.0.1:18080/realms/openvcluster"));
        assertThat(k.clientId(), is("ovc-facade"));
        assertThat(k.timeout(), is(Duration.ofSeconds(5)));
        assertThat(k.federationIdp(), is("keycloak"));
        assertThat(k.federationProtocol(), is("openid"));
        assertThat(k.toString(), not(containsString("s3cret")));
    }

    @Test
    void fromConfigKeysWhenTheEnvironmentIsSilent() {
        Config config = Config.just(ConfigSources.create(Map.of(
                "ovc.keycloak.url", "https://sso.example.test",
                "ovc.keycloak.realm", "cloud",
                "ovc.keycloak.client-id", "nova",
                "ovc.keycloak.client-secret", "x",
                "ovc.keycloak.timeout-ms", "1500",
                "ovc.federation.idp", "sso",
                "ovc.federation.protocol", "oidc")));
        KeycloakSettings k = OvcSettings.from(config, Map.of()).keycloak().orElseThrow();
        assertThat(k.issuer(), is("https://sso.example.test/realms/cloud"));
        assertThat(k.timeout(), is(Duration.ofMillis(1500)));
        assertThat(k.federationIdp(), is("sso"));
        assertThat(k.federationProtocol(), is("oidc"));
    }

    @Test
    void aUrlWithoutRealmOrClientIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OvcSettings.from(Config.empty(), Map.of("OVC_KEYCLOAK_URL", "http://127.0.0.1:18080")));
        assertThat(e.getMessage(), containsString("OVC_KEYCLOAK_REALM"));
    }
}
