package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the reconciler observed and derived; the status subresource. Times are ISO-8601 instants. As in
 * {@link ServerSpec}, empty lists and false flags are left out of the stored JSON.
 */
public class ServerStatus {
    private String vmState;
    private String taskState;
    private int powerState;
    private String launchedAt;
    private String updatedAt;
    /** True once the server has been ACTIVE: later failures are errors of a running server, not of a build. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean everActive;
    private FaultRecord fault;
    private Long observedGeneration;
    /** The ClusterIP of the vcluster's Service once assigned: the server's fixed address. */
    private String clusterIP;
    /** The request id of the last spec {@code action} the reconciler completed (or failed). */
    private String completedRequestId;
    /**
     * The shelve image whose snapshot the reconciler saw active: from then on the shelve stops (and offloads) the
     * vcluster. A shelve whose snapshot failed never gets here, and the vcluster stays as it was.
     */
    private String shelvedImageId;
    /** The reimage ({@link ReimageIntent}) whose wipe of the vcluster's data is done. */
    private String wipedRequestId;
    /** The pods the pending reboot restarts; see {@link PodRestart}. */
    private PodRestart restart;
    /** The last failed reconcile pass, until a pass writes the status again; see {@link PassFailure}. */
    private PassFailure lastPassFailure;
    /** Instance actions, newest first, at most {@link Records#MAX_ACTIONS}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<ActionEvent> actions = new ArrayList<>();

    public String getVmState() {
        return vmState;
    }

    public void setVmState(String vmState) {
        this.vmState = SharedStrings.shared(vmState);
    }

    public String getTaskState() {
        return taskState;
    }

    public void setTaskState(String taskState) {
        this.taskState = SharedStrings.shared(taskState);
    }

    public int getPowerState() {
        return powerState;
    }

    public void setPowerState(int powerState) {
        this.powerState = powerState;
    }

    public String getLaunchedAt() {
        return launchedAt;
    }

    public void setLaunchedAt(String launchedAt) {
        this.launchedAt = launchedAt;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public boolean isEverActive() {
        return everActive;
    }

    public void setEverActive(boolean everActive) {
        this.everActive = everActive;
    }

    public FaultRecord getFault() {
        return fault;
    }

    public void setFault(FaultRecord fault) {
        this.fault = fault;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getClusterIP() {
        return clusterIP;
    }

    public void setClusterIP(String clusterIP) {
        this.clusterIP = clusterIP;
    }

    public String getCompletedRequestId() {
        return completedRequestId;
    }

    public void setCompletedRequestId(String completedRequestId) {
        this.completedRequestId = completedRequestId;
    }

    public PodRestart getRestart() {
        return restart;
    }

    public void setRestart(PodRestart restart) {
        this.restart = restart;
    }

    public List<ActionEvent> getActions() {
        return actions;
    }

    public void setActions(List<ActionEvent> actions) {
        this.actions = actions;
    }

    /**
     * A copy the reconciler may change without touching the cached record: the nested values are records holding
     * immutable lists, so only the actions list itself is copied. {@code ServerStatusTest} fails when a field is
     * added here but not to this, {@link #equals} and {@link #hashCode}.
     */
    public ServerStatus copy() {
        ServerStatus copy = new ServerStatus();
        copy.vmState = vmState;
        copy.taskState = taskState;
        copy.powerState = powerState;
        copy.launchedAt = launchedAt;
        copy.updatedAt = updatedAt;
        copy.everActive = everActive;
        copy.fault = fault;
        copy.observedGeneration = observedGeneration;
        copy.clusterIP = clusterIP;
        copy.completedRequestId = completedRequestId;
        copy.shelvedImageId = shelvedImageId;
        copy.wipedRequestId = wipedRequestId;
        copy.restart = restart;
        copy.lastPassFailure = lastPassFailure;
        copy.actions = actions == null ? new ArrayList<>() : new ArrayList<>(actions);
        return copy;
    }

    /** Field by field; no actions and an empty list are the same (the stored JSON leaves both out). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ServerStatus other
                && Objects.equals(vmState, other.vmState)
                && Objects.equals(taskState, other.taskState)
                && powerState == other.powerState
                && Objects.equals(launchedAt, other.launchedAt)
                && Objects.equals(updatedAt, other.updatedAt)
                && everActive == other.everActive
                && Objects.equals(fault, other.fault)
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(clusterIP, other.clusterIP)
                && Objects.equals(completedRequestId, other.completedRequestId)
                && Objects.equals(shelvedImageId, other.shelvedImageId)
                && Objects.equals(wipedRequestId, other.wipedRequestId)
                && Objects.equals(restart, other.restart)
                && Objects.equals(lastPassFailure, other.lastPassFailure)
                && actionsOrEmpty().equals(other.actionsOrEmpty());
    }

    @Override
    public int hashCode() {
        return Objects.hash(vmState, taskState, powerState, launchedAt, updatedAt, everActive, fault,
                observedGeneration, clusterIP, completedRequestId, shelvedImageId, wipedRequestId, restart,
                lastPassFailure, actionsOrEmpty());
    }

    private List<ActionEvent> actionsOrEmpty() {
        return actions == null ? List.of() : actions;
    }

    public PassFailure getLastPassFailure() {
        return lastPassFailure;
    }

    public void setLastPassFailure(PassFailure lastPassFailure) {
        this.lastPassFailure = lastPassFailure;
    }

    public String getShelvedImageId() {
        return shelvedImageId;
    }

    public void setShelvedImageId(String shelvedImageId) {
        this.shelvedImageId = shelvedImageId;
    }

    public String getWipedRequestId() {
        return wipedRequestId;
    }

    public void setWipedRequestId(String wipedRequestId) {
        this.wipedRequestId = wipedRequestId;
    }
}
