package io.openvcluster.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, started exactly as a user starts it ({@code java -jar server/target/ovc-server.jar}),
 * as a separate process on 127.0.0.1 with no Kubernetes configured, so it runs its sandbox.
 * Stopped by its own pid; its log is kept under {@code target/} for post-mortems.
 */
final class SandboxServer implements AutoCloseable {
    static final String PASSWORD = "conformance-secret";

    private final Process process;
    private final int port;
    private final Path log;

    private SandboxServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static SandboxServer start(String name, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("ovc.server.jar", "../server/target/ovc-server.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The server jar " + jar + " is missing: build it first (mvn verify builds it).");
        }
        int port = freePort();
        Path log = Path.of("target", name + "-server.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("KUBECONFIG");
        env.remove("KUBERNETES_SERVICE_HOST");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("OVC_SANDBOX_PASSWORD", PASSWORD);
        env.put("OVC_SANDBOX_DELAY_MS", "400");
        env.putAll(extraEnv);
        SandboxServer server = new SandboxServer(pb.start(), port, log);
        server.awaitHealthy(Duration.ofSeconds(90));
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String authUrl() {
        return baseUrl() + "/identity/v3";
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server did not become healthy in " + timeout + ":\n" + logText());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code kill -9}: no shutdown hook, no graceful close — a crash as the operating system delivers it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * The server's log of the whole scenario holds no secret: not the sandbox password nor {@code more}, and no token
     * (the facade's and Keycloak's are JWTs, whose text starts {@code eyJ}).
     */
    void assertNoSecretLogged(String... more) {
        String text = logText();
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, "eyJ"));
        secrets.addAll(List.of(more));
        for (String secret : secrets) {
            if (text.contains(secret)) {
                throw new AssertionError("the server's log (" + log + ") holds a secret: a line with '"
                        + secret.substring(0, Math.min(3, secret.length())) + "…'");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
