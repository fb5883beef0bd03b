package io.openvcluster.server.kube.records;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.testing.SlowHost;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each start creates the default flavors and images that are missing and leaves the others as they are. */
class CatalogSeederTest {
    private static final String NAMESPACE = "ovc-catalog-test";

    /** A sandbox cluster of its own (how fast its host is does not matter here). */
    @RegisterExtension
    final SlowHost cluster = new SlowHost(Duration.ofMillis(100));

    @Test
    void createsWhatIsMissingAndLeavesWhatIsThere() {
        CatalogSeeder.seed(cluster.client(), NAMESPACE, Clock.systemUTC());
        assertEquals(DefaultCatalog.flavors().size(), flavors().list().getItems().size());
        assertEquals(imageNames(), names(images().list().getItems()));

        // an operator disables a default flavor; a default image goes missing
        String flavorName = Records.flavorName(DefaultCatalog.flavors().getFirst().id());
        FlavorRecord disabled = flavors().withName(flavorName).get();
        disabled.getSpec().setDisabled(true);
        flavors().resource(disabled).update();
        String imageName = Records.imageName(DefaultCatalog.images().getFirst().id());
        images().withName(imageName).delete();
        await("the image deleted", () -> images().withName(imageName).get() == null);

        CatalogSeeder.seed(cluster.client(), NAMESPACE, Clock.systemUTC());

        assertTrue(flavors().withName(flavorName).get().getSpec().isDisabled(),
                "the operator's change was overwritten");
        assertEquals(DefaultCatalog.flavors().size(), flavors().list().getItems().size());
        assertEquals(imageNames(), names(images().list().getItems()));
    }

    private static Set<String> imageNames() {
        return DefaultCatalog.images().stream().map(i -> Records.imageName(i.id())).collect(Collectors.toSet());
    }

    private static Set<String> names(List<ImageRecord> images) {
        return images.stream().map(i -> i.getMetadata().getName()).collect(Collectors.toSet());
    }

    private NonNamespaceOperation<FlavorRecord, KubernetesResourceList<FlavorRecord>, Resource<FlavorRecord>>
            flavors() {
        return cluster.client().resources(FlavorRecord.class).inNamespace(NAMESPACE);
    }

    private NonNamespaceOperation<ImageRecord, KubernetesResourceList<ImageRecord>, Resource<ImageRecord>> images() {
        return cluster.client().resources(ImageRecord.class).inNamespace(NAMESPACE);
    }
}
