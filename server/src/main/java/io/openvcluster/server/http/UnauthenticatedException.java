package io.openvcluster.server.http;

import io.openvcluster.api.ApiException;

/**
 * A missing, invalid or expired token. Rendered the Keystone way on every service (that is what
 * keystoneauth expects before it re-authenticates once), with a {@code WWW-Authenticate} header.
 */
public final class UnauthenticatedException extends ApiException {
    public static final String MESSAGE = "The request you have made requires authentication.";

    public UnauthenticatedException() {
        super(401, MESSAGE);
    }
}
