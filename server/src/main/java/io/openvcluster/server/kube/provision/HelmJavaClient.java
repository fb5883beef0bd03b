package io.openvcluster.server.kube.provision;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.ReleaseHistory;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link HelmClient} on helm-java: Helm (v3.21 in helm-java 0.0.21) compiled into a native library and called in
 * process, no helm binary. The library (about 100 MB unpacked into {@code java.io.tmpdir}) is loaded by the first
 * command, so a facade running the manifest provisioner never loads it.
 *
 * <p>One command at a time in the whole JVM: it is a Go runtime of unverified thread safety, and Helm's own
 * release locking is per release anyway. Commands last seconds (no {@code --wait}: the reconciler follows the pods).
 *
 * <p>The cluster: by default Helm's own rules ({@code KUBECONFIG}, {@code ~/.kube/config}, or in cluster the pod's
 * service account, which is what the facade's chart gives it); tests pass a kubeconfig's contents, written to a file in
 * the work directory.
 */
public final class HelmJavaClient implements HelmClient {
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
    /** The name under which a chart repository URL is added to our own repository config. */
    private static final String REPOSITORY_NAME = "ovc-vcluster";

    /** A file, not contents: helm-java 0.0.21's upgrade ignores kubeconfig contents and reads only a file's. */
    private final Optional<Path> kubeconfig;
    private final Path workDirectory;
    private final boolean validateSchemas;
    private boolean repositoryAdded;

    /**
     * @param kubeconfig      a kubeconfig's contents; empty for Helm's defaults
     * @param workDirectory   where values files and the repository config are written (under {@code java.io.tmpdir})
     * @param validateSchemas Helm validates the objects against the API server's OpenAPI schema (off only for an API
     *                        server that publishes none, such as the mock one in tests)
     */
    HelmJavaClient(Optional<String> kubeconfig, Path workDirectory, boolean validateSchemas) {
        this.workDirectory = workDirectory;
        this.kubeconfig = kubeconfig.map(contents -> writeKubeconfig(workDirectory, contents));
        this.validateSchemas = validateSchemas;
    }

    private static Path writeKubeconfig(Path directory, String contents) {
        try {
            Path file = directory.resolve("kubeconfig");
            Files.writeString(file, contents);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HelmJavaClient withDefaults() {
        try {
            return new HelmJavaClient(Optional.empty(), Files.createTempDirectory("ovc-helm"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upgradeInstall(String release, String namespace, ChartSource chart, Optional<String> version,
                               String valuesYaml, String description) {
        serialized("upgrade --install " + release, () -> {
            Path values = write(release, valuesYaml);
            try {
                UpgradeCommand upgrade = Helm.upgrade(chartReference(chart)).install().withName(release)
                        .withNamespace(namespace).withValuesFile(values).withDescription(description);
                version.ifPresent(upgrade::withVersion);
                if (!validateSchemas) {
                    upgrade.disableOpenApiValidation();
                }
                if (chart.type() == ChartSource.Type.REPOSITORY) {
                    refreshRepository(chart);
                    upgrade.withRepositoryConfig(repositoryConfig());
                }
                kubeconfig.ifPresent(upgrade::withKubeConfig);
                return upgrade.call();
            } finally {
                delete(values);
            }
        });
    }

    @Override
    public List<Revision> history(String release, String namespace) {
        return serialized("history " + release, () -> {
            var history = Helm.history(release).withNamespace(namespace);
            kubeconfig.ifPresent(history::withKubeConfig);
            try {
                return history.call().stream().sorted(Comparator.comparingInt(ReleaseHistory::getRevision))
                        .map(r -> new Revision(r.getRevision(), r.getStatus(), r.getDescription())).toList();
            } catch (IllegalStateException e) {
                if (notFound(e)) {
                    return List.of();
                }
                throw e;
            }
        });
    }

    @Override
    public String values(String release, String namespace, int revision) {
        return serialized("get values " + release, () -> {
            var values = Helm.get(release).values().withRevision(revision).withNamespace(namespace);
            kubeconfig.ifPresent(values::withKubeConfig);
            return values.call();
        });
    }

    @Override
    public void uninstall(String release, String namespace) {
        serialized("uninstall " + release, () -> {
            var uninstall = Helm.uninstall(release).withNamespace(namespace).ignoreNotFound();
            kubeconfig.ifPresent(uninstall::withKubeConfig);
            return uninstall.call();
        });
    }

    private static String chartReference(ChartSource chart) {
        return chart.type() == ChartSource.Type.REPOSITORY ? REPOSITORY_NAME + "/" + ChartSource.REPOSITORY_CHART
                : chart.location();
    }

    /** Our own repository config: the chart repository added once, its index refreshed before each upgrade. */
    private Path repositoryConfig() {
        return workDirectory.resolve("repositories.yaml");
    }

    private void refreshRepository(ChartSource chart) {
        if (!repositoryAdded) {
            Helm.repo().add().withRepositoryConfig(repositoryConfig()).withName(REPOSITORY_NAME)
                    .withUrl(URI.create(chart.location())).call();
            repositoryAdded = true;
        } else {
            Helm.repo().update().withRepositoryConfig(repositoryConfig()).withRepo(REPOSITORY_NAME).call();
        }
    }

    private <T> T serialized(String command, Supplier<T> call) {
        ONE_AT_A_TIME.lock();
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new HelmException("helm " + command + " failed: " + e.getMessage(), e);
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    private static boolean notFound(RuntimeException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("not found");
    }

    private Path write(String release, String valuesYaml) {
        try {
            Path file = Files.createTempFile(workDirectory, release + "-", ".yaml");
            return Files.writeString(file, valuesYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover values file in the facade's temporary directory is harmless
        }
    }
}
