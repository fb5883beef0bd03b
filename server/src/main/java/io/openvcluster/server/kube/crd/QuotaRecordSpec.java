package io.openvcluster.server.kube.crd;

import java.util.LinkedHashMap;
import java.util.Map;

/** A project's limits that differ from the defaults, by Nova resource name ({@code cores}, {@code ram}...). */
public class QuotaRecordSpec {
    private String projectId;
    private Map<String, Integer> limits = new LinkedHashMap<>();

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public Map<String, Integer> getLimits() {
        return limits;
    }

    public void setLimits(Map<String, Integer> limits) {
        this.limits = limits;
    }
}
