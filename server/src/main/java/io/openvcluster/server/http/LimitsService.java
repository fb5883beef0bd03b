package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.QuotaResource;
import io.openvcluster.server.compute.QuotaService;
import io.openvcluster.server.compute.QuotaSet;
import io.openvcluster.server.compute.QuotaUsage;
import io.openvcluster.server.identity.Caller;

/**
 * Nova {@code GET /limits}: the project's absolute limits and usage; {@code rate} is always
 * empty (Nova dropped rate limits). An admin may ask for another project with {@code tenant_id}.
 * The fields follow the microversion: 2.36 drops the nova-network ones, 2.39 {@code maxImageMeta},
 * 2.57 the personality ones.
 */
final class LimitsService implements HttpService {
    private final QuotaService quotas;

    LimitsService(QuotaService quotas) {
        this.quotas = quotas;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules).get("/limits", this::limits).methodNotAllowedForTheRest();
    }

    private void limits(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String project = QueryParams.first(req.query(), "tenant_id").orElse(caller.projectId());
        Responses.ok(res, body(quotas.getQuotaSet(caller, project), quotas.getQuotaUsage(caller, project),
                RequestContext.microversion(req)));
    }

    static ObjectNode body(QuotaSet q, QuotaUsage u, Microversion mv) {
        ObjectNode body = Json.object();
        ObjectNode limits = body.putObject("limits");
        limits.putArray("rate");
        ObjectNode abs = limits.putObject("absolute");
        abs.put("maxTotalInstances", q.limit(QuotaResource.INSTANCES));
        abs.put("maxTotalCores", q.limit(QuotaResource.CORES));
        abs.put("maxTotalRAMSize", q.limit(QuotaResource.RAM));
        abs.put("maxServerMeta", q.limit(QuotaResource.METADATA_ITEMS));
        if (mv.before(39)) {
            abs.put("maxImageMeta", q.limit(QuotaResource.METADATA_ITEMS));
        }
        if (mv.before(57)) {
            abs.put("maxPersonality", q.limit(QuotaResource.INJECTED_FILES));
            abs.put("maxPersonalitySize", q.limit(QuotaResource.INJECTED_FILE_CONTENT_BYTES));
        }
        abs.put("maxTotalKeypairs", q.limit(QuotaResource.KEY_PAIRS));
        abs.put("maxServerGroups", q.limit(QuotaResource.SERVER_GROUPS));
        abs.put("maxServerGroupMembers", q.limit(QuotaResource.SERVER_GROUP_MEMBERS));
        if (mv.before(36)) {
            abs.put("maxTotalFloatingIps", q.limit(QuotaResource.FLOATING_IPS));
            abs.put("maxSecurityGroups", q.limit(QuotaResource.SECURITY_GROUPS));
            abs.put("maxSecurityGroupRules", q.limit(QuotaResource.SECURITY_GROUP_RULES));
        }
        abs.put("totalRAMUsed", u.used(QuotaResource.RAM));
        abs.put("totalCoresUsed", u.used(QuotaResource.CORES));
        abs.put("totalInstancesUsed", u.used(QuotaResource.INSTANCES));
        if (mv.before(36)) {
            abs.put("totalFloatingIpsUsed", 0);
            abs.put("totalSecurityGroupsUsed", u.used(QuotaResource.SECURITY_GROUPS));
        }
        abs.put("totalServerGroupsUsed", u.used(QuotaResource.SERVER_GROUPS));
        return body;
    }
}
