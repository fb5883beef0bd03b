package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.translator.VclusterNames;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

/**
 * The host cluster as Nova's compute host: its services, its hypervisor (sized by the sandbox's three nodes of
 * 16 CPUs, 64 GiB and 500 GiB each, used by the servers' flavors), the availability zones with their admin detail,
 * and the deprecated os-hosts; admins only where Nova's policy says so.
 */
@ServerTest
class FleetApiIT extends SandboxApiTest {
    private static final String SERVICES = "/compute/v2.1/os-services";
    private static final String HYPERVISORS = "/compute/v2.1/os-hypervisors";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    FleetApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void servicesAreTheFacadesOwnAndOneComputeServicePerHostCluster() {
        Api admin = api.as("admin");
        JsonNode services = admin.mv("2.1").get(SERVICES).body().get("services");
        List<String> binaries = new ArrayList<>();
        services.forEach(s -> binaries.add(s.get("binary").asText() + "@" + s.get("host").asText() + "/"
                + s.get("zone").asText()));
        assertThat(binaries, containsInAnyOrder("nova-conductor@openvcluster-api/internal",
                "nova-scheduler@openvcluster-api/internal", "nova-compute@host-cluster/nova"));
        JsonNode compute = computeService(admin.mv("2.1"));
        assertThat(compute.get("id").isInt(), is(true));
        assertThat(compute.get("state").asText(), is("up"));
        assertThat(compute.get("status").asText(), is("enabled"));
        assertThat(compute.get("updated_at").asText(), matching("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.0{6}"));
        assertThat("forced_down from 2.11", compute.has("forced_down"), is(false));
        assertThat(admin.mv("2.11").get(SERVICES + "?binary=nova-compute").body().at("/services/0/forced_down")
                .asBoolean(), is(false));
        assertThat(admin.get(SERVICES + "?host=host-cluster&binary=xxx").body().get("services").size(), is(0));
        assertThat("unknown filters ignored before 2.75", admin.mv("2.74").get(SERVICES + "?xxx=1").status(), is(200));
        assertThat("and refused from 2.75", admin.mv("2.75").get(SERVICES + "?xxx=1").status(), is(400));
        Reply member = api.as("demo").get(SERVICES);
        assertThat(member.status(), is(403));
        assertThat(member.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-services:list to be performed."));
    }

    @Test
    void anAdminDisablesTheComputeServiceWithAReasonAndEnablesItAgain() {
        Api old = api.as("admin").mv("2.11");
        try {
            Reply disabled = old.call(Method.PUT, SERVICES + "/disable-log-reason",
                    "{\"host\": \"host-cluster\", \"binary\": \"nova-compute\", \"disabled_reason\": \"maintenance\"}");
            assertThat(disabled.text(), disabled.status(), is(200));
            assertThat(disabled.body().at("/service/status").asText(), is("disabled"));
            JsonNode listed = computeService(old);
            assertThat(listed.get("status").asText(), is("disabled"));
            assertThat(listed.get("disabled_reason").asText(), is("maintenance"));
            assertThat("a disabled zone is not available", api.as("demo").get("/compute/v2.1/os-availability-zone")
                    .body().at("/availabilityZoneInfo/0/zoneState/available").asBoolean(), is(false));
            assertThat(api.as("admin").get(HYPERVISORS).body().at("/hypervisors/0/status").asText(), is("disabled"));

            Reply forced = old.call(Method.PUT, SERVICES + "/force-down",
                    "{\"host\": \"host-cluster\", \"binary\": \"nova-compute\", \"forced_down\": true}");
            assertThat(forced.text(), forced.body().at("/service/forced_down").asBoolean(), is(true));
            assertThat(computeService(old).get("state").asText(), is("down"));

            Api latest = api.as("admin").mv("2.53");
            String id = computeService(latest).get("id").asText();
            assertThat(id, matching(UUID));
            Reply enabled = latest.call(Method.PUT, SERVICES + "/" + id,
                    "{\"status\": \"enabled\", \"forced_down\": false}");
            assertThat(enabled.text(), enabled.status(), is(200));
            assertThat(enabled.body().at("/service/status").asText(), is("enabled"));
            assertThat(enabled.body().at("/service/state").asText(), is("up"));
            assertThat(enabled.body().at("/service/disabled_reason").isNull(), is(true));

            assertThat(latest.call(Method.PUT, SERVICES + "/" + id, "{\"status\": \"enabled\", "
                    + "\"disabled_reason\": \"x\"}").status(), is(400));
            assertThat(latest.call(Method.PUT, SERVICES + "/" + id, "{}").status(), is(400));
            assertThat(latest.call(Method.PUT, SERVICES + "/not-a-uuid", "{\"status\": \"enabled\"}").status(),
                    is(400));
            assertThat(latest.call(Method.PUT, SERVICES + "/0c8a1b0e-0000-4000-8000-000000000000",
                    "{\"status\": \"disabled\"}").status(), is(404));
            String conductor = findService(latest, "nova-conductor").get("id").asText();
            assertThat("only compute services are updated from 2.53",
                    latest.call(Method.PUT, SERVICES + "/" + conductor, "{\"status\": \"disabled\"}").status(),
                    is(400));
            assertThat(old.call(Method.PUT, SERVICES + "/disable",
                    "{\"host\": \"nowhere\", \"binary\": \"nova-compute\"}").status(), is(404));
            assertThat(api.as("demo").mv("2.53").call(Method.PUT, SERVICES + "/" + id,
                    "{\"status\": \"disabled\"}").status(), is(403));
            assertThat(computeService(latest).get("status").asText(), is("enabled"));
            assertThat(latest.call(Method.DELETE, SERVICES + "/" + id, null).status(), is(409));
        } finally {
            old.call(Method.PUT, SERVICES + "/enable", "{\"host\": \"host-cluster\", \"binary\": \"nova-compute\"}");
            old.call(Method.PUT, SERVICES + "/force-down",
                    "{\"host\": \"host-cluster\", \"binary\": \"nova-compute\", \"forced_down\": false}");
        }
    }

    @Test
    void theHypervisorIsTheHostClusterSizedByItsNodesAndUsedByItsServersFlavors() {
        Api admin = api.as("admin");
        String server = api.as("demo").activeServer("on-the-host");
        JsonNode flavor = api.as("demo").mv("2.47").get("/compute/v2.1/servers/" + server).body().at("/server/flavor");

        JsonNode list = admin.get(HYPERVISORS).body().get("hypervisors");
        assertThat(list.size(), is(1));
        assertThat(list.at("/0/hypervisor_hostname").asText(), is("host-cluster"));
        assertThat(list.at("/0/state").asText(), is("up"));
        JsonNode h = admin.get(HYPERVISORS + "/" + list.at("/0/id").asText()).body().get("hypervisor");
        assertThat(h.get("vcpus").asInt(), is(48));
        assertThat(h.get("memory_mb").asInt(), is(3 * 64 * 1024));
        assertThat(h.get("local_gb").asInt(), is(1500));
        assertThat(h.get("hypervisor_type").asText(), is("kubernetes"));
        assertThat(h.get("hypervisor_version").asInt(), is(1_033_004));
        assertThat(h.get("host_ip").asText(), is("127.0.0.1"));
        assertThat("a JSON string before 2.28", h.get("cpu_info").isTextual(), is(true));
        assertThat(h.get("running_vms").asInt(), greaterThanOrEqualTo(1));
        assertThat(h.get("vcpus_used").asInt(), greaterThanOrEqualTo(flavor.get("vcpus").asInt()));
        assertThat(h.get("free_ram_mb").asInt(), is(h.get("memory_mb").asInt() - h.get("memory_mb_used").asInt()));
        assertThat(h.at("/service/host").asText(), is("host-cluster"));
        assertThat(admin.mv("2.28").get(HYPERVISORS + "/detail").body().at("/hypervisors/0/cpu_info/arch").asText(),
                is("amd64"));

        JsonNode stats = admin.get(HYPERVISORS + "/statistics").body().get("hypervisor_statistics");
        assertThat(stats.get("count").asInt(), is(1));
        assertThat(stats.get("vcpus_used").asInt(), is(h.get("vcpus_used").asInt()));
        assertThat(admin.get(HYPERVISORS + "/1/uptime").body().at("/hypervisor/uptime").asText(),
                matching(" \\d\\d:\\d\\d:\\d\\d up \\d+ days, [ \\d]\\d:\\d\\d, 3 nodes"));
        JsonNode servers = admin.get(HYPERVISORS + "/host/servers").body().at("/hypervisors/0/servers");
        assertThat(servers.toString(), contains(servers, server), is(true));
        assertThat(admin.get(HYPERVISORS + "/nothing-like-it/search").status(), is(404));
        assertThat(admin.get(HYPERVISORS + "/2").status(), is(404));

        Api v253 = admin.mv("2.53");
        JsonNode latest = v253.get(HYPERVISORS + "?with_servers=true").body().at("/hypervisors/0");
        assertThat(latest.get("id").asText(), matching(UUID));
        assertThat(contains(latest.get("servers"), server), is(true));
        assertThat(v253.get(HYPERVISORS + "/host/search").status(), is(404));
        assertThat(v253.get(HYPERVISORS + "/1").body().at("/badRequest/message").asText(), is("Invalid uuid 1"));
        assertThat(v253.get(HYPERVISORS + "?hypervisor_hostname_pattern=nope").status(), is(404));
        JsonNode v288 = admin.mv("2.88").get(HYPERVISORS + "/" + latest.get("id").asText()).body().get("hypervisor");
        assertThat("no sizes from 2.88", v288.has("vcpus"), is(false));
        assertThat(v288.get("uptime").asText(), matching(" .* up .*"));
        assertThat(admin.mv("2.88").get(HYPERVISORS + "/statistics").status(), is(404));
        assertThat(api.as("demo").get(HYPERVISORS).status(), is(403));
        assertThat(api.as("demo").get(HYPERVISORS + "/statistics").status(), is(403));
    }

    @Test
    void withTheComputeServiceDisabledACreateEndsInErrorOnNoHostAndOutOfTheQuota() {
        Api admin = api.as("admin").mv("2.53");
        Api demo = api.as("demo");
        String service = computeService(admin).get("id").asText();
        int used = demo.get("/compute/v2.1/limits").body().at("/limits/absolute/totalInstancesUsed").asInt();
        int running = admin.get(HYPERVISORS + "/detail").body().at("/hypervisors/0/running_vms").asInt(-1);
        assertThat(admin.call(Method.PUT, SERVICES + "/" + service, "{\"status\": \"disabled\", "
                + "\"disabled_reason\": \"draining\"}").status(), is(200));
        String id;
        try {
            Reply created = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("unplaced", "\"metadata\": {}"));
            assertThat("accepted, as Nova accepts before it schedules", created.status(), is(202));
            id = created.body().at("/server/id").asText();
            demo.awaitIdle(id, "ERROR");
        } finally {
            admin.call(Method.PUT, SERVICES + "/" + service, "{\"status\": \"enabled\"}");
        }
        JsonNode server = api.as("admin").get("/compute/v2.1/servers/" + id).body().get("server");
        assertThat(server.at("/fault/message").asText(),
                is("No valid host was found. There are not enough hosts available."));
        assertThat(server.at("/fault/code").asInt(), is(500));
        assertThat("on no host", server.get("OS-EXT-SRV-ATTR:host").isNull(), is(true));
        assertThat("out of the quota", demo.get("/compute/v2.1/limits").body()
                .at("/limits/absolute/totalInstancesUsed").asInt(), is(used));
        assertThat(admin.get(HYPERVISORS + "/detail").body().at("/hypervisors/0/running_vms").asInt(),
                is(running));
        JsonNode actions = demo.mv("2.51").get("/compute/v2.1/servers/" + id + "/os-instance-actions").body();
        assertThat(actions.at("/instanceActions/0/action").asText(), is("create"));
        assertThat("the create failed", actions.at("/instanceActions/0/message").asText(), is("Error"));
        Reply deleted = demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null);
        assertThat(deleted.status(), is(204));
        Eventually.await("the unplaced server gone", () -> demo.get("/compute/v2.1/servers/" + id).status() == 404);
        String placed = demo.activeServer("placed-again");
        assertThat(api.as("admin").get("/compute/v2.1/servers/" + placed).body()
                .at("/server/OS-EXT-SRV-ATTR:host").asText(), is("host-cluster"));
    }

    @Test
    void adminsSeeWhereAServerRunsAndFilterByHost() {
        String server = api.as("demo").activeServer("located");
        JsonNode shown = api.as("admin").mv("2.3").get("/compute/v2.1/servers/" + server).body().get("server");
        assertThat(shown.get("OS-EXT-SRV-ATTR:host").asText(), is("host-cluster"));
        assertThat(shown.get("OS-EXT-SRV-ATTR:hypervisor_hostname").asText(), is("host-cluster"));
        assertThat("the vcluster's host namespace", shown.get("OS-EXT-SRV-ATTR:instance_name").asText(),
                is(VclusterNames.forServer(server, "located").namespace()));
        assertThat(shown.get("OS-EXT-SRV-ATTR:launch_index").asInt(), is(0));
        JsonNode memberView = api.as("demo").mv("2.3").get("/compute/v2.1/servers/" + server).body().get("server");
        assertThat(memberView.has("OS-EXT-SRV-ATTR:host"), is(false));
        assertThat(memberView.has("OS-EXT-SRV-ATTR:instance_name"), is(false));

        Api admin = api.as("admin");
        assertThat(ids(admin.get("/compute/v2.1/servers?all_tenants=1&host=host-cluster")).contains(server),
                is(true));
        assertThat(ids(admin.get("/compute/v2.1/servers?all_tenants=1&host=elsewhere")).contains(server), is(false));
        assertThat("a member's host filter is dropped, as Nova drops it",
                ids(api.as("demo").get("/compute/v2.1/servers?host=elsewhere")).contains(server), is(true));
    }

    @Test
    void zonesAndHostsAsNovaListsThem() {
        JsonNode zones = api.as("demo").get("/compute/v2.1/os-availability-zone").body().get("availabilityZoneInfo");
        assertThat(zones.size(), is(1));
        assertThat(zones.at("/0/zoneName").asText(), is("nova"));
        assertThat(zones.at("/0/hosts").isNull(), is(true));
        Api admin = api.as("admin");
        JsonNode detail = admin.get("/compute/v2.1/os-availability-zone/detail").body().get("availabilityZoneInfo");
        assertThat(detail.size(), is(2));
        assertThat(zone(detail, "nova").at("/hosts/host-cluster/nova-compute/active").asBoolean(), is(true));
        assertThat(zone(detail, "internal").at("/hosts/openvcluster-api/nova-scheduler/available").asBoolean(),
                is(true));
        assertThat(api.as("demo").get("/compute/v2.1/os-availability-zone/detail").status(), is(403));

        JsonNode hosts = admin.get("/compute/v2.1/os-hosts").body().get("hosts");
        assertThat(hosts.size(), is(3));
        assertThat(admin.get("/compute/v2.1/os-hosts?zone=nova").body().at("/hosts/0/service").asText(),
                is("compute"));
        assertThat(admin.get("/compute/v2.1/os-hosts?zone=xxx").body().get("hosts").size(), is(0));
        JsonNode resources = admin.get("/compute/v2.1/os-hosts/host-cluster").body().get("host");
        assertThat(resources.at("/0/resource/project").asText(), is("(total)"));
        assertThat(resources.at("/0/resource/cpu").asInt(), is(48));
        assertThat(admin.get("/compute/v2.1/os-hosts/nowhere").status(), is(404));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/os-hosts/host-cluster", "{\"status\": \"invalid\"}")
                .status(), is(400));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/os-hosts/host-cluster", "{}").status(), is(400));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/os-hosts/host-cluster", "{\"maintenance_mode\": \"enable\"}")
                .status(), is(501));
        assertThat(admin.get("/compute/v2.1/os-hosts/host-cluster/reboot").status(), is(501));
        assertThat(admin.get("/compute/v2.1/os-hosts/nowhere/startup").status(), is(404));
        assertThat(api.as("demo").get("/compute/v2.1/os-hosts").status(), is(403));
        assertThat("gone from 2.43", admin.mv("2.43").get("/compute/v2.1/os-hosts").status(), is(404));

        assertThat(admin.get("/compute/v2.1/os-aggregates").body().get("aggregates").size(), is(0));
        Reply aggregate = admin.call(Method.POST, "/compute/v2.1/os-aggregates",
                "{\"aggregate\": {\"name\": \"a\", \"availability_zone\": \"nova\"}}");
        assertThat(aggregate.text(), aggregate.status(), is(501));
        assertThat(api.as("demo").get("/compute/v2.1/os-aggregates").status(), is(403));

        // Nova endpoints not served: 501 saying why; a path Nova does not know: 404
        Reply migrations = admin.get("/compute/v2.1/os-migrations");
        assertThat(migrations.text(), migrations.status(), is(501));
        assertThat(migrations.body().at("/notImplemented/message").asText().startsWith("Migrations are not built"),
                is(true));
        String server = api.as("demo").createServer("unattached");
        assertThat(api.as("demo").get("/compute/v2.1/servers/" + server + "/os-interface").status(), is(501));
        assertThat(admin.get("/compute/v2.1/servers/" + server + "/migrations").status(), is(501));
        assertThat(api.as("demo").get("/compute/v2.1/servers/" + server + "/os-volume_attachments").status(),
                is(501));
        assertThat(admin.get("/compute/v2.1/os-quota-class-sets/default").status(), is(501));
        assertThat(admin.get("/compute/v2.1/os-no-such-thing").status(), is(404));
    }

    @Test
    void aServerGoesToAZoneThatExistsAndOnlyAdminsNameAHost() {
        Api demo = api.as("demo");
        Reply unknown = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("nowhere",
                "\"availability_zone\": \"atlantis\""));
        assertThat(unknown.text(), unknown.status(), is(400));
        assertThat(unknown.body().at("/badRequest/message").asText(),
                is("The requested availability zone is not available"));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers", serverBody("forced",
                "\"availability_zone\": \"nova:host-cluster\"")).status(), is(403));
        Reply forced = api.as("admin").call(Method.POST, "/compute/v2.1/servers", serverBody(
                "forced", "\"availability_zone\": \"nova:no-such-host\""));
        assertThat(forced.text(), forced.status(), is(400));
        Reply placed = demo.call(Method.POST, "/compute/v2.1/servers", serverBody("in-nova",
                "\"availability_zone\": \"nova\""));
        assertThat(placed.text(), placed.status(), is(202));
    }

    private static String serverBody(String name, String extra) {
        return "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"flavorRef\": \"1\", " + extra + "}}";
    }

    private static JsonNode zone(JsonNode zones, String name) {
        for (JsonNode zone : zones) {
            if (zone.path("zoneName").asText().equals(name)) {
                return zone;
            }
        }
        throw new AssertionError("no zone " + name + " in " + zones);
    }

    private static JsonNode computeService(Api admin) {
        return findService(admin, "nova-compute");
    }

    private static JsonNode findService(Api admin, String binary) {
        for (JsonNode s : admin.get(SERVICES).body().get("services")) {
            if (s.get("binary").asText().equals(binary)) {
                return s;
            }
        }
        throw new AssertionError("no " + binary + " service");
    }

    private static Matcher<String> matching(String regex) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String text) {
                return text.matches(regex);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a string matching " + regex);
            }
        };
    }

    private static List<String> ids(Reply list) {
        List<String> ids = new ArrayList<>();
        list.body().get("servers").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private static boolean contains(JsonNode servers, String id) {
        for (JsonNode s : servers) {
            if (s.get("uuid").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
