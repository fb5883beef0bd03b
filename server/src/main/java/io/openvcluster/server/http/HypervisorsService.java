package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.Fleet;
import io.openvcluster.server.compute.HypervisorData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Nova's {@code os-hypervisors}, admins only: each host cluster as a hypervisor (docs/fleet.md). The list, the
 * detail, one by id; {@code /statistics} and {@code /{id}/uptime} up to 2.87; {@code /{pattern}/search} and
 * {@code /{pattern}/servers} up to 2.52, replaced at 2.53 by {@code hypervisor_hostname_pattern} and
 * {@code with_servers}; UUID ids from 2.53, integers before; paging from 2.33; from 2.88 the sizes leave the view
 * and {@code uptime} joins the show, as in Nova.
 */
final class HypervisorsService implements HttpService {
    private static final String POLICY = "os_compute_api:os-hypervisors";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Fleet fleet;

    HypervisorsService(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-hypervisors", (req, res) -> list(req, res, false))
                .get("/os-hypervisors/detail", (req, res) -> list(req, res, true))
                .get("/os-hypervisors/statistics", this::statistics)
                .get("/os-hypervisors/{id}", this::show)
                .get("/os-hypervisors/{id}/uptime", this::uptime)
                .get("/os-hypervisors/{pattern}/search", (req, res) -> search(req, res, false))
                .get("/os-hypervisors/{pattern}/servers", (req, res) -> search(req, res, true))
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res, boolean detail) {
        Microversion mv = admin(req, detail ? "list-detail" : "list");
        UriQuery query = req.query();
        List<HypervisorData> all = fleet.hypervisors();
        boolean withServers = false;
        Optional<String> pattern = Optional.empty();
        if (mv.atLeast(53)) {
            withServers = QueryParams.bool(query, "with_servers").orElse(false);
            pattern = QueryParams.first(query, "hypervisor_hostname_pattern");
            if (pattern.isPresent() && (query.contains("limit") || query.contains("marker"))) {
                throw ApiException.badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query "
                        + "parameter is not supported.");
            }
        }
        if (pattern.isPresent()) {
            all = matching(pattern.get());
        }
        Optional<String> next = Optional.empty();
        if (mv.atLeast(33)) {
            Optional<String> marker = QueryParams.first(query, "marker");
            if (marker.isPresent()) {
                int at = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (id(all.get(i), mv).equals(marker.get())) {
                        at = i;
                    }
                }
                if (at < 0) {
                    throw ApiException.badRequest("marker [" + marker.get() + "] not found");
                }
                all = all.subList(at + 1, all.size());
            }
            Optional<Integer> limit = QueryParams.nonNegativeInt(query, "limit");
            if (limit.isPresent() && all.size() > limit.get()) {
                all = all.subList(0, limit.get());
                if (!all.isEmpty()) {
                    next = Optional.of(QueryParams.nextHref(RequestContext.links(req).computeBase() + "/v2.1/"
                            + (detail ? "os-hypervisors/detail" : "os-hypervisors"), query, id(all.getLast(), mv)));
                }
            }
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("hypervisors");
        for (HypervisorData h : all) {
            ObjectNode item = detail ? detail(h, mv) : summary(h, mv);
            if (withServers) {
                servers(item, h, mv);
            }
            items.add(item);
        }
        next.ifPresent(href -> body.putArray("hypervisors_links").addObject().put("href", href).put("rel", "next"));
        Responses.ok(res, body);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Microversion mv = admin(req, "show");
        HypervisorData h = byId(req.path().pathParameters().get("id"), mv);
        ObjectNode item = detail(h, mv);
        if (mv.atLeast(53) && QueryParams.bool(req.query(), "with_servers").orElse(false)) {
            servers(item, h, mv);
        }
        if (mv.atLeast(88)) {
            item.put("uptime", uptime(h).orElse(null));
        }
        ObjectNode body = Json.object();
        body.set("hypervisor", item);
        Responses.ok(res, body);
    }

    private void statistics(ServerRequest req, ServerResponse res) {
        Microversion mv = admin(req, "statistics");
        if (mv.atLeast(88)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        int count = 0;
        long vcpus = 0, vcpusUsed = 0, memory = 0, memoryUsed = 0, disk = 0, diskUsed = 0, running = 0, workload = 0;
        for (HypervisorData h : fleet.hypervisors()) {
            count++;
            vcpus += h.capacity().vcpus();
            vcpusUsed += h.used().vcpus();
            memory += h.capacity().memoryMb();
            memoryUsed += h.used().memoryMb();
            disk += h.capacity().diskGb();
            diskUsed += h.used().diskGb();
            running += h.used().runningVms();
            workload += h.used().workload();
        }
        ObjectNode body = Json.object();
        body.putObject("hypervisor_statistics")
                .put("count", count).put("vcpus", vcpus).put("vcpus_used", vcpusUsed)
                .put("memory_mb", memory).put("memory_mb_used", memoryUsed).put("free_ram_mb", memory - memoryUsed)
                .put("local_gb", disk).put("local_gb_used", diskUsed).put("free_disk_gb", disk - diskUsed)
                .put("disk_available_least", disk - diskUsed)
                .put("running_vms", running).put("current_workload", workload);
        Responses.ok(res, body);
    }

    private void uptime(ServerRequest req, ServerResponse res) {
        Microversion mv = admin(req, "uptime");
        if (mv.atLeast(88)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        HypervisorData h = byId(req.path().pathParameters().get("id"), mv);
        ObjectNode item = summary(h, mv);
        item.put("uptime", uptime(h).orElseThrow(() -> ApiException.badRequest(
                "Compute service on host " + h.hostname() + " is unavailable at this time.")));
        ObjectNode body = Json.object();
        body.set("hypervisor", item);
        Responses.ok(res, body);
    }

    /** Up to 2.52: the hypervisors whose hostname holds the pattern, with their servers for {@code /servers}. */
    private void search(ServerRequest req, ServerResponse res, boolean withServers) {
        Microversion mv = admin(req, withServers ? "servers" : "search");
        if (mv.atLeast(53)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("hypervisors");
        for (HypervisorData h : matching(req.path().pathParameters().get("pattern"))) {
            ObjectNode item = summary(h, mv);
            if (withServers) {
                servers(item, h, mv);
            }
            items.add(item);
        }
        Responses.ok(res, body);
    }

    private List<HypervisorData> matching(String pattern) {
        List<HypervisorData> found = fleet.hypervisors().stream().filter(h -> h.hostname().contains(pattern)).toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("No hypervisor matching '" + pattern + "' could be found.");
        }
        return found;
    }

    private HypervisorData byId(String id, Microversion mv) {
        if (mv.atLeast(53) && !UuidLike.test(id)) {
            throw ApiException.badRequest("Invalid uuid " + id);
        }
        return fleet.hypervisors().stream().filter(h -> id(h, mv).equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Hypervisor with ID '" + id + "' could not be found."));
    }

    private static Microversion admin(ServerRequest req, String rule) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":" + rule);
        return RequestContext.microversion(req);
    }

    private static String id(HypervisorData h, Microversion mv) {
        return mv.atLeast(53) ? h.uuid() : String.valueOf(h.number());
    }

    private static ObjectNode summary(HypervisorData h, Microversion mv) {
        ObjectNode o = Json.object();
        if (mv.atLeast(53)) {
            o.put("id", h.uuid());
        } else {
            o.put("id", h.number());
        }
        o.put("hypervisor_hostname", h.hostname());
        o.put("state", h.up() ? "up" : "down");
        o.put("status", h.service().disabled() ? "disabled" : "enabled");
        return o;
    }

    /**
     * The detail: the host cluster as a hypervisor of type {@code kubernetes} whose version is the kubelet's
     * (1.33.4 → 1033004, as Nova encodes a version); before 2.88 its sizes.
     */
    private static ObjectNode detail(HypervisorData h, Microversion mv) {
        ObjectNode o = summary(h, mv);
        o.put("hypervisor_type", "kubernetes");
        o.put("hypervisor_version", version(h.capacity().kubeletVersion()));
        o.put("host_ip", h.hostIp());
        ObjectNode service = o.putObject("service");
        if (mv.atLeast(53)) {
            service.put("id", h.service().uuid());
        } else {
            service.put("id", h.service().number());
        }
        service.put("host", h.service().host());
        service.put("disabled_reason", h.service().disabledReason().orElse(null));
        if (mv.before(88)) {
            ObjectNode cpu = Json.object().put("arch", h.capacity().architecture()).put("nodes", h.capacity().nodes())
                    .put("kubelet_version", h.capacity().kubeletVersion());
            if (mv.atLeast(28)) {
                o.set("cpu_info", cpu);
            } else {
                o.put("cpu_info", cpu.toString());
            }
            o.put("vcpus", h.capacity().vcpus()).put("vcpus_used", h.used().vcpus())
                    .put("memory_mb", h.capacity().memoryMb()).put("memory_mb_used", h.used().memoryMb())
                    .put("free_ram_mb", h.capacity().memoryMb() - h.used().memoryMb())
                    .put("local_gb", h.capacity().diskGb()).put("local_gb_used", h.used().diskGb())
                    .put("free_disk_gb", h.capacity().diskGb() - h.used().diskGb())
                    .put("disk_available_least", h.capacity().diskGb() - h.used().diskGb())
                    .put("running_vms", h.used().runningVms()).put("current_workload", h.used().workload());
        }
        return o;
    }

    /** The servers on it by name and id; before 2.75 the key is left out when there are none, as in Nova. */
    private static void servers(ObjectNode item, HypervisorData h, Microversion mv) {
        if (h.servers().isEmpty() && mv.before(75)) {
            return;
        }
        ArrayNode servers = item.putArray("servers");
        h.servers().forEach(s -> servers.addObject().put("name", s.name()).put("uuid", s.id()));
    }

    /**
     * As the {@code uptime} command prints it, since the oldest ready node of the host cluster joined it; none
     * while the cluster shows no ready node.
     */
    private static Optional<String> uptime(HypervisorData h) {
        return h.capacity().upSince().map(since -> {
            Instant now = Instant.now();
            Duration up = Duration.between(since, now);
            return " " + CLOCK.format(now) + " up " + up.toDays() + " days, "
                    + String.format("%2d:%02d", up.toHoursPart(), up.toMinutesPart()) + ", "
                    + h.capacity().nodes() + " nodes";
        });
    }

    /** {@code v1.33.4} → 1033004; 0 when there is no kubelet version to read. */
    static int version(String kubelet) {
        String[] parts = kubelet.replaceFirst("^v", "").split("[.+-]");
        try {
            return parts.length < 3 ? 0 : Integer.parseInt(parts[0]) * 1_000_000 + Integer.parseInt(parts[1]) * 1_000
                    + Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
