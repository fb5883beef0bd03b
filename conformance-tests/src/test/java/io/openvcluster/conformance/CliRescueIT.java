package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.createActive;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.sdkScenario;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static io.openvcluster.conformance.CliSteps.verb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rescue with the real {@code openstack} CLI: {@code server rescue} ends in RESCUE with the rescue pod's log as the
 * console log, {@code server unrescue} brings the server back ACTIVE; then the same through openstacksdk
 * ({@code src/test/python/sdk_deferred_verbs.py --scenario rescue}).
 */
class CliRescueIT extends RecordedCliTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (rescue)");

    private String serverId;

    CliRescueIT() {
        super("cli-rescue", 8, Map.of());
    }

    @BeforeAll
    void server() throws Exception {
        serverId = createActive(demo, smallestFlavor(demo).path("Name").asText(), firstActiveImage(demo), "rescued-vc");
    }

    @Test
    @Order(1)
    void rescueRunsTheRescuePod() throws Exception {
        verb(demo, serverId, "RESCUE", PATIENCE, "server", "rescue", serverId);
        OpenStackCli.Result log = demo.run("console", "log", "show", serverId);
        assertEquals(0, log.exitCode(), log::toString);
        assertTrue(log.stdout().contains("rescue pod"), log::toString);
    }

    @Test
    @Order(2)
    void unrescueBringsItBack() throws Exception {
        verb(demo, serverId, "ACTIVE", PATIENCE, "server", "unrescue", serverId);
    }

    @Test
    @Order(3)
    void openstacksdkRescuesAndUnrescues() throws Exception {
        sdkScenario(sandbox, "rescue");
    }
}
