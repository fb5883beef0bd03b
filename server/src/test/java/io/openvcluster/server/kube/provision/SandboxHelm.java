package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link HelmClient} for the sandbox. An install or upgrade writes the chart's objects as the manifest path renders
 * them (what vcluster's chart renders too, see {@code ChartEquivalenceIT}) with the markers and pause state of the
 * values, so that the simulator runs them and the reconciler follows them as on a real cluster. Like Helm, a first
 * install refuses objects that exist without the release's marks ({@link HelmAdoption}). Told to, it fails as
 * {@link HelmJavaClient} does: a {@link HelmException} carrying Helm's own message.
 */
final class SandboxHelm implements HelmClient {
    /** Helm 3's answer for a chart version its repository does not have. */
    static final String CHART_NOT_FOUND = "chart \"vcluster\" version \"9.9.9\" not found in ovc-vcluster index. "
            + "(try 'helm repo update'): no chart version found for vcluster-9.9.9";
    /** Helm 3's answer when the chart repository cannot be reached. */
    static final String REPOSITORY_UNREACHABLE = "looks like \"https://charts.example.org\" is not a valid chart "
            + "repository or cannot be reached: Get \"https://charts.example.org/index.yaml\": dial tcp "
            + "192.0.2.10:443: connect: connection refused";

    private final KubernetesClient client;
    private final String facadeNamespace;
    private final Map<String, List<String>> revisions = new ConcurrentHashMap<>();
    private final Map<String, Integer> failedUpgrades = new ConcurrentHashMap<>();
    private volatile Optional<String> failure = Optional.empty();
    private volatile int failuresLeft;
    private volatile int holdAfter = Integer.MAX_VALUE;
    private final CountDownLatch held = new CountDownLatch(1);

    SandboxHelm(KubernetesClient client, String facadeNamespace) {
        this.client = client;
        this.facadeNamespace = facadeNamespace;
    }

    /** Every install and upgrade fails with {@code message}, until {@link #succeed}. */
    void failWith(String message) {
        fail(message, Integer.MAX_VALUE);
    }

    /** The next {@code times} installs and upgrades fail with {@code message}. */
    void fail(String message, int times) {
        failuresLeft = times;
        failure = Optional.of(message);
    }

    void succeed() {
        failure = Optional.empty();
    }

    /** Once {@code calls} installs or upgrades have failed, the next one blocks until its thread is interrupted. */
    void holdAfter(int calls) {
        holdAfter = calls;
    }

    /** True while a command is held by {@link #holdAfter}. */
    boolean holding() {
        return held.getCount() == 0;
    }

    /** Installs and upgrades of the release that failed. */
    int failedUpgrades(String release) {
        return failedUpgrades.getOrDefault(release, 0);
    }

    /** Installs and upgrades of the release that succeeded, since its last uninstall. */
    int revisions(String release) {
        return revisions.getOrDefault(release, List.of()).size();
    }

    @Override
    public void upgradeInstall(String release, String namespace, ChartSource chart, Optional<String> version,
                               String valuesYaml, String description) {
        if (failure.isPresent() && failedUpgrades(release) >= holdAfter) {
            hold();
        }
        Optional<String> failing = failure;
        if (failing.isPresent() && failuresLeft > 0) {
            failuresLeft--;
            failedUpgrades.merge(release, 1, Integer::sum);
            throw new HelmException("helm upgrade --install " + release + " failed: " + failing.get(),
                    new IllegalStateException(failing.get()));
        }
        List<HasMetadata> objects = rendered(release, HelmValues.parse(valuesYaml));
        if (revisions(release) == 0) {
            refuseUnmarked(release, namespace, objects);
        }
        new ManifestProvisioner(client).ensure(objects);
        revisions.computeIfAbsent(release, r -> new ArrayList<>()).add(valuesYaml);
    }

    /** Helm's install takes over an existing object only when it carries the release's marks. */
    private void refuseUnmarked(String release, String namespace, List<HasMetadata> objects) {
        VclusterNames names = new VclusterNames("-", release, namespace);
        for (HasMetadata object : objects) {
            HasMetadata live = client.resource(object).get();
            if (live != null && !HelmAdoption.marked(live, names)) {
                String message = "rendered manifests contain a resource that already exists. Unable to continue "
                        + "with install: " + object.getKind() + " \"" + object.getMetadata().getName()
                        + "\" in namespace \"" + namespace + "\" exists and cannot be imported into the current "
                        + "release: invalid ownership metadata; label validation error: missing key \""
                        + HelmAdoption.MANAGED_BY + "\": must be set to \"Helm\"";
                throw new HelmException("helm upgrade --install " + release + " failed: " + message,
                        new IllegalStateException(message));
            }
        }
    }

    private void hold() {
        held.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("held Helm command interrupted (the facade stops)", e);
        }
    }

    @Override
    public List<Revision> history(String release, String namespace) {
        List<String> values = revisions.getOrDefault(release, List.of());
        List<Revision> history = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            history.add(new Revision(i + 1, i == values.size() - 1 ? "deployed" : "superseded", ""));
        }
        return history;
    }

    @Override
    public String values(String release, String namespace, int revision) {
        return revisions.get(release).get(revision - 1);
    }

    @Override
    public void uninstall(String release, String namespace) {
        revisions.remove(release);
    }

    /** The record's vcluster as the manifest path renders it, with what the values put on the StatefulSet. */
    @SuppressWarnings("unchecked")
    private List<HasMetadata> rendered(String release, Map<String, Object> values) {
        ServerRecord record = client.resources(ServerRecord.class).inNamespace(facadeNamespace).list().getItems()
                .stream().filter(r -> release.equals(r.getSpec().getRelease())).findFirst().orElseThrow();
        ServerSpec spec = record.getSpec();
        List<HasMetadata> objects = VclusterManifests.render(
                new VclusterNames(record.getMetadata().getName(), spec.getRelease(), spec.getHostNamespace()),
                FlavorSpec.of(Reconciler.flavorData(spec.getFlavor())), new ImageSpec(spec.getImageId(),
                        spec.getImage().chartVersion(), spec.getImage().kubernetesVersion(), spec.getImage().distro()),
                Reconciler.ownerLabels(record));
        Map<String, Object> statefulSetValues = (Map<String, Object>) ((Map<String, Object>) values
                .get("controlPlane")).get("statefulSet");
        for (HasMetadata object : objects) {
            if (object instanceof StatefulSet sts) {
                sts.getMetadata().getAnnotations().putAll((Map<String, String>) statefulSetValues.get("annotations"));
                sts.getSpec().getTemplate().getMetadata().getAnnotations().putAll((Map<String, String>)
                        ((Map<String, Object>) statefulSetValues.get("pods")).get("annotations"));
                if (statefulSetValues.get("highAvailability") instanceof Map<?, ?> availability) {
                    sts.getSpec().setReplicas((Integer) availability.get("replicas"));
                }
            }
        }
        return objects;
    }
}
