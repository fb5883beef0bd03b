package io.openvcluster.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Keycloak for the CLI tests: {@code deploy/keycloak/start-keycloak.sh} with the test-only realm, once
 * per test JVM, reused when already running, stopped at JVM exit when started here.
 */
final class KeycloakForCli {
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("OVC_KEYCLOAK_PORT", "18080"));
    static final String URL = "http://127.0.0.1:" + PORT;
    static final String REALM = "openvcluster";
    static final String CLIENT_ID = "ovc-facade";
    static final String CLIENT_SECRET = "test-only-ovc-facade-secret";
    static final String TOKEN_ENDPOINT = URL + "/realms/" + REALM + "/protocol/openid-connect/token";
    private static boolean started;

    private KeycloakForCli() {
    }

    static String password(String user) {
        return "test-only-" + user + "-pw";
    }

    static synchronized void ensureRunning() throws IOException, InterruptedException {
        if (started) {
            return;
        }
        Path script = Path.of("..", "deploy", "keycloak", "start-keycloak.sh").toAbsolutePath().normalize();
        Path workdir = Path.of(System.getProperty("user.home"), ".cache", "open-vcluster-api", "keycloak");
        Path log = Files.createTempFile("keycloak-start", ".log");
        Process p = new ProcessBuilder(script.toString(), workdir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("Keycloak did not start (OVC_KEYCLOAK_SKIP=true skips these tests):\n"
                    + Files.readString(log));
        }
        if (!Files.readString(log).contains("reusing")) {
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
    }
}
