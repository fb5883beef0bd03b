package io.openvcluster.server.identity;

/**
 * The names in {@code /v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth} under which the
 * facade accepts an external access token (keystoneauth's {@code --os-identity-provider} and
 * {@code --os-protocol}).
 */
public record FederationNames(String idp, String protocol) {
    public static final FederationNames DEFAULT = new FederationNames("keycloak", "openid");
}
