package io.openvcluster.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.config.Config;
import io.openvcluster.server.kube.provision.ChartSource;
import io.openvcluster.server.kube.provision.ProvisionerSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provisioner settings as the Helm chart passes them (environment variables). */
class ProvisionerEnvironmentTest {

    @Test
    void manifestWithoutSettings() {
        assertEquals(ProvisionerSettings.manifest(), OvcSettings.from(Config.empty(), Map.of()).backend().provisioner());
    }

    @Test
    void helmWithItsChartFromTheEnvironment() {
        ProvisionerSettings settings = OvcSettings.from(Config.empty(), Map.of("OVC_PROVISIONER", "helm",
                "OVC_VCLUSTER_CHART", "oci://registry.example.org/charts/vcluster",
                "OVC_VCLUSTER_CHART_VERSION", "0.36.1")).backend().provisioner();
        assertEquals(ProvisionerSettings.helm(new ChartSource(ChartSource.Type.OCI,
                "oci://registry.example.org/charts/vcluster", Optional.of("0.36.1"))), settings);
    }

    @Test
    void helmWithoutAChartStopsTheStart() {
        assertThrows(IllegalArgumentException.class,
                () -> OvcSettings.from(Config.empty(), Map.of("OVC_PROVISIONER", "helm")));
    }
}
