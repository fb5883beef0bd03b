package io.openvcluster.server.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.view.TenantUsageView;
import io.openvcluster.server.compute.ServerService;
import io.openvcluster.server.compute.UsagePage;
import io.openvcluster.server.compute.UsageQuery;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nova's {@code os-simple-tenant-usage}: every project's usage (admins; {@code detailed=1} for each server's part) and
 * one project's (admins and its own callers), over the period {@code start} to {@code end}, paged from 2.40
 * ({@code limit}, {@code marker}, a next link when the page is full). The domain computes it
 * ({@code TenantUsages}); times are read as Nova reads them, after the policy check.
 */
final class SimpleTenantUsageService implements HttpService {
    private static final String PATH = "/os-simple-tenant-usage";
    private static final int PAGED_FROM = 40;
    /** Nova's osapi_max_limit: a page never counts more servers, before 2.40 too. */
    private static final int MAX_LIMIT = ServerQueryParser.MAX_LIMIT;
    /** Python's strptime fields of Nova's formats, as leniently as it reads them (one-digit months and so on). */
    private static final String DATE = "(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])";
    private static final String TIME = "(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)";
    /** Nova's three formats: {@code %Y-%m-%dT%H:%M:%S}, with {@code .%f}, and {@code %Y-%m-%d %H:%M:%S.%f}. */
    private static final List<Pattern> FORMATS = List.of(
            Pattern.compile(DATE + "T" + TIME + "(?:\\.(\\d{1,6}))?", Pattern.CASE_INSENSITIVE),
            Pattern.compile(DATE + "\\s+" + TIME + "\\.(\\d{1,6})"));

    private final ServerService servers;

    SimpleTenantUsageService(ServerService servers) {
        this.servers = servers;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get(PATH, this::list)
                .get(PATH + "/{tenant_id}", this::show)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        UriQuery query = req.query();
        Page page = page(query, mv);
        UsagePage usage = servers.tenantUsage(RequestContext.caller(req), Optional.empty(),
                () -> usageQuery(query, page));
        boolean detailed = QueryParams.first(query, "detailed").filter("1"::equals).isPresent();
        Responses.ok(res, TenantUsageView.list(usage.tenants(), detailed, nextHref(req, mv, PATH, usage)));
    }

    private void show(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        UriQuery query = req.query();
        Page page = page(query, mv);
        String tenantId = req.path().pathParameters().get("tenant_id");
        UsagePage usage = servers.tenantUsage(RequestContext.caller(req), Optional.of(tenantId),
                () -> usageQuery(query, page));
        Responses.ok(res, TenantUsageView.show(usage.tenants().stream().findFirst(),
                nextHref(req, mv, PATH + "/" + tenantId, usage)));
    }

    /** The page asked for: from 2.40 {@code limit} and {@code marker} (checked first, by Nova's query schema). */
    private static Page page(UriQuery query, Microversion mv) {
        if (!mv.atLeast(PAGED_FROM)) {
            return new Page(MAX_LIMIT, Optional.empty());
        }
        int limit = QueryParams.nonNegativeInt(query, "limit").map(n -> Math.min(n, MAX_LIMIT)).orElse(MAX_LIMIT);
        return new Page(limit, QueryParams.first(query, "marker"));
    }

    private record Page(int limit, Optional<String> marker) {
    }

    private static UsageQuery usageQuery(UriQuery query, Page page) {
        return new UsageQuery(time(query, "start"), time(query, "end"), page.limit(), page.marker());
    }

    private static Optional<String> nextHref(ServerRequest req, Microversion mv, String path, UsagePage usage) {
        return usage.nextMarker().filter(m -> mv.atLeast(PAGED_FROM)).map(marker -> QueryParams.nextHref(
                RequestContext.links(req).computeBase() + "/v2.1" + path, req.query(), marker));
    }

    /**
     * A time in one of Nova's formats, in UTC; absent or empty, none (the domain takes the time of the request).
     * Anything else is Nova's 400.
     */
    static Optional<Instant> time(UriQuery query, String name) {
        return QueryParams.first(query, name).filter(v -> !v.isEmpty()).map(SimpleTenantUsageService::parse);
    }

    static Instant parse(String value) {
        for (Pattern format : FORMATS) {
            Matcher m = format.matcher(value);
            if (m.matches()) {
                try {
                    String fraction = Optional.ofNullable(m.group(7)).orElse("");
                    int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000").substring(0, 6)) * 1000;
                    return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3).strip()), Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos)
                            .toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // a day or second the calendar does not have: Nova's strptime refuses it too
                    break;
                }
            }
        }
        throw ApiException.badRequest("Invalid datetime string: Datetime is in invalid format");
    }
}
