package io.openvcluster.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.config.Config;
import io.openvcluster.server.kube.reconcile.LeaderElectionSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leader-election settings as the Helm chart passes them (environment variables). */
class LeaderElectionSettingsTest {

    @Test
    void offByDefaultWithClientGoDurations() {
        LeaderElectionSettings election = OvcSettings.from(Config.empty(), Map.of()).backend().leaderElection();
        assertFalse(election.enabled());
        assertEquals(LeaderElectionSettings.DEFAULT_LEASE_NAME, election.leaseName());
        assertEquals(Duration.ofSeconds(15), election.leaseDuration());
        assertEquals(Duration.ofSeconds(10), election.renewDeadline());
        assertEquals(Duration.ofSeconds(2), election.retryPeriod());
    }

    @Test
    void theChartsVariablesTurnItOnAndTuneIt() {
        LeaderElectionSettings election = OvcSettings.from(Config.empty(), Map.of(
                "OVC_LEADER_ELECTION", "true", "OVC_LEADER_LEASE_NAME", "ovc-lease",
                "OVC_LEADER_LEASE_SECONDS", "30", "OVC_LEADER_RENEW_SECONDS", "20", "OVC_LEADER_RETRY_SECONDS", "5",
                "POD_NAME", "ovc-7d9f-abcde")).backend().leaderElection();
        assertTrue(election.enabled());
        assertEquals("ovc-lease", election.leaseName());
        assertEquals(Duration.ofSeconds(30), election.leaseDuration());
        assertEquals(Duration.ofSeconds(20), election.renewDeadline());
        assertEquals(Duration.ofSeconds(5), election.retryPeriod());
        assertEquals("ovc-7d9f-abcde", election.podName());
    }

    @Test
    void durationsOutOfOrderNameTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OvcSettings.from(
                Config.empty(), Map.of("OVC_LEADER_ELECTION", "true", "OVC_LEADER_RENEW_SECONDS", "20")));
        assertTrue(e.getMessage().contains("lease duration (PT15S) > renew deadline (PT20S)"), e.getMessage());
    }
}
