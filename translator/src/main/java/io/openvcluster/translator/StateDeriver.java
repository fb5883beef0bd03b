package io.openvcluster.translator;

import static io.openvcluster.translator.NovaStates.POWER_CRASHED;
import static io.openvcluster.translator.NovaStates.POWER_NOSTATE;
import static io.openvcluster.translator.NovaStates.POWER_PAUSED;
import static io.openvcluster.translator.NovaStates.POWER_RUNNING;
import static io.openvcluster.translator.NovaStates.POWER_SHUTDOWN;
import static io.openvcluster.translator.NovaStates.POWER_SUSPENDED;
import static io.openvcluster.translator.NovaStates.TASK_DELETING;
import static io.openvcluster.translator.NovaStates.TASK_PAUSING;
import static io.openvcluster.translator.NovaStates.TASK_POWERING_OFF;
import static io.openvcluster.translator.NovaStates.TASK_POWERING_ON;
import static io.openvcluster.translator.NovaStates.TASK_REBUILDING;
import static io.openvcluster.translator.NovaStates.TASK_RESCUING;
import static io.openvcluster.translator.NovaStates.TASK_SHELVING;
import static io.openvcluster.translator.NovaStates.TASK_SHELVING_OFFLOADING;
import static io.openvcluster.translator.NovaStates.TASK_SOFT_DELETING;
import static io.openvcluster.translator.NovaStates.TASK_SPAWNING;
import static io.openvcluster.translator.NovaStates.TASK_SUSPENDING;
import static io.openvcluster.translator.NovaStates.VM_ACTIVE;
import static io.openvcluster.translator.NovaStates.VM_BUILDING;
import static io.openvcluster.translator.NovaStates.VM_PAUSED;
import static io.openvcluster.translator.NovaStates.VM_RESCUED;
import static io.openvcluster.translator.NovaStates.VM_SHELVED;
import static io.openvcluster.translator.NovaStates.VM_SHELVED_OFFLOADED;
import static io.openvcluster.translator.NovaStates.VM_SOFT_DELETED;
import static io.openvcluster.translator.NovaStates.VM_STOPPED;
import static io.openvcluster.translator.NovaStates.VM_SUSPENDED;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Host observation → Nova vm_state / task_state / power_state (the rules and the reasons for them:
 * docs/translation.md, "Server state").
 *
 * <p>A server being deleted whose namespace or workload is gone is in its teardown: the vm state its intent
 * leaves (building if never active), task deleting, power NOSTATE. Otherwise, first match wins (then "deleting"
 * overrides the task):
 * <ol>
 *   <li>the control-plane pod is in a status {@code vcluster connect} treats as fatal (also as
 *       {@code Init:<status>}) → error; power CRASHED if the server was ever active, else NOSTATE;</li>
 *   <li>intent SHELVED_OFFLOADED and namespace or workload missing → shelved_offloaded once the namespace is gone,
 *       shelved + shelving_offloading while it goes;</li>
 *   <li>namespace or workload missing → building/spawning, or error if the server was ever active
 *       (its host objects are gone);</li>
 *   <li>workload carries {@code loft.sh/restoring=true} → rebuilding (active if ever active, else building);</li>
 *   <li>workload scaled to 0 (paused by vcluster, or scaled down): with intent STOPPED / PAUSED / SUSPENDED /
 *       SOFT_DELETED / SHELVED → stopped / paused / suspended / soft-delete / shelved once the pod is gone (with
 *       SHELVED_OFFLOADED: shelved + shelving_offloading until the objects are gone), else the verb's task; with
 *       intent RUNNING
 *       → stopped + powering-on;</li>
 *   <li>workload scaled up but intent is not RUNNING → active + powering-off / pausing / suspending /
 *       soft-deleting;</li>
 *   <li>ready, kubeconfig Secret present, pod Running → active / RUNNING;</li>
 *   <li>otherwise (starting): never active → building/spawning; ever active → active with power NOSTATE
 *       and no task, so that the usual actions stay allowed while the control plane restarts.</li>
 * </ol>
 */
public final class StateDeriver {

    /** Pod statuses {@code vcluster connect} gives up on (clihelper.CriticalStatus in vcluster 0.36.1). */
    static final Set<String> CRITICAL_POD_STATUSES = Set.of(
            "Error", "Unknown", "ImagePullBackOff", "CrashLoopBackOff", "RunContainerError",
            "ErrImagePull", "CreateContainerConfigError", "InvalidImageName");

    private StateDeriver() {
    }

    /**
     * Derives the Nova state.
     *
     * @param intent     the last accepted power verb's intent
     * @param deleting   a delete was accepted; the task becomes "deleting", the vm state is kept
     * @param everActive the server has been ACTIVE before (launched_at is set)
     * @param obs        what is on the host
     */
    public static DerivedState derive(PowerIntent intent, boolean deleting, boolean everActive, HostObservation obs) {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(obs, "obs");
        if (deleting && (!obs.namespacePresent() || obs.workload().isEmpty())) {
            // The teardown removes the control plane, then the namespace: what is missing is its progress, not a
            // fault. The vm state stays what the last verb left, as Nova keeps it during a delete.
            return DerivedState.busy(everActive ? settled(intent) : VM_BUILDING, TASK_DELETING, POWER_NOSTATE);
        }
        DerivedState state = deriveIgnoringDelete(intent, everActive, obs);
        return deleting ? state.withTask(TASK_DELETING) : state;
    }

    private static DerivedState deriveIgnoringDelete(PowerIntent intent, boolean everActive, HostObservation obs) {
        Optional<String> critical = obs.podStatus().filter(StateDeriver::isCritical);
        if (critical.isPresent()) {
            return DerivedState.error(everActive ? POWER_CRASHED : POWER_NOSTATE,
                    "vcluster control-plane pod is in status " + critical.get());
        }
        if (intent == PowerIntent.SHELVED_OFFLOADED && (!obs.namespacePresent() || obs.workload().isEmpty())) {
            // offloaded: nothing of the vcluster on the host, by request (or its objects going)
            return obs.namespacePresent() ? DerivedState.busy(VM_SHELVED, TASK_SHELVING_OFFLOADING, POWER_NOSTATE)
                    : DerivedState.idle(VM_SHELVED_OFFLOADED, POWER_NOSTATE);
        }
        if (!obs.namespacePresent() || obs.workload().isEmpty()) {
            return everActive
                    ? DerivedState.error(POWER_NOSTATE, obs.namespacePresent()
                            ? "vcluster control plane not found in the host namespace"
                            : "vcluster host namespace not found")
                    : DerivedState.busy(VM_BUILDING, TASK_SPAWNING, POWER_NOSTATE);
        }
        HostObservation.Workload workload = obs.workload().get();
        if (workload.restoring()) {
            return DerivedState.busy(everActive ? VM_ACTIVE : VM_BUILDING, TASK_REBUILDING, POWER_NOSTATE);
        }
        if (workload.specReplicas() == 0) {
            return scaledDown(intent, workload);
        }
        if (intent != PowerIntent.RUNNING) {
            int power = workload.ready() ? POWER_RUNNING : POWER_NOSTATE;
            return DerivedState.busy(VM_ACTIVE, goingDownTask(intent), power);
        }
        boolean podRunning = obs.podStatus().map("Running"::equals).orElse(true);
        if (workload.ready() && obs.kubeconfigSecretPresent() && podRunning) {
            return DerivedState.idle(VM_ACTIVE, POWER_RUNNING);
        }
        return everActive
                ? DerivedState.idle(VM_ACTIVE, POWER_NOSTATE)
                : DerivedState.busy(VM_BUILDING, TASK_SPAWNING, POWER_NOSTATE);
    }

    /** The vm state a finished power verb leaves. */
    private static String settled(PowerIntent intent) {
        return switch (intent) {
            case RUNNING -> VM_ACTIVE;
            case STOPPED -> VM_STOPPED;
            case PAUSED -> VM_PAUSED;
            case SUSPENDED -> VM_SUSPENDED;
            case SOFT_DELETED -> VM_SOFT_DELETED;
            case SHELVED -> VM_SHELVED;
            case SHELVED_OFFLOADED -> VM_SHELVED_OFFLOADED;
            case RESCUED -> VM_RESCUED;
        };
    }

    /** The control plane is scaled to 0 (vcluster pause, or scaled down by hand). */
    private static DerivedState scaledDown(PowerIntent intent, HostObservation.Workload workload) {
        if (intent == PowerIntent.RUNNING) {
            // The reconciler has not resumed it yet: Nova's view of a start in progress.
            return DerivedState.busy(VM_STOPPED, TASK_POWERING_ON, POWER_SHUTDOWN);
        }
        if (workload.statusReplicas() > 0) {
            // Scaled to 0 but the pod is still terminating.
            return DerivedState.busy(VM_ACTIVE, goingDownTask(intent), POWER_RUNNING);
        }
        return switch (intent) {
            case STOPPED -> DerivedState.idle(VM_STOPPED, POWER_SHUTDOWN);
            case PAUSED -> DerivedState.idle(VM_PAUSED, POWER_PAUSED);
            case SUSPENDED -> DerivedState.idle(VM_SUSPENDED, POWER_SUSPENDED);
            case SOFT_DELETED -> DerivedState.idle(VM_SOFT_DELETED, POWER_SHUTDOWN);
            case SHELVED -> DerivedState.idle(VM_SHELVED, POWER_SHUTDOWN);
            // stopped, its objects not deleted yet
            case SHELVED_OFFLOADED -> DerivedState.busy(VM_SHELVED, TASK_SHELVING_OFFLOADING, POWER_SHUTDOWN);
            // the rescue pod's own progress is the reconciler's (RescueProgress): rescued once the control plane is down
            case RESCUED -> DerivedState.idle(VM_RESCUED, POWER_RUNNING);
            case RUNNING -> throw new IllegalStateException("handled above");
        };
    }

    private static String goingDownTask(PowerIntent intent) {
        return switch (intent) {
            case STOPPED -> TASK_POWERING_OFF;
            case PAUSED -> TASK_PAUSING;
            case SUSPENDED -> TASK_SUSPENDING;
            case SOFT_DELETED -> TASK_SOFT_DELETING;
            case SHELVED, SHELVED_OFFLOADED -> TASK_SHELVING;
            case RESCUED -> TASK_RESCUING;
            case RUNNING -> throw new IllegalArgumentException("RUNNING does not go down");
        };
    }

    /** A critical status, also as an init-container status ({@code Init:CrashLoopBackOff}). */
    static boolean isCritical(String podStatus) {
        String status = podStatus.startsWith("Init:") ? podStatus.substring("Init:".length()) : podStatus;
        return CRITICAL_POD_STATUSES.contains(status);
    }
}
