package io.openvcluster.server.kube.provision;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the Helm provisioner takes vcluster's chart from ({@code OVC_VCLUSTER_CHART}):
 * <ul>
 *   <li>a chart repository URL ({@code http://} or {@code https://}): chart {@value #REPOSITORY_CHART} of that
 *       repository, as {@code helm upgrade --repo <url> vcluster --version <v>} does;</li>
 *   <li>an OCI reference ({@code oci://registry/path/vcluster}), as {@code helm upgrade oci://... --version <v>};</li>
 *   <li>a local chart archive ({@code .tgz}, any other value): for air-gapped sites; its version is the archive's.</li>
 * </ul>
 * The version ({@code OVC_VCLUSTER_CHART_VERSION}) pins one chart version for every image; without it each image's
 * own chart version is installed (the image record's {@code chart_version}), so that a rebuild to an image of a newer
 * vcluster upgrades the chart too.
 */
public record ChartSource(Type type, String location, Optional<String> version) {
    /** The chart's name in a chart repository. */
    public static final String REPOSITORY_CHART = "vcluster";

    public enum Type { REPOSITORY, OCI, ARCHIVE }

    public ChartSource {
        if (location.isBlank()) {
            throw new IllegalArgumentException("OVC_VCLUSTER_CHART must name a chart repository URL, an oci:// "
                    + "reference or a .tgz file");
        }
        if (type == Type.ARCHIVE && version.isPresent()) {
            throw new IllegalArgumentException("OVC_VCLUSTER_CHART_VERSION cannot apply to a chart archive ("
                    + location + "): the archive holds one version");
        }
    }

    public static ChartSource parse(String chart, Optional<String> version) {
        String lower = chart.toLowerCase(Locale.ROOT);
        Type type = lower.startsWith("oci://") ? Type.OCI
                : lower.startsWith("http://") || lower.startsWith("https://") ? Type.REPOSITORY
                : Type.ARCHIVE;
        String location = type == Type.REPOSITORY && chart.endsWith("/") ? chart.substring(0, chart.length() - 1) : chart;
        return new ChartSource(type, location, version.filter(v -> !v.isBlank()));
    }

    /** The chart version to install for an image of chart version {@code imageChartVersion}; empty for an archive. */
    public Optional<String> versionFor(String imageChartVersion) {
        return type == Type.ARCHIVE ? Optional.empty() : Optional.of(version.orElse(imageChartVersion));
    }
}
