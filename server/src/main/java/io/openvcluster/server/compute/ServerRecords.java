package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server records a caller may see and change, for the domain services: a server of another project is not found
 * (404) for non-admins, as Nova hides it; every change is an optimistic-concurrency update of the spec.
 */
final class ServerRecords {
    private final RecordStore store;
    private final RecordWriter writer;
    private final Clock clock;
    private final Function<ServerRecord, Optional<String>> hostOf;
    private final Function<ServerSpec, String> placedHost;

    /**
     * @param hostOf     the host cluster a server is on now ({@link Fleet#hostOf})
     * @param placedHost the host cluster it was placed on, where its actions ran ({@link Fleet#placedHost})
     */
    ServerRecords(RecordStore store, RecordWriter writer, Clock clock, Function<ServerRecord, Optional<String>> hostOf,
                  Function<ServerSpec, String> placedHost) {
        this.hostOf = hostOf;
        this.placedHost = placedHost;
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    RecordStore store() {
        return store;
    }

    /** The server, if the caller may see it; 404 otherwise. */
    ServerRecord visible(Caller caller, String serverId) {
        return store.server(serverId).filter(s -> visible(caller, s)).orElseThrow(() -> notFound(serverId));
    }

    /**
     * The server's history: of the live server if the caller may see it, else, with {@code orDeleted}, what is kept
     * of it deleted (Nova from 2.21), if it was the caller's project's (or the caller is an admin); 404 otherwise.
     */
    ServerHistory history(Caller caller, String serverId, boolean orDeleted) {
        Optional<ServerRecord> live = store.server(serverId).filter(s -> visible(caller, s));
        if (live.isPresent()) {
            ServerSpec spec = live.get().getSpec();
            return new ServerHistory(serverId, ServerViews.hostId(spec.getProjectId(), spec.getRelease()),
                    placedHost.apply(spec), InstanceActions.history(live.get()));
        }
        return store.deletedServer(serverId).filter(d -> orDeleted)
                .filter(d -> caller.isAdmin() || caller.projectId().equals(d.getSpec().getServer().getProjectId()))
                .map(d -> new ServerHistory(serverId, ServerViews.hostId(d.getSpec().getServer().getProjectId(),
                        d.getSpec().getServer().getRelease()), placedHost.apply(d.getSpec().getServer()),
                        d.getSpec().getActions()))
                .orElseThrow(() -> notFound(serverId));
    }

    /** Admins reach any server by id (Nova's default policy); others only their project's. */
    static boolean visible(Caller caller, ServerRecord record) {
        return caller.isAdmin() || caller.projectId().equals(record.getSpec().getProjectId());
    }

    /**
     * The server's view, built once per resourceVersion; its security groups' names are looked up at each read, so a
     * group renamed shows its new name at once.
     */
    ServerData view(ServerRecord record) {
        List<String> names = Optional.ofNullable(record.getSpec().getSecurityGroups()).orElse(List.of()).stream()
                .map(store::securityGroup).flatMap(Optional::stream).map(g -> g.getSpec().getName()).toList();
        ServerData data = store.view(record, r -> ServerViews.toData(r, names, hostOf.apply(r)));
        return names.equals(data.securityGroups()) ? data : data.withSecurityGroups(names);
    }

    ServerRecord updateSpec(Caller caller, String serverId, Consumer<ServerSpec> change) {
        return updateRecord(caller, serverId, r -> change.accept(r.getSpec()));
    }

    /** Changes the record's spec with optimistic concurrency; the change (and its guards) may run more than once. */
    ServerRecord updateRecord(Caller caller, String serverId, Consumer<ServerRecord> change) {
        String now = clock.instant().toString();
        return writer.update(ServerRecord.class, () -> Optional.of(visible(caller, serverId)), r -> {
            change.accept(r);
            r.getSpec().setChangedAt(now);
        }, false, () -> notFound(serverId));
    }

    static ApiException notFound(String serverId) {
        return ApiException.notFound("Instance " + serverId + " could not be found.");
    }

    /** Nova accepts a flavor or image reference as an id or as its URL (…/flavors/<id>). */
    static String lastPathSegment(String ref) {
        String trimmed = ref.endsWith("/") ? ref.substring(0, ref.length() - 1) : ref;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
