package io.openvcluster.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Starts and closes what {@link SandboxBackendTest} asks for, and fills the test class's static fields by type. */
final class SandboxBackendExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxBackendExtension.class);

    /** The sandbox and the backend of one test class; closed in the reverse order of start. */
    private record Running(SandboxCluster sandbox, Backend backend) {
        Map<Class<?>, Object> injectable() {
            return Map.of(SandboxCluster.class, sandbox, KubernetesClient.class, sandbox.client(),
                    Backend.class, backend, Domain.class, backend.domain(),
                    ServerSteps.class, new ServerSteps(backend.domain(), sandbox.client()));
        }

        void close() {
            backend.close();
            sandbox.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        SandboxBackendTest config = AnnotationSupport.findAnnotation(testClass, SandboxBackendTest.class)
                .orElseThrow(() -> new IllegalStateException(testClass + " is not a @SandboxBackendTest"));
        SandboxCluster sandbox = SandboxCluster.start(SandboxSettings.defaults()
                .withSimulatorDelay(Duration.ofMillis(config.simulatorDelayMillis())));
        Running running = new Running(sandbox, Backend.start(sandbox.client(), settings(config, sandbox)));
        context.getStore(NAMESPACE).put(testClass, running);
        Map<Class<?>, Object> values = running.injectable();
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
        Running running = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), Running.class);
        if (running != null) {
            running.close();
        }
    }

    private static BackendSettings settings(SandboxBackendTest config, SandboxCluster sandbox) {
        BackendSettings settings = Fixtures.settings();
        if (config.instanceQuota() > 0) {
            settings = settings.withInstanceQuota(config.instanceQuota());
        }
        if (!config.snapshotStore().isEmpty()) {
            settings = settings.withSnapshotStore(new SnapshotStore(config.snapshotStore(), Optional.empty()));
        }
        if (config.sandboxSnapshotStore()) {
            settings = settings.withSnapshotStore(sandbox.publishSnapshotStore(settings.namespace()));
        }
        return settings;
    }
}
