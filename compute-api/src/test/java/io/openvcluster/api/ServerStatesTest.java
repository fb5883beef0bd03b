package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerStatesTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            // active
            "active, -, ACTIVE",
            "active, rebooting, REBOOT",
            "active, reboot_pending, REBOOT",
            "active, reboot_started, REBOOT",
            "active, rebooting_hard, HARD_REBOOT",
            "active, reboot_pending_hard, HARD_REBOOT",
            "active, reboot_started_hard, HARD_REBOOT",
            "active, updating_password, PASSWORD",
            "active, rebuilding, REBUILD",
            "active, rebuild_block_device_mapping, REBUILD",
            "active, rebuild_spawning, REBUILD",
            "active, migrating, MIGRATING",
            "active, resize_prep, RESIZE",
            "active, resize_migrating, RESIZE",
            "active, resize_migrated, RESIZE",
            "active, resize_finish, RESIZE",
            // transitional tasks leave the status where it was
            "active, powering-off, ACTIVE",
            "active, pausing, ACTIVE",
            "active, suspending, ACTIVE",
            "active, image_snapshot, ACTIVE",
            "active, deleting, ACTIVE",
            // building
            "building, -, BUILD",
            "building, spawning, BUILD",
            "building, scheduling, BUILD",
            // stopped
            "stopped, -, SHUTOFF",
            "stopped, powering-on, SHUTOFF",
            "stopped, resize_prep, RESIZE",
            "stopped, resize_migrating, RESIZE",
            "stopped, resize_migrated, RESIZE",
            "stopped, resize_finish, RESIZE",
            "stopped, rebuilding, REBUILD",
            "stopped, rebuild_block_device_mapping, REBUILD",
            "stopped, rebuild_spawning, REBUILD",
            // resized
            "resized, -, VERIFY_RESIZE",
            "resized, resize_reverting, REVERT_RESIZE",
            "resized, resize_confirming, VERIFY_RESIZE",
            // paused, suspended, rescued
            "paused, -, PAUSED",
            "paused, unpausing, PAUSED",
            "paused, migrating, MIGRATING",
            "suspended, -, SUSPENDED",
            "suspended, resuming, SUSPENDED",
            "rescued, -, RESCUE",
            // error
            "error, -, ERROR",
            "error, rebuilding, REBUILD",
            "error, rebuild_block_device_mapping, REBUILD",
            "error, rebuild_spawning, REBUILD",
            "error, deleting, ERROR",
            // the rest
            "deleted, -, DELETED",
            "soft-delete, -, SOFT_DELETED",
            "shelved, -, SHELVED",
            "shelved_offloaded, -, SHELVED_OFFLOADED",
            "bogus, -, UNKNOWN",
            "bogus, rebooting, UNKNOWN",
    })
    void statusFromVmAndTaskState(String vmState, String taskState, String status) {
        assertEquals(status, ServerStates.status(vmState, Optional.ofNullable(taskState)));
    }

    @ParameterizedTest
    @CsvSource({"ACTIVE, true", "BUILD, true", "REBUILD, true", "RESIZE, true", "VERIFY_RESIZE, true",
            "MIGRATING, true", "SHUTOFF, false", "PAUSED, false", "SUSPENDED, false", "ERROR, false",
            "REBOOT, false", "HARD_REBOOT, false", "REVERT_RESIZE, false", "DELETED, false", "UNKNOWN, false"})
    void progressOnlyForMovingStatuses(String status, boolean shows) {
        assertEquals(shows, ServerStates.showsProgress(status));
    }

    @ParameterizedTest
    @CsvSource({"ERROR, true", "DELETED, true", "ACTIVE, false", "SHUTOFF, false", "BUILD, false"})
    void faultOnlyForErrorAndDeleted(String status, boolean shows) {
        assertEquals(shows, ServerStates.showsFault(status));
    }

    @org.junit.jupiter.api.Test
    void constantsSpellNovasValues() {
        assertEquals("powering-off", ServerStates.POWERING_OFF);
        assertEquals("spawning", ServerStates.SPAWNING);
        assertEquals("building", ServerStates.BUILDING);
        assertEquals(1, ServerStates.Power.RUNNING);
        assertEquals(3, ServerStates.Power.PAUSED);
        assertEquals(4, ServerStates.Power.SHUTDOWN);
        assertEquals(7, ServerStates.Power.SUSPENDED);
    }
}
