package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.requireCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Snapshots and Glance writes with the real {@code openstack} CLI against the sandbox: server image create --wait
 * (vcluster's snapshot request, played by the sandbox's snapshot controller), image list/show/set/delete, the
 * createImage and rebuild instance actions and their host events, server rebuild --image SNAP --wait (restore) and
 * server create --image SNAP --wait (clone), and image delete after server delete (the facade deletes the archive
 * from the sandbox's s3 store itself). Every step checks what the CLI printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliImagesIT {
    private static final String SERVER_NAME = "images-vc1";
    private static final String SNAPSHOT = "images-vc1-snap";

    private SandboxServer server;
    private OpenStackCli demo;
    private OpenStackCli altDemo;
    private String serverId;
    private String snapshotId;

    @BeforeAll
    void start() throws Exception {
        requireCli();
        server = SandboxServer.start("cli-images", Map.of());
        demo = new OpenStackCli(server.authUrl(), "demo", "demo", SandboxServer.PASSWORD);
        altDemo = demo.as("alt_demo", "alt_demo", SandboxServer.PASSWORD);
        String imageName = demo.json("image", "list").get(0).path("Name").asText();
        JsonNode created = demo.json("server", "create", "--flavor", "vc.tiny", "--image", imageName, "--wait",
                SERVER_NAME);
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        serverId = created.path("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void serverImageCreateWaitsUntilTheSnapshotIsActive() throws Exception {
        JsonNode image = demo.json("server", "image", "create", "--name", SNAPSHOT, "--wait", SERVER_NAME);
        assertEquals(SNAPSHOT, image.path("name").asText(), image::toString);
        snapshotId = image.path("id").asText();
        JsonNode shown = demo.json("image", "show", SNAPSHOT);
        assertEquals("active", shown.path("status").asText(), shown::toString);
        assertEquals("private", shown.path("visibility").asText());
        String properties = shown.path("properties").toString();
        assertTrue(properties.contains(serverId), properties);
        assertTrue(properties.contains("snapshot"), properties);
        // the sandbox's default store: s3, played in memory by its host simulator
        assertTrue(properties.contains("s3://sandbox-snapshots/images/" + snapshotId + ".tar.gz"), properties);
        // the server is back to ACTIVE with no task, and its instance action names vcluster's snapshot request
        JsonNode after = demo.json("server", "show", SERVER_NAME);
        assertEquals("ACTIVE", after.path("status").asText(), after::toString);
        JsonNode actions = demo.json("server", "event", "list", SERVER_NAME);
        String requestId = null;
        for (JsonNode a : actions) {
            if ("createImage".equals(a.path("Action").asText())) {
                requestId = a.path("Request ID").asText();
            }
        }
        assertNotEquals(null, requestId, actions::toString);
        // Nova shows the events to their project from 2.51
        JsonNode event = demo.json("--os-compute-api-version", "2.51", "server", "event", "show", SERVER_NAME,
                requestId);
        assertTrue(event.toString().contains("vcluster_snapshot_request"), event::toString);
        assertTrue(event.toString().contains("vcluster_etcd_backup"), event::toString);
    }

    @Test
    @Order(2)
    void theSnapshotIsListedForItsProjectOnly() throws Exception {
        assertTrue(names(demo.json("image", "list")).contains(SNAPSHOT));
        assertTrue(names(demo.json("image", "list", "--private")).contains(SNAPSHOT));
        assertFalse(names(altDemo.json("image", "list")).contains(SNAPSHOT));
        OpenStackCli.Result hidden = altDemo.run("image", "show", snapshotId);
        assertNotEquals(0, hidden.exitCode(), hidden::toString);
    }

    @Test
    @Order(3)
    void imageSetRenamesAndAddsPropertiesButNotPublicity() throws Exception {
        OpenStackCli.Result set = demo.run("image", "set", "--name", SNAPSHOT + "-2", "--property", "color=blue",
                snapshotId);
        assertEquals(0, set.exitCode(), set::toString);
        JsonNode shown = demo.json("image", "show", snapshotId);
        assertEquals(SNAPSHOT + "-2", shown.path("name").asText(), shown::toString);
        assertTrue(shown.path("properties").toString().contains("blue"), shown::toString);
        OpenStackCli.Result publicize = demo.run("image", "set", "--public", snapshotId);
        assertNotEquals(0, publicize.exitCode(), publicize::toString);
        assertFalse(publicize.stderr().contains("Traceback"), publicize::toString);
        assertEquals("private", demo.json("image", "show", snapshotId).path("visibility").asText());
    }

    @Test
    @Order(4)
    void serverRebuildFromTheSnapshotRestoresItAndEndsActive() throws Exception {
        OpenStackCli.Result rebuilt = demo.run("server", "rebuild", "--image", snapshotId, "--wait", SERVER_NAME);
        assertEquals(0, rebuilt.exitCode(), rebuilt::toString);
        JsonNode shown = demo.json("server", "show", SERVER_NAME);
        assertEquals("ACTIVE", shown.path("status").asText(), shown::toString);
        assertTrue(shown.path("image").toString().contains(snapshotId), shown::toString);
        JsonNode actions = demo.json("server", "event", "list", SERVER_NAME);
        String requestId = null;
        for (JsonNode a : actions) {
            if ("rebuild".equals(a.path("Action").asText())) {
                requestId = a.path("Request ID").asText();
            }
        }
        assertNotEquals(null, requestId, actions::toString);
        JsonNode event = demo.json("--os-compute-api-version", "2.51", "server", "event", "show", SERVER_NAME,
                requestId);
        for (String step : List.of("vcluster_pause", "delete_workload_pods", "vcluster_restore", "vcluster_resume")) {
            assertTrue(event.toString().contains(step), event::toString);
        }
    }

    @Test
    @Order(5)
    void serverCreateFromTheSnapshotClonesIt() throws Exception {
        JsonNode clone = demo.json("server", "create", "--flavor", "vc.tiny", "--image", snapshotId, "--wait",
                SERVER_NAME + "-clone");
        assertEquals("ACTIVE", clone.path("status").asText(), clone::toString);
        assertTrue(clone.path("image").toString().contains(snapshotId), clone::toString);
        assertNotEquals(serverId, clone.path("id").asText());
        // the source server is untouched
        assertEquals("ACTIVE", demo.json("server", "show", SERVER_NAME).path("status").asText());
    }

    @Test
    @Order(6)
    void imageDeleteRemovesTheSnapshotButNotABaseImage() throws Exception {
        String base = demo.json("image", "list", "--public").get(0).path("ID").asText();
        OpenStackCli.Result refused = demo.run("image", "delete", base);
        assertNotEquals(0, refused.exitCode(), refused::toString);
        OpenStackCli.Result deleted = demo.run("image", "delete", snapshotId);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertFalse(names(demo.json("image", "list")).contains(SNAPSHOT + "-2"));
    }

    @Test
    @Order(7)
    void imageDeleteAfterServerDeleteRemovesTheArchiveFromTheStore() throws Exception {
        String source = SERVER_NAME + "-clone";
        JsonNode image = demo.json("server", "image", "create", "--name", SNAPSHOT + "-orphan", "--wait", source);
        String orphanId = image.path("id").asText();
        OpenStackCli.Result serverDeleted = demo.run("server", "delete", "--wait", source);
        assertEquals(0, serverDeleted.exitCode(), serverDeleted::toString);

        // no vcluster is left to delete the archive: the facade's s3 client does, against the sandbox's store
        OpenStackCli.Result deleted = demo.run("image", "delete", orphanId);
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertFalse(names(demo.json("image", "list")).contains(SNAPSHOT + "-orphan"));
        OpenStackCli.Result shown = demo.run("image", "show", orphanId);
        assertNotEquals(0, shown.exitCode(), shown::toString);
        String removed = "sandbox s3 store: DELETE s3://sandbox-snapshots/images/" + orphanId + ".tar.gz (archive removed)";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.logText().contains(removed) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(server.logText().contains(removed), "the store never saw the delete: " + removed);
    }
}
