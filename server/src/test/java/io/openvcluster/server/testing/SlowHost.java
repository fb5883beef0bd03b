package io.openvcluster.server.testing;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestSandbox} whose simulated host is slow, new for each test, on which a test starts and stops facades
 * ({@link #backend()}) as a crash would: the slowness leaves room to stop a facade before its work is done. Use it as
 * {@code @RegisterExtension final SlowHost host = new SlowHost(Duration.ofSeconds(1));}.
 */
public final class SlowHost implements BeforeEachCallback, AfterEachCallback {
    private final Duration step;
    private TestSandbox sandbox;

    public SlowHost(Duration step) {
        this.step = step;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox = TestSandbox.builder().simulatorDelay(step).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sandbox.close();
    }

    /** The test's own client: it reads what the facades wrote. */
    public KubernetesClient client() {
        return sandbox.client();
    }

    /** A new facade on the cluster; closing it is the crash. */
    public Backend backend() {
        return sandbox.facade().start();
    }

    /** A new facade on the cluster with other settings; closing it is the crash. */
    public Backend backend(UnaryOperator<BackendSettings> settings) {
        return sandbox.facade().settings(settings).start();
    }

    /** Alice's new server, ACTIVE, made by a facade that is stopped afterwards. */
    public String activeServer(String name) {
        try (Backend backend = backend()) {
            String id = backend.domain().servers().createServer(again(ALICE), Fixtures.create(name)).servers().get(0).id();
            awaitIdle(backend, id, "active");
            return id;
        }
    }

    /** Waits until {@code backend} shows Alice's server in {@code vmState} with no task. */
    public void awaitIdle(Backend backend, String id, String vmState) {
        new ServerSteps(backend.domain(), client()).awaitIdle(ALICE, id, vmState);
    }

    public ServerRecord record(String id) {
        return ServerSteps.record(client(), id);
    }
}
