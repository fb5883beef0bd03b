package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nova's {@code check_instance_lock} and {@code check_instance_state} for each verb: the vm states and task states
 * in which Nova accepts it, and Nova's 409 wording. The state checked is the record's, including a verb accepted
 * but not finished yet (its task), so a second verb racing the first is refused once the first is recorded.
 */
final class ActionGuards {
    /** "No task running": Nova's {@code task_state=[None]}. */
    static final String IDLE = "";

    /** Nova's task_states.ALLOW_REBOOT: a hard reboot may interrupt these. */
    private static final Set<String> ALLOW_REBOOT = Set.of(IDLE, ServerStates.REBOOTING, ServerStates.REBOOT_PENDING,
            ServerStates.REBOOT_STARTED, ServerStates.RESUMING, ServerStates.REBOOTING_HARD,
            ServerStates.REBOOT_PENDING_HARD, ServerStates.REBOOT_STARTED_HARD, ServerStates.UNPAUSING,
            ServerStates.PAUSING, ServerStates.SUSPENDING);

    /**
     * @param vmStates   vm states in which the verb is accepted
     * @param taskStates task states in which it is accepted ({@link #IDLE} for none)
     */
    record Guard(Set<String> vmStates, Set<String> taskStates) {
    }

    /** Keyed by the guard's name: the action name, or {@code reboot-SOFT} / {@code reboot-HARD}. */
    private static final Map<String, Guard> TABLE = Map.of(
            "stop", new Guard(Set.of(ServerStates.ACTIVE, ServerStates.ERROR), Set.of(IDLE)),
            "start", new Guard(Set.of(ServerStates.STOPPED), Set.of(IDLE)),
            // Nova's resize: check_instance_state(vm_state=[ACTIVE, STOPPED]), no task
            "resize", new Guard(Set.of(ServerStates.ACTIVE, ServerStates.STOPPED), Set.of(IDLE)),
            "pause", new Guard(Set.of(ServerStates.ACTIVE), Set.of(IDLE)),
            "unpause", new Guard(Set.of(ServerStates.PAUSED), Set.of(IDLE)),
            "suspend", new Guard(Set.of(ServerStates.ACTIVE), Set.of(IDLE)),
            "resume", new Guard(Set.of(ServerStates.SUSPENDED), Set.of(IDLE)),
            // Nova's ALLOW_SOFT_REBOOT and ALLOW_HARD_REBOOT
            "reboot-SOFT", new Guard(Set.of(ServerStates.ACTIVE), Set.of(IDLE)),
            "reboot-HARD", new Guard(Set.of(ServerStates.ACTIVE, ServerStates.STOPPED, ServerStates.PAUSED,
                    ServerStates.SUSPENDED, ServerStates.ERROR), ALLOW_REBOOT));

    /** The image verbs (Map.of takes at most ten pairs). */
    private static final Map<String, Guard> IMAGE_TABLE = Map.of(
            // Nova's snapshot: check_instance_state(vm_state=[ACTIVE, STOPPED, PAUSED, SUSPENDED]), no task
            "createImage", new Guard(Set.of(ServerStates.ACTIVE, ServerStates.STOPPED, ServerStates.PAUSED,
                    ServerStates.SUSPENDED), Set.of(IDLE)),
            // Nova's rebuild: check_instance_state(vm_state=[ACTIVE, STOPPED, ERROR]), no task
            "rebuild", new Guard(Set.of(ServerStates.ACTIVE, ServerStates.STOPPED, ServerStates.ERROR), Set.of(IDLE)));

    private ActionGuards() {
    }

    /** The guard of an action; lock and unlock have none (Nova checks no state for them). */
    static Optional<Guard> guard(ServerAction action) {
        String key = switch (action) {
            case ServerAction.Reboot r -> r.hard() ? "reboot-HARD" : "reboot-SOFT";
            default -> action.name();
        };
        return Optional.ofNullable(TABLE.getOrDefault(key, IMAGE_TABLE.get(key)));
    }

    /** Nova's check_instance_lock: only an admin acts on a locked server, 409 for everyone else. */
    static void checkLock(Caller caller, ServerRecord record) {
        if (record.getSpec().isLocked() && !caller.isAdmin()) {
            throw ApiException.conflict("Instance " + record.getMetadata().getName() + " is locked");
        }
    }

    /** Nova's check_instance_state: the vm state first, then the task state, each with Nova's 409 wording. */
    static void checkState(ServerAction action, ServerRecord record) {
        Optional<Guard> guard = guard(action);
        if (guard.isEmpty()) {
            return;
        }
        String id = record.getMetadata().getName();
        String vmState = ServerViews.vmState(record);
        if (!guard.get().vmStates().contains(vmState)) {
            throw invalidState(action, id, "vm_state", vmState);
        }
        Optional<String> task = ServerViews.taskState(record);
        if (!guard.get().taskStates().contains(task.orElse(IDLE))) {
            throw invalidState(action, id, "task_state", task.orElse("None"));
        }
    }

    static ApiException invalidState(ServerAction action, String serverId, String attribute, String state) {
        return ApiException.conflict("Cannot '" + action.name() + "' instance " + serverId + " while it is in "
                + attribute + " " + state);
    }
}
