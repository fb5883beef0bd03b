package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterNames;
import java.util.List;
import java.util.function.Supplier;

/**
 * One server's vcluster as the reconciler wants it: its names, flavor and image, what the host shows now, and the
 * chart's objects as the manifest path writes them (rendered lazily: the Helm path needs them only for a clone's
 * first install, which starts paused).
 *
 * @param objects the rendered objects, with the StatefulSet's replicas left to the power operations once it exists
 *                and a clone's first install paused ({@code PowerOperations.withoutReplicas},
 *                {@code RebuildProgress.forFirstInstall})
 * @param emptyNamespace true when the reconciler's pass has just created the host namespace, so that none of the
 *                       objects can exist yet (the manifest path then creates them without reading them first)
 */
public record DesiredVcluster(ServerRecord record, VclusterNames names, FlavorSpec flavor, ImageSpec image,
                       HostObservation observed, Supplier<List<HasMetadata>> objects, boolean emptyNamespace) {

    /** A vcluster whose namespace may already hold some of its objects. */
    DesiredVcluster(ServerRecord record, VclusterNames names, FlavorSpec flavor, ImageSpec image,
                    HostObservation observed, Supplier<List<HasMetadata>> objects) {
        this(record, names, flavor, image, observed, objects, false);
    }
}
