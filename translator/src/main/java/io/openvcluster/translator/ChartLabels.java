package io.openvcluster.translator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the vcluster chart puts on every object it renders; {@code vcluster list} finds releases by them. */
public final class ChartLabels {
    public static final String APP = "app";
    public static final String APP_VCLUSTER = "vcluster";
    public static final String CHART = "chart";
    public static final String RELEASE = "release";
    public static final String HERITAGE = "heritage";

    private ChartLabels() {
    }

    /** {@code app: vcluster, chart: vcluster-<chartVersion>, release: <release>, heritage: Helm}. */
    public static Map<String, String> of(VclusterNames names, String chartVersion) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, APP_VCLUSTER);
        labels.put(CHART, "vcluster-" + chartVersion);
        labels.put(RELEASE, names.release());
        labels.put(HERITAGE, "Helm");
        return labels;
    }

    /** {@code app: vcluster, release: <release>}: the selector of the StatefulSet and both Services, and the pod labels. */
    public static Map<String, String> selector(VclusterNames names) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, APP_VCLUSTER);
        labels.put(RELEASE, names.release());
        return labels;
    }
}
