package io.openvcluster.conformance;

import java.nio.file.Path;
import java.time.Duration;

/** {@link HostEffectsScenario} on the sandbox cluster, run as its own process (the host simulator's delay: 300 ms). */
class CliHostEffectsIT extends HostEffectsScenario {
    private SandboxClusterProcess cluster;

    @Override
    Path startCluster() throws Exception {
        cluster = SandboxClusterProcess.start("cli-host-effects", Duration.ofMillis(300));
        return cluster.kubeconfig();
    }

    @Override
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Duration patience() {
        return Duration.ofSeconds(60);
    }
}
