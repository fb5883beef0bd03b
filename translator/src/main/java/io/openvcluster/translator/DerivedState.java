package io.openvcluster.translator;

import java.util.Objects;
import java.util.Optional;

/**
 * The Nova state of a server, derived from its power intent and the host observation.
 *
 * @param vmState    Nova vm_state ({@link NovaStates} VM_*)
 * @param taskState  Nova task_state, empty when idle
 * @param powerState Nova power_state code
 * @param fault      the fault message, present when vmState is error
 */
public record DerivedState(String vmState, Optional<String> taskState, int powerState, Optional<String> fault) {
    public DerivedState {
        Objects.requireNonNull(vmState, "vmState");
        Objects.requireNonNull(taskState, "taskState");
        Objects.requireNonNull(fault, "fault");
    }

    static DerivedState idle(String vmState, int powerState) {
        return new DerivedState(vmState, Optional.empty(), powerState, Optional.empty());
    }

    static DerivedState busy(String vmState, String taskState, int powerState) {
        return new DerivedState(vmState, Optional.of(taskState), powerState, Optional.empty());
    }

    static DerivedState error(int powerState, String fault) {
        return new DerivedState(NovaStates.VM_ERROR, Optional.empty(), powerState, Optional.of(fault));
    }

    DerivedState withTask(String task) {
        return new DerivedState(vmState, Optional.of(task), powerState, fault);
    }
}
