package io.openvcluster.server.sandbox;

import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox cluster as its own process, so that a facade can be killed and restarted against a cluster that
 * outlives it: {@code java -cp server/target/ovc-server.jar io.openvcluster.server.sandbox.SandboxMain
 * --kubeconfig-out FILE [--port N] [--delay-ms N]}. Writes the kubeconfig, then runs until SIGTERM.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path kubeconfigOut = null;
        int port = 0;
        Duration delay = SandboxSettings.DEFAULT_DELAY;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kubeconfig-out" -> kubeconfigOut = Path.of(required(args[i], value));
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--delay-ms" -> delay = Duration.ofMillis(Long.parseLong(required(args[i], value)));
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (kubeconfigOut == null) {
            usage("--kubeconfig-out is required");
        }
        SandboxCluster sandbox = SandboxCluster.start(new SandboxSettings("127.0.0.1", port, delay));
        Path tmp = kubeconfigOut.resolveSibling(kubeconfigOut.getFileName() + ".tmp");
        Files.writeString(tmp, sandbox.kubeconfigYaml());
        Files.move(tmp, kubeconfigOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // the simulator's snapshot store, for a facade started with the printed settings
        SnapshotStore store = sandbox.publishSnapshotStore(BackendSettings.DEFAULT_NAMESPACE);
        System.out.println("ovc sandbox cluster (NOT FOR PRODUCTION) listening on " + sandbox.url()
                + "; kubeconfig written to " + kubeconfigOut.toAbsolutePath() + "; its snapshot store: OVC_SNAPSHOT_STORE="
                + store.base() + " OVC_SNAPSHOT_CREDENTIALS=" + store.credentialsSecret().orElseThrow());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "ovc-sandbox-shutdown"));
        stopped.await();
    }

    private static String required(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: SandboxMain --kubeconfig-out FILE [--port N] [--delay-ms N]");
        System.exit(2);
    }
}
