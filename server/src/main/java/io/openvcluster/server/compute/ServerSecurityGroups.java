package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A server's security groups: {@code addSecurityGroup} and {@code removeSecurityGroup} (a group of the caller's project
 * by name or id; 404 for an unknown one, 400 when the server already is, or is not, in it, as Nova answers), and the
 * groups {@code POST /servers} names. The reconciler writes the NetworkPolicies that follow.
 */
final class ServerSecurityGroups {
    private final ServerRecords records;
    private final SecurityGroups groups;
    private final Consumer<String> wakeReconciler;

    ServerSecurityGroups(ServerRecords records, SecurityGroups groups, Consumer<String> wakeReconciler) {
        this.records = records;
        this.groups = groups;
        this.wakeReconciler = wakeReconciler;
    }

    void add(Caller caller, ServerRecord server, String nameOrId) {
        change(caller, server, nameOrId, true);
    }

    void remove(Caller caller, ServerRecord server, String nameOrId) {
        change(caller, server, nameOrId, false);
    }

    private void change(Caller caller, ServerRecord server, String nameOrId, boolean add) {
        String serverId = server.getMetadata().getName();
        if (nameOrId.isBlank()) {
            throw ApiException.badRequest("Security group name cannot be empty"); // before looking for it, as Nova
        }
        // the default group is made only once the server's spec names it: a refused request leaves nothing
        String groupId = groups.idOf(caller, nameOrId);
        records.updateSpec(caller, serverId, spec -> {
            List<String> next = new ArrayList<>(Optional.ofNullable(spec.getSecurityGroups()).orElse(List.of()));
            if (next.contains(groupId) == add) {
                throw ApiException.badRequest("Security group " + nameOrId + (add ? " is already" : " is not")
                        + " associated with the instance " + serverId);
            }
            if (add) {
                next.add(groupId);
            } else {
                next.remove(groupId);
            }
            spec.setSecurityGroups(next);
        });
        if (add) {
            groups.ensureDefaultIfNamed(caller.projectId(), List.of(groupId));
        }
        wakeReconciler.accept(serverId);
    }

    /**
     * The ids of the groups a new server goes in: those named (400 for one the project does not have, before
     * anything is created, as Nova), {@code default} when the body names none. An explicit empty list puts the
     * server in no group: it is what Ansible's server module sends, and it reads a server's groups back through the
     * network API, which this facade does not have.
     */
    List<String> forNewServer(Caller caller, Optional<List<String>> named) {
        if (named.isEmpty()) {
            return List.of(SecurityGroups.defaultId(caller.projectId()));
        }
        List<String> ids = new ArrayList<>();
        for (String name : named.get()) {
            String id;
            try {
                id = groups.idOf(caller, name);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                throw ApiException.badRequest("Security group " + name + " not found.");
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Once a new server is accepted: the project's default group made, if it names it and it is not made yet. */
    void madeFor(Caller caller, List<String> groupIds) {
        groups.ensureDefaultIfNamed(caller.projectId(), groupIds);
    }

    List<SecurityGroupData> of(ServerRecord server) {
        return groups.ofServer(server);
    }
}
