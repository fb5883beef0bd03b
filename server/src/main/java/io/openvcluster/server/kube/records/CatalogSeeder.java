package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the default flavors and base images ({@link DefaultCatalog}) that are missing. Existing records are
 * left alone, so an operator's changes (a disabled flavor, a deleted image) survive restarts.
 */
public final class CatalogSeeder {
    private CatalogSeeder() {
    }

    public static void seed(KubernetesClient client, String namespace, Clock clock) {
        // one list per kind, not a read per default record: every start runs this before it serves (the catalog
        // informers list the same records right after)
        var flavors = client.resources(FlavorRecord.class).inNamespace(namespace);
        Set<String> flavorsThere = names(flavors.list().getItems());
        for (FlavorData flavor : DefaultCatalog.flavors()) {
            FlavorRecord record = CatalogRecords.flavorRecord(flavor, namespace);
            CrdResources.createIfAbsent(() -> flavors.resource(record).create(),
                    flavorsThere.contains(Records.flavorName(flavor.id())));
        }
        var images = client.resources(ImageRecord.class).inNamespace(namespace);
        Set<String> imagesThere = names(images.list().getItems());
        String now = clock.instant().toString();
        for (DefaultCatalog.BaseImage image : DefaultCatalog.images()) {
            ImageRecord record = CatalogRecords.baseImageRecord(image, namespace, now);
            CrdResources.createIfAbsent(() -> images.resource(record).create(),
                    imagesThere.contains(Records.imageName(image.id())));
        }
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
