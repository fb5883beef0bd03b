package io.openvcluster.server.identity;

import java.net.URI;
import java.time.Duration;

/**
 * Where the users, projects (groups) and roles live when the facade is backed by Keycloak.
 *
 * @param url               Keycloak's base URL as its tokens name it ({@code iss} = url + /realms/ + realm)
 * @param clientId          the facade's confidential client: direct access grants, a service account that may
 *                          view users and query groups, the audience and group-membership mappers
 * @param timeout           bound on every call to Keycloak (connect and answer), so a slow Keycloak cannot
 *                          hold a login open
 * @param federationIdp     the identity provider name in the OS-FEDERATION URL (keystoneauth's
 *                          {@code --os-identity-provider})
 * @param federationProtocol the protocol name in that URL ({@code --os-protocol})
 */
public record KeycloakSettings(URI url, String realm, String clientId, String clientSecret, Duration timeout,
                               String federationIdp, String federationProtocol) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_IDP = "keycloak";
    public static final String DEFAULT_PROTOCOL = "openid";

    public KeycloakSettings {
        String text = url.toString();
        if (text.endsWith("/")) {
            url = URI.create(text.substring(0, text.length() - 1));
        }
        if (realm.isBlank() || clientId.isBlank() || clientSecret.isBlank()) {
            throw new IllegalArgumentException("OVC_KEYCLOAK_REALM, OVC_KEYCLOAK_CLIENT_ID and "
                    + "OVC_KEYCLOAK_CLIENT_SECRET must all be set with OVC_KEYCLOAK_URL");
        }
    }

    /** The realm's issuer: what {@code iss} must say in its tokens. */
    public String issuer() {
        return url + "/realms/" + realm;
    }

    @Override
    public String toString() {
        // never log the secret
        return "KeycloakSettings[url=" + url + ", realm=" + realm + ", clientId=" + clientId + ", timeout=" + timeout
                + ", federation=" + federationIdp + "/" + federationProtocol + "]";
    }
}
