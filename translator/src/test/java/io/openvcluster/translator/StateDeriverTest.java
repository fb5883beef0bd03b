package io.openvcluster.translator;

import static io.openvcluster.translator.PowerIntent.PAUSED;
import static io.openvcluster.translator.PowerIntent.RESCUED;
import static io.openvcluster.translator.PowerIntent.RUNNING;
import static io.openvcluster.translator.PowerIntent.SHELVED;
import static io.openvcluster.translator.PowerIntent.SHELVED_OFFLOADED;
import static io.openvcluster.translator.PowerIntent.SOFT_DELETED;
import static io.openvcluster.translator.PowerIntent.STOPPED;
import static io.openvcluster.translator.PowerIntent.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One row per rule of {@link StateDeriver} (docs/translation.md, "Server state"). */
class StateDeriverTest {
    private static final Map<String, String> PAUSE = Map.of(
            "loft.sh/paused", "true", "loft.sh/paused-replicas", "1", "loft.sh/paused-date", "2026-11-25T10:00:00.000Z");
    private static final Map<String, String> RESTORE = Map.of("loft.sh/restoring", "true", "loft.sh/paused-replicas", "1");

    private static final HostObservation NOTHING = HostObservation.absent();
    private static final HostObservation NAMESPACE_ONLY = new HostObservation(true, Optional.empty(), false, Optional.empty());
    private static final HostObservation POD_PENDING = host(1, 0, 1, Map.of(), false, "Pending");
    private static final HostObservation POD_INIT = host(1, 0, 1, Map.of(), false, "Init:0/1");
    private static final HostObservation CREATING = host(1, 0, 1, Map.of(), false, "ContainerCreating");
    private static final HostObservation NOT_READY = host(1, 0, 1, Map.of(), false, "Running");
    private static final HostObservation READY_NO_KUBECONFIG = host(1, 1, 1, Map.of(), false, "Running");
    private static final HostObservation RUNNING_OK = host(1, 1, 1, Map.of(), true, "Running");
    private static final HostObservation RUNNING_NO_POD_SEEN = new HostObservation(true,
            Optional.of(new HostObservation.Workload(1, 1, 1, Map.of())), true, Optional.empty());
    private static final HostObservation RESTARTING = host(1, 0, 1, Map.of(), true, "Running");
    private static final HostObservation CRASHING = host(1, 0, 1, Map.of(), true, "CrashLoopBackOff");
    private static final HostObservation INIT_IMAGE_PULL = host(1, 0, 1, Map.of(), false, "Init:ImagePullBackOff");
    private static final HostObservation PAUSING = host(0, 0, 1, PAUSE, true, "Terminating");
    private static final HostObservation PAUSED_HOST = host(0, 0, 0, PAUSE, true, null);
    private static final HostObservation SCALED_DOWN = host(0, 0, 0, Map.of(), true, null);
    private static final HostObservation RESTORING = host(0, 0, 0, RESTORE, true, null);

    static Stream<Arguments> table() {
        return Stream.of(
                // intent, deleting, everActive, observation -> vm, task, power, fault contains
                row(RUNNING, false, false, NOTHING, "building", "spawning", 0, null),
                row(RUNNING, false, false, NAMESPACE_ONLY, "building", "spawning", 0, null),
                row(RUNNING, false, false, POD_PENDING, "building", "spawning", 0, null),
                row(RUNNING, false, false, POD_INIT, "building", "spawning", 0, null),
                row(RUNNING, false, false, CREATING, "building", "spawning", 0, null),
                row(RUNNING, false, false, NOT_READY, "building", "spawning", 0, null),
                row(RUNNING, false, false, READY_NO_KUBECONFIG, "building", "spawning", 0, null),
                row(RUNNING, false, false, RUNNING_OK, "active", null, 1, null),
                row(RUNNING, false, true, RUNNING_OK, "active", null, 1, null),
                row(RUNNING, false, true, RUNNING_NO_POD_SEEN, "active", null, 1, null),
                // a previously active server whose control plane restarts stays ACTIVE, power NOSTATE, no task
                row(RUNNING, false, true, RESTARTING, "active", null, 0, null),
                row(RUNNING, false, true, READY_NO_KUBECONFIG, "active", null, 0, null),
                // critical pod statuses
                row(RUNNING, false, false, CRASHING, "error", null, 0, "CrashLoopBackOff"),
                row(RUNNING, false, true, CRASHING, "error", null, 6, "CrashLoopBackOff"),
                row(RUNNING, false, false, INIT_IMAGE_PULL, "error", null, 0, "Init:ImagePullBackOff"),
                // host objects gone under a server that was active
                row(RUNNING, false, true, NOTHING, "error", null, 0, "namespace not found"),
                row(RUNNING, false, true, NAMESPACE_ONLY, "error", null, 0, "control plane not found"),
                // stop / pause / suspend in progress, then done
                row(STOPPED, false, true, RUNNING_OK, "active", "powering-off", 1, null),
                row(PAUSED, false, true, RUNNING_OK, "active", "pausing", 1, null),
                row(SUSPENDED, false, true, RUNNING_OK, "active", "suspending", 1, null),
                row(STOPPED, false, true, RESTARTING, "active", "powering-off", 0, null),
                row(STOPPED, false, true, PAUSING, "active", "powering-off", 1, null),
                row(PAUSED, false, true, PAUSING, "active", "pausing", 1, null),
                row(SUSPENDED, false, true, PAUSING, "active", "suspending", 1, null),
                row(STOPPED, false, true, PAUSED_HOST, "stopped", null, 4, null),
                row(PAUSED, false, true, PAUSED_HOST, "paused", null, 3, null),
                row(SUSPENDED, false, true, PAUSED_HOST, "suspended", null, 7, null),
                row(STOPPED, false, true, SCALED_DOWN, "stopped", null, 4, null),
                // soft delete (deferred delete on): the host effect of stop, then Nova's SOFT_DELETED
                row(SOFT_DELETED, false, true, RUNNING_OK, "active", "soft-deleting", 1, null),
                row(SOFT_DELETED, false, true, PAUSING, "active", "soft-deleting", 1, null),
                row(SOFT_DELETED, false, true, PAUSED_HOST, "soft-delete", null, 4, null),
                // shelve: stopped, then (offload) its host objects and namespace deleted
                row(SHELVED, false, true, RUNNING_OK, "active", "shelving", 1, null),
                row(SHELVED, false, true, PAUSED_HOST, "shelved", null, 4, null),
                row(SHELVED_OFFLOADED, false, true, RUNNING_OK, "active", "shelving", 1, null),
                row(SHELVED_OFFLOADED, false, true, PAUSED_HOST, "shelved", "shelving_offloading", 4, null),
                row(SHELVED_OFFLOADED, false, true, NAMESPACE_ONLY, "shelved", "shelving_offloading", 0, null),
                row(SHELVED_OFFLOADED, false, true, NOTHING, "shelved_offloaded", null, 0, null),
                row(SHELVED_OFFLOADED, true, true, NOTHING, "shelved_offloaded", "deleting", 0, null),
                // rescue: the control plane down first (the rescue pod is the reconciler's next step)
                row(RESCUED, false, true, RUNNING_OK, "active", "rescuing", 1, null),
                row(RESCUED, false, true, PAUSED_HOST, "rescued", null, 1, null),
                // the reclaim: a soft-deleted server's teardown keeps its vm state
                row(SOFT_DELETED, true, true, NAMESPACE_ONLY, "soft-delete", "deleting", 0, null),
                // start / unpause / resume accepted, host still paused
                row(RUNNING, false, true, PAUSED_HOST, "stopped", "powering-on", 4, null),
                row(RUNNING, false, true, SCALED_DOWN, "stopped", "powering-on", 4, null),
                // start accepted, pod coming back
                row(RUNNING, false, true, POD_PENDING, "active", null, 0, null),
                // restore from a snapshot
                row(RUNNING, false, true, RESTORING, "active", "rebuilding", 0, null),
                row(RUNNING, false, false, RESTORING, "building", "rebuilding", 0, null),
                // delete keeps the vm state, sets the task
                row(RUNNING, true, true, RUNNING_OK, "active", "deleting", 1, null),
                row(STOPPED, true, true, PAUSED_HOST, "stopped", "deleting", 4, null),
                row(RUNNING, true, false, NOTHING, "building", "deleting", 0, null),
                row(RUNNING, true, true, CRASHING, "error", "deleting", 6, "CrashLoopBackOff"),
                // the teardown removes the control plane, then the namespace: its progress, not a fault (a facade
                // killed mid-teardown and the next one observing the half-removed host once showed ERROR here)
                row(RUNNING, true, true, NAMESPACE_ONLY, "active", "deleting", 0, null),
                row(RUNNING, true, true, NOTHING, "active", "deleting", 0, null),
                row(STOPPED, true, true, NAMESPACE_ONLY, "stopped", "deleting", 0, null),
                row(PAUSED, true, true, NOTHING, "paused", "deleting", 0, null),
                row(SUSPENDED, true, true, NAMESPACE_ONLY, "suspended", "deleting", 0, null),
                row(RUNNING, true, false, NAMESPACE_ONLY, "building", "deleting", 0, null));
    }

    @ParameterizedTest(name = "[{index}] {0} deleting={1} everActive={2} {3} -> {4}/{5}/{6}")
    @MethodSource("table")
    void derivesNovaState(PowerIntent intent, boolean deleting, boolean everActive, HostObservation obs,
                          String vmState, String taskState, int powerState, String faultContains) {
        DerivedState state = StateDeriver.derive(intent, deleting, everActive, obs);

        assertEquals(vmState, state.vmState());
        assertEquals(Optional.ofNullable(taskState), state.taskState());
        assertEquals(powerState, state.powerState());
        if (faultContains == null) {
            assertEquals(Optional.empty(), state.fault());
        } else {
            assertTrue(state.fault().orElseThrow().contains(faultContains), state.fault().orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Error", "Unknown", "ImagePullBackOff", "CrashLoopBackOff", "RunContainerError",
            "ErrImagePull", "CreateContainerConfigError", "InvalidImageName", "Init:Error", "Init:CrashLoopBackOff",
            "Init:ErrImagePull"})
    void criticalStatuses(String status) {
        assertTrue(StateDeriver.isCritical(status));
        assertEquals("error", StateDeriver.derive(RUNNING, false, false, host(1, 0, 1, Map.of(), false, status)).vmState());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Running", "Pending", "ContainerCreating", "PodInitializing", "Init:0/1", "Terminating",
            "Completed", "Init:Running"})
    void nonCriticalStatuses(String status) {
        assertFalse(StateDeriver.isCritical(status));
    }

    private static Arguments row(PowerIntent intent, boolean deleting, boolean everActive, HostObservation obs,
                                 String vm, String task, int power, String fault) {
        return Arguments.of(intent, deleting, everActive, obs, vm, task, power, fault);
    }

    private static HostObservation host(int spec, int ready, int status, Map<String, String> annotations,
                                        boolean kubeconfig, String podStatus) {
        return new HostObservation(true, Optional.of(new HostObservation.Workload(spec, ready, status, annotations)),
                kubeconfig, Optional.ofNullable(podStatus));
    }
}
