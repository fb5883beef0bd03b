package io.openvcluster.server.kube.crd;

/**
 * A compute service's state as an admin set it: {@code binary} ({@code nova-compute}, {@code nova-conductor},
 * {@code nova-scheduler}) on {@code host}; {@code updatedAt} is when it was last changed (ISO-8601).
 */
public class ComputeServiceRecordSpec {
    private String binary;
    private String host;
    private boolean disabled;
    private String disabledReason;
    private boolean forcedDown;
    private String updatedAt;

    public String getBinary() {
        return binary;
    }

    public void setBinary(String binary) {
        this.binary = binary;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public String getDisabledReason() {
        return disabledReason;
    }

    public void setDisabledReason(String disabledReason) {
        this.disabledReason = disabledReason;
    }

    public boolean isForcedDown() {
        return forcedDown;
    }

    public void setForcedDown(boolean forcedDown) {
        this.forcedDown = forcedDown;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }
}
