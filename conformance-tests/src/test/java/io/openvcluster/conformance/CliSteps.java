package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The steps the {@code openstack} CLI tests share: the end-to-end guard, the first steps of a scenario (flavors,
 * images, a server created with {@code --wait}), a verb followed until the server reaches its status, and reading
 * the rows the CLI prints with {@code -f json}.
 */
final class CliSteps {
    private CliSteps() {
    }

    /** Skips with {@code -Dovc.e2e.skip=true}; without {@code /usr/bin/openstack} the test fails and says why. */
    static void requireCli() {
        Assumptions.assumeFalse(Boolean.getBoolean("ovc.e2e.skip"), "end-to-end CLI tests skipped (-Dovc.e2e.skip=true)");
        if (!OpenStackCli.installed()) {
            throw new IllegalStateException("/usr/bin/openstack is missing: apt-get install python3-openstackclient "
                    + "(or skip these tests with -Dovc.e2e.skip=true)");
        }
    }

    /** {@code flavor list}: the default ladder (at least three sizes, each with RAM and vCPUs); its smallest row. */
    static JsonNode smallestFlavor(OpenStackCli cli) throws Exception {
        JsonNode flavors = cli.json("flavor", "list");
        assertTrue(flavors.size() >= 3, "expected the default flavor ladder, got " + flavors);
        JsonNode smallest = null;
        for (JsonNode f : flavors) {
            assertTrue(f.path("RAM").asInt() > 0 && f.path("VCPUs").asInt() > 0, f::toString);
            if (smallest == null || f.path("RAM").asInt() < smallest.path("RAM").asInt()) {
                smallest = f;
            }
        }
        return smallest;
    }

    /** {@code image list}: every base image active; the name of the first. */
    static String firstActiveImage(OpenStackCli cli) throws Exception {
        JsonNode images = cli.json("image", "list");
        assertTrue(images.size() >= 1, "expected base images, got " + images);
        for (JsonNode i : images) {
            assertEquals("active", i.path("Status").asText(), i::toString);
        }
        String name = images.get(0).path("Name").asText();
        assertFalse(name.isBlank());
        return name;
    }

    /** {@code server create --wait}: the new server is ACTIVE with the flavor and image asked for; its id. */
    static String createActive(OpenStackCli cli, String flavor, String image, String name) throws Exception {
        JsonNode created = cli.json("server", "create", "--flavor", flavor, "--image", image, "--wait", name);
        String id = created.path("id").asText();
        assertEquals(36, id.length(), created::toString);
        assertEquals(name, created.path("name").asText());
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        assertTrue(created.path("flavor").asText().contains(flavor), created::toString);
        assertTrue(created.path("image").asText().contains(image), created::toString);
        return id;
    }

    /**
     * Runs a verb that returns at once (stop, pause...), then polls {@code server show} every second, for at most
     * {@code patience}, until the server shows {@code status}.
     */
    static void verb(OpenStackCli cli, String server, String status, Duration patience, String... args)
            throws Exception {
        OpenStackCli.Result r = cli.run(args);
        assertEquals(0, r.exitCode(), r::toString);
        String last = "";
        for (long i = 0; i < patience.toSeconds() && !status.equals(last); i++) {
            last = cli.json("server", "show", server).path("status").asText();
            if (!status.equals(last)) {
                Thread.sleep(1000);
            }
        }
        assertEquals(status, last, "after openstack " + String.join(" ", args));
    }

    /** One scenario of {@code src/test/python/sdk_deferred_verbs.py} against {@code sandbox}: its three steps pass. */
    static void sdkScenario(RecordedSandbox sandbox, String scenario) throws Exception {
        PythonScript.Result r = PythonScript.run("sdk_deferred_verbs.py", List.of("--auth-url", sandbox.authUrl(),
                "--password", SandboxServer.PASSWORD, "--scenario", scenario));
        PythonScript.Summary summary = r.summary("openstacksdk");
        assertEquals(3, summary.passed(), r::toString);
        assertEquals(0, summary.failed(), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** The CLI failed, said each of {@code messages} on stderr, and printed no Python traceback. */
    static void assertRefused(OpenStackCli.Result r, String... messages) {
        assertNotEquals(0, r.exitCode(), r::toString);
        for (String message : messages) {
            assertTrue(r.stderr().contains(message), r::toString);
        }
        assertFalse(r.stderr().contains("Traceback"), r::toString);
    }

    /** {@code server delete --wait}; afterwards {@code server list} no longer shows the server. */
    static void deleteAndConfirmGone(OpenStackCli cli, String name, String id) throws Exception {
        OpenStackCli.Result r = cli.run("server", "delete", "--wait", name);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode servers = cli.json("server", "list");
        for (JsonNode s : servers) {
            assertNotEquals(id, s.path("ID").asText(), "deleted server still listed: " + servers);
        }
    }

    /** The row whose {@code key} column is {@code value}; fails naming what was there. */
    static JsonNode row(JsonNode rows, String key, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(key).asText())) {
                return row;
            }
        }
        throw new AssertionError("no row with " + key + "=" + value + " in " + rows);
    }

    /** The Name column. */
    static List<String> names(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.path("Name").asText()));
        return names;
    }
}
