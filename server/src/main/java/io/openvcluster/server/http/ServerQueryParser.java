package io.openvcluster.server.http;

import com.google.re2j.Pattern;
import io.helidon.common.uri.UriQuery;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ClientRegex;
import io.openvcluster.server.compute.ServerQuery;
import io.openvcluster.server.identity.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /servers[/detail]} query string to {@link ServerQuery}. Unknown keys, and
 * {@code deleted}, are ignored, as Nova does for non-admins before 2.75 (and we stay lenient after).
 */
final class ServerQueryParser {
    /** Nova's osapi_max_limit: a page never holds more. */
    static final int MAX_LIMIT = 1000;
    /**
     * Tags in one of {@code tags}, {@code tags-any}, {@code not-tags}: a server holds at most 50 (Nova's limit), and
     * each tag of the filter is looked up in every server listed.
     */
    static final int MAX_FILTER_TAGS = 50;

    private ServerQueryParser() {
    }

    /** @param policy {@code os_compute_api:servers:index} or {@code ...:detail}, for the 403 wording */
    static ServerQuery parse(UriQuery query, Caller caller, String policy) {
        // Nova: the parameter's presence with an empty value means all projects; any other value must be a boolean
        boolean allProjects = QueryParams.first(query, "all_tenants").filter(String::isBlank).isPresent()
                || QueryParams.bool(query, "all_tenants").orElse(false);
        if (allProjects && !caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + policy + ":get_all_tenants to be performed.");
        }
        // a project filter only means something to an admin looking across projects
        Optional<String> projectId = allProjects
                ? QueryParams.first(query, "project_id").or(() -> QueryParams.first(query, "tenant_id"))
                : Optional.empty();
        Optional<Pattern> name = QueryParams.first(query, "name").map(v -> ClientRegex.compile("name", v));
        Optional<String> status = QueryParams.first(query, "status").map(s -> s.strip().toUpperCase(Locale.ROOT));
        Optional<Instant> changesSince = QueryParams.first(query, "changes-since").map(v -> time("changes-since", v));
        Optional<Instant> changesBefore = QueryParams.first(query, "changes-before")
                .map(v -> time("changes-before", v));
        if (changesSince.isPresent() && changesBefore.isPresent()
                && changesBefore.get().isBefore(changesSince.get())) {
            throw ApiException.badRequest("The value of changes-since must be less than or equal to changes-before.");
        }
        Optional<Integer> limit = QueryParams.nonNegativeInt(query, "limit").map(n -> Math.min(n, MAX_LIMIT));
        return new ServerQuery(allProjects, projectId, name, status, changesSince, changesBefore,
                QueryParams.first(query, "image"), QueryParams.first(query, "flavor"),
                tags(query, "tags"), tags(query, "tags-any"), tags(query, "not-tags"), limit,
                QueryParams.first(query, "marker"), sortKeys(query),
                // an admin's filter in Nova; a member's is dropped, as Nova drops the filters it does not allow them
                caller.isAdmin() ? QueryParams.first(query, "host") : Optional.empty());
    }

    private static List<String> tags(UriQuery query, String parameter) {
        List<String> tags = QueryParams.commaSeparated(query, parameter);
        if (tags.size() > MAX_FILTER_TAGS) {
            throw ApiException.badRequest("Invalid input for query parameters " + parameter + ". " + tags.size()
                    + " tags given; at most " + MAX_FILTER_TAGS + " are accepted.");
        }
        return tags;
    }

    /** ISO 8601 with or without offset (no offset means UTC), or a bare date. */
    static Instant time(String param, String value) {
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw ApiException.badRequest("Invalid input for query parameters " + param + ". Value: "
                            + value + ". '" + value + "' is not a 'date-time'.");
                }
            }
        }
    }

    /** {@code sort_key}s paired with {@code sort_dir}s in order; a missing direction is desc, as in Nova. */
    private static List<ServerQuery.SortKey> sortKeys(UriQuery query) {
        List<String> keys = QueryParams.all(query, "sort_key");
        List<String> dirs = QueryParams.all(query, "sort_dir");
        List<ServerQuery.SortKey> sort = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String dir = i < dirs.size() ? dirs.get(i).strip().toLowerCase(Locale.ROOT) : "desc";
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw ApiException.badRequest("Invalid input for query parameters sort_dir. Value: " + dir
                        + ". It is not 'asc' or 'desc'.");
            }
            sort.add(new ServerQuery.SortKey(keys.get(i).strip(), dir.equals("asc")));
        }
        return sort;
    }
}
