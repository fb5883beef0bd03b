package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestSandbox} per test with a {@link SandboxHelm} on it, and facades to start on it (several in turn, as
 * restarts): with the Helm provisioner on that Helm, or with the manifest provisioner. Register it as a field with
 * {@code @RegisterExtension}.
 */
final class HelmSandbox implements BeforeEachCallback, AfterEachCallback {
    private TestSandbox sandbox;
    private SandboxHelm helm;

    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start();
        helm = new SandboxHelm(sandbox.client(), Fixtures.settings().namespace());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sandbox.close();
    }

    KubernetesClient client() {
        return sandbox.client();
    }

    SandboxHelm helm() {
        return helm;
    }

    /** A facade with {@code OVC_PROVISIONER=helm} (a chart repository that {@link SandboxHelm} stands for). */
    Backend helmFacade() {
        return sandbox.facade().settings(settings -> settings.withProvisioner(ProvisionerSettings.helm(
                ChartSource.parse("https://charts.example.org", Optional.empty())))).helm(() -> helm).start();
    }

    Backend manifestFacade() {
        return sandbox.facade().start();
    }
}
