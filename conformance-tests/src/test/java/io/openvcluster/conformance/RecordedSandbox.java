package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The sandbox server of one test class behind a {@link RecordingProxy}: clients are pointed at the proxy, and at the
 * end every recorded response is checked against tempest's compute response schemas ({@code validate_schemas.py}).
 * The server signs tokens with a key file the test owns, so a test can mint an expired token of its own.
 */
final class RecordedSandbox implements AutoCloseable {
    private final SandboxServer server;
    private final RecordingProxy proxy;
    private final Path tokenKey;

    private RecordedSandbox(SandboxServer server, RecordingProxy proxy, Path tokenKey) {
        this.server = server;
        this.proxy = proxy;
        this.tokenKey = tokenKey;
    }

    static RecordedSandbox start(String name, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path key = Path.of("target", name + "-token.key").toAbsolutePath();
        Files.createDirectories(key.getParent());
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("OVC_TOKEN_KEY_FILE", key.toString());
        SandboxServer server = SandboxServer.start(name, env);
        try {
            RecordingProxy proxy = RecordingProxy.start(server.baseUrl(), Path.of("target", name + "-exchanges.jsonl"));
            return new RecordedSandbox(server, proxy, key);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The Keystone URL the clients use: the proxy's. */
    String authUrl() {
        return proxy.authUrl();
    }

    /** The proxy's base URL, for requests made by the test itself. */
    String baseUrl() {
        return proxy.baseUrl();
    }

    /** A scrape of the facade's metrics, straight from the server (not through the proxy). */
    Scrape scrape() throws IOException, InterruptedException {
        return Scrape.of(server.baseUrl());
    }

    Path tokenKey() {
        return tokenKey;
    }

    /** {@link SandboxServer#assertNoSecretLogged}. */
    void assertNoSecretLogged() {
        server.assertNoSecretLogged();
    }

    /** What the facade has logged so far. */
    String serverLog() throws IOException {
        return server.logText();
    }

    /**
     * Checks every response recorded so far: successful compute bodies against tempest's schemas, error bodies
     * against their API's error format. Fails unless all pass and at least {@code minValidated} bodies had a schema.
     */
    void assertResponsesConform(int minValidated) throws IOException, InterruptedException {
        Assumptions.assumeTrue(PythonScript.canImport("tempest.lib.api_schema"),
                "python3-tempest is missing: apt-get install python3-tempest (.ci/run does)");
        PythonScript.Result r = PythonScript.run("validate_schemas.py", List.of(proxy.recording().toString()));
        PythonScript.Summary schemas = r.summary("schemas");
        assertEquals(0, schemas.failed(), r::toString);
        assertEquals(0, r.summary("faults").failed(), r::toString);
        assertTrue(schemas.passed() >= minValidated, "too few responses validated: " + r);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.close();
        } finally {
            server.close();
        }
    }
}
