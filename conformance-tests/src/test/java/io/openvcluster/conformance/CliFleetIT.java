package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.row;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host cluster as the real {@code openstack} CLI sees a compute host: {@code availability zone list} (and
 * {@code --long} as admin), {@code compute service list} and {@code compute service set --disable/--enable},
 * {@code hypervisor list/show/stats}, {@code host list/show}, {@code server create --availability-zone} with a
 * zone no host cluster is in (400), an admin's {@code server show} and {@code server list --host}, and a server group
 * with anti-affinity ({@code server group create}, {@code server create --hint group=}). The sandbox's host cluster has three nodes of 16 CPUs, 64 GiB and 500 GiB.
 */
class CliFleetIT extends RecordedCliTest {
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (zones, services, hypervisors)");

    private OpenStackCli admin;

    CliFleetIT() {
        super("cli-fleet", 10);
    }

    @BeforeAll
    void adminCli() {
        admin = demo.as("admin", "admin", SandboxServer.PASSWORD);
    }

    @Test
    @Order(1)
    void zonesAreTheHostClustersAndTheirDetailIsForAdmins() throws Exception {
        JsonNode zones = demo.json("availability", "zone", "list", "--compute");
        assertEquals("nova", row(zones, "Zone Name", "nova").path("Zone Name").asText(), zones::toString);
        assertEquals("available", row(zones, "Zone Name", "nova").path("Zone Status").asText());
        JsonNode detail = admin.json("availability", "zone", "list", "--compute", "--long");
        assertEquals("nova-compute", row(detail, "Host Name", "host-cluster").path("Service Name").asText(),
                detail::toString);
        assertEquals("openvcluster-api", row(detail, "Zone Name", "internal").path("Host Name").asText());
    }

    @Test
    @Order(2)
    void theComputeServiceIsDisabledWithAReasonAndEnabledAgain() throws Exception {
        JsonNode services = admin.json("compute", "service", "list");
        JsonNode compute = row(services, "Binary", "nova-compute");
        assertEquals("host-cluster", compute.path("Host").asText());
        assertEquals("enabled", compute.path("Status").asText());
        assertEquals("up", compute.path("State").asText());
        OpenStackCli.Result disabled = admin.run("compute", "service", "set", "--disable", "--disable-reason",
                "node upgrade", "host-cluster", "nova-compute");
        assertEquals(0, disabled.exitCode(), disabled::toString);
        try {
            JsonNode after = row(admin.json("compute", "service", "list", "--long"), "Binary", "nova-compute");
            assertEquals("disabled", after.path("Status").asText(), after::toString);
            assertEquals("node upgrade", after.path("Disabled Reason").asText());
            JsonNode zone = row(demo.json("availability", "zone", "list", "--compute"), "Zone Name", "nova");
            assertEquals("not available", zone.path("Zone Status").asText(), zone::toString);
            // no host takes a new server: accepted, then ERROR with Nova's fault, as a scheduler failure
            String flavor = smallestFlavor(demo).path("Name").asText();
            // (this CLI reports the ERROR on stderr; its exit code is 0 for it, so that is not what is checked)
            OpenStackCli.Result create = demo.run("server", "create", "--flavor", flavor, "--image",
                    firstActiveImage(demo), "--wait", "unplaced");
            assertTrue(create.stderr().contains("Error creating server: unplaced"), create::toString);
            JsonNode unplaced = demo.json("server", "show", "unplaced");
            assertEquals("ERROR", unplaced.path("status").asText(), unplaced::toString);
            assertTrue(unplaced.path("fault").toString().contains("No valid host was found"), unplaced::toString);
            CliSteps.deleteAndConfirmGone(demo, "unplaced", unplaced.path("id").asText());
        } finally {
            OpenStackCli.Result enabled = admin.run("compute", "service", "set", "--enable", "host-cluster",
                    "nova-compute");
            assertEquals(0, enabled.exitCode(), enabled::toString);
        }
        assertEquals("enabled", row(admin.json("compute", "service", "list"), "Binary", "nova-compute")
                .path("Status").asText());
        assertRefused(demo.run("compute", "service", "list"), "os_compute_api:os-services:list", "403");
    }

    @Test
    @Order(3)
    void theHypervisorIsTheHostClusterSizedByItsNodes() throws Exception {
        JsonNode hypervisors = admin.json("hypervisor", "list");
        JsonNode host = row(hypervisors, "Hypervisor Hostname", "host-cluster");
        assertEquals("up", host.path("State").asText(), hypervisors::toString);
        JsonNode shown = admin.json("hypervisor", "show", "host-cluster");
        assertEquals("kubernetes", shown.path("hypervisor_type").asText(), shown::toString);
        assertEquals("127.0.0.1", shown.path("host_ip").asText());
        JsonNode stats = admin.withEnv(java.util.Map.of("OS_COMPUTE_API_VERSION", "2.87"))
                .json("hypervisor", "stats", "show");
        assertEquals(48, stats.path("vcpus").asInt(), stats::toString);
        assertEquals(3 * 64 * 1024, stats.path("memory_mb").asInt());
        JsonNode hosts = admin.withEnv(java.util.Map.of("OS_COMPUTE_API_VERSION", "2.42")).json("host", "list");
        assertEquals("compute", row(hosts, "Host Name", "host-cluster").path("Service").asText(), hosts::toString);
    }

    @Test
    @Order(4)
    void aZoneNoHostClusterIsInIsRefused() throws Exception {
        String flavor = smallestFlavor(demo).path("Name").asText();
        String image = firstActiveImage(demo);
        assertRefused(demo.run("server", "create", "--flavor", flavor, "--image", image, "--availability-zone",
                "atlantis", "nowhere"), "The requested availability zone is not available", "HTTP 400");
        JsonNode servers = demo.json("server", "list", "--name", "nowhere");
        assertTrue(servers.isEmpty(), servers::toString);
    }

    @Test
    @Order(5)
    void anAdminSeesWhichHostClusterAServerIsOn() throws Exception {
        String flavor = smallestFlavor(demo).path("Name").asText();
        String id = CliSteps.createActive(demo, flavor, firstActiveImage(demo), "located");
        JsonNode shown = admin.json("server", "show", id);
        assertEquals("host-cluster", shown.path("OS-EXT-SRV-ATTR:host").asText(), shown::toString);
        assertEquals("host-cluster", shown.path("OS-EXT-SRV-ATTR:hypervisor_hostname").asText());
        assertTrue(shown.path("OS-EXT-SRV-ATTR:instance_name").asText().startsWith("vcluster-"), shown::toString);
        JsonNode onHost = admin.json("server", "list", "--all-projects", "--host", "host-cluster");
        assertEquals(id, row(onHost, "ID", id).path("ID").asText());
        JsonNode elsewhere = admin.json("server", "list", "--all-projects", "--host", "elsewhere");
        assertTrue(elsewhere.isEmpty(), elsewhere::toString);
        JsonNode asMember = demo.json("server", "show", id);
        assertTrue(asMember.path("OS-EXT-SRV-ATTR:host").isMissingNode(), asMember::toString);
    }

    @Test
    @Order(6)
    void anAntiAffinityGroupPutsOneMemberOnTheHostCluster() throws Exception {
        JsonNode group = demo.withEnv(java.util.Map.of("OS_COMPUTE_API_VERSION", "2.64"))
                .json("server", "group", "create", "--policy", "anti-affinity", "spread");
        String groupId = group.path("id").asText();
        assertEquals("anti-affinity", group.path("policy").asText(), group::toString);
        String flavor = smallestFlavor(demo).path("Name").asText();
        String image = firstActiveImage(demo);
        JsonNode first = demo.json("server", "create", "--flavor", flavor, "--image", image, "--hint",
                "group=" + groupId, "--wait", "spread-1");
        assertEquals("ACTIVE", first.path("status").asText(), first::toString);
        OpenStackCli.Result second = demo.run("server", "create", "--flavor", flavor, "--image", image, "--hint",
                "group=" + groupId, "--wait", "spread-2");
        assertTrue(second.stderr().contains("Error creating server: spread-2"), second::toString);
        JsonNode refused = demo.json("server", "show", "spread-2");
        assertTrue(refused.path("fault").toString().contains("No valid host was found"), refused::toString);
        JsonNode shown = demo.json("server", "group", "show", "spread");
        assertTrue(shown.path("members").toString().contains(first.path("id").asText()), shown::toString);
        CliSteps.deleteAndConfirmGone(demo, "spread-2", refused.path("id").asText());
        CliSteps.deleteAndConfirmGone(demo, "spread-1", first.path("id").asText());
        assertEquals(0, demo.run("server", "group", "delete", "spread").exitCode());
    }

    @Test
    @Order(7)
    void theRequestIdACliErrorPrintsFindsItsAccessLine() throws Exception {
        String flavor = smallestFlavor(demo).path("Name").asText();
        OpenStackCli.Result refused = demo.run("server", "create", "--flavor", flavor, "--image",
                firstActiveImage(demo), "--availability-zone", "atlantis", "nowhere");
        assertRefused(refused, "The requested availability zone is not available", "HTTP 400");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Request-ID: (req-[0-9a-f-]{36})")
                .matcher(refused.stderr());
        assertTrue(id.find(), refused::toString);
        String requestId = id.group(1);
        // the line is written once the response is sent; the CLI has read it by now, so it is there or coming
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!sandbox.serverLog().contains(requestId + " POST /compute/v2.1/servers 400")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String log = sandbox.serverLog();
        assertTrue(log.contains(requestId + " POST /compute/v2.1/servers 400"), "no access line with "
                + requestId);
        assertTrue(!log.contains(SandboxServer.PASSWORD), "the sandbox password is in the log");
    }
}
