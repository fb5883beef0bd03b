package io.openvcluster.server.testing;

import io.openvcluster.server.identity.KeycloakSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Keycloak of the identity tests, started once per test JVM with {@code deploy/keycloak/realm.json}
 * by {@code deploy/keycloak/start-keycloak.sh} (which fetches the distribution from Maven Central when absent),
 * and stopped when the JVM ends if this JVM started it. A Keycloak already answering on the port is reused.
 * Test classes that need it are annotated {@code @DisabledIfEnvironmentVariable(named = "OVC_KEYCLOAK_SKIP",
 * matches = "true")}: that variable is the only way to skip them.
 */
public final class RealKeycloak {
    public static final String REALM = "openvcluster";
    public static final String CLIENT_ID = "ovc-facade";
    /** From the test-only realm file. */
    public static final String CLIENT_SECRET = "test-only-ovc-facade-secret";
    public static final String ALPHA_ID = "6a1f0c2e4b7d4e8f9a0b1c2d3e4f5a6b";
    public static final String BETA_ID = "7b2e1d3f5c8e4f9a0b1c2d3e4f5a6b7c";
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("OVC_KEYCLOAK_PORT", "18080"));
    private static volatile boolean started;

    private RealKeycloak() {
    }

    /** The test-only password of a realm user ({@code test-only-<name>-pw}). */
    public static String password(String user) {
        return "test-only-" + user + "-pw";
    }

    public static URI url() {
        return URI.create("http://127.0.0.1:" + PORT);
    }

    /** Settings for a facade backed by this Keycloak. */
    public static KeycloakSettings settings() {
        ensureRunning();
        return new KeycloakSettings(url(), REALM, CLIENT_ID, CLIENT_SECRET, Duration.ofSeconds(10),
                KeycloakSettings.DEFAULT_IDP, KeycloakSettings.DEFAULT_PROTOCOL);
    }

    /** Starts Keycloak (or finds it running); idempotent. */
    public static synchronized void ensureRunning() {
        if (started) {
            return;
        }
        Path script = repoRoot().resolve("deploy/keycloak/start-keycloak.sh");
        Path workdir = Path.of(System.getProperty("user.home"), ".cache", "open-vcluster-api", "keycloak-" + PORT);
        try {
            Path log = Files.createTempFile("keycloak-start", ".log");
            Process p = new ProcessBuilder(script.toString(), workdir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Keycloak did not start (set OVC_KEYCLOAK_SKIP=true to skip the "
                        + "Keycloak tests):\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            if (!output.contains("reusing")) {
                Path stop = script.resolveSibling("stop-keycloak.sh");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        new ProcessBuilder(stop.toString(), workdir.toString()).inheritIO().start()
                                .waitFor(60, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException e) {
                        System.err.println("could not stop Keycloak: " + e);
                    }
                }, "stop-keycloak"));
            }
            started = true;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Keycloak", e);
        }
    }

    /** An access token straight from Keycloak's password grant, as keystoneauth's OIDC plugins obtain it. */
    public static String accessToken(String user) {
        ensureRunning();
        String form = "grant_type=password&scope=openid&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password(user), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url() + "/realms/" + REALM + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(res.body());
            if (res.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Keycloak refused a token for " + user + ": " + res.body());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/keycloak/start-keycloak.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/keycloak/start-keycloak.sh not found above " + Path.of("")
                    .toAbsolutePath());
        }
        return dir;
    }
}
