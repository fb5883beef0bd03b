package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.Optional;

/**
 * Nova's {@code check_instance_lock} and {@code check_instance_state}, with Nova's 409 wording; each verb's states are
 * in its row ({@link Verbs}). The state checked is the record's, including a verb accepted but not finished yet (its
 * task), so a second verb racing the first is refused once the first is recorded.
 */
final class ActionGuards {
    private ActionGuards() {
    }

    /** Nova's check_instance_lock: only an admin acts on a locked server, 409 for everyone else. */
    static void checkLock(Caller caller, ServerRecord record) {
        if (record.getSpec().isLocked() && !caller.isAdmin()) {
            throw ApiException.conflict("Instance " + record.getMetadata().getName() + " is locked");
        }
    }

    /**
     * Nova's check_instance_state, with the guard of the action's row ({@link Verbs}): the vm state first, then the
     * task state, each with Nova's 409 wording.
     */
    static void checkState(ServerAction action, ServerRecord record) {
        Optional<Verb.Guard> guard = Verbs.of(action).guard().of(action);
        if (guard.isEmpty()) {
            return;
        }
        String id = record.getMetadata().getName();
        String vmState = ServerViews.vmState(record);
        if (!guard.get().vmStates().contains(vmState)) {
            throw invalidState(action, id, "vm_state", vmState);
        }
        Optional<String> task = ServerViews.taskState(record);
        if (!guard.get().taskStates().contains(task.orElse(Verbs.IDLE))) {
            throw invalidState(action, id, "task_state", task.orElse("None"));
        }
    }

    static ApiException invalidState(ServerAction action, String serverId, String attribute, String state) {
        return ApiException.conflict("Cannot '" + action.name() + "' instance " + serverId + " while it is in "
                + attribute + " " + state);
    }
}
