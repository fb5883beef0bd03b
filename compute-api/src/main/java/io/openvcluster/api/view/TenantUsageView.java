package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.model.TenantUsageData;
import java.util.List;
import java.util.Optional;

/**
 * {@code os-simple-tenant-usage} bodies as Nova writes them: times in Nova's zone-less microseconds, totals as
 * numbers with a fraction, the next link (2.40+) under {@code tenant_usages_links} or {@code tenant_usage_links}.
 */
public final class TenantUsageView {
    private TenantUsageView() {
    }

    /**
     * {@code {"tenant_usages": [...]}}, each project's {@code server_usages} only when {@code detailed}.
     *
     * @param nextHref the next page's link, given only from 2.40 and when the page is full
     */
    public static ObjectNode list(List<TenantUsageData> usages, boolean detailed, Optional<String> nextHref) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("tenant_usages");
        usages.forEach(u -> items.add(usage(u, detailed)));
        nextHref.ifPresent(href -> body.putArray("tenant_usages_links").addObject()
                .put("rel", "next").put("href", href));
        return body;
    }

    /** {@code {"tenant_usage": {...}}} with its {@code server_usages}; {@code {}} when no server was in use. */
    public static ObjectNode show(Optional<TenantUsageData> usage, Optional<String> nextHref) {
        ObjectNode body = Json.object();
        body.set("tenant_usage", usage.map(u -> usage(u, true)).orElseGet(Json::object));
        nextHref.ifPresent(href -> body.putArray("tenant_usage_links").addObject()
                .put("rel", "next").put("href", href));
        return body;
    }

    private static ObjectNode usage(TenantUsageData u, boolean detailed) {
        ObjectNode o = Json.object();
        o.put("tenant_id", u.tenantId());
        if (detailed) {
            ArrayNode servers = o.putArray("server_usages");
            u.servers().forEach(s -> servers.add(server(s)));
        }
        o.put("total_local_gb_usage", u.totalLocalGbUsage());
        o.put("total_vcpus_usage", u.totalVcpusUsage());
        o.put("total_memory_mb_usage", u.totalMemoryMbUsage());
        o.put("total_hours", u.totalHours());
        o.put("start", Timestamps.micros(u.start()));
        o.put("stop", Timestamps.micros(u.stop()));
        return o;
    }

    private static ObjectNode server(TenantUsageData.ServerUsage s) {
        ObjectNode o = Json.object();
        o.put("hours", s.hours());
        o.put("flavor", s.flavor());
        o.put("instance_id", s.instanceId());
        o.put("name", s.name());
        o.put("tenant_id", s.tenantId());
        o.put("memory_mb", s.memoryMb());
        o.put("local_gb", s.localGb());
        o.put("vcpus", s.vcpus());
        o.put("started_at", Timestamps.micros(s.startedAt()));
        o.put("ended_at", s.endedAt().map(Timestamps::micros).orElse(null));
        o.put("state", s.state());
        o.put("uptime", s.uptime());
        return o;
    }
}
