package io.openvcluster.translator;

/**
 * Nova's vm_state, task_state and power_state vocabulary, as far as the translator derives it.
 * Kept local so the translator does not wait on the compute-api constants; the strings are Nova's.
 */
public final class NovaStates {
    public static final String VM_ACTIVE = "active";
    public static final String VM_BUILDING = "building";
    public static final String VM_STOPPED = "stopped";
    public static final String VM_PAUSED = "paused";
    public static final String VM_SUSPENDED = "suspended";
    public static final String VM_ERROR = "error";
    public static final String VM_SOFT_DELETED = "soft-delete";
    public static final String VM_SHELVED = "shelved";
    public static final String VM_RESCUED = "rescued";
    public static final String VM_SHELVED_OFFLOADED = "shelved_offloaded";

    public static final String TASK_SPAWNING = "spawning";
    public static final String TASK_POWERING_OFF = "powering-off";
    public static final String TASK_POWERING_ON = "powering-on";
    public static final String TASK_PAUSING = "pausing";
    public static final String TASK_UNPAUSING = "unpausing";
    public static final String TASK_SUSPENDING = "suspending";
    public static final String TASK_RESUMING = "resuming";
    public static final String TASK_REBUILDING = "rebuilding";
    public static final String TASK_DELETING = "deleting";
    public static final String TASK_SOFT_DELETING = "soft-deleting";
    public static final String TASK_SHELVING = "shelving";
    public static final String TASK_RESCUING = "rescuing";
    public static final String TASK_UNRESCUING = "unrescuing";
    public static final String TASK_SHELVING_OFFLOADING = "shelving_offloading";

    public static final int POWER_NOSTATE = 0;
    public static final int POWER_RUNNING = 1;
    public static final int POWER_PAUSED = 3;
    public static final int POWER_SHUTDOWN = 4;
    public static final int POWER_CRASHED = 6;
    public static final int POWER_SUSPENDED = 7;

    private NovaStates() {
    }
}
