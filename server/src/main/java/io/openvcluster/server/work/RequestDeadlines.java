package io.openvcluster.server.work;

import java.time.Duration;

/**
 * How long a request may run: a read ({@code GET}, {@code HEAD}) and a write (any other method). A write gets longer
 * because it may wait on Kubernetes or Keycloak, each bounded by its own client timeout (fabric8's request timeout,
 * 10 s by default; {@code OVC_KEYCLOAK_TIMEOUT_MS}, 5 s).
 *
 * @param read  {@code OVC_READ_DEADLINE_MS}, {@value #DEFAULT_READ_MS} ms by default
 * @param write {@code OVC_WRITE_DEADLINE_MS}, {@value #DEFAULT_WRITE_MS} ms by default
 */
public record RequestDeadlines(Duration read, Duration write) {
    public static final int DEFAULT_READ_MS = 5_000;
    public static final int DEFAULT_WRITE_MS = 30_000;

    public RequestDeadlines {
        positive("read", read);
        positive("write", write);
    }

    public static RequestDeadlines defaults() {
        return new RequestDeadlines(Duration.ofMillis(DEFAULT_READ_MS), Duration.ofMillis(DEFAULT_WRITE_MS));
    }

    static void positive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " deadline must be positive, got " + d.toMillis()
                    + " ms");
        }
    }
}
