package io.openvcluster.server.kube.crd;

/**
 * The last power verb accepted (spec {@code action}): written in the same update as the power intent, so the
 * intent and the record of who asked for it can never be separated by a crash. The reconciler shows the verb's
 * task while {@code requestId} differs from the status's {@code completedRequestId}, and ends the instance action
 * from what it observes on the host.
 *
 * @param action      Nova's instance action name ({@code stop}, {@code start}, {@code reboot}, ...)
 * @param requestId   the request id of the API call (req-uuid)
 * @param taskState   the Nova task_state shown until the verb completes
 * @param fromVmState the vm_state when the verb was accepted (shown until the verb completes, as Nova does)
 * @param targetVmState the vm_state that completes the verb
 * @param rebootType  {@code SOFT} or {@code HARD} for a reboot, else null
 */
public record ActionRequest(
        String action,
        String requestId,
        String userId,
        String projectId,
        String startTime,
        String taskState,
        String fromVmState,
        String targetVmState,
        String rebootType) {
    /** The instance action of Nova's revertResize; the Helm provisioner rolls the release back for it. */
    public static final String REVERT_RESIZE = "revertResize";

    /** The instance action of Nova's os-resetState: no task, its target the vm state it shows. */
    public static final String RESET_STATE = "resetState";

    /** Whether this is an admin's reset of the state shown (os-resetState). */
    public boolean resetsState() {
        return RESET_STATE.equals(action);
    }

    /** Whether this is a revert of a resize. */
    public boolean revertsResize() {
        return REVERT_RESIZE.equals(action);
    }

    public boolean reboot() {
        return rebootType != null;
    }

    public boolean hardReboot() {
        return "HARD".equals(rebootType);
    }

    /** The instance action this request starts, as recorded in the status history. */
    public ActionEvent started() {
        return new ActionEvent(action, requestId, userId, projectId, startTime, null, null, null);
    }
}
