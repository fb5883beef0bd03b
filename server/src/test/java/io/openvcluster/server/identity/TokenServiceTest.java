package io.openvcluster.server.identity;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final SandboxIdentityProvider IDENTITY = new SandboxIdentityProvider("pw");
    private static final User DEMO = IDENTITY.authenticateByName("demo", "Default", "pw").orElseThrow();
    private static final Project DEMO_PROJECT = IDENTITY.findProjectByName("demo", "default").orElseThrow();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final byte[] key = TokenService.randomKey();
    private final TokenService tokens = new TokenService(key, Duration.ofHours(1), clock);

    private TokenService.IssuedToken issueDemo() {
        return tokens.issue(DEMO, Optional.of(DEMO_PROJECT), Set.of("reader", "member"), List.of("password"),
                Optional.empty());
    }

    @Test
    void issuedTokenVerifiesToTheSameContentAndCaller() {
        TokenService.IssuedToken issued = issueDemo();
        TokenInfo info = tokens.verify(issued.token()).orElseThrow();
        assertThat(info, is(issued.info()));
        assertThat(info.roles(), is(List.of("member", "reader")));
        assertThat(info.expiresAt(), is(clock.instant().plus(Duration.ofHours(1))));
        var caller = info.toCaller("req-1");
        assertThat(caller.projectName(), is("demo"));
        assertThat(caller.userId(), is(DEMO.id()));
        assertThat(caller.isAdmin(), is(false));
        // a second service with the same key (another replica) accepts it too
        assertThat(new TokenService(key, Duration.ofHours(1), clock).verify(issued.token()).isPresent(), is(true));
    }

    @Test
    void expiredTamperedForeignAndGarbageTokensAreRejected() {
        String token = issueDemo().token();
        assertThat(tokens.verify(token).isPresent(), is(true));
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThat(tokens.verify(tampered).isPresent(), is(false));
        assertThat(new TokenService(TokenService.randomKey(), Duration.ofHours(1), clock).verify(token).isPresent(),
                is(false));
        assertThat(tokens.verify("not-a-token").isPresent(), is(false));
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        // also when the first verify put it in the cache
        assertThat(tokens.verify(token).isPresent(), is(false));
    }

    @Test
    void rescopedTokenKeepsExpiryAndChainsAuditIds() {
        TokenInfo original = issueDemo().info();
        clock.advance(Duration.ofSeconds(600));
        TokenInfo rescoped = tokens.issue(DEMO, Optional.of(DEMO_PROJECT), Set.of("member"), List.of("token"),
                Optional.of(original)).info();
        assertThat(rescoped.expiresAt(), is(original.expiresAt()));
        assertThat(rescoped.auditIds().get(1), is(original.auditIds().getFirst()));
    }

    @Test
    void unscopedTokenHasNoCaller() {
        TokenInfo unscoped = tokens.issue(DEMO, Optional.empty(), Set.of(), List.of("password"), Optional.empty())
                .info();
        assertThat(tokens.verify(tokens.issue(DEMO, Optional.empty(), Set.of(), List.of("password"),
                Optional.empty()).token()).orElseThrow().isProjectScoped(), is(false));
        assertThrows(IllegalStateException.class, () -> unscoped.toCaller("req-1"));
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenService(new byte[16], Duration.ofHours(1)));
    }
}
