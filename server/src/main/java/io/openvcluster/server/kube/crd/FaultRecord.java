package io.openvcluster.server.kube.crd;

/** A server fault as stored in the status; {@code created} is an ISO-8601 instant. */
public record FaultRecord(int code, String message, String details, String created) {
}
