package io.openvcluster.bench;

import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.InMemoryRevocationList;
import io.openvcluster.server.identity.KeycloakIdentityProvider;
import io.openvcluster.server.identity.KeycloakSettings;
import io.openvcluster.server.identity.TokenService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints what token handling costs per request, in process (no HTTP):
 * <ol>
 *   <li>facade token verification, the check every Nova/Glance request pays: first sight (parse + HS256 + claims)
 *       and repeated (cache hit + revocation lookup); budget 50 µs;</li>
 *   <li>with a Keycloak at {@code --keycloak=URL} (test realm): verifying a Keycloak access token against the cached
 *       JWKS (what the OIDC federation endpoint does), and a password login (Keycloak's password grant + verify +
 *       issue: the work of {@code POST /v3/auth/tokens} minus the facade's HTTP handling).</li>
 * </ol>
 * {@code java -cp bench/target/ovc-bench.jar io.openvcluster.bench.TokenBench [--keycloak=http://127.0.0.1:18080]}
 */
public final class TokenBench {
    private TokenBench() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> keycloak = List.of(args).stream().filter(a -> a.startsWith("--keycloak="))
                .map(a -> a.substring("--keycloak=".length())).findFirst();
        facadeTokens();
        keycloak.ifPresent(TokenBench::keycloakTokens);
    }

    private static void facadeTokens() {
        byte[] key = TokenService.randomKey();
        TokenService tokens = new TokenService(key, Duration.ofHours(1), Clock.systemUTC(),
                new InMemoryRevocationList());
        User user = new User("u-1", "alice", IdentityProvider.DEFAULT_DOMAIN);
        Project project = new Project("p-1", "alpha", IdentityProvider.DEFAULT_DOMAIN);
        int n = 20_000;
        List<String> issued = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            issued.add(tokens.issue(user, Optional.of(project), Set.of("member", "reader"), List.of("password"),
                    Optional.empty()).token());
        }
        // warm-up on other tokens so the JIT has compiled the path before measuring
        TokenService warm = new TokenService(TokenService.randomKey(), Duration.ofHours(1));
        for (int i = 0; i < 20_000; i++) {
            warm.verify(warm.issue(user, Optional.of(project), Set.of("member"), List.of("password"),
                    Optional.empty()).token());
        }
        // the verified-token cache is cleared at 10,000 entries: measure first sight in batches below that
        long firstSight = 0;
        int measured = 0;
        for (int start = 0; start < n; start += 5_000) {
            TokenService fresh = new TokenService(key, Duration.ofHours(1));
            long t0 = System.nanoTime();
            for (int i = start; i < start + 5_000; i++) {
                check(fresh.verify(issued.get(i)).isPresent());
            }
            firstSight += System.nanoTime() - t0;
            measured += 5_000;
        }
        List<String> hot = issued.subList(0, 1_000);
        hot.forEach(t -> tokens.verify(t));
        int rounds = 200;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (String t : hot) {
                check(tokens.verify(t).isPresent());
            }
        }
        long repeated = System.nanoTime() - t0;
        System.out.printf("facade token, first sight (parse + HS256 + claims): %.2f µs per verify (%d tokens)%n",
                firstSight / 1e3 / measured, measured);
        System.out.printf("facade token, seen before (cache + revocation check): %.3f µs per verify (%d verifies)%n",
                repeated / 1e3 / (rounds * hot.size()), rounds * hot.size());
        System.out.println("budget: 50 µs per request");
    }

    private static void keycloakTokens(String url) {
        KeycloakSettings settings = new KeycloakSettings(URI.create(url), "openvcluster", "ovc-facade",
                "test-only-ovc-facade-secret", Duration.ofSeconds(10), "keycloak", "openid");
        KeycloakIdentityProvider provider = new KeycloakIdentityProvider(settings);
        String accessToken = accessToken(url, "alice", "test-only-alice-pw");
        for (int i = 0; i < 2_000; i++) {
            check(provider.authenticateAccessToken(accessToken).isPresent());
        }
        int n = 5_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            check(provider.authenticateAccessToken(accessToken).isPresent());
        }
        System.out.printf("Keycloak access token (RS256, cached JWKS; OIDC federation): %.1f µs per verify%n",
                (System.nanoTime() - t0) / 1e3 / n);

        TokenService tokens = new TokenService(TokenService.randomKey(), Duration.ofHours(1));
        int logins = 50;
        long[] each = new long[logins];
        for (int i = 0; i < logins; i++) {
            long s = System.nanoTime();
            User user = provider.authenticateByName("alice", "Default", "test-only-alice-pw").orElseThrow();
            Project alpha = provider.findProjectByName("alpha", "Default").orElseThrow();
            tokens.issue(user, Optional.of(alpha), provider.rolesOn(user.id(), alpha.id()), List.of("password"),
                    Optional.empty());
            each[i] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(each);
        System.out.printf("password login via Keycloak (grant + verify + scope + issue): median %.1f ms, "
                + "p90 %.1f ms (%d logins)%n", each[logins / 2] / 1e6, each[logins * 9 / 10] / 1e6, logins);
    }

    private static String accessToken(String url, String user, String password) {
        try {
            String form = "grant_type=password&scope=openid&client_id=ovc-facade&client_secret="
                    + "test-only-ovc-facade-secret&username=" + user + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url + "/realms/openvcluster/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(res.body());
            if (!m.find()) {
                throw new IllegalStateException("no access token from Keycloak: " + res.body());
            }
            return m.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("a valid token was refused");
        }
    }
}
