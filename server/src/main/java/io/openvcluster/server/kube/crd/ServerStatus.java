package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

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
    /** The pods the pending reboot restarts; see {@link PodRestart}. */
    private PodRestart restart;
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


}
