package io.openvcluster.server.kube.crd;

/**
 * The last reconcile pass over a server that failed (status {@code lastPassFailure}), for an admin's diagnostics:
 * what failed ({@code kube_error}, {@code helm_error}, {@code deadline}, {@code error}), its message, and when
 * (ISO-8601). Kept until a later pass writes the status again, which clears it.
 */
public record PassFailure(String kind, String message, String time) {
}
