package io.openvcluster.server.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.KeycloakIdentityProvider;
import io.openvcluster.server.identity.KeycloakSettings;
import io.openvcluster.server.identity.TokenService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keycloak faults, with WireMock standing in for Keycloak (only here): down, slow and failing Keycloak give new
 * logins a 503 in Keystone's format, within the configured timeout; tokens issued before keep working.
 */
@ServerTest
class KeycloakFaultIT extends ApiTest {
    private static final String TOKEN_PATH = "/realms/openvcluster/protocol/openid-connect/token";
    private static final WireMockServer KEYCLOAK = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
            .dynamicPort());
    private static final TokenService TOKENS = new TokenService(TokenService.randomKey(), Duration.ofHours(1));
    KeycloakFaultIT(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        KEYCLOAK.start();
        ApiRouting.register(routing, SandboxDomain.domain(),
                new KeycloakIdentityProvider(settings("http://127.0.0.1:" + KEYCLOAK.port())), TOKENS,
                FederationNames.DEFAULT);
    }

    @AfterAll
    static void stopKeycloak() {
        KEYCLOAK.stop();
        SandboxDomain.close();
    }

    @BeforeEach
    void reset() {
        KEYCLOAK.resetAll();
    }

    static KeycloakSettings settings(String url) {
        return new KeycloakSettings(URI.create(url), "openvcluster", "ovc-facade", "secret",
                // generous enough for a cold WireMock on a loaded machine, well under the 5 s of the slow stub
                Duration.ofMillis(2_000), "keycloak", "openid");
    }

    private Reply login() {
        return api.call(Method.POST, "/identity/v3/auth/tokens", Api.passwordAuth("alice", "pw", "alpha"));
    }

    @Test
    void keycloakDroppingConnectionsIs503ForNewLoginsWhileExistingTokensWork() {
        KEYCLOAK.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Reply r = login();
        assertThat(r.status(), is(503));
        assertThat(r.body().at("/error/code").asInt(), is(503));
        assertThat(r.body().at("/error/message").asText(), containsString("Keycloak cannot be reached"));

        // a token issued while Keycloak was up is verified locally, without Keycloak
        User alice = new User("e9d158e9-bbc3-4802-8f86-fd5ce5416e91", "alice", IdentityProvider.DEFAULT_DOMAIN);
        Project alpha = new Project("6a1f0c2e4b7d4e8f9a0b1c2d3e4f5a6b", "alpha", IdentityProvider.DEFAULT_DOMAIN);
        String issued = TOKENS.issue(alice, Optional.of(alpha), Set.of("member", "reader"), List.of("password"),
                Optional.empty()).token();
        assertThat(api.with("X-Auth-Token", issued).get("/compute/v2.1/servers").status(), is(200));
    }

    @Test
    void slowKeycloakIsCutOffAtTheTimeout() {
        KEYCLOAK.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5_000).withBody("{}")));
        Reply r = login();
        assertThat(r.status(), is(503));
        assertThat(r.body().at("/error/message").asText(), containsString("did not answer within 2000 ms"));
    }

    @Test
    void failingKeycloakIs503() {
        KEYCLOAK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(502)));
        Reply r = login();
        assertThat(r.status(), is(503));
        assertThat(r.body().at("/error/message").asText(), containsString("HTTP 502"));
    }

    @Test
    void refusedCredentialsAre401NotAnOutage() {
        KEYCLOAK.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}")));
        assertThat(login().status(), is(401));
    }

    @Test
    void keycloakNotListeningIs503() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var down = new KeycloakIdentityProvider(settings("http://127.0.0.1:" + closedPort));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.openvcluster.api.ApiException.class,
                () -> down.authenticateByName("alice", "Default", "pw"));
        assertThat(e.status(), is(503));
    }
}
