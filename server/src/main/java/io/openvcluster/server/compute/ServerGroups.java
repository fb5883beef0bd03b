package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerGroupRecord;
import io.openvcluster.server.kube.crd.ServerGroupRecordSpec;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Nova's server groups, whose policies place servers across host clusters: {@code affinity} keeps the group's servers
 * on one host cluster, {@code anti-affinity} puts at most {@code max_server_per_host} (1 unless the rule says more) on
 * each, and the soft variants prefer that without refusing. A group belongs to a project; its members are the servers
 * created in it (a member deleted since is left out when read). Nova's quotas: groups per project, members per group.
 */
public final class ServerGroups {
    public static final Set<String> POLICIES = Set.of("affinity", "anti-affinity", "soft-affinity",
            "soft-anti-affinity");

    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final ProjectQuotas quotas;
    private final Clock clock;

    ServerGroups(KubernetesClient client, RecordStore store, RecordWriter writer, ProjectQuotas quotas, Clock clock) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.quotas = quotas;
        this.clock = clock;
    }

    public ServerGroupData create(Caller caller, String name, String policy, Optional<Integer> maxServerPerHost) {
        quotas.admitServerGroup(caller.projectId());
        ServerGroupRecord record = new ServerGroupRecord();
        String id = UUID.randomUUID().toString();
        record.getMetadata().setName(Records.serverGroupName(id));
        record.getMetadata().setNamespace(store.namespace());
        ServerGroupRecordSpec spec = record.getSpec();
        spec.setId(id);
        spec.setName(name);
        spec.setProjectId(caller.projectId());
        spec.setUserId(caller.userId());
        spec.setPolicy(policy);
        spec.setMaxServerPerHost(maxServerPerHost.orElse(null));
        spec.setCreatedAt(clock.instant().toString());
        try {
            return data(store.created(client.resources(ServerGroupRecord.class).inNamespace(store.namespace())
                    .resource(record).create()));
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
    }

    /** The caller's project's groups, oldest first; an admin's {@code all_projects} gets every project's. */
    public List<ServerGroupData> list(Caller caller, boolean allProjects) {
        List<ServerGroupRecord> records = allProjects && caller.isAdmin() ? store.allServerGroups()
                : store.serverGroupsOfProject(caller.projectId());
        return records.stream()
                .sorted(Comparator.comparing((ServerGroupRecord g) -> g.getSpec().getCreatedAt())
                        .thenComparing(g -> g.getSpec().getId()))
                .map(this::data).toList();
    }

    public ServerGroupData get(Caller caller, String groupId) {
        return data(visible(caller, groupId));
    }

    public void delete(Caller caller, String groupId) {
        writer.delete(ServerGroupRecord.class, visible(caller, groupId));
    }

    /** A group the caller may use: its project's, or any for an admin; 404 otherwise, as Nova. */
    ServerGroupRecord visible(Caller caller, String groupId) {
        return store.serverGroup(groupId)
                .filter(g -> caller.isAdmin() || caller.projectId().equals(g.getSpec().getProjectId()))
                .orElseThrow(() -> ApiException.notFound("Instance group " + groupId + " could not be found."));
    }

    /**
     * The group a new server names in its scheduler hints, checked before anything is created: it must exist and be
     * the caller's (400 otherwise, as Nova refuses a hint naming no group), with room for {@code count} members.
     */
    ServerGroupRecord forNewServers(Caller caller, String groupId, int count) {
        ServerGroupRecord group = store.serverGroup(groupId)
                .filter(g -> caller.isAdmin() || caller.projectId().equals(g.getSpec().getProjectId()))
                .orElseThrow(() -> ApiException.badRequest("Invalid input for field/attribute group. Value: "
                        + groupId + ". Instance group " + groupId + " could not be found."));
        quotas.admitServerGroupMembers(group.getSpec().getProjectId(), members(group.getSpec()).size(), count);
        return group;
    }

    /** Records a server created in the group. */
    void addMember(ServerGroupRecord group, String serverId) {
        writer.update(ServerGroupRecord.class, () -> store.serverGroup(group.getSpec().getId()),
                g -> g.getSpec().getMembers().add(serverId), false,
                () -> ApiException.conflict("Server group " + group.getSpec().getId() + " was deleted meanwhile."));
    }

    /**
     * Whether the group's policy lets one more of its members on a host cluster that has {@code onHost} of them
     * already, and {@code placedElsewhere} on other hosts: an affinity group follows its first member, an
     * anti-affinity group holds at most {@code max_server_per_host} per host; the soft policies always let it (they
     * only rank hosts, and this facade has one).
     */
    static boolean admits(ServerGroupRecordSpec group, int onHost, int placedElsewhere) {
        return switch (group.getPolicy()) {
            case "affinity" -> placedElsewhere == 0;
            case "anti-affinity" -> onHost < Optional.ofNullable(group.getMaxServerPerHost()).orElse(1);
            default -> true;
        };
    }

    /** The members that still exist, in the order they were made. */
    List<ServerRecord> liveMembers(ServerGroupRecordSpec group) {
        List<ServerRecord> live = new ArrayList<>();
        for (String id : group.getMembers()) {
            store.server(id).filter(s -> !s.getSpec().isDeleteRequested()).ifPresent(live::add);
        }
        return live;
    }

    private List<String> members(ServerGroupRecordSpec group) {
        return liveMembers(group).stream().map(s -> s.getMetadata().getName()).toList();
    }

    private ServerGroupData data(ServerGroupRecord record) {
        ServerGroupRecordSpec spec = record.getSpec();
        return new ServerGroupData(spec.getId(), spec.getName(), spec.getPolicy(),
                Optional.ofNullable(spec.getMaxServerPerHost()), members(spec), spec.getProjectId(),
                spec.getUserId());
    }
}
