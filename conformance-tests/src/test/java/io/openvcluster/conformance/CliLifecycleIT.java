package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.assertRefused;
import static io.openvcluster.conformance.CliSteps.createActive;
import static io.openvcluster.conformance.CliSteps.deleteAndConfirmGone;
import static io.openvcluster.conformance.CliSteps.firstActiveImage;
import static io.openvcluster.conformance.CliSteps.names;
import static io.openvcluster.conformance.CliSteps.row;
import static io.openvcluster.conformance.CliSteps.smallestFlavor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation slice, driven by the real {@code openstack} CLI against the sandbox started as a user starts it:
 * token issue, flavor list, image list, server create --wait, list, show, the power verbs (stop/start,
 * pause/unpause, suspend/resume, reboot [--hard] --wait), lock/unlock, event list/show, console log show,
 * delete --wait, plus isolation
 * between projects and clean client errors for a bad flavor and a wrong password. Every step checks what the CLI
 * printed; {@code /observe/metrics}, scraped before, during and after, counted the calls and the project's server; the
 * server's log finds a refused call by the request id the CLI printed, and a stop's access line and host operations
 * by the request id its event shows. OSC 6 has no --wait for stop/start/pause/suspend and their inverses: the test polls server show as
 * Ansible's server_action does.
 */
class CliLifecycleIT extends RecordedCliTest {
    private static final String SERVER_NAME = "conformance-vc1";
    @RegisterExtension
    static final ClientSummary SUMMARY = new ClientSummary("openstack CLI (lifecycle)");

    private OpenStackCli altDemo;
    private String flavorName;
    private String imageName;
    private String serverId;
    private String projectId;
    private String tokenId;
    private String stopRequestId;
    private String createRequestId;
    private Scrape before;

    CliLifecycleIT() {
        super("cli-lifecycle", 20);
    }

    @BeforeAll
    void start() throws Exception {
        altDemo = demo.as("alt_demo", "alt_demo", SandboxServer.PASSWORD);
        before = sandbox.scrape();
    }

    @Test
    @Order(1)
    void tokenIssueReturnsAProjectScopedToken() throws Exception {
        JsonNode token = demo.json("token", "issue");
        assertFalse(token.path("id").asText().isBlank(), token::toString);
        assertFalse(token.path("project_id").asText().isBlank(), token::toString);
        assertFalse(token.path("user_id").asText().isBlank(), token::toString);
        assertTrue(token.path("expires").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), token::toString);
        projectId = token.path("project_id").asText();
        tokenId = token.path("id").asText();
    }

    @Test
    @Order(2)
    void flavorListShowsTheDefaultSizes() throws Exception {
        flavorName = smallestFlavor(demo).path("Name").asText();
    }

    @Test
    @Order(3)
    void imageListShowsActiveKubernetesVersions() throws Exception {
        imageName = firstActiveImage(demo);
    }

    @Test
    @Order(4)
    void serverCreateWaitsUntilActive() throws Exception {
        serverId = createActive(demo, flavorName, imageName, SERVER_NAME);
    }

    @Test
    @Order(5)
    void serverListShowsTheServerActive() throws Exception {
        JsonNode servers = demo.json("server", "list");
        JsonNode mine = row(servers, "Name", SERVER_NAME);
        assertEquals("ACTIVE", mine.path("Status").asText(), servers::toString);
        assertEquals(serverId, mine.path("ID").asText());
        // what Prometheus would scrape now: the project's active server
        assertEquals(1.0, sandbox.scrape().value("ovc_project_servers", "project", projectId, "status", "ACTIVE"));
    }

    @Test
    @Order(6)
    void serverShowByNameGivesTheNovaStateFields() throws Exception {
        JsonNode shown = demo.json("server", "show", SERVER_NAME);
        assertEquals(serverId, shown.path("id").asText());
        assertEquals("ACTIVE", shown.path("status").asText());
        assertEquals("active", shown.path("OS-EXT-STS:vm_state").asText(), shown::toString);
        // OSC prints the power state as "Running" in tables and as Nova's code (1 = RUNNING) with -f json
        String power = shown.path("OS-EXT-STS:power_state").asText();
        assertTrue(power.equals("1") || power.equals("Running"), shown::toString);
    }

    @Test
    @Order(7)
    void stopAndStartGoThroughShutoff() throws Exception {
        verb("SHUTOFF", "server", "stop", SERVER_NAME);
        JsonNode stopped = demo.json("server", "show", SERVER_NAME);
        assertEquals("stopped", stopped.path("OS-EXT-STS:vm_state").asText(), stopped::toString);
        String power = stopped.path("OS-EXT-STS:power_state").asText();
        assertTrue(power.equals("4") || power.equals("Shutdown"), stopped::toString);
        // Nova's guard: a stopped server cannot be stopped again
        OpenStackCli.Result again = demo.run("server", "stop", SERVER_NAME);
        assertNotEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stderr().contains("while it is in vm_state stopped"), again::toString);
        assertTrue(again.stderr().contains("409"), again::toString);
        for (JsonNode event : demo.json("server", "event", "list", SERVER_NAME)) {
            if ("stop".equals(event.path("Action").asText())) {
                stopRequestId = event.path("Request ID").asText();
            }
            if ("create".equals(event.path("Action").asText())) {
                createRequestId = event.path("Request ID").asText();
            }
        }
        verb("ACTIVE", "server", "start", SERVER_NAME);
    }

    @Test
    @Order(8)
    void pauseAndUnpause() throws Exception {
        verb("PAUSED", "server", "pause", SERVER_NAME);
        verb("ACTIVE", "server", "unpause", SERVER_NAME);
    }

    @Test
    @Order(9)
    void suspendAndResume() throws Exception {
        verb("SUSPENDED", "server", "suspend", SERVER_NAME);
        verb("ACTIVE", "server", "resume", SERVER_NAME);
    }

    @Test
    @Order(10)
    void rebootSoftAndHardWaitUntilActive() throws Exception {
        for (String[] args : List.of(new String[] {"server", "reboot", "--wait", SERVER_NAME},
                new String[] {"server", "reboot", "--hard", "--wait", SERVER_NAME})) {
            OpenStackCli.Result r = demo.run(args);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("ACTIVE", demo.json("server", "show", SERVER_NAME).path("status").asText());
        }
    }

    @Test
    @Order(11)
    void aLockedServerRefusesVerbsUntilUnlocked() throws Exception {
        OpenStackCli.Result lock = demo.run("--os-compute-api-version", "2.73", "server", "lock", "--reason",
                "conformance", SERVER_NAME);
        assertEquals(0, lock.exitCode(), lock::toString);
        JsonNode locked = demo.json("--os-compute-api-version", "2.73", "server", "show", SERVER_NAME);
        assertTrue(locked.path("locked").asBoolean(), locked::toString);
        assertEquals("conformance", locked.path("locked_reason").asText(), locked::toString);
        OpenStackCli.Result stop = demo.run("server", "stop", SERVER_NAME);
        assertNotEquals(0, stop.exitCode(), stop::toString);
        assertTrue(stop.stderr().contains("Instance " + serverId + " is locked"), stop::toString);
        assertEquals("ACTIVE", demo.json("server", "show", SERVER_NAME).path("status").asText());
        OpenStackCli.Result unlock = demo.run("server", "unlock", SERVER_NAME);
        assertEquals(0, unlock.exitCode(), unlock::toString);
        JsonNode unlocked = demo.json("--os-compute-api-version", "2.9", "server", "show", SERVER_NAME);
        assertFalse(unlocked.path("locked").asBoolean(), unlocked::toString);
    }

    @Test
    @Order(12)
    void eventListShowsEveryVerbNewestFirstAndEventShowTheHostOperations() throws Exception {
        JsonNode events = demo.json("server", "event", "list", SERVER_NAME);
        List<String> actions = new ArrayList<>();
        events.forEach(e -> actions.add(e.path("Action").asText()));
        assertEquals(List.of("unlock", "lock", "reboot", "reboot", "resume", "suspend", "unpause", "pause", "start",
                "stop", "create"), actions, events::toString);
        String stopRequest = events.get(actions.indexOf("stop")).path("Request ID").asText();
        JsonNode stop = demo.json("--os-compute-api-version", "2.84", "server", "event", "show", SERVER_NAME,
                stopRequest);
        assertEquals("stop", stop.path("action").asText(), stop::toString);
        String printed = stop.path("events").toString();
        assertTrue(printed.contains("vcluster_pause") && printed.contains("delete_workload_pods"), stop::toString);
        assertTrue(printed.contains("Success"), stop::toString);
    }

    @Test
    @Order(13)
    void consoleLogShowPrintsTheTailOfTheControlPlaneLog() throws Exception {
        OpenStackCli.Result whole = demo.run("console", "log", "show", SERVER_NAME);
        assertEquals(0, whole.exitCode(), whole::toString);
        assertTrue(whole.stdout().contains("no vcluster runs in the sandbox"), whole::toString);
        OpenStackCli.Result tail = demo.run("console", "log", "show", "--lines", "2", SERVER_NAME);
        assertEquals(0, tail.exitCode(), tail::toString);
        assertFalse(tail.stdout().contains("no vcluster runs in the sandbox"), tail::toString);
        assertTrue(tail.stdout().contains("control plane Ready"), tail::toString);
    }

    @Test
    @Order(20)
    void anotherProjectNeitherListsNorShowsTheServer() throws Exception {
        JsonNode servers = altDemo.json("server", "list");
        for (JsonNode s : servers) {
            assertNotEquals(serverId, s.path("ID").asText(), "alt_demo sees demo's server: " + servers);
        }
        OpenStackCli.Result r = altDemo.run("server", "show", serverId);
        assertRefused(r, "No server with a name or ID of");
    }

    @Test
    @Order(21)
    void serverDeleteWaitsUntilGone() throws Exception {
        deleteAndConfirmGone(demo, SERVER_NAME, serverId);
    }

    @Test
    @Order(22)
    void aBadFlavorGivesTheClientsNormalError() throws Exception {
        OpenStackCli.Result r = demo.run("server", "create", "--flavor", "no-such-flavor", "--image", imageName, "bad-vc");
        assertRefused(r, "no-such-flavor");
        JsonNode servers = demo.json("server", "list");
        assertTrue(names(servers).stream().noneMatch("bad-vc"::equals), "a refused create left a server: " + servers);
    }

    @Test
    @Order(23)
    void aWrongPasswordIsRefusedCleanly() throws Exception {
        OpenStackCli.Result r = demo.as("demo", "demo", "wrong-password").run("server", "list");
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("401") || r.stderr().toLowerCase().contains("authenticat"), r::toString);
        assertFalse(r.stderr().contains("Traceback"), r::toString);
    }

    @Test
    @Order(24)
    void theMetricsCountedWhatTheCliDid() throws Exception {
        Scrape after = sandbox.scrape();
        assertEquals(1.0, after.since(before, "ovc_api_requests_seconds_count", "method", "POST",
                "route", "/compute/v2.1/servers", "status", "202"), "the one create accepted");
        assertTrue(after.since(before, "ovc_api_requests_seconds_count", "method", "POST",
                "route", "/compute/v2.1/servers/{id}/action", "status", "409") >= 1, "the second stop refused");
        assertTrue(after.since(before, "ovc_api_requests_seconds_count", "method", "POST",
                "route", "/identity/v3/auth/tokens", "status", "401") >= 1, "the wrong password");
        assertTrue(after.since(before, "ovc_kube_calls_seconds_count", "method", "POST", "outcome", "2xx") >= 1,
                "records written to the Kubernetes API");
        assertTrue(after.since(before, "ovc_reconcile_passes_seconds_count", "outcome", "ok") >= 1,
                "the reconciler's passes");
        assertEquals(0.0, after.value("ovc_project_servers", "project", projectId, "status", "ACTIVE"),
                "the deleted server no longer counts");
        assertEquals(0.0, after.value("ovc_project_quota_used", "project", projectId, "resource", "cores"));
    }

    @Test
    @Order(25)
    void theLogFindsACallByTheRequestIdTheCliPrintedAndHoldsNoSecret() throws Exception {
        OpenStackCli.Result refused = demo.run("server", "create", "--flavor", flavorName, "--image", imageName,
                "--availability-zone", "atlantis", "nowhere-vc");
        java.util.regex.Matcher printed = java.util.regex.Pattern.compile("Request-ID: (req-[0-9a-f-]{36})")
                .matcher(refused.stderr());
        assertTrue(printed.find(), refused::toString);
        String log = sandbox.serverLog();
        assertTrue(linesWith(log, printed.group(1)).stream()
                .anyMatch(l -> l.contains("POST /compute/v2.1/servers 400")), "the refused create's access line");

        // the stop: its access line and the host operations it led to, under the request id its event shows
        List<String> stop = linesWith(log, stopRequestId);
        assertTrue(stop.stream().anyMatch(l -> l.contains("POST /compute/v2.1/servers/" + serverId + "/action 202")),
                "the stop's access line: " + stop);
        assertTrue(stop.stream().anyMatch(l -> l.contains("io.openvcluster.host [server " + serverId + "]: stop "
                + stopRequestId + ": vcluster_pause started")), "the stop's host operation: " + stop);
        assertTrue(stop.stream().anyMatch(l -> l.endsWith("stop " + stopRequestId + ": ended Success")),
                "the stop's end: " + stop);
        // the create: its objects applied on the host, under the create's request id
        List<String> create = linesWith(log, createRequestId);
        assertTrue(create.stream().anyMatch(l -> l.contains("applied the vcluster's objects in")),
                "the create's host operation: " + create);

        assertFalse(log.contains(SandboxServer.PASSWORD), "the sandbox password is in the server's log");
        assertFalse(log.contains(tokenId), "a token is in the server's log");
    }

    private static List<String> linesWith(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).toList();
    }

    /** Runs a verb, then polls {@code server show} (every second, at most a minute) until the status is reached. */
    private void verb(String status, String... args) throws Exception {
        CliSteps.verb(demo, SERVER_NAME, status, Duration.ofMinutes(1), args);
    }
}
