package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.createActive;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.sdkScenario;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static io.openvcluster.conformance.CliSteps.verb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nova's deferred delete with the real {@code openstack} CLI, on a server started with
 * {@code OVC_RECLAIM_INSTANCE_INTERVAL=3600}: {@code server delete} leaves the server SOFT_DELETED (out of the list,
 * shown by {@code --status SOFT_DELETED}), {@code server restore} brings it back ACTIVE, a restore of an ACTIVE server
 * is refused with Nova's 409, and {@code server delete --force} deletes a soft-deleted server for good, whose
 * {@code server event list} still shows its actions from 2.21 (kept for {@code OVC_DELETED_SERVER_RETENTION}); then the same
 * through openstacksdk ({@code src/test/python/sdk_deferred_verbs.py}: {@code delete_server}, {@code force_delete}).
 */
class CliSoftDeleteIT extends RecordedCliTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (deferred delete)");

    private String serverId;

    CliSoftDeleteIT() {
        super("cli-soft-delete", 10, Map.of("OVC_RECLAIM_INSTANCE_INTERVAL", "3600"));
    }

    @BeforeAll
    void server() throws Exception {
        serverId = createActive(demo, smallestFlavor(demo).path("Name").asText(), firstActiveImage(demo), "kept-vc");
    }

    @Test
    @Order(1)
    void deleteSoftDeletesTheServer() throws Exception {
        verb(demo, serverId, "SOFT_DELETED", PATIENCE, "server", "delete", serverId);
        assertFalse(ids(demo.json("server", "list")).contains(serverId), "a soft-deleted server is not listed");
        assertTrue(ids(demo.json("server", "list", "--status", "SOFT_DELETED")).contains(serverId),
                "but listed when asked for by status");
        JsonNode events = demo.json("server", "event", "list", serverId);
        assertEquals("delete", events.get(0).path("Action").asText(), events::toString);
    }

    @Test
    @Order(2)
    void restoreBringsItBack() throws Exception {
        verb(demo, serverId, "ACTIVE", PATIENCE, "server", "restore", serverId);
        assertTrue(ids(demo.json("server", "list")).contains(serverId));
    }

    @Test
    @Order(3)
    void restoreOfAnActiveServerIsRefused() throws Exception {
        assertRefused(demo.run("server", "restore", serverId), "Cannot 'restore' instance " + serverId,
                "while it is in vm_state active", "HTTP 409");
        assertEquals("ACTIVE", demo.json("server", "show", serverId).path("status").asText());
    }

    @Test
    @Order(4)
    void forceDeleteDeletesItForGood() throws Exception {
        verb(demo, serverId, "SOFT_DELETED", PATIENCE, "server", "delete", serverId);
        OpenStackCli.Result forced = demo.run("server", "delete", "--force", serverId);
        assertEquals(0, forced.exitCode(), forced::toString);
        OpenStackCli.Result shown = demo.run("server", "show", serverId);
        for (long i = 0; i < PATIENCE.toSeconds() && shown.ok(); i++) {
            Thread.sleep(1000);
            shown = demo.run("server", "show", serverId);
        }
        assertRefused(shown, "No server with a name or ID of '" + serverId + "' exists.");
        assertFalse(ids(demo.json("server", "list", "--status", "SOFT_DELETED")).contains(serverId));
    }

    @Test
    @Order(5)
    void theDeletedServersEventsAreListedFrom221() throws Exception {
        // the CLI finds no server by that id (404, then no name match) and asks for its actions by the id itself:
        // the forceDelete, the soft delete before it, the restore, the first soft delete, the create
        JsonNode events = demo.json("--os-compute-api-version", "2.21", "server", "event", "list", serverId);
        List<String> actions = new ArrayList<>();
        events.forEach(e -> actions.add(e.path("Action").asText()));
        assertEquals(List.of("delete", "delete", "restore", "delete", "create"), actions, events::toString);
        String forceDelete = events.get(0).path("Request ID").asText();
        JsonNode shown = demo.json("--os-compute-api-version", "2.21", "server", "event", "show", serverId,
                forceDelete);
        assertEquals("delete", shown.path("action").asText(), shown::toString);
        // before 2.21 a deleted server's actions are Nova's 404
        assertRefused(demo.run("--os-compute-api-version", "2.20", "server", "event", "list", serverId), "HTTP 404");
    }

    @Test
    @Order(6)
    void openstacksdkSoftDeletesAndForceDeletes() throws Exception {
        sdkScenario(sandbox, "soft-delete");
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.path("ID").asText()));
        return ids;
    }
}
