package io.openvcluster.server.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Clock;

/**
 * Creates the default flavors and base images ({@link DefaultCatalog}) that are missing. Existing records are
 * left alone, so an operator's changes (a disabled flavor, a deleted image) survive restarts.
 */
final class CatalogSeeder {
    private CatalogSeeder() {
    }

    static void seed(KubernetesClient client, String namespace, Clock clock) {
        var flavors = client.resources(FlavorRecord.class).inNamespace(namespace);
        for (FlavorData flavor : DefaultCatalog.flavors()) {
            FlavorRecord record = CatalogRecords.flavorRecord(flavor, namespace);
            Backend.createIfAbsent(() -> flavors.resource(record).create(),
                    flavors.withName(Records.flavorName(flavor.id())).get() != null);
        }
        var images = client.resources(ImageRecord.class).inNamespace(namespace);
        String now = clock.instant().toString();
        for (DefaultCatalog.BaseImage image : DefaultCatalog.images()) {
            ImageRecord record = CatalogRecords.baseImageRecord(image, namespace, now);
            Backend.createIfAbsent(() -> images.resource(record).create(),
                    images.withName(Records.imageName(image.id())).get() != null);
        }
    }
}
