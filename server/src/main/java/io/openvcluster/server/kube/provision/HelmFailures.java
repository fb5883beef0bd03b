package io.openvcluster.server.kube.provision;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a failed Helm command means for the reconciler, from Helm's own message (Helm returns Go errors, with no
 * code: the message is all there is).
 *
 * <p><b>Transient</b>: Helm could not reach something (the API server, a chart repository, an OCI registry) or the
 * other side answered with a server error (HTTP 5xx, 429, an API server conflict). Retried with back-off for as long
 * as it lasts, like an API server outage. <b>A refusal</b>: everything else, e.g. a chart or chart version that is
 * not found (404 included), values the chart's schema refuses, an immutable field an upgrade would change, objects
 * owned by another release, a release stuck in a pending operation. After {@code Reconciler.PERSISTENT_FAILURES}
 * refusals the server is ERROR with {@link #fault}. Unknown failures are refusals: the server says so rather than
 * retrying silently for ever.
 */
public final class HelmFailures {
    /** Nova keeps 255 characters of a fault's message ({@code instance_faults.message}). */
    static final int FAULT_MESSAGE_LENGTH = 255;
    private static final String FAULT_PREFIX = "Helm refused the vcluster's release: ";
    private static final List<String> TRANSIENT = List.of(
            // the network, between Helm and the API server, a chart repository or a registry
            "connection refused", "connection reset", "broken pipe", "i/o timeout", "no such host",
            "network is unreachable", "tls handshake timeout", "context deadline exceeded", "client.timeout exceeded",
            "unexpected eof", "kubernetes cluster unreachable",
            // the API server's own transient answers
            "the server is currently unable to handle the request", "internal error occurred",
            "too many requests", "etcdserver: request timed out", "the object has been modified",
            // a chart repository's or registry's server errors
            "internal server error", "bad gateway", "service unavailable", "gateway timeout");
    private static final Pattern SERVER_STATUS = Pattern.compile("status(?: code)?:? 5\\d\\d\\b");

    private HelmFailures() {
    }

    static boolean isTransient(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return TRANSIENT.stream().anyMatch(lower::contains) || SERVER_STATUS.matcher(lower).find();
    }

    /** The server's fault: Helm's message on one line, cut to what Nova keeps of a fault message. */
    public static String fault(String helmMessage) {
        String message = FAULT_PREFIX + (helmMessage == null ? "" : helmMessage.strip().replaceAll("\\s+", " "));
        return message.length() <= FAULT_MESSAGE_LENGTH ? message
                : message.substring(0, FAULT_MESSAGE_LENGTH - 3) + "...";
    }
}
