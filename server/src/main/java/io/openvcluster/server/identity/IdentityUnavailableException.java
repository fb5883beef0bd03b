package io.openvcluster.server.identity;

import io.openvcluster.api.ApiException;

/**
 * The identity backend (Keycloak) cannot answer now: down, slow past the timeout, or failing. New logins get
 * 503 with this message; tokens already issued keep working because they are verified locally.
 */
public final class IdentityUnavailableException extends ApiException {
    public IdentityUnavailableException(String reason) {
        super(503, "The identity service is unavailable: " + reason + ". Existing tokens keep working; "
                + "retry the login later.");
    }
}
