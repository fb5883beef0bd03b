package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every power verb (and createBackup) from every settled state, on the sandbox: accepted (202, and the server ends in the verb's
 * state) or refused with Nova's 409 wording, with nothing changed. The expected table is Nova's
 * check_instance_state for each verb.
 */
// one server per accepted cell: more than the default test quota
@SandboxBackendTest(simulatorDelayMillis = 50, instanceQuota = 100)
class VerbStateTableIT {
    private static final Map<String, ServerAction> VERBS = new LinkedHashMap<>();
    /**
     * A snapshot verb, accepted in every settled state but error and leaving the server as it was: it is sent to the
     * server of the refusals once they are checked (one more server per state would pass the project's cores quota).
     */
    private static final String BACKUP = "createBackup";
    private static final Set<String> BACKUP_STATES = Set.of("active", "stopped", "paused", "suspended");
    /** state → verb → the vm state it ends in when accepted; absent = 409. */
    private static final Map<String, Map<String, String>> ACCEPTED = Map.of(
            "active", Map.of("stop", "stopped", "pause", "paused", "suspend", "suspended", "reboot-SOFT", "active",
                    "reboot-HARD", "active"),
            "stopped", Map.of("start", "active", "reboot-HARD", "active"),
            "paused", Map.of("unpause", "active", "reboot-HARD", "active"),
            "suspended", Map.of("resume", "active", "reboot-HARD", "active"),
            // the control plane still crashes after a hard reboot: it stays in error (with its fault)
            "error", Map.of("stop", "stopped", "reboot-HARD", "error"));

    static {
        VERBS.put("stop", new ServerAction.Stop());
        VERBS.put("start", new ServerAction.Start());
        VERBS.put("pause", new ServerAction.Pause());
        VERBS.put("unpause", new ServerAction.Unpause());
        VERBS.put("suspend", new ServerAction.Suspend());
        VERBS.put("resume", new ServerAction.Resume());
        VERBS.put("reboot-SOFT", new ServerAction.Reboot(false));
        VERBS.put("reboot-HARD", new ServerAction.Reboot(true));
        // only a soft-deleted server can be restored (SoftDeleteIT): Nova's 409 from every other state
        VERBS.put("restore", new ServerAction.Restore());
        VERBS.put(BACKUP, new ServerAction.CreateBackup("table", "daily", 1, Map.of()));
    }

    private static Domain compute;
    private static ServerSteps steps;

    @TestFactory
    Stream<DynamicTest> everyVerbFromEveryState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String state : List.of("active", "stopped", "paused", "suspended", "error")) {
            Map<String, String> accepted = ACCEPTED.get(state);
            tests.add(dynamicTest(state + ": refused verbs are 409 and change nothing", () -> {
                String id = serverIn(state);
                for (var verb : VERBS.entrySet()) {
                    if (accepted.containsKey(verb.getKey())
                            || (verb.getKey().equals(BACKUP) && BACKUP_STATES.contains(state))) {
                        continue;
                    }
                    ApiException e = assertThrows(ApiException.class,
                            () -> compute.servers().performAction(again(ALICE), id, verb.getValue()), verb.getKey());
                    assertEquals(409, e.status(), verb.getKey());
                    assertEquals("Cannot '" + verb.getValue().name() + "' instance " + id
                            + " while it is in vm_state " + state, e.getMessage());
                }
                ServerData after = compute.servers().getServer(ALICE, id);
                assertEquals(state, after.vmState());
                assertEquals(List.of("create"), compute.servers().listInstanceActions(ALICE, id, InstanceActionQuery.all())
                        .stream().map(a -> a.action()).filter(a -> !Set.of("stop", "suspend", "pause").contains(a))
                        .toList());
                if (BACKUP_STATES.contains(state)) {
                    var caller = again(ALICE);
                    compute.servers().performAction(caller, id, VERBS.get(BACKUP));
                    awaitIdle(id, state);
                    assertEquals(BACKUP, compute.servers().getInstanceAction(ALICE, id, caller.requestId()).action());
                }
            }));
            for (var entry : accepted.entrySet()) {
                tests.add(dynamicTest(state + " + " + entry.getKey() + " → " + entry.getValue(), () -> {
                    String id = serverIn(state);
                    var caller = again(ALICE);
                    compute.servers().performAction(caller, id, VERBS.get(entry.getKey()));
                    awaitIdle(id, entry.getValue());
                    var action = compute.servers().getInstanceAction(ALICE, id, caller.requestId());
                    assertEquals(VERBS.get(entry.getKey()).name(), action.action());
                }));
            }
        }
        return tests.stream();
    }

    /** A new server brought into {@code state} through the verbs (error: its control plane crashes). */
    private static String serverIn(String state) {
        String id = compute.servers().createServer(again(ALICE), create("table-" + state)).servers().get(0).id();
        awaitIdle(id, "active");
        switch (state) {
            case "active" -> { }
            case "stopped" -> verb(id, new ServerAction.Stop(), "stopped");
            case "paused" -> verb(id, new ServerAction.Pause(), "paused");
            case "suspended" -> verb(id, new ServerAction.Suspend(), "suspended");
            case "error" -> {
                steps.crash(id);
                awaitIdle(id, "error");
            }
            default -> throw new IllegalArgumentException(state);
        }
        return id;
    }

    private static void verb(String id, ServerAction action, String vmState) {
        compute.servers().performAction(again(ALICE), id, action);
        awaitIdle(id, vmState);
    }

    private static void awaitIdle(String id, String vmState) {
        steps.awaitIdle(ALICE, id, vmState);
    }
}
