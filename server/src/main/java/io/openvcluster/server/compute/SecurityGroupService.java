package io.openvcluster.server.compute;

import io.openvcluster.server.identity.Caller;
import java.util.List;

/**
 * The caller's security groups ({@code os-security-groups}, {@code os-security-group-rules}) and a server's
 * ({@code GET /servers/{id}/os-security-groups}).
 */
public final class SecurityGroupService {
    private final SecurityGroups groups;
    private final ServerRecords records;
    private final ServerSecurityGroups memberships;

    SecurityGroupService(SecurityGroups groups, ServerRecords records, ServerSecurityGroups memberships) {
        this.groups = groups;
        this.records = records;
        this.memberships = memberships;
    }

    /** {@code everyProject}: the {@code all_tenants} query parameter, honoured for admins only. */
    public List<SecurityGroupData> listSecurityGroups(Caller caller, boolean everyProject) {
        return groups.list(caller, everyProject);
    }

    public SecurityGroupData getSecurityGroup(Caller caller, String groupId) {
        return groups.get(caller, groupId);
    }

    public SecurityGroupData createSecurityGroup(Caller caller, String name, String description) {
        return groups.create(caller, name, description);
    }

    public SecurityGroupData updateSecurityGroup(Caller caller, String groupId, String name, String description) {
        return groups.update(caller, groupId, name, description);
    }

    public void deleteSecurityGroup(Caller caller, String groupId) {
        groups.delete(caller, groupId);
    }

    public SecurityGroupData.Rule createRule(Caller caller, NewSecurityGroupRule rule) {
        return groups.addRule(caller, rule);
    }

    public void deleteRule(Caller caller, String ruleId) {
        groups.deleteRule(caller, ruleId);
    }

    /** The groups of a server the caller can see (404 otherwise). */
    public List<SecurityGroupData> ofServer(Caller caller, String serverId) {
        return memberships.of(records.visible(caller, serverId));
    }
}
