package io.openvcluster.server.compute;

import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A server's life as Nova's usage APIs count it: from its record, or from what is kept of it once deleted
 * ({@code OVC_DELETED_SERVER_RETENTION}; a deleted server older than that is not counted). Times are cut to
 * microseconds, as Nova keeps and shows them.
 *
 * @param id         the server's id
 * @param spec       what it is (or was when deleted): name, project, flavor
 * @param launchedAt when it first became active, if it did (Nova's {@code launched_at})
 * @param deletedAt  when it was deleted, if it was (Nova's {@code terminated_at})
 * @param vmState    its vm state shown now, {@code terminated} once deleted (the state Nova's usage names)
 */
record ServerLifetime(String id, ServerSpec spec, Optional<Instant> launchedAt, Optional<Instant> deletedAt,
                      String vmState) {
    static final String TERMINATED = "terminated";

    /** Every project's servers, live and kept deleted. */
    static List<ServerLifetime> all(RecordStore store) {
        return of(store, store.allServers(), store.allDeletedServers());
    }

    /** One project's servers, live and kept deleted. */
    static List<ServerLifetime> ofProject(RecordStore store, String projectId) {
        return of(store, store.serversOfProject(projectId), store.deletedServersOfProject(projectId));
    }

    private static List<ServerLifetime> of(RecordStore store, List<ServerRecord> live,
                                           List<DeletedServerRecord> deleted) {
        return Stream.concat(live.stream().map(ServerLifetime::live), deleted.stream()
                        // a kept record is written just before its server's record goes: the live one counts
                        .filter(d -> store.server(d.getMetadata().getName()).isEmpty())
                        .map(ServerLifetime::deleted))
                .toList();
    }

    /** The project of the server {@code id}, live or kept deleted, if it is known. */
    static Optional<String> projectOf(RecordStore store, String id) {
        return store.server(id).map(s -> s.getSpec().getProjectId())
                .or(() -> store.deletedServer(id).map(d -> d.getSpec().getServer().getProjectId()));
    }

    private static ServerLifetime live(ServerRecord record) {
        return new ServerLifetime(record.getMetadata().getName(), record.getSpec(),
                Optional.ofNullable(record.getStatus()).map(ServerStatus::getLaunchedAt).map(ServerLifetime::time),
                Optional.empty(), ServerViews.vmState(record));
    }

    private static ServerLifetime deleted(DeletedServerRecord kept) {
        return new ServerLifetime(kept.getMetadata().getName(), kept.getSpec().getServer(),
                Optional.ofNullable(kept.getSpec().getLaunchedAt()).map(ServerLifetime::time),
                Optional.of(time(kept.getSpec().getDeletedAt())), TERMINATED);
    }

    private static Instant time(String iso) {
        return Instant.parse(iso).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * In use at some time in {@code [begin, end)}, as Nova's window query reads it: launched before {@code end} and
     * not deleted by {@code begin}. A server that never became active never is.
     */
    boolean inUse(Instant begin, Instant end) {
        return launchedAt.filter(l -> l.isBefore(end)).isPresent() && deletedAt.map(d -> d.isAfter(begin))
                .orElse(true);
    }

    String projectId() {
        return spec.getProjectId();
    }
}
