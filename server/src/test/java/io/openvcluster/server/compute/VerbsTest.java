package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of server actions: every row as Nova has it, and the lookups the HTTP layer and the domain use. */
class VerbsTest {

    /** Key, instance action name, status, host step and Nova's policy rule of every verb the facade performs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "os-stop|stop|202|POWER|os_compute_api:servers:stop",
            "os-start|start|202|POWER|os_compute_api:servers:start",
            "pause|pause|202|POWER|os_compute_api:os-pause-server:pause",
            "unpause|unpause|202|POWER|os_compute_api:os-pause-server:unpause",
            "suspend|suspend|202|POWER|os_compute_api:os-suspend-server:suspend",
            "resume|resume|202|POWER|os_compute_api:os-suspend-server:resume",
            "reboot|reboot|202|POWER|os_compute_api:servers:reboot",
            "lock|lock|202|HISTORY_ONLY|os_compute_api:os-lock-server:lock",
            "unlock|unlock|202|HISTORY_ONLY|os_compute_api:os-lock-server:unlock",
            "resize|resize|202|RESIZE|os_compute_api:servers:resize",
            "confirmResize|confirmResize|204|HISTORY_ONLY|os_compute_api:servers:confirm_resize",
            "revertResize|revertResize|202|RESIZE|os_compute_api:servers:revert_resize",
            "createImage|createImage|202|SNAPSHOT|os_compute_api:servers:create_image",
            "createBackup|createBackup|202|SNAPSHOT|os_compute_api:os-create-backup",
            "rebuild|rebuild|202|REBUILD|os_compute_api:servers:rebuild",
            "restore|restore|202|POWER|os_compute_api:os-deferred-delete:restore",
            "shelve|shelve|202|SHELVE|os_compute_api:os-shelve:shelve",
            "rescue|rescue|200|RESCUE|os_compute_api:os-rescue",
            "unrescue|unrescue|202|RESCUE|os_compute_api:os-unrescue",
            "shelveOffload|shelveOffload|202|SHELVE|os_compute_api:os-shelve:shelve_offload",
            "unshelve|unshelve|202|SHELVE|os_compute_api:os-shelve:unshelve",
            "forceDelete|forceDelete|202|TEARDOWN|os_compute_api:os-deferred-delete:force",
            "os-resetState|resetState|202|HISTORY_ONLY|os_compute_api:os-admin-actions:reset_state",
            "trigger_crash_dump|trigger_crash_dump|202|CRASH_DUMP|os_compute_api:servers:trigger_crash_dump",
            "os-getConsoleOutput|getConsoleOutput|200|NONE|os_compute_api:os-console-output",
            "os-getVNCConsole|os-getVNCConsole|200|NONE|os_compute_api:os-remote-consoles",
    })
    void everyPerformedVerbIsOneRow(String key, String name, int status, Verb.Step step, String policy) {
        Verb verb = Verbs.byKey(key).orElseThrow();
        assertTrue(verb.implemented(), key);
        assertEquals(name, verb.name());
        assertEquals(status, verb.status());
        assertEquals(step, verb.step());
        assertEquals(policy, verb.policy());
    }

    @Test
    void theActionsNovaHasAndTheFacadeDoesNotPerformAnswer501() {
        Set<String> notPerformed = Verbs.all().stream().filter(v -> !v.implemented()).map(Verb::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("changePassword",
                "migrate", "os-migrateLive", "evacuate", "resetNetwork", "injectNetworkInfo",
                "addFixedIp", "removeFixedIp", "addFloatingIp", "removeFloatingIp")),
                notPerformed);
        Verbs.all().stream().filter(v -> !v.implemented()).forEach(v -> {
            assertEquals(501, v.status(), v.key());
            assertTrue(v.intent() instanceof Verb.Intent.NotImplemented n && !n.why().isBlank(), v.key());
        });
    }

    /** Each parsed record finds the row that parsed it; its name is the row's. */
    @Test
    void everyParsedActionFindsItsRow() {
        Map<String, String> rowOf = new TreeMap<>();
        for (Verb verb : Verbs.all()) {
            if (verb.implemented()) {
                ServerAction action = verb.parser().orElseThrow().parse(Json.object(), Microversion.v2(96));
                assertEquals(verb, Verbs.of(action), verb.key());
                assertEquals(verb.name(), action.name());
                rowOf.put(action.getClass().getSimpleName(), verb.key());
            }
        }
        Set<String> records = Arrays.stream(ServerAction.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(records, rowOf.keySet(), "every ServerAction record is made by a row");
    }

    @Test
    void theLegacyConsolesExistUntil2Point5() {
        Verb vnc = Verbs.byKey("os-getVNCConsole").orElseThrow();
        assertTrue(vnc.offered().contains(Microversion.v2(5)));
        assertFalse(vnc.offered().contains(Microversion.v2(6)));
        assertTrue(Verbs.byKey("os-stop").orElseThrow().offered().contains(Microversion.v2(96)));
    }

    @Test
    void aBodyNamesExactlyOneAction() {
        assertEquals("os-stop", Verbs.inBody(Json.object().putNull("os-stop").put("extra", 1)).key());
        ApiException none = assertThrows(ApiException.class, () -> Verbs.inBody(Json.object().put("nothing", 1)));
        assertEquals("There is no such action: nothing", none.getMessage());
        ApiException empty = assertThrows(ApiException.class, () -> Verbs.inBody(Json.object()));
        assertEquals("There is no such action: (none)", empty.getMessage());
        ApiException two = assertThrows(ApiException.class,
                () -> Verbs.inBody(Json.object().putNull("os-stop").putNull("os-start")));
        assertEquals("Only one action is allowed per request, got: os-stop, os-start", two.getMessage());
    }

    /** Nova's create_backup: rotation an integer or a numeric string; the guard of createImage. */
    @Test
    void aBackupParsesItsRotationAndIsGuardedAsASnapshot() throws Exception {
        Verb backup = Verbs.byKey("createBackup").orElseThrow();
        ServerAction parsed = backup.parser().orElseThrow().parse(Json.MAPPER.readTree(
                "{\"name\":\"b\",\"backup_type\":\"daily\",\"rotation\":\"2\",\"metadata\":{\"k\":\"v\"}}"),
                Microversion.v2(1));
        assertEquals(new ServerAction.CreateBackup("b", "daily", 2, Map.of("k", "v")), parsed);
        assertEquals(3, ((ServerAction.CreateBackup) backup.parser().orElseThrow().parse(Json.MAPPER.readTree(
                "{\"name\":\"b\",\"backup_type\":\"daily\",\"rotation\":3}"), Microversion.v2(96))).rotation());
        assertEquals(Integer.MAX_VALUE, ((ServerAction.CreateBackup) backup.parser().orElseThrow().parse(
                Json.MAPPER.readTree("{\"name\":\"b\",\"backup_type\":\"d\",\"rotation\":\"99999999999\"}"),
                Microversion.v2(1))).rotation());
        Verb.Guard guard = backup.guard().of(parsed).orElseThrow();
        assertEquals(Set.of("active", "stopped", "paused", "suspended"), guard.vmStates());
        assertEquals(Set.of(Verbs.IDLE), guard.taskStates());
        assertEquals(Verbs.byKey("createImage").orElseThrow().guard().of(parsed), backup.guard().of(parsed));
    }

    @Test
    void aRebootsGuardDependsOnItsType() {
        Verb reboot = Verbs.byKey("reboot").orElseThrow();
        Verb.Guard soft = reboot.guard().of(new ServerAction.Reboot(false)).orElseThrow();
        Verb.Guard hard = reboot.guard().of(new ServerAction.Reboot(true)).orElseThrow();
        assertEquals(Set.of("active"), soft.vmStates());
        assertEquals(Set.of("active", "stopped", "paused", "suspended", "error"), hard.vmStates());
        assertTrue(hard.taskStates().contains("rebooting"));
        assertEquals(Optional.empty(), Verbs.byKey("lock").orElseThrow().guard().of(new ServerAction.Unlock()));
    }
}
