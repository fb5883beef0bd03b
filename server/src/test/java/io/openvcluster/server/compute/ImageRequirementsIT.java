package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.IntNode;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An image's {@code min_ram} and {@code min_disk} are honoured at create and rebuild with Nova's 400, and nothing is
 * created or changed. The default flavor "1" has 1024 MiB and 5 GiB, "2" 4096 MiB and 20 GiB.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, snapshotStore = "s3://sandbox-snapshots/images")
class ImageRequirementsIT {
    private static final Caller DORA = caller("user-dora", "project-delta", "member");
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void aFlavorTooSmallForTheImageIsRefusedAtCreateAndRebuild() {
        ServerData server = steps.active(DORA, "source");
        String imageId = steps.snapshot(DORA, server.id(), "needs-room");
        int serversBefore = compute.servers().listServers(DORA, ServerQuery.all()).servers().size();

        set(imageId, "min_ram", 2048);
        ApiException memory = assertThrows(ApiException.class, () -> compute.servers().createServer(again(DORA),
                create("too-small", "1", imageId, 1)));
        assertEquals(400, memory.status());
        assertEquals("Flavor's memory is too small for requested image.", memory.getMessage());
        ApiException rebuild = assertThrows(ApiException.class, () -> compute.servers().rebuildServer(again(DORA),
                server.id(), new ServerAction.Rebuild(imageId, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty())));
        assertEquals(400, rebuild.status());
        assertEquals("Flavor's memory is too small for requested image.", rebuild.getMessage());
        assertEquals(Optional.empty(), compute.servers().getServer(DORA, server.id()).taskState(), "no rebuild");

        set(imageId, "min_ram", 0);
        set(imageId, "min_disk", 10);
        ApiException disk = assertThrows(ApiException.class, () -> compute.servers().createServer(again(DORA),
                create("too-small", "1", imageId, 1)));
        assertEquals(400, disk.status());
        assertEquals("Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is "
                + "5368709120 bytes, minimum size is 10737418240 bytes.", disk.getMessage());
        assertEquals(serversBefore, compute.servers().listServers(DORA, ServerQuery.all()).servers().size(),
                "nothing created");

        // a flavor with room enough: 20 GiB
        ServerData clone = compute.servers().createServer(again(DORA), create("roomy", "2", imageId, 1)).servers()
                .get(0);
        assertEquals("roomy", clone.name());
    }

    private static void set(String imageId, String attribute, int value) {
        compute.catalog().updateImage(again(DORA), imageId,
                List.of(new ImageChange(attribute, Optional.of(IntNode.valueOf(value)))));
    }
}
