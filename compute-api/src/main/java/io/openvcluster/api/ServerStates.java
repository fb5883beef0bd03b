package io.openvcluster.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nova's server state vocabulary: vm states, task states, power states, and the one table that derives
 * the wire {@code status} from (vm_state, task_state). The translator decides which vm/task state a
 * vcluster is in; this class only says how Nova spells the result.
 */
public final class ServerStates {
    // vm_state values
    public static final String ACTIVE = "active";
    public static final String BUILDING = "building";
    public static final String STOPPED = "stopped";
    public static final String PAUSED = "paused";
    public static final String SUSPENDED = "suspended";
    public static final String RESIZED = "resized";
    public static final String RESCUED = "rescued";
    public static final String ERROR = "error";
    public static final String DELETED = "deleted";
    public static final String SOFT_DELETED = "soft-delete";
    public static final String SHELVED = "shelved";
    public static final String SHELVED_OFFLOADED = "shelved_offloaded";

    // task_state values
    public static final String SCHEDULING = "scheduling";
    public static final String NETWORKING = "networking";
    public static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
    public static final String SPAWNING = "spawning";
    public static final String DELETING = "deleting";
    public static final String SOFT_DELETING = "soft-deleting";
    public static final String RESTORING = "restoring";
    public static final String POWERING_OFF = "powering-off";
    public static final String POWERING_ON = "powering-on";
    public static final String PAUSING = "pausing";
    public static final String UNPAUSING = "unpausing";
    public static final String SUSPENDING = "suspending";
    public static final String RESUMING = "resuming";
    public static final String REBOOTING = "rebooting";
    public static final String REBOOT_PENDING = "reboot_pending";
    public static final String REBOOT_STARTED = "reboot_started";
    public static final String REBOOTING_HARD = "rebooting_hard";
    public static final String REBOOT_PENDING_HARD = "reboot_pending_hard";
    public static final String REBOOT_STARTED_HARD = "reboot_started_hard";
    public static final String REBUILDING = "rebuilding";
    public static final String REBUILD_BLOCK_DEVICE_MAPPING = "rebuild_block_device_mapping";
    public static final String REBUILD_SPAWNING = "rebuild_spawning";
    public static final String MIGRATING = "migrating";
    public static final String RESIZE_PREP = "resize_prep";
    public static final String RESIZE_MIGRATING = "resize_migrating";
    public static final String RESIZE_MIGRATED = "resize_migrated";
    public static final String RESIZE_FINISH = "resize_finish";
    public static final String RESIZE_REVERTING = "resize_reverting";
    public static final String RESIZE_CONFIRMING = "resize_confirming";
    public static final String IMAGE_SNAPSHOT = "image_snapshot";
    public static final String IMAGE_SNAPSHOT_PENDING = "image_snapshot_pending";
    public static final String IMAGE_PENDING_UPLOAD = "image_pending_upload";
    public static final String IMAGE_UPLOADING = "image_uploading";
    public static final String IMAGE_BACKUP = "image_backup";
    public static final String UPDATING_PASSWORD = "updating_password";
    public static final String SHELVING = "shelving";
    public static final String UNSHELVING = "unshelving";
    public static final String SHELVING_IMAGE_PENDING_UPLOAD = "shelving_image_pending_upload";
    public static final String SHELVING_IMAGE_UPLOADING = "shelving_image_uploading";
    public static final String SHELVING_OFFLOADING = "shelving_offloading";
    public static final String RESCUING = "rescuing";
    public static final String UNRESCUING = "unrescuing";

    /**
     * power_state codes ({@code OS-EXT-STS:power_state}). A nested class because PAUSED and SUSPENDED
     * are also vm states.
     */
    public static final class Power {
        public static final int NOSTATE = 0;
        public static final int RUNNING = 1;
        public static final int PAUSED = 3;
        public static final int SHUTDOWN = 4;
        public static final int CRASHED = 6;
        public static final int SUSPENDED = 7;

        private Power() {
        }
    }

    public static final String UNKNOWN_STATUS = "UNKNOWN";

    private static final Map<String, String> RESIZING = Map.of(
            RESIZE_PREP, "RESIZE", RESIZE_MIGRATING, "RESIZE", RESIZE_MIGRATED, "RESIZE", RESIZE_FINISH, "RESIZE");
    private static final Map<String, String> REBUILDING_TASKS = Map.of(
            REBUILDING, "REBUILD", REBUILD_BLOCK_DEVICE_MAPPING, "REBUILD", REBUILD_SPAWNING, "REBUILD");

    /** Per vm_state: the status when idle, and the task states that override it. */
    private record Row(String idle, Map<String, String> byTask) {
    }

    private static final Map<String, Row> TABLE = Map.ofEntries(
            Map.entry(ACTIVE, new Row("ACTIVE", merge(
                    Map.of(REBOOTING, "REBOOT", REBOOT_PENDING, "REBOOT", REBOOT_STARTED, "REBOOT",
                            REBOOTING_HARD, "HARD_REBOOT", REBOOT_PENDING_HARD, "HARD_REBOOT",
                            REBOOT_STARTED_HARD, "HARD_REBOOT", UPDATING_PASSWORD, "PASSWORD",
                            MIGRATING, "MIGRATING"),
                    REBUILDING_TASKS, RESIZING))),
            Map.entry(BUILDING, new Row("BUILD", Map.of())),
            Map.entry(STOPPED, new Row("SHUTOFF", merge(RESIZING, REBUILDING_TASKS))),
            Map.entry(RESIZED, new Row("VERIFY_RESIZE", Map.of(RESIZE_REVERTING, "REVERT_RESIZE"))),
            Map.entry(PAUSED, new Row("PAUSED", Map.of(MIGRATING, "MIGRATING"))),
            Map.entry(SUSPENDED, new Row("SUSPENDED", Map.of())),
            Map.entry(RESCUED, new Row("RESCUE", Map.of())),
            Map.entry(ERROR, new Row("ERROR", REBUILDING_TASKS)),
            Map.entry(DELETED, new Row("DELETED", Map.of())),
            Map.entry(SOFT_DELETED, new Row("SOFT_DELETED", Map.of())),
            Map.entry(SHELVED, new Row("SHELVED", Map.of())),
            Map.entry(SHELVED_OFFLOADED, new Row("SHELVED_OFFLOADED", Map.of())));

    /** The statuses for which a server shows {@code progress}. */
    private static final Set<String> PROGRESS_STATUSES =
            Set.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING");

    private ServerStates() {
    }

    /**
     * The wire status. A task state that is not listed for the vm state (e.g. {@code powering-off} while
     * active) leaves the status at the vm state's own value, as Nova does; an unknown vm state is UNKNOWN.
     */
    public static String status(String vmState, Optional<String> taskState) {
        Row row = TABLE.get(vmState);
        if (row == null) {
            return UNKNOWN_STATUS;
        }
        return taskState.map(row.byTask()::get).orElse(row.idle());
    }

    /** True when Nova would include {@code progress} for a server in this status. */
    public static boolean showsProgress(String status) {
        return PROGRESS_STATUSES.contains(status);
    }

    /** True when Nova would include {@code fault} for a server in this status. */
    public static boolean showsFault(String status) {
        return status.equals("ERROR") || status.equals("DELETED");
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> all = new HashMap<>();
        for (Map<String, String> part : parts) {
            all.putAll(part);
        }
        return Map.copyOf(all);
    }
}
