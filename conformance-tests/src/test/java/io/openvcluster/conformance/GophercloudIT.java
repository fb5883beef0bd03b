package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * gophercloud, the Go SDK Terraform's OpenStack provider is built on (Debian's
 * golang-github-gophercloud-gophercloud-dev), drives the facade: {@code src/test/go/gophercloud_scenario} is built
 * with Debian's go and run with the usual OS_* variables as {@code demo}, then as {@code admin}; then every response
 * it got is checked against tempest's schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GophercloudIT {
    private static final String GOPHERCLOUD = "github.com/gophercloud/gophercloud";
    private static final String INSTALL = "apt-get install golang-go golang-github-gophercloud-gophercloud-dev "
            + "(.ci/run does)";
    /** The program's steps, in order: each prints {@code ok <step> ...}. */
    private static final List<String> STEPS = List.of("auth", "availability-zones", "flavors", "images", "create",
            "active", "stop", "start", "migrate-refused", "delete", "admin-auth", "hypervisors", "compute-services");

    private Path program;
    /** Closed after the last test (JUnit's {@code @AutoClose}). */
    @AutoClose
    private RecordedSandbox sandbox;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("ovc.e2e.skip"), "end-to-end client tests skipped (-Dovc.e2e.skip=true)");
        Assumptions.assumeTrue(GoProgram.go().isPresent(), "go is not on PATH: " + INSTALL);
        Assumptions.assumeTrue(GoProgram.installed(GOPHERCLOUD), "gophercloud's sources are not under "
                + GoProgram.GOCODE.resolve("src").resolve(GOPHERCLOUD) + ": " + INSTALL);
        program = GoProgram.build("gophercloud_scenario");
        sandbox = RecordedSandbox.start("gophercloud", Map.of());
    }

    @Test
    @Order(1)
    void theGophercloudScenarioPasses() throws Exception {
        PythonScript.Result r = GoProgram.run(program, Map.of(
                "OS_AUTH_URL", sandbox.authUrl(),
                "OS_USERNAME", "demo",
                "OS_PASSWORD", SandboxServer.PASSWORD,
                "OS_PROJECT_NAME", "demo",
                "OS_USER_DOMAIN_NAME", "Default",
                "OS_PROJECT_DOMAIN_NAME", "Default",
                "OS_ADMIN_USERNAME", "admin",
                "OS_ADMIN_PASSWORD", SandboxServer.PASSWORD,
                "OS_ADMIN_PROJECT_NAME", "admin"));
        for (String step : STEPS) {
            assertTrue(okLine(r.output(), step).isPresent(), () -> "no 'ok " + step + "' line: " + r);
        }
        String migrate = okLine(r.output(), "migrate-refused").orElseThrow();
        assertTrue(migrate.contains("501") && migrate.contains("fleet of host clusters"), migrate);
        PythonScript.Summary summary = r.summary("gophercloud");
        assertEquals(STEPS.size(), summary.passed(), r::toString);
        assertEquals(0, summary.failed(), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    @Order(2)
    void everyResponseMatchesTheSchemasAndErrorFormats() throws Exception {
        sandbox.assertResponsesConform(10);
        sandbox.assertNoSecretLogged();
    }

    /** The line {@code ok <step> ...} the program printed, if any. */
    private static Optional<String> okLine(String output, String step) {
        Matcher m = Pattern.compile("(?m)^ok " + Pattern.quote(step) + " .*$").matcher(output);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
