package io.openvcluster.server.identity;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas sharing one cluster: a token revoked through one is refused by the other. Each test has its own
 * embedded cluster: the mock API server's event loop can stall while a closed watch of an earlier test is torn
 * down, which would only delay (not change) what the next test observes.
 */
class KubeRevocationListIT {
    private static final String NS = "ovc-revocations-test";
    private TestSandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.builder().start();
        client = sandbox.client();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void revocationReachesEveryReplica() {
        byte[] sharedKey = TokenService.randomKey();
        try (KubeRevocationList one = KubeRevocationList.start(client, NS, Clock.systemUTC());
             KubeRevocationList two = KubeRevocationList.start(client, NS, Clock.systemUTC())) {
            TokenService replicaOne = new TokenService(sharedKey, Duration.ofHours(1), Clock.systemUTC(), one);
            TokenService replicaTwo = new TokenService(sharedKey, Duration.ofHours(1), Clock.systemUTC(), two);
            User user = new User("u1", "alice", IdentityProvider.DEFAULT_DOMAIN);
            Project project = new Project("p1", "alpha", IdentityProvider.DEFAULT_DOMAIN);
            String revoked = replicaOne.issue(user, Optional.of(project), Set.of("member"), List.of("password"),
                    Optional.empty()).token();
            String kept = replicaOne.issue(user, Optional.of(project), Set.of("member"), List.of("password"),
                    Optional.empty()).token();
            // replica two has verified (and cached) the token before the revocation
            assertThat(replicaTwo.verify(revoked).isPresent(), is(true));

            replicaOne.revoke(replicaOne.verify(revoked).orElseThrow());

            assertThat(replicaOne.verify(revoked).isPresent(), is(false));
            Eventually.await("replica two sees the revocation", () -> replicaTwo.verify(revoked).isEmpty());
            assertThat(replicaTwo.verify(kept).isPresent(), is(true));
            assertThat(client.configMaps().inNamespace(NS).withName(KubeRevocationList.NAME).get().getData().size(),
                    is(1));
        }
    }

    @Test
    void expiredEntriesArePrunedOnTheNextWrite() {
        String ns = NS + "-prune";
        try (KubeRevocationList list = KubeRevocationList.start(client, ns, Clock.systemUTC())) {
            list.revoke("old-token", Instant.now().minusSeconds(60));
            list.revoke("fresh-token", Instant.now().plusSeconds(3600));
            var data = client.configMaps().inNamespace(ns).withName(KubeRevocationList.NAME).get().getData();
            assertThat(data.containsKey("fresh-token"), is(true));
            assertThat(data.containsKey("old-token"), is(false));
        }
    }

    @Test
    void aReplicaStartedLaterKnowsEarlierRevocations() {
        String ns = NS + "-late";
        try (KubeRevocationList first = KubeRevocationList.start(client, ns, Clock.systemUTC())) {
            first.revoke("audit-1", Instant.now().plusSeconds(600));
        }
        try (KubeRevocationList late = KubeRevocationList.start(client, ns, Clock.systemUTC())) {
            assertThat(late.isRevoked("audit-1"), is(true));
            assertThat(late.isRevoked("audit-2"), is(false));
        }
    }
}
