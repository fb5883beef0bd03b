package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.createActive;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.sdkScenario;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static io.openvcluster.conformance.CliSteps.verb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shelve with the real {@code openstack} CLI on the sandbox as a user starts it (its snapshot store is the sandbox's
 * s3, the offload time the default 0): {@code server shelve} ends in SHELVED_OFFLOADED with the image
 * {@code <name>-shelved}, the server keeps its id and shows no address; {@code server unshelve} brings it back ACTIVE
 * and the shelve image goes (a second unshelve the CLI itself skips, as the server is not shelved; the domain tests
 * hold Nova's 409). Then the same through openstacksdk
 * ({@code src/test/python/sdk_deferred_verbs.py --scenario shelve}).
 */
class CliShelveIT extends RecordedCliTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String NAME = "sleepy-vc";
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (shelve)");

    private String serverId;

    CliShelveIT() {
        super("cli-shelve", 10, Map.of());
    }

    @BeforeAll
    void server() throws Exception {
        serverId = createActive(demo, smallestFlavor(demo).path("Name").asText(), firstActiveImage(demo), NAME);
    }

    @Test
    @Order(1)
    void shelveOffloadsTheServer() throws Exception {
        verb(demo, serverId, "SHELVED_OFFLOADED", PATIENCE, "server", "shelve", serverId);
        JsonNode shown = demo.json("server", "show", serverId);
        assertEquals(NAME, shown.path("name").asText());
        assertTrue(shown.path("addresses").isEmpty() || shown.path("addresses").asText().isEmpty(), shown::toString);
        JsonNode images = demo.json("image", "list", "--name", NAME + "-shelved");
        assertEquals(1, images.size(), images::toString);
        assertEquals("active", images.get(0).path("Status").asText(), images::toString);
        JsonNode events = demo.json("server", "event", "list", serverId);
        assertEquals("shelve", events.get(0).path("Action").asText(), events::toString);
    }

    @Test
    @Order(2)
    void unshelveBringsItBackAndTheShelveImageGoes() throws Exception {
        verb(demo, serverId, "ACTIVE", PATIENCE, "server", "unshelve", serverId);
        List<String> left = names(demo.json("image", "list"));
        for (int i = 0; i < PATIENCE.toSeconds() && left.contains(NAME + "-shelved"); i++) {
            Thread.sleep(1000);
            left = names(demo.json("image", "list"));
        }
        assertFalse(left.contains(NAME + "-shelved"), left::toString);
    }

    @Test
    @Order(4)
    void openstacksdkShelvesAndUnshelves() throws Exception {
        sdkScenario(sandbox, "shelve");
    }
}
