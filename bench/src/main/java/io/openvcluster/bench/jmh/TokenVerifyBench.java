package io.openvcluster.bench.jmh;

import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.identity.TokenInfo;
import io.openvcluster.server.identity.TokenService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a facade token, the check every Nova and Glance request pays (budget 50 µs): a token seen before (the
 * verified-token cache and the revocation lookup) and a token at first sight (parse, HS256, claims). First sight
 * cycles through more tokens than the verified-token cache keeps (it starts over at 10,000), so each is a miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC", "-Xmx256m"})
public class TokenVerifyBench {
    private static final int FIRST_SIGHT_TOKENS = 25_000;
    private static final int SEEN_TOKENS = 1_000;

    private TokenService tokens;
    private String[] issued;
    private int next;

    @Setup
    public void setUp() {
        tokens = new TokenService(TokenService.randomKey(), Duration.ofHours(1));
        User user = new User("u-1", "alice", IdentityProvider.DEFAULT_DOMAIN);
        Project project = new Project("p-1", "alpha", IdentityProvider.DEFAULT_DOMAIN);
        issued = IntStream.range(0, FIRST_SIGHT_TOKENS).mapToObj(i -> tokens.issue(user, Optional.of(project),
                Set.of("member", "reader"), List.of("password"), Optional.empty()).token()).toArray(String[]::new);
    }

    @Benchmark
    public Optional<TokenInfo> seenBefore() {
        next = next + 1 == SEEN_TOKENS ? 0 : next + 1;
        return tokens.verify(issued[next]);
    }

    @Benchmark
    public Optional<TokenInfo> firstSight() {
        next = next + 1 == FIRST_SIGHT_TOKENS ? 0 : next + 1;
        return tokens.verify(issued[next]);
    }
}
