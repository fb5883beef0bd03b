package io.openvcluster.server.kube.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * A server group as Nova keeps it: its id (a UUID), name, project and user, its policy ({@code affinity},
 * {@code anti-affinity}, {@code soft-affinity}, {@code soft-anti-affinity}), the {@code max_server_per_host} rule of an
 * anti-affinity group (absent: 1), and the ids of the servers created in it (a deleted one is left out when read).
 */
public class ServerGroupRecordSpec {
    private String id;
    private String name;
    private String projectId;
    private String userId;
    private String policy;
    private Integer maxServerPerHost;
    private List<String> members = new ArrayList<>();
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

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public Integer getMaxServerPerHost() {
        return maxServerPerHost;
    }

    public void setMaxServerPerHost(Integer maxServerPerHost) {
        this.maxServerPerHost = maxServerPerHost;
    }

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
