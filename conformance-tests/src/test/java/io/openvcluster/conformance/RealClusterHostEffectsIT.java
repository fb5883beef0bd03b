package io.openvcluster.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link HostEffectsScenario} on a real cluster: opt-in with {@code -Dovc.real-cluster=true} and {@code KUBECONFIG}
 * ({@code ./ovc test-real-cluster}). The facade installs its CRDs and creates real vclusters there (images are
 * pulled, so verbs get minutes, not seconds); everything it creates is deleted by the last step. Skipped, saying
 * so, otherwise.
 */
@EnabledIfSystemProperty(named = "ovc.real-cluster", matches = "true",
        disabledReason = "real-cluster test not requested (opt in with ./ovc test-real-cluster and KUBECONFIG)")
class RealClusterHostEffectsIT extends HostEffectsScenario {

    @Override
    Path startCluster() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || !Files.isRegularFile(Path.of(kubeconfig))) {
            throw new IllegalStateException("the real-cluster test was requested, but KUBECONFIG names no file");
        }
        return Path.of(kubeconfig);
    }

    @Override
    void stopCluster() {
        // a real cluster is not ours to stop
    }

    @Override
    Duration patience() {
        return Duration.ofMinutes(10);
    }
}
