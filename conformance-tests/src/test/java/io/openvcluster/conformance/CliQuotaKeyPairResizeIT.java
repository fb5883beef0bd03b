package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Limits, quotas, key pairs and resize with the real {@code openstack} CLI against the sandbox: limits show
 * --absolute, quota show, quota set as admin (and refused to a member), keypair create/list/delete (generated and
 * imported), server resize --wait, resize confirm and resize revert. Every step checks what the CLI printed.
 */
class CliQuotaKeyPairResizeIT extends RecordedCliTest {
    private static final String SERVER_NAME = "resize-vc1";

    private OpenStackCli admin;
    private String demoProjectId;
    private String imageName;

    CliQuotaKeyPairResizeIT() {
        super("cli-quota-keypair-resize", 20);
    }

    @BeforeAll
    void start() throws Exception {
        admin = demo.as("admin", "admin", SandboxServer.PASSWORD);
        demoProjectId = demo.json("token", "issue").path("project_id").asText();
        imageName = demo.json("image", "list").get(0).path("Name").asText();
    }

    @Test
    @Order(1)
    void limitsShowAbsoluteGivesNovasDefaultsAndNoUsage() throws Exception {
        JsonNode limits = demo.json("limits", "show", "--absolute");
        assertEquals(10, value(limits, "maxTotalInstances"), limits::toString);
        assertEquals(20, value(limits, "maxTotalCores"));
        assertEquals(51200, value(limits, "maxTotalRAMSize"));
        assertEquals(100, value(limits, "maxTotalKeypairs"));
        assertEquals(0, value(limits, "totalInstancesUsed"));
        assertEquals(0, value(limits, "totalCoresUsed"));
    }

    @Test
    @Order(2)
    void quotaShowGivesTheProjectsComputeQuota() throws Exception {
        JsonNode quota = demo.json("quota", "show");
        assertEquals(20, quota.path("cores").asInt(), quota::toString);
        assertEquals(10, quota.path("instances").asInt());
        assertEquals(51200, quota.path("ram").asInt());
        assertEquals(demoProjectId, quota.path("project").asText());
    }

    @Test
    @Order(3)
    void onlyAnAdminSetsTheQuota() throws Exception {
        OpenStackCli.Result refused = demo.run("quota", "set", "--instances", "3", demoProjectId);
        assertRefused(refused, "Policy doesn't allow os_compute_api:os-quota-sets:update");

        OpenStackCli.Result set = admin.run("quota", "set", "--instances", "12", "--cores", "30", demoProjectId);
        assertEquals(0, set.exitCode(), set::toString);
        JsonNode quota = demo.json("quota", "show");
        assertEquals(12, quota.path("instances").asInt(), quota::toString);
        assertEquals(30, quota.path("cores").asInt(), quota::toString);
        assertEquals(30, value(demo.json("limits", "show", "--absolute"), "maxTotalCores"));
    }

    @Test
    @Order(4)
    void keypairCreateGeneratesAKeyOpenSshCanRead() throws Exception {
        OpenStackCli.Result created = demo.run("keypair", "create", "kp-generated");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.stdout().startsWith("-----BEGIN RSA PRIVATE KEY-----"), created::toString);
        JsonNode list = demo.json("keypair", "list");
        JsonNode row = row(list, "Name", "kp-generated");
        assertTrue(row.path("Fingerprint").asText().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"), list::toString);
        assertEquals("ssh", row.path("Type").asText(), list::toString);
    }

    @Test
    @Order(5)
    void keypairImportShowsOpenSshsFingerprint() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
        Path dir = Files.createTempDirectory("ovc-keys");
        Path key = dir.resolve("id_ed25519");
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "conformance",
                "-f", key.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        Process fp = new ProcessBuilder("/usr/bin/ssh-keygen", "-l", "-E", "md5", "-f", key + ".pub").start();
        String expected = new String(fp.getInputStream().readAllBytes()).split(" ")[1].replace("MD5:", "");
        JsonNode imported = demo.json("keypair", "create", "--public-key", key + ".pub", "kp-imported");
        assertEquals(expected, imported.path("fingerprint").asText(), imported::toString);
        assertEquals(expected, demo.json("keypair", "show", "kp-imported").path("fingerprint").asText());
    }

    @Test
    @Order(6)
    void keypairDeleteRemovesIt() throws Exception {
        OpenStackCli.Result deleted = demo.run("keypair", "delete", "kp-generated");
        assertEquals(0, deleted.exitCode(), deleted::toString);
        JsonNode list = demo.json("keypair", "list");
        for (JsonNode row : list) {
            assertNotEquals("kp-generated", row.path("Name").asText(), list::toString);
        }
        OpenStackCli.Result again = demo.run("keypair", "show", "kp-generated");
        assertNotEquals(0, again.exitCode(), again::toString);
        assertFalse(again.stderr().contains("Traceback"), again::toString);
    }

    @Test
    @Order(7)
    void serverResizeWaitsForVerifyResizeAndConfirmKeepsTheNewFlavor() throws Exception {
        JsonNode created = demo.json("server", "create", "--flavor", "vc.tiny", "--image", imageName,
                "--key-name", "kp-imported", "--wait", SERVER_NAME);
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        assertEquals("kp-imported", created.path("key_name").asText(), created::toString);

        OpenStackCli.Result resize = demo.run("server", "resize", "--flavor", "vc.small", "--wait", SERVER_NAME);
        assertEquals(0, resize.exitCode(), resize::toString);
        JsonNode shown = demo.json("server", "show", SERVER_NAME);
        assertEquals("VERIFY_RESIZE", shown.path("status").asText(), shown::toString);
        assertTrue(shown.path("flavor").asText().contains("vc.small"), shown::toString);
        // while the resize awaits confirmation, the usage counts the larger flavor
        assertEquals(2, value(demo.json("limits", "show", "--absolute"), "totalCoresUsed"));

        OpenStackCli.Result confirm = demo.run("server", "resize", "confirm", SERVER_NAME);
        assertEquals(0, confirm.exitCode(), confirm::toString);
        JsonNode confirmed = awaitStatus(SERVER_NAME, "ACTIVE");
        assertTrue(confirmed.path("flavor").asText().contains("vc.small"), confirmed::toString);
    }

    @Test
    @Order(8)
    void serverResizeRevertGoesBackToThePreviousFlavor() throws Exception {
        OpenStackCli.Result resize = demo.run("server", "resize", "--flavor", "vc.medium", "--wait", SERVER_NAME);
        assertEquals(0, resize.exitCode(), resize::toString);
        assertEquals("VERIFY_RESIZE", demo.json("server", "show", SERVER_NAME).path("status").asText());

        OpenStackCli.Result revert = demo.run("server", "resize", "revert", SERVER_NAME);
        assertEquals(0, revert.exitCode(), revert::toString);
        JsonNode reverted = awaitStatus(SERVER_NAME, "ACTIVE");
        assertTrue(reverted.path("flavor").asText().contains("vc.small"), reverted::toString);
        assertEquals(2, value(demo.json("limits", "show", "--absolute"), "totalCoresUsed"));

        JsonNode events = demo.json("server", "event", "list", SERVER_NAME);
        assertEquals("revertResize", events.get(0).path("Action").asText(), events::toString);
        assertEquals("resize", events.get(1).path("Action").asText(), events::toString);
    }

    @Test
    @Order(9)
    void resizeRefusalsGiveTheClientsNormalErrors() throws Exception {
        OpenStackCli.Result same = demo.run("server", "resize", "--flavor", "vc.small", SERVER_NAME);
        assertNotEquals(0, same.exitCode(), same::toString);
        assertTrue(same.stderr().contains("When resizing, instances must change flavor!"), same::toString);
        OpenStackCli.Result confirm = demo.run("server", "resize", "confirm", SERVER_NAME);
        assertRefused(confirm, "Instance has not been resized.");
        OpenStackCli.Result deleted = demo.run("server", "delete", "--wait", SERVER_NAME);
        assertEquals(0, deleted.exitCode(), deleted::toString);
    }

    private JsonNode awaitStatus(String name, String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode shown = demo.json("server", "show", name);
        while (!status.equals(shown.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            shown = demo.json("server", "show", name);
        }
        assertEquals(status, shown.path("status").asText(), shown::toString);
        return shown;
    }

    /** A value of {@code limits show --absolute -f json}: rows of Name and Value. */
    private static int value(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (name.equals(row.path("Name").asText())) {
                return row.path("Value").asInt();
            }
        }
        throw new AssertionError("no " + name + " in " + rows);
    }

}
