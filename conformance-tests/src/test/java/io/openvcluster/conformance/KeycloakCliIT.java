package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.requireCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * The real {@code openstack} CLI against the server backed by the real Keycloak (test realm
 * deploy/keycloak/realm.json): {@code v3password}, {@code v3oidcpassword} and {@code v3oidcaccesstoken}, project
 * listing, token revocation, and a reader refused a write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisabledIfEnvironmentVariable(named = "OVC_KEYCLOAK_SKIP", matches = "true",
        disabledReason = "OVC_KEYCLOAK_SKIP=true: the tests against a real Keycloak are skipped")
class KeycloakCliIT {
    private static final String ALPHA_ID = "6a1f0c2e4b7d4e8f9a0b1c2d3e4f5a6b";
    private static final String BETA_ID = "7b2e1d3f5c8e4f9a0b1c2d3e4f5a6b7c";

    private SandboxServer server;

    @BeforeAll
    void start() throws Exception {
        requireCli();
        KeycloakForCli.ensureRunning();
        server = SandboxServer.start("cli-keycloak", Map.of(
                "OVC_KEYCLOAK_URL", KeycloakForCli.URL,
                "OVC_KEYCLOAK_REALM", KeycloakForCli.REALM,
                "OVC_KEYCLOAK_CLIENT_ID", KeycloakForCli.CLIENT_ID,
                "OVC_KEYCLOAK_CLIENT_SECRET", KeycloakForCli.CLIENT_SECRET));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            try {
                // neither the users' passwords nor the client's secret nor a token, Keycloak's or the facade's
                server.assertNoSecretLogged(KeycloakForCli.CLIENT_SECRET, KeycloakForCli.password("alice"),
                        KeycloakForCli.password("olivia"));
            } finally {
                server.close();
            }
        }
    }

    private OpenStackCli password(String user, String project) {
        return new OpenStackCli(server.authUrl(), user, project, KeycloakForCli.password(user));
    }

    /** keystoneauth's v3oidcpassword: the CLI gets a Keycloak token itself, then federates and re-scopes. */
    private OpenStackCli oidcPassword(String user, String project) {
        return password(user, project).withEnv(Map.of(
                "OS_AUTH_TYPE", "v3oidcpassword",
                "OS_IDENTITY_PROVIDER", "keycloak",
                "OS_PROTOCOL", "openid",
                "OS_CLIENT_ID", KeycloakForCli.CLIENT_ID,
                "OS_CLIENT_SECRET", KeycloakForCli.CLIENT_SECRET,
                "OS_ACCESS_TOKEN_ENDPOINT", KeycloakForCli.TOKEN_ENDPOINT,
                "OS_USER_DOMAIN_NAME", ""));
    }

    @Test
    void v3passwordTokenIsScopedToTheGroupProject() throws Exception {
        JsonNode token = password("alice", "alpha").json("token", "issue");
        assertEquals(ALPHA_ID, token.path("project_id").asText());
        assertTrue(token.path("user_id").asText().matches("[0-9a-f-]{36}"), token.toString());
        assertEquals(List.of("alpha"), names(password("alice", "alpha").json("project", "list")));
        assertEquals(List.of("alpha", "beta"), names(password("olivia", "alpha").json("project", "list")));
    }

    @Test
    void wrongPasswordAndForeignProjectFail() throws Exception {
        OpenStackCli.Result wrong = new OpenStackCli(server.authUrl(), "alice", "alpha", "not-it")
                .run("token", "issue");
        assertFalse(wrong.ok(), wrong.toString());
        assertTrue(wrong.stderr().contains("401"), wrong.toString());
        OpenStackCli.Result foreign = password("alice", "beta").run("server", "list");
        assertFalse(foreign.ok(), foreign.toString());
    }

    @Test
    void v3oidcpasswordWorks() throws Exception {
        OpenStackCli bob = oidcPassword("bob", "beta");
        JsonNode token = bob.json("token", "issue");
        assertEquals(BETA_ID, token.path("project_id").asText());
        assertTrue(bob.json("server", "list").isArray());
    }

    @Test
    void v3oidcaccesstokenWorks() throws Exception {
        // the access token comes from Keycloak's password grant, as any OIDC tool would fetch it
        var http = java.net.http.HttpClient.newHttpClient();
        String form = "grant_type=password&scope=openid&client_id=" + KeycloakForCli.CLIENT_ID
                + "&client_secret=" + KeycloakForCli.CLIENT_SECRET + "&username=bob&password="
                + KeycloakForCli.password("bob");
        var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(KeycloakForCli.TOKEN_ENDPOINT))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String accessToken = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body())
                .path("access_token").asText();
        OpenStackCli bob = password("bob", "beta").withEnv(Map.of(
                "OS_AUTH_TYPE", "v3oidcaccesstoken",
                "OS_IDENTITY_PROVIDER", "keycloak",
                "OS_PROTOCOL", "openid",
                "OS_ACCESS_TOKEN", accessToken,
                "OS_USERNAME", "", "OS_PASSWORD", "", "OS_USER_DOMAIN_NAME", ""));
        assertEquals(BETA_ID, bob.json("token", "issue").path("project_id").asText());
    }

    @Test
    void revokedTokenIsRefused() throws Exception {
        OpenStackCli alice = password("alice", "alpha");
        String token = alice.json("token", "issue").path("id").asText();
        OpenStackCli.Result revoke = alice.run("token", "revoke", token);
        assertTrue(revoke.ok(), revoke.toString());
        OpenStackCli.Result after = alice.withEnv(Map.of("OS_AUTH_TYPE", "token", "OS_TOKEN", token,
                "OS_USERNAME", "", "OS_PASSWORD", "", "OS_USER_DOMAIN_NAME", "")).run("server", "list");
        assertFalse(after.ok(), after.toString());
        assertTrue(after.stderr().contains("401"), after.toString());
    }

    @Test
    void readerCannotCreateAServer() throws Exception {
        OpenStackCli rita = password("rita", "alpha");
        String flavor = rita.json("flavor", "list").get(0).path("Name").asText();
        String image = rita.json("image", "list").get(0).path("Name").asText();
        OpenStackCli.Result create = rita.run("server", "create", "--flavor", flavor, "--image", image, "rita-vc");
        assertFalse(create.ok(), create.toString());
        assertTrue(create.stderr().contains("Policy doesn't allow os_compute_api:servers:create to be performed."),
                create.toString());
        assertTrue(rita.json("server", "list").isEmpty(), "nothing was created");
    }
}
