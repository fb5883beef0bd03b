package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ReimageIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.provision.DesiredVcluster;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import java.util.List;
import java.util.function.Supplier;

/** What the reconciler asks the provisioner for: a server's vcluster as its flavor and image render it. */
final class Renders {
    private Renders() {
    }

    static DesiredVcluster desired(ServerRecord record, VclusterNames names, HostObservation observed,
                                   Supplier<List<HasMetadata>> objects, boolean emptyNamespace) {
        return new DesiredVcluster(record, names, FlavorSpec.of(Reconciler.flavorData(record.getSpec().getFlavor())),
                imageSpec(record), observed, objects, emptyNamespace);
    }

    /** The chart's objects for the record's flavor and image. */
    static List<HasMetadata> render(ServerRecord record, VclusterNames names) {
        return VclusterManifests.render(names, FlavorSpec.of(Reconciler.flavorData(record.getSpec().getFlavor())),
                imageSpec(record), Reconciler.ownerLabels(record));
    }

    /** The version to render: the spec's, or while a reimage has not wiped the store yet, the one it replaces. */
    private static ImageSpec imageSpec(ServerRecord record) {
        ImageSnapshot image = ReimageIntent.rendered(record);
        return new ImageSpec(record.getSpec().getImageId(), image.chartVersion(), image.kubernetesVersion(),
                image.distro());
    }
}
