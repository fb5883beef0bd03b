package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.createActive;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Nova's createBackup with the real {@code openstack} CLI: {@code server backup create --type daily --rotate 2 --wait}
 * three times leaves the server's two newest daily backups. Each backup has a name of its own: the CLI finds the new
 * image by its name, and two images of one name would make that ambiguous (with Nova too).
 */
class CliBackupIT extends RecordedCliTest {
    private static final String SERVER_NAME = "backup-vc1";

    CliBackupIT() {
        super("cli-backup", 10);
    }

    @Test
    @Order(1)
    void threeBackupsRotatedByTwoLeaveTheNewestTwo() throws Exception {
        String serverId = createActive(demo, smallestFlavor(demo).path("Name").asText(), firstActiveImage(demo),
                SERVER_NAME);
        for (String name : List.of("daily-1", "daily-2", "daily-3")) {
            OpenStackCli.Result r = demo.run("server", "backup", "create", "--name", name, "--type", "daily",
                    "--rotate", "2", "--wait", SERVER_NAME);
            assertEquals(0, r.exitCode(), r::toString);
            awaitNoTask();
        }
        List<String> images = names(demo.json("image", "list"));
        assertTrue(images.containsAll(List.of("daily-2", "daily-3")), images::toString);
        assertTrue(!images.contains("daily-1"), images::toString);
        JsonNode newest = demo.json("image", "show", "daily-3");
        assertEquals("active", newest.path("status").asText(), newest::toString);
        String properties = newest.path("properties").toString();
        assertTrue(properties.contains("\"image_type\":\"backup\""), properties);
        assertTrue(properties.contains("\"backup_type\":\"daily\""), properties);
        assertTrue(properties.contains(serverId), properties);
        // the rotation is an event of the third backup's instance action
        JsonNode actions = demo.json("server", "event", "list", SERVER_NAME);
        String requestId = actions.get(0).path("Request ID").asText();
        assertEquals("createBackup", actions.get(0).path("Action").asText(), actions::toString);
        JsonNode event = demo.json("--os-compute-api-version", "2.51", "server", "event", "show", SERVER_NAME,
                requestId);
        assertTrue(event.toString().contains("rotate_backups"), event::toString);
    }

    /** The backup's image is active before its rotation is done: the next backup waits for the task to end. */
    private void awaitNoTask() throws Exception {
        for (int i = 0; i < 60; i++) {
            JsonNode shown = demo.json("server", "show", SERVER_NAME);
            if (shown.path("OS-EXT-STS:task_state").isNull() || shown.path("OS-EXT-STS:task_state").asText().isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("server " + SERVER_NAME + " still has a task after 60 s");
    }
}
