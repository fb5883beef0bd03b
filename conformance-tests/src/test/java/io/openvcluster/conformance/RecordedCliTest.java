package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.requireCli;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The base of the CLI scenarios on a sandbox of their own behind the recording proxy: the sandbox and the CLI as
 * {@code demo} are ready before the subclass's own {@code @BeforeAll}; steps run in {@code @Order}; the last step checks
 * every response the CLI got against tempest's schemas and the error formats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RecordedCliTest {
    private final String name;
    private final int minValidated;
    private final Map<String, String> settings;
    protected RecordedSandbox sandbox;
    protected OpenStackCli demo;

    /**
     * @param name         the sandbox's name (its log under {@code target/})
     * @param minValidated how many responses at least the last step must have checked
     */
    RecordedCliTest(String name, int minValidated) {
        this(name, minValidated, Map.of());
    }

    /** @param settings environment variables for the server (its settings, docs/configuration.md) */
    RecordedCliTest(String name, int minValidated, Map<String, String> settings) {
        this.name = name;
        this.minValidated = minValidated;
        this.settings = Map.copyOf(settings);
    }

    @BeforeAll
    void startSandbox() throws Exception {
        requireCli();
        sandbox = RecordedSandbox.start(name, settings);
        demo = new OpenStackCli(sandbox.authUrl(), "demo", "demo", SandboxServer.PASSWORD);
    }

    @AfterAll
    void stopSandbox() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The server's log of the whole scenario holds no password and no token. */
    @Test
    @Order(98)
    void theServersLogHoldsNoPasswordAndNoToken() {
        sandbox.assertNoSecretLogged();
    }

    /** Last: every response the server gave the CLI (through the recording proxy): tempest schemas, error formats. */
    @Test
    @Order(99)
    void everyResponseMatchesTheSchemasAndErrorFormats() throws Exception {
        sandbox.assertResponsesConform(minValidated);
    }
}
