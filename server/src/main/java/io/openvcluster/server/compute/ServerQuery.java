package io.openvcluster.server.compute;

import com.google.re2j.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Filters, sort and page of a server list. Parsed and validated (400 on bad values) by the HTTP layer.
 *
 * @param name        a regular expression on RE2/J, matched in time linear in the name
 *                    ({@link io.openvcluster.api.ClientRegex})
 * @param allProjects admin only (the HTTP layer answers 403 to others before building this)
 * @param sortKeys    pairs of key and direction ("asc"/"desc"); empty means created_at desc
 * @param host        the host cluster the servers are on: an admin's filter (the HTTP layer drops a member's)
 */
public record ServerQuery(
        boolean allProjects,
        Optional<String> projectId,
        Optional<Pattern> name,
        Optional<String> status,
        Optional<Instant> changesSince,
        Optional<Instant> changesBefore,
        Optional<String> imageId,
        Optional<String> flavorId,
        List<String> tags,
        List<String> tagsAny,
        List<String> notTags,
        Optional<Integer> limit,
        Optional<String> marker,
        List<SortKey> sortKeys,
        Optional<String> host) {
    public ServerQuery {
        tags = List.copyOf(tags);
        tagsAny = List.copyOf(tagsAny);
        notTags = List.copyOf(notTags);
        sortKeys = List.copyOf(sortKeys);
    }

    /** Without a host filter. */
    public ServerQuery(boolean allProjects, Optional<String> projectId, Optional<Pattern> name, Optional<String> status,
                       Optional<Instant> changesSince, Optional<Instant> changesBefore, Optional<String> imageId,
                       Optional<String> flavorId, List<String> tags, List<String> tagsAny, List<String> notTags,
                       Optional<Integer> limit, Optional<String> marker, List<SortKey> sortKeys) {
        this(allProjects, projectId, name, status, changesSince, changesBefore, imageId, flavorId, tags, tagsAny,
                notTags, limit, marker, sortKeys, Optional.empty());
    }

    public static ServerQuery all() {
        return new ServerQuery(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of());
    }

    public record SortKey(String key, boolean ascending) {
    }
}
