package io.openvcluster.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.Json;
import io.openvcluster.server.observe.FacadeMeters;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few calls the facade makes to Keycloak: the password grant (checks a password, returns an access token)
 * and read-only admin API calls with the client's service account. Every call is bounded by the configured
 * timeout; a Keycloak that is down, slow or failing becomes {@link IdentityUnavailableException}.
 */
final class KeycloakClient {
    private final KeycloakSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private volatile Optional<ServiceToken> serviceToken = Optional.empty();

    private record ServiceToken(String value, Instant refreshAfter) {
    }

    KeycloakClient(KeycloakSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The access token for these credentials; empty when Keycloak refuses them (unknown user, wrong password). */
    Optional<String> passwordGrant(String username, String password) {
        HttpResponse<String> res = post(tokenEndpoint(), Map.of("grant_type", "password", "username", username,
                "password", password, "scope", "openid"));
        if (res.statusCode() == 200) {
            return Optional.of(json(res).path("access_token").asText());
        }
        if (res.statusCode() == 400 || res.statusCode() == 401) {
            // invalid_grant: bad credentials, disabled user or required action pending
            return Optional.empty();
        }
        throw new IdentityUnavailableException("Keycloak answered the password grant with HTTP " + res.statusCode());
    }

    /** A GET on the realm's admin API ({@code path} below /admin/realms/REALM); empty on 404. */
    Optional<JsonNode> admin(String path) {
        HttpResponse<String> res = adminGet(path, serviceToken(false));
        if (res.statusCode() == 401) {
            res = adminGet(path, serviceToken(true));
        }
        if (res.statusCode() == 404) {
            return Optional.empty();
        }
        if (res.statusCode() != 200) {
            throw new IdentityUnavailableException("Keycloak's admin API answered HTTP " + res.statusCode()
                    + " (does the client's service account have view-users and query-groups?)");
        }
        return Optional.of(json(res));
    }

    private HttpResponse<String> adminGet(String path, String token) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.url() + "/admin/realms/" + settings.realm() + path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        return send(req);
    }

    private String serviceToken(boolean renew) {
        Optional<ServiceToken> current = serviceToken;
        if (!renew && current.isPresent() && clock.instant().isBefore(current.get().refreshAfter())) {
            return current.get().value();
        }
        HttpResponse<String> res = post(tokenEndpoint(), Map.of("grant_type", "client_credentials"));
        if (res.statusCode() != 200) {
            throw new IdentityUnavailableException("Keycloak refused the facade's client credentials (HTTP "
                    + res.statusCode() + ")");
        }
        JsonNode body = json(res);
        // renew at half the lifetime, so a token never expires between check and use
        long lifetime = Math.max(body.path("expires_in").asLong(60), 2);
        ServiceToken fresh = new ServiceToken(body.path("access_token").asText(),
                clock.instant().plusSeconds(lifetime / 2));
        serviceToken = Optional.of(fresh);
        return fresh.value();
    }

    private URI tokenEndpoint() {
        return URI.create(settings.issuer() + "/protocol/openid-connect/token");
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", settings.clientId());
        fields.put("client_secret", settings.clientSecret());
        fields.putAll(form);
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(req);
    }

    private HttpResponse<String> send(HttpRequest req) {
        String call = req.uri().getPath().contains("/admin/realms/") ? "admin" : "token";
        long started = System.nanoTime();
        String outcome = "unreachable";
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            outcome = FacadeMeters.statusClass(res.statusCode());
            if (res.statusCode() >= 500) {
                throw new IdentityUnavailableException("Keycloak answered HTTP " + res.statusCode());
            }
            return res;
        } catch (java.net.http.HttpTimeoutException e) {
            outcome = "timeout";
            throw new IdentityUnavailableException("Keycloak did not answer within " + settings.timeout().toMillis()
                    + " ms");
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keycloak cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException("interrupted while calling Keycloak");
        } finally {
            FacadeMeters.keycloakCall(call, outcome, System.nanoTime() - started);
        }
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new IdentityUnavailableException("Keycloak answered with a body that is not JSON");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
