package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lifecycle through openstacksdk's proxy API ({@code src/test/python/sdk_lifecycle.py}, Debian's
 * python3-openstacksdk) and the negative cases through the same client, then every response the server gave during
 * the run checked against tempest's compute response schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkLifecycleIT {
    private RecordedSandbox sandbox;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("ovc.e2e.skip"), "end-to-end client tests skipped (-Dovc.e2e.skip=true)");
        if (!PythonScript.canImport("openstack")) {
            throw new IllegalStateException("openstacksdk is missing for /usr/bin/python3: apt-get install "
                    + "python3-openstacksdk (or skip these tests with -Dovc.e2e.skip=true)");
        }
        sandbox = RecordedSandbox.start("sdk-lifecycle", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void theSdkLifecycleAndNegativeCasesPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("--auth-url", sandbox.authUrl(), "--password",
                SandboxServer.PASSWORD, "--token-key", sandbox.tokenKey().toString()));
        if (Boolean.getBoolean(NotYet.RUN_ANYWAY)) {
            args.add("--run-not-yet");
        }
        PythonScript.Result r = PythonScript.run("sdk_lifecycle.py", args);
        PythonScript.Summary summary = r.summary("openstacksdk");
        assertEquals(0, summary.failed(), r::toString);
        // connect, flavors, images, create, list, get, update, metadata, tags, the power verbs, lock, console,
        // resize + confirm, delete and seven negative cases
        assertTrue(summary.passed() >= 28, r::toString);
        assertTrue(r.output().contains("ok: delete_server"), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    @Order(2)
    void everyResponseMatchesTheSchemasAndErrorFormats() throws Exception {
        sandbox.assertResponsesConform(20);
        sandbox.assertNoSecretLogged();
    }
}
