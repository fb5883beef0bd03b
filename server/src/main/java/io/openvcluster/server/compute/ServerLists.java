package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.work.ComputeSlots;
import io.openvcluster.server.work.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code GET /servers[/detail]}: the caller's servers from the cache, filtered, sorted and paged as Nova does; with
 * {@code changes-since} or {@code changes-before}, the deleted servers still kept too (status {@code DELETED}).
 */
final class ServerLists {
    private static final String SOFT_DELETED_STATUS = "SOFT_DELETED";
    private final RecordStore store;

    ServerLists(RecordStore store) {
        this.store = store;
    }

    /** From the caches only, so the whole of it is one computing section ({@link ComputeSlots}). */
    ServerPage list(Caller caller, ServerQuery query, Function<ServerRecord, ServerData> view) {
        return ComputeSlots.run(() -> listFromCache(caller, query, view));
    }

    private ServerPage listFromCache(Caller caller, ServerQuery query, Function<ServerRecord, ServerData> view) {
        List<ServerRecord> candidates;
        if (caller.isAdmin() && query.allProjects()) {
            candidates = query.projectId().map(store::serversOfProject).orElseGet(store::allServers);
        } else {
            candidates = store.serversOfProject(caller.projectId());
        }
        List<Entry> entries = new ArrayList<>(candidates.size());
        int seen = 0;
        for (ServerRecord record : candidates) {
            if ((seen++ & 15) == 0) {
                Deadline.checkpoint(); // a project of 10,000 servers and a costly name pattern: stop at the deadline
            }
            Entry entry = new Entry(record, view.apply(record));
            if (matches(query, entry)) {
                entries.add(entry);
            }
        }
        for (ServerRecord deleted : deleted(caller, query)) {
            // a deleted server is in no group and on no host
            Entry entry = new Entry(deleted, ServerViews.toData(deleted, List.of(), Optional.empty()));
            if (matches(query, entry)) {
                entries.add(entry);
            }
        }
        entries.sort(comparator(query.sortKeys()));
        int start = query.marker().map(marker -> {
            int index = indexOf(entries, marker);
            if (index < 0) {
                throw ApiException.badRequest("marker [" + marker + "] not found");
            }
            return index + 1;
        }).orElse(0);
        int end = query.limit().map(l -> Math.min(entries.size(), start + Math.max(l, 0))).orElse(entries.size());
        List<ServerData> page = entries.subList(Math.min(start, end), end).stream().map(Entry::data).toList();
        Optional<String> next = query.limit().filter(l -> l > 0 && page.size() == l)
                .map(l -> page.get(page.size() - 1).id());
        return new ServerPage(page, next);
    }

    private record Entry(ServerRecord record, ServerData data) {
    }

    /**
     * The kept deleted servers a list shows: Nova's list includes deleted servers only when asked for changes since
     * or before a time. One being torn down right now may be kept and still live for a moment: the live one is shown.
     */
    private List<ServerRecord> deleted(Caller caller, ServerQuery query) {
        if (query.changesSince().isEmpty() && query.changesBefore().isEmpty()) {
            return List.of();
        }
        List<DeletedServerRecord> kept = caller.isAdmin() && query.allProjects()
                ? query.projectId().map(store::deletedServersOfProject).orElseGet(store::allDeletedServers)
                : store.deletedServersOfProject(caller.projectId());
        return kept.stream().filter(d -> store.server(d.getMetadata().getName()).isEmpty())
                .map(DeletedServerViews::asRecord).toList();
    }

    private static int indexOf(List<Entry> entries, String id) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).data().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(ServerQuery query, Entry entry) {
        ServerData s = entry.data();
        if (ServerStates.SOFT_DELETED.equals(s.vmState()) && query.changesSince().isEmpty()
                && !query.status().map(SOFT_DELETED_STATUS::equalsIgnoreCase).orElse(false)) {
            // Nova's database leaves a soft-deleted server out of a list unless asked for (or changes-since)
            return false;
        }
        List<Predicate<ServerData>> filters = new ArrayList<>();
        query.name().ifPresent(p -> filters.add(d -> p.matcher(d.name()).find()));
        query.status().ifPresent(st -> filters.add(d -> st.equalsIgnoreCase(ServerViews.status(entry.record()))));
        query.changesSince().ifPresent(t -> filters.add(d -> !d.updated().isBefore(t)));
        query.changesBefore().ifPresent(t -> filters.add(d -> !d.updated().isAfter(t)));
        query.imageId().ifPresent(id -> filters.add(d -> id.equals(d.imageId())));
        query.flavorId().ifPresent(id -> filters.add(d -> id.equals(d.flavor().id())));
        query.host().ifPresent(host -> filters.add(d -> d.host().filter(host::equals).isPresent()));
        if (!query.tags().isEmpty()) {
            filters.add(d -> d.tags().containsAll(query.tags()));
        }
        if (!query.tagsAny().isEmpty()) {
            filters.add(d -> query.tagsAny().stream().anyMatch(d.tags()::contains));
        }
        if (!query.notTags().isEmpty()) {
            // Nova: not-tags excludes the servers that have all of the given tags.
            filters.add(d -> !d.tags().containsAll(query.notTags()));
        }
        return filters.stream().allMatch(f -> f.test(s));
    }

    /** The requested sort keys, then created_at desc and id as tie-breakers (a stable order for markers). */
    private static Comparator<Entry> comparator(List<ServerQuery.SortKey> keys) {
        Comparator<Entry> result = null;
        for (ServerQuery.SortKey key : keys) {
            Comparator<Entry> next = byKey(key.key());
            next = key.ascending() ? next : next.reversed();
            result = result == null ? next : result.thenComparing(next);
        }
        Comparator<Entry> fallback = byKey("created_at").reversed()
                .thenComparing(Comparator.comparing((Entry e) -> e.data().id()).reversed());
        return result == null ? fallback : result.thenComparing(fallback);
    }

    private static Comparator<Entry> byKey(String key) {
        return switch (key) {
            case "updated_at" -> Comparator.comparing(e -> e.data().updated());
            case "display_name", "name" -> Comparator.comparing(e -> e.data().name());
            case "uuid", "id" -> Comparator.comparing(e -> e.data().id());
            case "hostname" -> Comparator.comparing(e -> e.data().hostname());
            case "vm_state" -> Comparator.comparing(e -> e.data().vmState());
            case "task_state" -> Comparator.comparing(e -> e.data().taskState().orElse(""));
            case "power_state" -> Comparator.comparingInt(e -> e.data().powerState());
            case "launched_at" -> Comparator.comparing(e -> e.data().launchedAt().orElse(Instant.EPOCH));
            case "project_id" -> Comparator.comparing(e -> e.data().projectId());
            case "user_id" -> Comparator.comparing(e -> e.data().userId());
            case "availability_zone" -> Comparator.comparing(e -> e.data().availabilityZone());
            default -> Comparator.comparing(e -> e.data().created());
        };
    }
}
