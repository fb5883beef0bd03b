package io.openvcluster.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.config.HostSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.sandbox.SandboxCluster;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the {@link TestSandbox} that {@link SandboxBackendTest} asks for, with its backend, fills the test class's
 * static fields by type, and closes it after the class.
 */
final class SandboxBackendExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxBackendExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        SandboxBackendTest config = AnnotationSupport.findAnnotation(testClass, SandboxBackendTest.class)
                .orElseThrow(() -> new IllegalStateException(testClass + " is not a @SandboxBackendTest"));
        TestSandbox.Builder builder = TestSandbox.builder()
                .simulatorDelay(Duration.ofMillis(config.simulatorDelayMillis()))
                .settings(settings -> settings(config, settings));
        if (config.sandboxSnapshotStore()) {
            builder.sandboxSnapshotStore();
        }
        TestSandbox sandbox = builder.startWithBackend();
        context.getStore(NAMESPACE).put(testClass, sandbox);
        Map<Class<?>, Object> values = injectable(sandbox);
        for (Class<?> type = testClass; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Object value = values.get(field.getType());
                if (value != null && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(null, value);
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestSandbox sandbox = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), TestSandbox.class);
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Map<Class<?>, Object> injectable(TestSandbox sandbox) {
        Backend backend = sandbox.backend();
        return Map.of(TestSandbox.class, sandbox, SandboxCluster.class, sandbox.cluster(),
                KubernetesClient.class, sandbox.client(), Backend.class, backend, Domain.class, backend.domain(),
                ServerSteps.class, new ServerSteps(backend.domain(), sandbox.client()));
    }

    private static BackendSettings settings(SandboxBackendTest config, BackendSettings settings) {
        if (config.instanceQuota() > 0) {
            settings = settings.withInstanceQuota(config.instanceQuota());
        }
        if (config.reclaimIntervalSeconds() > 0) {
            settings = settings.withReclaimInterval(Duration.ofSeconds(config.reclaimIntervalSeconds()));
        }
        if (config.deletedServerRetentionSeconds() >= 0) {
            settings = settings.withDeletedServerRetention(Duration.ofSeconds(config.deletedServerRetentionSeconds()));
        }
        if (config.shelvedOffloadSeconds() != 0) {
            settings = settings.withShelvedOffloadTime(Duration.ofSeconds(config.shelvedOffloadSeconds()));
        }
        if (config.imageUploadMaxMib() > 0) {
            settings = settings.withImageTransfers(settings.imageTransfers()
                    .withMaxUploadBytes(config.imageUploadMaxMib() * 1024L * 1024L));
        }
        if (!config.snapshotStore().isEmpty()) {
            settings = settings.withSnapshotStore(new SnapshotStore(config.snapshotStore(), Optional.empty()));
        }
        if (!config.hostName().isEmpty() || !config.availabilityZone().isEmpty()) {
            HostSettings host = settings.host();
            settings = settings.withHost(new HostSettings(config.hostName().isEmpty() ? host.name() : config.hostName(),
                    config.availabilityZone().isEmpty() ? host.zone() : config.availabilityZone()));
        }
        return settings;
    }
}
