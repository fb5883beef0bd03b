package io.openvcluster.server.compute;

import static io.openvcluster.api.ServerStates.ACTIVE;
import static io.openvcluster.api.ServerStates.ERROR;
import static io.openvcluster.api.ServerStates.PAUSED;
import static io.openvcluster.api.ServerStates.SOFT_DELETED;
import static io.openvcluster.api.ServerStates.STOPPED;
import static io.openvcluster.api.ServerStates.SUSPENDED;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.server.compute.Verb.GuardRule;
import io.openvcluster.server.compute.Verb.Intent;
import io.openvcluster.server.compute.Verb.Parser;
import io.openvcluster.server.compute.Verb.Step;
import io.openvcluster.server.compute.Verb.Versions;
import io.openvcluster.server.kube.crd.PowerIntents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every server action Nova has, one row each ({@link Verb}): this table is the only list of actions. The HTTP layer
 * finds a body's row by its key, checks the microversion and the schema {@code action-<key>} and parses it with the
 * row; the domain guards and records it by the row; the reconciler's step named by the row drives it on the host.
 * Adding a verb is one row, its schema file, its parsed {@link ServerAction} record, its intent and progress step if
 * they are new kinds, and its tests (docs/architecture.md has a worked example).
 */
public final class Verbs {
    /** "No task running": Nova's {@code task_state=[None]}. */
    public static final String IDLE = "";

    /** Nova's task_states.ALLOW_REBOOT: a hard reboot may interrupt these. */
    private static final Set<String> ALLOW_REBOOT = Set.of(IDLE, ServerStates.REBOOTING, ServerStates.REBOOT_PENDING,
            ServerStates.REBOOT_STARTED, ServerStates.RESUMING, ServerStates.REBOOTING_HARD,
            ServerStates.REBOOT_PENDING_HARD, ServerStates.REBOOT_STARTED_HARD, ServerStates.UNPAUSING,
            ServerStates.PAUSING, ServerStates.SUSPENDING);
    private static final Set<String> NO_TASK = Set.of(IDLE);
    /** Nova's vm_state=None in check_instance_state: every vm state. */
    private static final Set<String> ANY_VM_STATE = Set.of(ACTIVE, ServerStates.BUILDING, STOPPED, PAUSED, SUSPENDED,
            ServerStates.RESIZED, ServerStates.RESCUED, ERROR, SOFT_DELETED, ServerStates.SHELVED,
            ServerStates.SHELVED_OFFLOADED);
    private static final GuardRule SOFT_REBOOT = GuardRule.always(Set.of(ACTIVE), NO_TASK);
    private static final GuardRule HARD_REBOOT = GuardRule.always(Set.of(ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR),
            ALLOW_REBOOT);
    /** createImage and createBackup: Nova's snapshot guard. */
    private static final GuardRule SNAPSHOT_GUARD = GuardRule.always(Set.of(ACTIVE, STOPPED, PAUSED, SUSPENDED),
            NO_TASK);

    private static final String NO_GUEST_PASSWORD = "a vcluster has no guest operating system whose administrator "
            + "password could be set, and its API server's credentials are the console's kubeconfig (docs/verbs.md).";
    private static final String NO_FLEET = "moving a vcluster to another host cluster needs a fleet of host clusters, "
            + "which this facade does not manage yet: it has one host.";
    private static final String NO_NOVA_NETWORK = "a vcluster has no Nova network, fixed or floating address: its "
            + "network is the host cluster's, reached through its Service.";
    private static final List<Verb> ROWS = List.of(
            // power verbs: key, name, the parsed action, Nova's policy rule, the vm states it is accepted in (with no
            // task running), then its intent: the power intent, the task shown meanwhile, the vm state it ends in
            power("os-stop", "stop", new ServerAction.Stop(), "os_compute_api:servers:stop",
                    Set.of(ACTIVE, ERROR), PowerIntents.STOPPED, ServerStates.POWERING_OFF, STOPPED),
            power("os-start", "start", new ServerAction.Start(), "os_compute_api:servers:start",
                    Set.of(STOPPED), PowerIntents.RUNNING, ServerStates.POWERING_ON, ACTIVE),
            power("pause", "pause", new ServerAction.Pause(), "os_compute_api:os-pause-server:pause",
                    Set.of(ACTIVE), PowerIntents.PAUSED, ServerStates.PAUSING, PAUSED),
            power("unpause", "unpause", new ServerAction.Unpause(), "os_compute_api:os-pause-server:unpause",
                    Set.of(PAUSED), PowerIntents.RUNNING, ServerStates.UNPAUSING, ACTIVE),
            power("suspend", "suspend", new ServerAction.Suspend(), "os_compute_api:os-suspend-server:suspend",
                    Set.of(ACTIVE), PowerIntents.SUSPENDED, ServerStates.SUSPENDING, SUSPENDED),
            power("resume", "resume", new ServerAction.Resume(), "os_compute_api:os-suspend-server:resume",
                    Set.of(SUSPENDED), PowerIntents.RUNNING, ServerStates.RESUMING, ACTIVE),
            // Nova's ALLOW_SOFT_REBOOT and ALLOW_HARD_REBOOT; a hard reboot of a stopped, paused or suspended
            // server leaves it ACTIVE
            new Verb("reboot", "reboot", Versions.ALL, ServerAction.Reboot.class,
                    parser((value, mv) -> new ServerAction.Reboot(
                            "HARD".equals(value.path("type").asText().toUpperCase(Locale.ROOT)))),
                    "os_compute_api:servers:reboot",
                    action -> (((ServerAction.Reboot) action).hard() ? HARD_REBOOT : SOFT_REBOOT).of(action),
                    new Intent.Reboot(), Step.POWER, 202),
            // locked_reason exists from 2.73 (before, Nova ignores the value of "lock"); Nova checks no state
            new Verb("lock", "lock", Versions.ALL, ServerAction.Lock.class,
                    parser((value, mv) -> new ServerAction.Lock(
                            mv.atLeast(73) ? text(value, "locked_reason") : Optional.empty())),
                    "os_compute_api:os-lock-server:lock", GuardRule.none(), new Intent.Lock(true),
                    Step.HISTORY_ONLY, 202),
            new Verb("unlock", "unlock", Versions.ALL, ServerAction.Unlock.class,
                    parser((value, mv) -> new ServerAction.Unlock()),
                    "os_compute_api:os-lock-server:unlock", GuardRule.none(), new Intent.Lock(false),
                    Step.HISTORY_ONLY, 202),
            // flavorRef may be an integer in old clients' bodies; Nova reads it as text either way
            new Verb("resize", "resize", Versions.ALL, ServerAction.Resize.class,
                    parser((value, mv) -> new ServerAction.Resize(value.path("flavorRef").asText(),
                            diskConfig(value))),
                    "os_compute_api:servers:resize", GuardRule.always(Set.of(ACTIVE, STOPPED), NO_TASK),
                    new Intent.Resize(), Step.RESIZE, 202),
            // Nova looks for the finished resize before any state (400 "Instance has not been resized." without one)
            new Verb("confirmResize", "confirmResize", Versions.ALL, ServerAction.ConfirmResize.class,
                    parser((value, mv) -> new ServerAction.ConfirmResize()),
                    "os_compute_api:servers:confirm_resize", GuardRule.none(), new Intent.ConfirmResize(),
                    Step.HISTORY_ONLY, 204),
            new Verb("revertResize", "revertResize", Versions.ALL, ServerAction.RevertResize.class,
                    parser((value, mv) -> new ServerAction.RevertResize()),
                    "os_compute_api:servers:revert_resize", GuardRule.none(), new Intent.RevertResize(),
                    Step.RESIZE, 202),
            // 202 with the image id in the body from 2.45; before, no body and the image's URL in Location
            new Verb("createImage", "createImage", Versions.ALL, ServerAction.CreateImage.class,
                    parser((value, mv) -> new ServerAction.CreateImage(value.path("name").asText(),
                            metadata(value.path("metadata")))),
                    "os_compute_api:servers:create_image", SNAPSHOT_GUARD, new Intent.Snapshot(), Step.SNAPSHOT, 202),
            // a createImage marked as a backup (Nova's task image_backup); 202 with the image id from 2.45, before
            // it the image's URL in Location only when rotation > 0, as Nova
            new Verb("createBackup", "createBackup", Versions.ALL, ServerAction.CreateBackup.class,
                    parser((value, mv) -> new ServerAction.CreateBackup(value.path("name").asText(),
                            value.path("backup_type").asText(), rotation(value.path("rotation")),
                            metadata(value.path("metadata")))),
                    "os_compute_api:os-create-backup", SNAPSHOT_GUARD, new Intent.Snapshot(), Step.SNAPSHOT, 202),
            new Verb("rebuild", "rebuild", Versions.ALL, ServerAction.Rebuild.class,
                    parser((value, mv) -> new ServerAction.Rebuild(value.path("imageRef").asText(),
                            text(value, "name"),
                            value.has("metadata") ? Optional.of(metadata(value.path("metadata"))) : Optional.empty(),
                            text(value, "adminPass"), mv.atLeast(19) ? text(value, "description") : Optional.empty(),
                            diskConfig(value), flag(value.path("preserve_ephemeral")))),
                    "os_compute_api:servers:rebuild", GuardRule.always(Set.of(ACTIVE, STOPPED, ERROR), NO_TASK),
                    new Intent.Rebuild(), Step.REBUILD, 202),
            // a read, not a verb (no instance action); a vcluster's log lives with its control-plane pod (409)
            new Verb("os-getConsoleOutput", "getConsoleOutput", Versions.ALL, ServerAction.ConsoleOutput.class,
                    parser((value, mv) -> new ServerAction.ConsoleOutput(lines(value.path("length")))),
                    "os_compute_api:os-console-output", GuardRule.none(), new Intent.ReadLog(), Step.NONE, 200),
            // the console actions of 2.1-2.5: the same kubeconfig URL as remote-consoles, which replaces them at 2.6
            legacyConsole("os-getVNCConsole", "vnc"),
            legacyConsole("os-getSPICEConsole", "spice"),
            legacyConsole("os-getRDPConsole", "rdp"),
            legacyConsole("os-getSerialConsole", "serial"),
            // deferred delete (OVC_RECLAIM_INSTANCE_INTERVAL): a soft-deleted server comes back by a vcluster resume,
            // after the quota check Nova makes (a soft-deleted server does not count); forceDelete deletes now, in any
            // vm state (Nova's must_have_launched=False), and is entered as Nova's "delete" action
            new Verb("restore", "restore", Versions.ALL, ServerAction.Restore.class,
                    parser((value, mv) -> new ServerAction.Restore()), "os_compute_api:os-deferred-delete:restore",
                    GuardRule.always(Set.of(SOFT_DELETED), NO_TASK),
                    new Intent.Restore(new Intent.Power(PowerIntents.RUNNING, ServerStates.RESTORING, ACTIVE)),
                    Step.POWER, 202),
            new Verb("forceDelete", "forceDelete", Versions.ALL, ServerAction.ForceDelete.class,
                    parser((value, mv) -> new ServerAction.ForceDelete()), "os_compute_api:os-deferred-delete:force",
                    GuardRule.always(ANY_VM_STATE, NO_TASK), new Intent.ForceDelete(), Step.TEARDOWN, 202),
            // shelve = a snapshot to the store, then the vcluster stopped and (offload) its host objects and namespace
            // deleted; unshelve = started again, or installed again and the snapshot restored (docs/verbs.md)
            new Verb("shelve", "shelve", Versions.ALL, ServerAction.Shelve.class,
                    parser((value, mv) -> new ServerAction.Shelve()), "os_compute_api:os-shelve:shelve",
                    GuardRule.always(Set.of(ACTIVE, STOPPED, PAUSED, SUSPENDED), NO_TASK), new Intent.Shelve(),
                    Step.SHELVE, 202),
            new Verb("shelveOffload", "shelveOffload", Versions.ALL, ServerAction.ShelveOffload.class,
                    parser((value, mv) -> new ServerAction.ShelveOffload()),
                    "os_compute_api:os-shelve:shelve_offload", GuardRule.always(Set.of(ServerStates.SHELVED),
                    NO_TASK), new Intent.ShelveOffload(), Step.SHELVE, 202),
            // availability_zone from 2.77; from 2.91 it may be null (unpin) and a host may be named
            new Verb("unshelve", "unshelve", Versions.ALL, ServerAction.Unshelve.class,
                    parser((value, mv) -> new ServerAction.Unshelve(
                            mv.atLeast(77) ? text(value, "availability_zone") : Optional.empty(),
                            mv.atLeast(91) && value.has("availability_zone") && value.get("availability_zone").isNull(),
                            mv.atLeast(91) ? text(value, "host") : Optional.empty())),
                    "os_compute_api:os-shelve:unshelve",
                    GuardRule.always(Set.of(ServerStates.SHELVED, ServerStates.SHELVED_OFFLOADED), NO_TASK),
                    new Intent.Unshelve(), Step.SHELVE, 202),
            // rescue = the vcluster stopped and a pod with its data volume in its stead; 200 with Nova's adminPass
            new Verb("rescue", "rescue", Versions.ALL, ServerAction.Rescue.class,
                    parser((value, mv) -> new ServerAction.Rescue(text(value, "adminPass"),
                            text(value, "rescue_image_ref"))), "os_compute_api:os-rescue",
                    GuardRule.always(Set.of(ACTIVE, STOPPED, ERROR), NO_TASK), new Intent.Rescue(), Step.RESCUE, 200),
            new Verb("unrescue", "unrescue", Versions.ALL, ServerAction.Unrescue.class,
                    parser((value, mv) -> new ServerAction.Unrescue()), "os_compute_api:os-unrescue",
                    GuardRule.always(Set.of(ServerStates.RESCUED), NO_TASK),
                    new Intent.Power(PowerIntents.RUNNING, ServerStates.UNRESCUING, ACTIVE), Step.RESCUE, 202),
            // admins only, no lock or state check (Nova's); entered as Nova's resetState action, finished at once
            new Verb("os-resetState", "resetState", Versions.ALL, ServerAction.ResetState.class,
                    parser((value, mv) -> new ServerAction.ResetState(value.path("state").asText())),
                    "os_compute_api:os-admin-actions:reset_state", GuardRule.none(), new Intent.ResetState(),
                    Step.HISTORY_ONLY, 202),
            // from 2.17; Nova's states (a running control plane, or the rescue pod), lock and no task; no task shown
            new Verb("trigger_crash_dump", "trigger_crash_dump", Versions.since(17),
                    ServerAction.TriggerCrashDump.class, parser((value, mv) -> new ServerAction.TriggerCrashDump()),
                    "os_compute_api:servers:trigger_crash_dump",
                    GuardRule.always(Set.of(ACTIVE, PAUSED, ServerStates.RESCUED), NO_TASK), new Intent.CrashDump(),
                    Step.CRASH_DUMP, 202),
            // security groups: in any state, at every microversion (Nova kept these actions at 2.36)
            new Verb("addSecurityGroup", "addSecurityGroup", Versions.ALL, ServerAction.AddSecurityGroup.class,
                    parser((value, mv) -> new ServerAction.AddSecurityGroup(value.path("name").asText())),
                    "os_compute_api:os-security-groups:add", GuardRule.none(), new Intent.SecurityGroup(true),
                    Step.NETWORK_POLICIES, 202),
            new Verb("removeSecurityGroup", "removeSecurityGroup", Versions.ALL,
                    ServerAction.RemoveSecurityGroup.class,
                    parser((value, mv) -> new ServerAction.RemoveSecurityGroup(value.path("name").asText())),
                    "os_compute_api:os-security-groups:remove", GuardRule.none(), new Intent.SecurityGroup(false),
                    Step.NETWORK_POLICIES, 202),
            // what Nova has and this facade does not perform yet: 501 (after a 404 for an unknown server)
            notImplemented("changePassword", "os_compute_api:os-admin-password", NO_GUEST_PASSWORD),
            notImplemented("migrate", "os_compute_api:os-migrate-server:migrate", NO_FLEET),
            notImplemented("os-migrateLive", "os_compute_api:os-migrate-server:migrate_live", NO_FLEET),
            notImplemented("evacuate", "os_compute_api:os-evacuate", NO_FLEET),
            notImplemented("resetNetwork", "os_compute_api:os-admin-actions:reset_network", NO_NOVA_NETWORK),
            notImplemented("injectNetworkInfo", "os_compute_api:os-admin-actions:inject_network_info",
                    NO_NOVA_NETWORK),
            notImplemented("addFixedIp", "os_compute_api:os-multinic:add", NO_NOVA_NETWORK),
            notImplemented("removeFixedIp", "os_compute_api:os-multinic:remove", NO_NOVA_NETWORK),
            notImplemented("addFloatingIp", "os_compute_api:os-floating-ips:add", NO_NOVA_NETWORK),
            notImplemented("removeFloatingIp", "os_compute_api:os-floating-ips:remove", NO_NOVA_NETWORK));

    private static final Map<String, Verb> BY_KEY = ROWS.stream()
            .collect(Collectors.toMap(Verb::key, v -> v, (a, b) -> {
                throw new IllegalStateException("two rows for " + a.key());
            }, LinkedHashMap::new));
    /** The rows of the implemented verbs by the record their parser makes; the legacy consoles share one. */
    private static final Map<Class<?>, Verb> BY_TYPE = ROWS.stream().filter(Verb::implemented)
            .collect(Collectors.toMap(Verb::type, v -> v, (first, same) -> first));

    private Verbs() {
    }

    /** Every row, in the table's order. */
    public static List<Verb> all() {
        return ROWS;
    }

    /** The row of a body's key, if Nova has such an action. */
    public static Optional<Verb> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The row of a parsed action: the one whose parser made it. */
    public static Verb of(ServerAction action) {
        if (action instanceof ServerAction.LegacyConsole console) {
            return BY_KEY.get(console.key());
        }
        return BY_TYPE.get(action.getClass());
    }

    /**
     * The one action key of a body; several keys of Nova's actions, or none, is a 400 as in Nova (other keys are
     * ignored).
     */
    public static Verb inBody(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        List<String> known = keys.stream().filter(BY_KEY::containsKey).toList();
        if (known.size() != 1) {
            throw ApiException.badRequest(known.isEmpty()
                    ? "There is no such action: " + (keys.isEmpty() ? "(none)" : String.join(", ", keys))
                    : "Only one action is allowed per request, got: " + String.join(", ", known));
        }
        return BY_KEY.get(known.getFirst());
    }

    /** A power verb: its action has no fields, so the one instance is what the parser gives. */
    private static Verb power(String key, String name, ServerAction action, String policy, Set<String> vmStates,
                              String powerIntent, String task, String target) {
        return new Verb(key, name, Versions.ALL, action.getClass(), parser((value, mv) -> action), policy,
                GuardRule.always(vmStates, NO_TASK), new Intent.Power(powerIntent, task, target), Step.POWER, 202);
    }

    private static Verb legacyConsole(String key, String protocol) {
        return new Verb(key, key, Versions.until(5), ServerAction.LegacyConsole.class,
                parser((value, mv) -> new ServerAction.LegacyConsole(key, protocol, value.path("type").asText())),
                "os_compute_api:os-remote-consoles", GuardRule.none(), new Intent.ReadConsole(), Step.NONE, 200);
    }

    private static Verb notImplemented(String key, String policy, String why) {
        return new Verb(key, key, Versions.ALL, ServerAction.class, Optional.empty(), policy, GuardRule.none(),
                new Intent.NotImplemented(why), Step.NONE, 501);
    }

    private static Optional<Parser> parser(Parser parser) {
        return Optional.of(parser);
    }

    /** A text field of the body, if it is text. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /**
     * A boolean as Nova's {@code parameter_types.boolean} reads it (its schema has checked it is one of Nova's
     * spellings): JSON true, or a string such as "True", "yes", "on", "1"; absent is false.
     */
    public static boolean flag(JsonNode value) {
        return value.isBoolean() ? value.asBoolean()
                : value.isTextual() && Set.of("true", "1", "on", "yes", "y", "t").contains(
                        value.asText().toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code OS-DCF:diskConfig} of a body (create, update, rebuild, resize), which its schema has checked. */
    public static Optional<DiskConfig> diskConfig(JsonNode node) {
        return text(node, "OS-DCF:diskConfig").map(DiskConfig::valueOf);
    }

    /** Metadata values may be null in Nova's schema; an image property is then the empty string. */
    private static Map<String, String> metadata(JsonNode metadata) {
        Map<String, String> result = new LinkedHashMap<>();
        metadata.properties().forEach(e -> result.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return result;
    }

    /**
     * {@code rotation}: an integer or a numeric string of at least 0 (the schema's); beyond an int keeps everything
     * anyway.
     */
    private static int rotation(JsonNode rotation) {
        try {
            return rotation.isTextual() ? Integer.parseInt(rotation.asText()) : Math.toIntExact(rotation.asLong());
        } catch (NumberFormatException | ArithmeticException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * {@code length}: -1, null or absent is the whole log. The schema allows an integer or a numeric string of any
     * size; beyond an int means "everything" anyway.
     */
    private static Optional<Integer> lines(JsonNode length) {
        if (length.isNull() || length.isMissingNode()) {
            return Optional.empty();
        }
        int lines;
        try {
            lines = length.isTextual() ? Integer.parseInt(length.asText()) : Math.toIntExact(length.asLong());
        } catch (NumberFormatException | ArithmeticException e) {
            lines = Integer.MAX_VALUE;
        }
        return lines == -1 ? Optional.empty() : Optional.of(lines);
    }
}
