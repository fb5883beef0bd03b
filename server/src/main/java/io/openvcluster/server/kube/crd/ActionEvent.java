package io.openvcluster.server.kube.crd;

/**
 * One entry of a server's instance-action history (Nova {@code os-instance-actions}); times are ISO-8601 instants,
 * {@code finishTime} and {@code result} ("Success"/"Error") are null while the action runs.
 */
public record ActionEvent(
        String action,
        String requestId,
        String userId,
        String projectId,
        String startTime,
        String finishTime,
        String result,
        String message) {

    public boolean finished() {
        return finishTime != null;
    }

    public ActionEvent finish(String time, String outcome, String why) {
        return new ActionEvent(action, requestId, userId, projectId, startTime, time, outcome, why);
    }
}
