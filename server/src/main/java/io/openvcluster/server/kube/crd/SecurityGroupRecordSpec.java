package io.openvcluster.server.kube.crd;

import java.util.ArrayList;
import java.util.List;

/** A security group as Nova shows it: id (a UUID), name, description, owner project and its ingress rules. */
public class SecurityGroupRecordSpec {
    private String id;
    private String name;
    private String description;
    private String projectId;
    private List<SecurityGroupRule> rules = new ArrayList<>();
    private String createdAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public List<SecurityGroupRule> getRules() {
        return rules;
    }

    public void setRules(List<SecurityGroupRule> rules) {
        this.rules = rules == null ? new ArrayList<>() : rules;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
