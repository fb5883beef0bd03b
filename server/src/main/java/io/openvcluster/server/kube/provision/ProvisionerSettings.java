package io.openvcluster.server.kube.provision;

import java.util.Locale;
import java.util.Optional;

/**
 * How vclusters are put on the host ({@code OVC_PROVISIONER}): {@code manifest} (the default: the chart's objects
 * rendered in Java, no native code, what the sandbox and sites that forbid Helm use) or {@code helm} (a Helm
 * release of vcluster's chart through the Helm embedded in helm-java, from {@link ChartSource}). docs/helm-provisioner.md
 * compares them.
 */
public record ProvisionerSettings(Kind kind, Optional<ChartSource> chart) {
    public enum Kind { MANIFEST, HELM }

    public ProvisionerSettings {
        if (kind == Kind.HELM && chart.isEmpty()) {
            throw new IllegalArgumentException("OVC_PROVISIONER=helm needs OVC_VCLUSTER_CHART: a chart repository URL "
                    + "(with OVC_VCLUSTER_CHART_VERSION or each image's chart version), an oci:// reference or a .tgz");
        }
    }

    public static ProvisionerSettings manifest() {
        return new ProvisionerSettings(Kind.MANIFEST, Optional.empty());
    }

    public static ProvisionerSettings helm(ChartSource chart) {
        return new ProvisionerSettings(Kind.HELM, Optional.of(chart));
    }

    /** From the three settings; the chart is read only for {@code helm}. */
    public static ProvisionerSettings of(Optional<String> provisioner, Optional<String> chart, Optional<String> version) {
        String kind = provisioner.map(p -> p.trim().toLowerCase(Locale.ROOT)).orElse("manifest");
        return switch (kind) {
            case "manifest" -> manifest();
            case "helm" -> new ProvisionerSettings(Kind.HELM, chart.map(c -> ChartSource.parse(c, version)));
            default -> throw new IllegalArgumentException("OVC_PROVISIONER must be manifest or helm, not '" + kind + "'");
        };
    }
}
