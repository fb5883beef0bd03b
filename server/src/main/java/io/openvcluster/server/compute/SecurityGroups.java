package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.SecurityGroupRecordSpec;
import io.openvcluster.server.kube.crd.SecurityGroupRule;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A project's security groups, one {@link SecurityGroupRecord} each, with their rules. Groups belong to one project:
 * another project's group is not found, and a rule's remote group must be the caller's own. The {@code default}
 * group is made on first use (a list, or a server created without naming a group), as OpenStack makes it, with
 * one rule that admits its own members. Names are unique within a project (a name finds one group).
 * A change of rules wakes the reconciler for each member server: their NetworkPolicies follow.
 */
final class SecurityGroups {
    static final String DEFAULT = "default";

    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final ProjectQuotas quotas;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;

    SecurityGroups(KubernetesClient client, RecordStore store, RecordWriter writer, ProjectQuotas quotas,
                   Consumer<String> wakeReconciler, Clock clock) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.quotas = quotas;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
    }

    /**
     * The caller's project's groups, by name; an admin asking for every project's gets them all, as Nova's Neutron
     * driver lists them (a member asking for them gets their own project's, as there).
     */
    List<SecurityGroupData> list(Caller caller, boolean everyProject) {
        ensureDefault(caller.projectId());
        List<SecurityGroupRecord> records = everyProject && caller.isAdmin() ? store.allSecurityGroups()
                : store.securityGroupsOfProject(caller.projectId());
        return records.stream().map(this::data)
                .sorted(Comparator.comparing(SecurityGroupData::name).thenComparing(SecurityGroupData::id)).toList();
    }

    SecurityGroupData get(Caller caller, String groupId) {
        return data(own(caller, groupId));
    }

    SecurityGroupData create(Caller caller, String name, String description) {
        if (byName(caller.projectId(), name).isPresent()) {
            throw ApiException.badRequest("Security group " + name + " already exists");
        }
        quotas.admitSecurityGroup(caller.projectId());
        return data(write(caller.projectId(), name, description, List.of()));
    }

    SecurityGroupData update(Caller caller, String groupId, String name, String description) {
        SecurityGroupRecord group = own(caller, groupId);
        if (DEFAULT.equals(group.getSpec().getName()) && !DEFAULT.equals(name)) {
            throw ApiException.badRequest("Unable to update system group '" + DEFAULT + "'");
        }
        if (!name.equals(group.getSpec().getName()) && byName(caller.projectId(), name).isPresent()) {
            throw ApiException.badRequest("Security group " + name + " already exists");
        }
        return data(change(group, g -> {
            g.getSpec().setName(name);
            g.getSpec().setDescription(description);
        }));
    }

    void delete(Caller caller, String groupId) {
        SecurityGroupRecord group = own(caller, groupId);
        if (DEFAULT.equals(group.getSpec().getName())) {
            throw ApiException.badRequest("Unable to delete system group '" + DEFAULT + "'");
        }
        if (!members(group).isEmpty()) {
            throw ApiException.badRequest("Security Group " + groupId + " in use.");
        }
        // as Neutron behind Nova: the rules of other groups that name this one as their remote group go with it
        // (first, so that no rule is ever left naming a group that is gone)
        store.securityGroupsOfProject(caller.projectId()).stream()
                .filter(other -> !other.getSpec().getId().equals(groupId))
                .filter(other -> other.getSpec().getRules().stream().anyMatch(r -> groupId.equals(r.remoteGroupId())))
                .forEach(other -> change(other, g -> g.getSpec().getRules()
                        .removeIf(r -> groupId.equals(r.remoteGroupId()))));
        writer.delete(SecurityGroupRecord.class, group);
    }

    SecurityGroupData.Rule addRule(Caller caller, NewSecurityGroupRule request) {
        SecurityGroupRecord parent = own(caller, request.parentGroupId());
        Optional<String> remote = request.groupId().map(id -> own(caller, id).getSpec().getId());
        SecurityGroupRule rule = SecurityGroupRules.parse(request, remote);
        boolean duplicate = parent.getSpec().getRules().stream().anyMatch(r -> sameTraffic(r, rule));
        if (duplicate) {
            throw ApiException.badRequest("This rule already exists in group " + parent.getSpec().getId());
        }
        quotas.admitSecurityGroupRule(caller.projectId(), parent.getSpec().getRules().size());
        SecurityGroupRecord written = change(parent, g -> g.getSpec().getRules().add(rule));
        return rule(written.getSpec(), rule);
    }

    void deleteRule(Caller caller, String ruleId) {
        SecurityGroupRecord parent = store.securityGroupsOfProject(caller.projectId()).stream()
                .filter(g -> g.getSpec().getRules().stream().anyMatch(r -> ruleId.equals(r.id())))
                .findFirst().orElseThrow(() -> ApiException.notFound("Security group rule " + ruleId
                        + " could not be found."));
        change(parent, g -> g.getSpec().getRules().removeIf(r -> ruleId.equals(r.id())));
    }

    /**
     * The id of the group an action names, without making anything: the project's {@code default} group has its id
     * before it is made ({@link #defaultId}), so a request that is then refused leaves no group behind. 404 for
     * another unknown group.
     */
    String idOf(Caller caller, String nameOrId) {
        return find(caller, nameOrId).map(g -> g.getSpec().getId())
                .or(() -> DEFAULT.equals(nameOrId) ? Optional.of(defaultId(caller.projectId())) : Optional.empty())
                .orElseThrow(() -> notFound(nameOrId));
    }

    /** A group of the caller's project by id or, failing that, by name (as Nova finds the group an action names). */
    private Optional<SecurityGroupRecord> find(Caller caller, String nameOrId) {
        return store.securityGroup(nameOrId).filter(g -> caller.projectId().equals(g.getSpec().getProjectId()))
                .or(() -> byName(caller.projectId(), nameOrId));
    }

    /** The id of a project's {@code default} group, one per project (a name-based UUID), made or not yet. */
    static String defaultId(String projectId) {
        return UUID.nameUUIDFromBytes(("default-security-group/" + projectId).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** Makes the project's {@code default} group if a server names its id ({@link #idOf}) and it is not made yet. */
    void ensureDefaultIfNamed(String projectId, List<String> groupIds) {
        if (groupIds.contains(defaultId(projectId))) {
            ensureDefault(projectId);
        }
    }

    /** The project's {@code default} group, made now if it has none yet (it does not count against the quota). */
    SecurityGroupRecord ensureDefault(String projectId) {
        Optional<SecurityGroupRecord> existing = byName(projectId, DEFAULT);
        if (existing.isPresent()) {
            return existing.get();
        }
        // one id per project: two replicas making it at once make one record, and the second create gets a 409
        String id = defaultId(projectId);
        SecurityGroupRule own = new SecurityGroupRule(UUID.nameUUIDFromBytes(("default-rule/" + id).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString(), null, null, null, null, id, null);
        return write(projectId, DEFAULT, "Default security group", List.of(own), id);
    }

    /** The groups a server is in, as their records (a group deleted meanwhile is left out). */
    List<SecurityGroupData> ofServer(ServerRecord server) {
        return Optional.ofNullable(server.getSpec().getSecurityGroups()).orElse(List.of()).stream()
                .map(store::securityGroup).flatMap(Optional::stream).map(this::data).toList();
    }

    /** The names of a server's groups, for its view. */
    List<String> names(ServerRecord server) {
        return ofServer(server).stream().map(SecurityGroupData::name).toList();
    }

    private List<ServerRecord> members(SecurityGroupRecord group) {
        String id = group.getSpec().getId();
        return store.serversOfProject(group.getSpec().getProjectId()).stream()
                .filter(s -> !s.getSpec().isDeleteRequested())
                .filter(s -> s.getSpec().getSecurityGroups() != null && s.getSpec().getSecurityGroups().contains(id))
                .toList();
    }

    private SecurityGroupRecord own(Caller caller, String groupId) {
        return store.securityGroup(groupId).filter(g -> caller.projectId().equals(g.getSpec().getProjectId()))
                .orElseThrow(() -> notFound(groupId));
    }

    private Optional<SecurityGroupRecord> byName(String projectId, String name) {
        return store.securityGroupsOfProject(projectId).stream().filter(g -> name.equals(g.getSpec().getName()))
                .findFirst();
    }

    private SecurityGroupRecord write(String projectId, String name, String description, List<SecurityGroupRule> rules) {
        return write(projectId, name, description, rules, UUID.randomUUID().toString());
    }

    private SecurityGroupRecord write(String projectId, String name, String description, List<SecurityGroupRule> rules,
                                      String id) {
        SecurityGroupRecord record = new SecurityGroupRecord();
        record.getMetadata().setName(Records.securityGroupName(id));
        record.getMetadata().setNamespace(store.namespace());
        SecurityGroupRecordSpec spec = record.getSpec();
        spec.setId(id);
        spec.setName(name);
        spec.setDescription(description);
        spec.setProjectId(projectId);
        spec.setRules(new ArrayList<>(rules));
        spec.setCreatedAt(clock.instant().toString());
        try {
            return store.created(client.resources(SecurityGroupRecord.class).inNamespace(store.namespace())
                    .resource(record).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && DEFAULT.equals(name)) {
                // another request made the project's default group first: it is this one, once the cache has it
                return store.securityGroup(id).orElseThrow(() -> ApiException.conflict("The project's default "
                        + "security group is being made by another request; please retry."));
            }
            throw RecordWriter.unavailable(e);
        }
    }

    private SecurityGroupRecord change(SecurityGroupRecord group, Consumer<SecurityGroupRecord> change) {
        String id = group.getSpec().getId();
        SecurityGroupRecord written = writer.update(SecurityGroupRecord.class, () -> store.securityGroup(id), change,
                false, () -> notFound(id));
        members(written).forEach(s -> wakeReconciler.accept(s.getMetadata().getName()));
        return written;
    }

    private SecurityGroupData data(SecurityGroupRecord record) {
        SecurityGroupRecordSpec spec = record.getSpec();
        return new SecurityGroupData(spec.getId(), spec.getName(), Objects.requireNonNullElse(spec.getDescription(), ""),
                spec.getProjectId(), spec.getRules().stream().map(r -> rule(spec, r)).toList());
    }

    private SecurityGroupData.Rule rule(SecurityGroupRecordSpec parent, SecurityGroupRule r) {
        Optional<SecurityGroupData.RemoteGroup> remote = Optional.ofNullable(r.remoteGroupId())
                .map(id -> store.securityGroup(id).map(g -> new SecurityGroupData.RemoteGroup(id,
                        g.getSpec().getName(), g.getSpec().getProjectId()))
                        .orElse(new SecurityGroupData.RemoteGroup(id, "", parent.getProjectId())));
        return new SecurityGroupData.Rule(r.id(), parent.getId(), Optional.ofNullable(r.protocol()),
                Optional.ofNullable(r.fromPort()), Optional.ofNullable(r.toPort()), Optional.ofNullable(r.cidr()),
                remote);
    }

    private static boolean sameTraffic(SecurityGroupRule a, SecurityGroupRule b) {
        return Objects.equals(a.protocol(), b.protocol()) && Objects.equals(a.fromPort(), b.fromPort())
                && Objects.equals(a.toPort(), b.toPort()) && Objects.equals(a.ipBlock(), b.ipBlock())
                && Objects.equals(a.remoteGroupId(), b.remoteGroupId());
    }

    static ApiException notFound(String group) {
        return ApiException.notFound("Security group " + group + " not found.");
    }
}
