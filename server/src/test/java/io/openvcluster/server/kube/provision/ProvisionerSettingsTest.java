package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisionerSettingsTest {

    @Test
    void manifestIsTheDefaultAndNeedsNoChart() {
        assertEquals(ProvisionerSettings.manifest(),
                ProvisionerSettings.of(Optional.empty(), Optional.of("ignored.tgz"), Optional.empty()));
        assertEquals(ProvisionerSettings.Kind.MANIFEST,
                ProvisionerSettings.of(Optional.of(" Manifest "), Optional.empty(), Optional.empty()).kind());
    }

    @Test
    void helmNeedsAChartAndOtherNamesAreRefused() {
        IllegalArgumentException noChart = assertThrows(IllegalArgumentException.class,
                () -> ProvisionerSettings.of(Optional.of("helm"), Optional.empty(), Optional.empty()));
        assertTrue(noChart.getMessage().contains("OVC_VCLUSTER_CHART"), noChart.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProvisionerSettings.of(Optional.of("kustomize"), Optional.empty(), Optional.empty()));
    }

    @Test
    void theChartSourceIsToldFromItsForm() {
        ChartSource repository = ChartSource.parse("https://charts.example.org/", Optional.of("0.36.1"));
        assertEquals(new ChartSource(ChartSource.Type.REPOSITORY, "https://charts.example.org", Optional.of("0.36.1")),
                repository);
        assertEquals(Optional.of("0.36.1"), repository.versionFor("0.30.0"), "a pinned version wins");
        ChartSource oci = ChartSource.parse("OCI://registry.example.org/vcluster", Optional.of(" "));
        assertEquals(ChartSource.Type.OCI, oci.type());
        assertEquals(Optional.of("0.30.0"), oci.versionFor("0.30.0"), "unpinned: the image's chart version");
        ChartSource archive = ChartSource.parse("/charts/vcluster-0.36.1.tgz", Optional.empty());
        assertEquals(ChartSource.Type.ARCHIVE, archive.type());
        assertEquals(Optional.empty(), archive.versionFor("0.30.0"));
        assertThrows(IllegalArgumentException.class,
                () -> ChartSource.parse("/charts/vcluster-0.36.1.tgz", Optional.of("0.36.1")));
    }

    @Test
    void aMissingArchiveIsRefusedAtStart() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ChartArchives.identity(ChartSource.parse("/nowhere/vcluster.tgz", Optional.empty())));
        assertTrue(missing.getMessage().contains("/nowhere/vcluster.tgz"), missing.getMessage());
        assertEquals("", ChartArchives.identity(ChartSource.parse("oci://r.example.org/v", Optional.empty())));
    }
}
