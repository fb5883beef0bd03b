package io.openvcluster.api.model;

import java.time.Instant;

/** The {@code fault} of a server in ERROR: what went wrong, in words an operator can act on. */
public record FaultData(int code, String message, String details, Instant created) {
}
