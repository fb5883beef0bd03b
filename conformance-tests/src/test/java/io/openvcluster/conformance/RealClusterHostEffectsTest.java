package io.openvcluster.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link HostEffectsScenario} on a real cluster: opt-in with {@code -Dovc.real-cluster=true} and {@code KUBECONFIG}
 * ({@code ./ovc test-real-cluster}). The facade installs its CRDs and creates real vclusters there (images are
 * pulled, so verbs get minutes, not seconds); everything it creates is deleted by the last step. Skipped, saying
 * so, otherwise.
 */
class RealClusterHostEffectsTest extends HostEffectsScenario {

    @Override
    Path startCluster() {
        Assumptions.assumeTrue(Boolean.getBoolean("ovc.real-cluster"),
                "real-cluster test not requested (opt in with -Dovc.real-cluster=true and KUBECONFIG)");
        String kubeconfig = System.getenv("KUBECONFIG");
        Assumptions.assumeTrue(kubeconfig != null && Files.isRegularFile(Path.of(kubeconfig)),
                "real-cluster test requested but KUBECONFIG names no file");
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
