package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.ReimageIntent;
import io.openvcluster.server.kube.crd.RestoreIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.records.CatalogRecords;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code rebuild}. A VM's rebuild reinstalls its disk from an image; a vcluster's state is its backing store, so:
 * <ul>
 *   <li>a <b>snapshot image</b>: vcluster's restore of that snapshot into the server ({@code RebuildProgress}): the
 *       server keeps its identity (namespace, Service, kubeconfig) and gets the snapshot's objects back;</li>
 *   <li>a <b>base image</b> of the same distro: Nova's reimage ({@code ReimageProgress}): the vcluster's state wiped
 *       (its data volume and the objects it synced to the host deleted) and the image's version installed fresh in
 *       the same namespace, any version, up or down;</li>
 *   <li>a <b>base image with {@code preserve_ephemeral}</b>: the state kept (Nova keeps the ephemeral disk), so the
 *       vcluster re-rendered with the image's Kubernetes version, which must be the current minor or the next one
 *       (Kubernetes upgrades one minor at a time and never downgrades a control plane).</li>
 * </ul>
 * Anything else is refused before anything changes (400). The request's name, metadata and description are applied
 * with the intent in one write; the server ends ACTIVE, or SHUTOFF when it was stopped.
 *
 * <p>And {@code rescue}, the other verb that names an image to run: Nova's guards, the rescue image if one is named (a
 * base image: its vcluster version runs the rescue pod; 400 for one that cannot be found, or for a snapshot, which is
 * not a program to run), then one spec write: the power intent RESCUED, the rescue image and the action. The
 * reconciler stops the vcluster and starts the rescue pod ({@code RescueProgress}); {@code unrescue} is a power verb.
 */
final class ServerRebuilds {
    private final RecordWriter writer;
    private final Catalog catalog;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Function<String, ApiException> notFound;

    ServerRebuilds(RecordWriter writer, Catalog catalog, Consumer<String> wakeReconciler, Clock clock,
                   Function<String, ApiException> notFound) {
        this.writer = writer;
        this.catalog = catalog;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.notFound = notFound;
    }

    ServerRecord rebuild(Caller caller, ServerRecord visible, ServerAction.Rebuild action) {
        String serverId = visible.getMetadata().getName();
        ImageRecord image = catalog.imageForServer(caller, ServerRecords.lastPathSegment(action.imageRef()));
        Optional<String> archive = CatalogRecords.snapshotArchive(image);
        String now = clock.instant().toString();
        ServerRecord written = writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            ServerSpec spec = r.getSpec();
            ImageRequirements.check(image, spec.getFlavor());
            // what the host runs: a reimage that failed before its wipe left the previous version there
            ImageSnapshot running = ReimageIntent.rendered(r);
            spec.setReimage(null);
            if (archive.isPresent()) {
                checkRestorable(serverId, image, archive.get(), running);
                spec.setRestore(new RestoreIntent(caller.requestId(), image.getSpec().getId(), archive.get(), false));
            } else if (action.preserveEphemeral()) {
                checkUpgrade(image, running);
            } else {
                checkSameDistro(image, running);
                spec.setReimage(new ReimageIntent(caller.requestId(), running));
            }
            String vmState = ServerViews.vmState(r);
            String target = ServerStates.STOPPED.equals(vmState) ? ServerStates.STOPPED : ServerStates.ACTIVE;
            if (!ServerStates.STOPPED.equals(vmState)) {
                spec.setPowerIntent(PowerIntents.RUNNING);
            }
            spec.setImageId(image.getSpec().getId());
            spec.setImage(new ImageSnapshot(image.getSpec().getChartVersion(), image.getSpec().getKubernetesVersion(),
                    image.getSpec().getDistro()));
            action.serverName().ifPresent(spec::setName);
            action.metadata().ifPresent(m -> spec.setMetadata(new LinkedHashMap<>(m)));
            action.description().ifPresent(spec::setDescription);
            action.diskConfig().ifPresent(d -> spec.setDiskConfig(d.name()));
            spec.setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(), caller.projectId(),
                    now, ServerStates.REBUILDING, vmState, target, null));
            spec.setChangedAt(now);
        }, false, () -> notFound.apply(serverId));
        wakeReconciler.accept(serverId);
        return written;
    }

    /**
     * A {@code container://} archive lives on the volume of the server it was taken from: only that server can
     * restore it. vcluster restores into the same distro only.
     */
    private static void checkRestorable(String serverId, ImageRecord image, String url, ImageSnapshot running) {
        String source = image.getSpec().getProperties().get(CatalogRecords.PROP_INSTANCE_UUID);
        if (url.startsWith("container://") && !serverId.equals(source)) {
            throw ApiException.badRequest("Image " + image.getSpec().getId() + " is stored on the volume of server "
                    + source + " (container:// snapshot store): it can only be restored into that server.");
        }
        if (!running.distro().equals(image.getSpec().getDistro())) {
            throw ApiException.badRequest("Image " + image.getSpec().getId() + " is a " + image.getSpec().getDistro()
                    + " snapshot; this server runs " + running.distro() + ".");
        }
    }

    /**
     * A reimage installs the image's version fresh, up or down, but in the same distro: the release's objects (and
     * the chart values) are those of its distro; another distro is another server.
     */
    private static void checkSameDistro(ImageRecord image, ImageSnapshot current) {
        if (!current.distro().equals(image.getSpec().getDistro())) {
            throw ApiException.badRequest("Cannot rebuild from a " + current.distro() + " vcluster to the "
                    + image.getSpec().getDistro() + " distro: vcluster cannot change the distro of an existing "
                    + "virtual cluster.");
        }
    }

    /** {@code preserve_ephemeral}: the state kept, so only what Kubernetes can upgrade in place. */
    private static void checkUpgrade(ImageRecord image, ImageSnapshot current) {
        var next = image.getSpec();
        checkSameDistro(image, current);
        int[] from = majorMinor(current.kubernetesVersion());
        int[] to = majorMinor(next.getKubernetesVersion());
        boolean sameOrNextMinor = from[0] == to[0] && (to[1] == from[1] || to[1] == from[1] + 1);
        if (!sameOrNextMinor) {
            throw ApiException.badRequest("Cannot rebuild from Kubernetes " + current.kubernetesVersion() + " to "
                    + next.getKubernetesVersion() + " keeping its state (preserve_ephemeral): a control plane is "
                    + "upgraded one minor version at a time and never downgraded. Without preserve_ephemeral a "
                    + "rebuild installs any version afresh, its state wiped.");
        }
        if (compare(next.getChartVersion(), current.chartVersion()) < 0) {
            throw ApiException.badRequest("Cannot rebuild with vcluster chart " + next.getChartVersion()
                    + ", older than the server's " + current.chartVersion() + ".");
        }
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.replaceFirst("^v", "").split("\\.");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Unreadable Kubernetes version " + version + ".");
        }
    }

    /** Dotted numeric versions, numerically; a non-numeric part compares as text. */
    private static int compare(String a, String b) {
        String[] x = a.replaceFirst("^v", "").split("[.-]");
        String[] y = b.replaceFirst("^v", "").split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            try {
                c = Integer.compare(Integer.parseInt(p), Integer.parseInt(q));
            } catch (NumberFormatException e) {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Records the rescue (its guards, the power intent and the request); an {@code adminPass} asked for sets nothing. */
    void rescue(Caller caller, ServerRecord visible, ServerAction.Rescue action) {
        String id = visible.getMetadata().getName();
        ActionGuards.checkLock(caller, visible);
        ActionGuards.checkState(action, visible);
        Optional<ImageSnapshot> rescueImage = action.rescueImageRef().map(ref -> {
            ImageRecord image = catalog.imageForServer(caller, ServerRecords.lastPathSegment(ref));
            if (CatalogRecords.snapshotArchive(image).isPresent()) {
                throw ApiException.badRequest("Image " + image.getSpec().getId() + " is a snapshot: a rescue runs a "
                        + "vcluster version (a base image), not a snapshot.");
            }
            return new ImageSnapshot(image.getSpec().getChartVersion(), image.getSpec().getKubernetesVersion(),
                    image.getSpec().getDistro());
        });
        String now = clock.instant().toString();
        writer.update(ServerRecord.class, () -> Optional.of(visible), r -> {
            ActionGuards.checkLock(caller, r);
            ActionGuards.checkState(action, r);
            r.getSpec().setPowerIntent(PowerIntents.RESCUED);
            r.getSpec().setRescueImage(rescueImage.orElse(null));
            r.getSpec().setAction(new ActionRequest(action.name(), caller.requestId(), caller.userId(),
                    caller.projectId(), now, ServerStates.RESCUING, ServerViews.vmState(r), ServerStates.RESCUED,
                    null));
        }, false, () -> notFound.apply(id));
        wakeReconciler.accept(id);
    }
}
