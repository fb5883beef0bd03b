package io.openvcluster.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.openvcluster.api.MicroversionRange;

/** The OpenStack header names, created once. */
public final class Headers {
    public static final HeaderName AUTH_TOKEN = HeaderNames.create("X-Auth-Token");
    public static final HeaderName SUBJECT_TOKEN = HeaderNames.create("X-Subject-Token");
    public static final HeaderName OPENSTACK_REQUEST_ID = HeaderNames.create("X-OpenStack-Request-Id");
    public static final HeaderName COMPUTE_REQUEST_ID = HeaderNames.create("X-Compute-Request-Id");
    public static final HeaderName OPENSTACK_API_VERSION = HeaderNames.create(MicroversionRange.OPENSTACK_API_VERSION);
    public static final HeaderName NOVA_API_VERSION = HeaderNames.create(MicroversionRange.NOVA_API_VERSION);
    /** Seconds the caches behind a read may lag the Kubernetes API, sent only beyond the bound. */
    public static final HeaderName CACHE_AGE = HeaderNames.create("X-OpenVCluster-Cache-Age");
    /** Where a response's time went: waiting on the Kubernetes API, and the rest ({@link ServerTimingFilter}). */
    public static final HeaderName SERVER_TIMING = HeaderNames.create("Server-Timing");
    public static final HeaderName WWW_AUTHENTICATE = HeaderNames.WWW_AUTHENTICATE;
    public static final HeaderName RETRY_AFTER = HeaderNames.RETRY_AFTER;

    private Headers() {
    }
}
