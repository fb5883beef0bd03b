package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.FLAVOR;
import static io.openvcluster.server.testing.Fixtures.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.testing.SandboxBackendTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The host cluster under the name and zone an operator gave it ({@code OVC_HOST_NAME}, {@code OVC_AVAILABILITY_ZONE}):
 * its services, zone and hypervisor carry them, a server is placed in that zone and on that host, and the default
 * zone name of Nova is then unknown.
 */
@SandboxBackendTest(hostName = "edge-1", availabilityZone = "eu-west")
class ConfiguredHostIT {
    private static Domain compute;

    @Test
    void theConfiguredNameAndZoneAreTheHostsAndTheServersPlacedThere() {
        Fleet fleet = compute.fleet();
        assertEquals(List.of("eu-west"), fleet.zones());
        ComputeServiceData service = fleet.service(ComputeServiceData.COMPUTE, "edge-1").orElseThrow();
        assertEquals("eu-west", service.zone());
        assertEquals("edge-1", fleet.hypervisors().getFirst().hostname());

        ServerData server = compute.servers().createServer(ALICE, request("")).servers().getFirst();
        assertEquals("eu-west", server.availabilityZone());
        assertEquals(Optional.of("edge-1"), compute.servers().getServer(ALICE, server.id()).host());
        ServerData inZone = compute.servers().createServer(ALICE, request("eu-west")).servers().getFirst();
        assertEquals("eu-west", inZone.availabilityZone());

        ApiException unknown = assertThrows(ApiException.class,
                () -> compute.servers().createServer(ALICE, request("nova")));
        assertEquals(400, unknown.status());
        assertEquals("The requested availability zone is not available", unknown.getMessage());
    }

    private static CreateServerRequest request(String zone) {
        return new CreateServerRequest("placed", FLAVOR, IMAGE, Map.of(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", "", zone, 1, 1, Optional.empty());
    }
}
