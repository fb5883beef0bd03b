package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterNames;
import io.openvcluster.translator.VclusterValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A server's vcluster as a Helm release of vcluster's chart: release {@code <release>} in namespace
 * {@code vcluster-<release>}, as {@code vcluster create} names them, so that the vcluster and helm CLIs see the
 * vclusters the facade made as their own.
 *
 * <p>Level-triggered like the rest of the reconciler: the desired release is the chart (source and version) plus
 * the values (the image's operator overlay under the facade's flavor and image values), summed up in a digest
 * ({@link HelmValues}); the live StatefulSet carries the digest of the release it runs. Helm is called only when the
 * two differ, so a steady vcluster costs no Helm call, and a facade stopped between the upgrade and its status write
 * repeats nothing (or, stopped during the upgrade, at most that one upgrade).
 *
 * <ul>
 *   <li>create and resize: {@code helm upgrade --install} with the values of the record's flavor and image;</li>
 *   <li>revert resize: what {@code helm rollback} does, since helm-java has no rollback command: a new revision with
 *       the previous revision's values (read back with {@code helm get values --revision}), when they are the
 *       release the record asks for again (the previous flavor); otherwise an upgrade to the record's values;</li>
 *   <li>rebuild to another Kubernetes version or chart version: an upgrade;</li>
 *   <li>delete: {@code helm uninstall}, then the reconciler removes what Helm leaves (data PVC, runtime Secrets) and
 *       the namespace.</li>
 * </ul>
 * A paused vcluster stays paused through an upgrade ({@link HelmValues#withPause}).
 */
public final class HelmProvisioner implements VclusterProvisioner {
    private static final System.Logger LOG = System.getLogger(HelmProvisioner.class.getName());

    private final HelmClient helm;
    private final ChartSource chart;
    private final Function<String, Map<String, Object>> overlays;
    private final Predicate<VclusterNames> installed;
    private final String archiveIdentity;
    private final Consumer<DesiredVcluster> adoption;

    /**
     * @param overlays  an image id's operator values (empty map when none)
     * @param installed whether the host shows the vcluster's control plane (from the cache): uninstall is skipped
     *                  once it is gone, the reconciler deletes the rest
     * @param archiveIdentity for a chart archive, what identifies its contents (e.g. its sha256), so that replacing
     *                  the file changes the release digest; ignored for other sources
     * @param adoption  marks the live objects of a vcluster the manifest provisioner made as the release's, so that
     *                  Helm's install adopts them ({@link HelmAdoption#stamp})
     */
    public HelmProvisioner(HelmClient helm, ChartSource chart, Function<String, Map<String, Object>> overlays,
                    Predicate<VclusterNames> installed, String archiveIdentity, Consumer<DesiredVcluster> adoption) {
        this.helm = helm;
        this.chart = chart;
        this.overlays = overlays;
        this.installed = installed;
        this.archiveIdentity = archiveIdentity;
        this.adoption = adoption;
    }

    /** The release as it should be: digests and the values to install (before the pause state is added). */
    record Release(String releaseDigest, String valuesDigest, Map<String, Object> values) {
    }

    Release release(DesiredVcluster desired) {
        Map<String, Object> facade = VclusterValues.values(desired.names(), desired.flavor(), desired.image());
        Map<String, Object> values = HelmValues.merged(overlays.apply(desired.image().id()), facade);
        String identity = chartIdentity(desired.image());
        String valuesDigest = HelmValues.digest(identity, facade);
        String releaseDigest = HelmValues.digest(identity, values);
        return new Release(releaseDigest, valuesDigest, HelmValues.withMarkers(values, releaseDigest, valuesDigest));
    }

    @Override
    public Provisioned ensure(DesiredVcluster desired) {
        HostObservation observed = desired.observed();
        Release release = release(desired);
        Optional<String> live = observed.workload().map(w -> w.annotations().get(HelmValues.RELEASE_DIGEST));
        if (live.filter(release.releaseDigest()::equals).isPresent()) {
            return Provisioned.NOTHING_NEW;
        }
        VclusterNames names = desired.names();
        Optional<Map<String, String>> paused = paused(desired);
        Optional<String> version = chart.versionFor(desired.image().chartVersion());
        if (observed.workload().isPresent() && revertPending(desired)
                && rollBack(names, release, paused, version)) {
            return Provisioned.NOTHING_NEW;
        }
        if (takesOver(observed)) {
            List<HelmClient.Revision> history = helm.history(names.release(), names.namespace());
            if (history.isEmpty()) {
                adopt(desired, release, paused, version);
                return Provisioned.NOTHING_NEW;
            }
            if (deployed(names, history.getLast(), release)) {
                return Provisioned.NOTHING_NEW; // the informer has not shown the StatefulSet of the last revision yet
            }
        }
        String verb = observed.workload().isPresent() ? "upgrade" : "install";
        helm.upgradeInstall(names.release(), names.namespace(), chart, version,
                HelmValues.yaml(HelmValues.withPause(release.values(), paused)),
                "open-vcluster-api " + verb + ": flavor " + desired.flavor().id() + ", image " + desired.image().id());
        return Provisioned.NOTHING_NEW; // Helm's answer is not read: the address comes with the informer
    }

    /**
     * A vcluster with no digest of ours on its StatefulSet: the manifest provisioner made it (a facade switched from
     * {@code manifest} to {@code helm}), or a Helm release was upgraded without our values. The reconciler then calls
     * {@link #ensure} even for an applied record; ensure adopts the former and upgrades the latter.
     */
    @Override
    public boolean takesOver(HostObservation observed) {
        return observed.workload().filter(w -> !w.annotations().containsKey(HelmValues.RELEASE_DIGEST)).isPresent();
    }

    /** True when {@code revision} is deployed with the values of {@code release}. */
    private boolean deployed(VclusterNames names, HelmClient.Revision revision, Release release) {
        return "deployed".equals(revision.status()) && HelmValues.releaseDigest(HelmValues.parse(
                helm.values(names.release(), names.namespace(), revision.number())))
                .filter(release.releaseDigest()::equals).isPresent();
    }

    /**
     * The manifest provisioner's vcluster taken over by a first install: its objects marked as the release's, then
     * installed, which Helm does by patching them to what the chart renders (the StatefulSet's immutable fields must
     * not change, or Helm refuses the install: a refusal that ends, repeated, in ERROR).
     */
    private void adopt(DesiredVcluster desired, Release release, Optional<Map<String, String>> paused,
                       Optional<String> version) {
        VclusterNames names = desired.names();
        LOG.log(System.Logger.Level.INFO, "vcluster " + names.release() + ": made by the manifest provisioner, "
                + "adopted into a Helm release");
        adoption.accept(desired);
        try {
            helm.upgradeInstall(names.release(), names.namespace(), chart, version,
                    HelmValues.yaml(HelmValues.withPause(release.values(), paused)),
                    "open-vcluster-api adoption of the manifest provisioner's vcluster: flavor "
                            + desired.flavor().id() + ", image " + desired.image().id());
        } catch (HelmClient.HelmException e) {
            throw new HelmClient.HelmException("cannot adopt the manifest provisioner's vcluster: " + e.getMessage(), e);
        }
    }

    /**
     * {@code helm rollback} by hand: the previous revision's values again, in a new revision, when they are the
     * release wanted now. False when they are not (the previous revision is another flavor, or was not ours).
     */
    private boolean rollBack(VclusterNames names, Release release, Optional<Map<String, String>> paused,
                             Optional<String> version) {
        List<HelmClient.Revision> history = helm.history(names.release(), names.namespace());
        if (history.size() < 2) {
            return false;
        }
        HelmClient.Revision previous = history.get(history.size() - 2);
        Map<String, Object> values = HelmValues.parse(helm.values(names.release(), names.namespace(),
                previous.number()));
        if (HelmValues.releaseDigest(values).filter(release.releaseDigest()::equals).isEmpty()) {
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "vcluster " + names.release() + ": revert to the values of revision "
                + previous.number());
        helm.upgradeInstall(names.release(), names.namespace(), chart, version,
                HelmValues.yaml(HelmValues.withPause(values, paused)),
                "Rollback to " + previous.number() + " (open-vcluster-api revert resize)");
        return true;
    }

    /** The facade's values digest on the pod template: known without a Helm call or the overlay. */
    @Override
    public Optional<RolloutMarker> marker(DesiredVcluster desired) {
        Map<String, Object> facade = VclusterValues.values(desired.names(), desired.flavor(), desired.image());
        return Optional.of(new RolloutMarker(HelmValues.VALUES_DIGEST,
                HelmValues.digest(chartIdentity(desired.image()), facade)));
    }

    @Override
    public void uninstall(VclusterNames names) {
        if (installed.test(names)) {
            helm.uninstall(names.release(), names.namespace());
        }
    }

    /** The chart as the digest sees it: source and version (an archive: its contents). */
    String chartIdentity(ImageSpec image) {
        return switch (chart.type()) {
            case ARCHIVE -> "archive " + archiveIdentity;
            case REPOSITORY, OCI -> chart.location() + "@" + chart.versionFor(image.chartVersion()).orElseThrow();
        };
    }

    private static boolean revertPending(DesiredVcluster desired) {
        return Records.pendingAction(desired.record()).filter(ActionRequest::revertsResize).isPresent();
    }

    /**
     * vcluster's pause annotations when the vcluster is (or, for a clone's first install, must start) paused: from
     * the live StatefulSet once it exists, else from the objects the manifest path would write.
     */
    static Optional<Map<String, String>> paused(DesiredVcluster desired) {
        Optional<HostObservation.Workload> workload = desired.observed().workload();
        Map<String, String> annotations = workload.isPresent() ? workload.get().annotations()
                : desired.objects().get().stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                        .findFirst().map(HasMetadata::getMetadata).map(m -> m.getAnnotations()).orElse(Map.of());
        if (annotations == null || !"true".equals(annotations.get(HostObservation.PAUSED_ANNOTATION))) {
            return Optional.empty();
        }
        return Optional.of(annotations.entrySet().stream().filter(e -> e.getKey().startsWith(HelmValues.PAUSE_PREFIX))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
    }
}
