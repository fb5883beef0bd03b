package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import java.util.Map;
import java.util.Optional;

/**
 * A project's quotas and usage ({@code os-quota-sets}, {@code /limits}): Nova's defaults, an admin's changes, and what
 * the project's servers and key pairs use.
 */
public final class QuotaService {
    private final ProjectQuotas quotas;

    QuotaService(ProjectQuotas quotas) {
        this.quotas = quotas;
    }

    public QuotaSet getQuotaSet(Caller caller, String projectId) {
        requireOwnProjectOrAdmin(caller, projectId, "os_compute_api:os-quota-sets:show");
        return quotas.limits(projectId);
    }

    public QuotaSet getDefaultQuotaSet(Caller caller, String projectId) {
        return quotas.defaults(projectId);
    }

    public QuotaUsage getQuotaUsage(Caller caller, String projectId) {
        requireOwnProjectOrAdmin(caller, projectId, "os_compute_api:os-quota-sets:show");
        return quotas.usage(projectId, Optional.of(caller.userId()));
    }

    public QuotaSet updateQuotaSet(Caller caller, String projectId, Map<QuotaResource, Integer> limits, boolean force) {
        requireAdmin(caller, "os_compute_api:os-quota-sets:update");
        return quotas.update(projectId, limits, force, Optional.empty());
    }

    public void deleteQuotaSet(Caller caller, String projectId) {
        requireAdmin(caller, "os_compute_api:os-quota-sets:delete");
        quotas.reset(projectId);
    }

    private static void requireAdmin(Caller caller, String policy) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
    }

    /** Nova's project-reader-or-admin rule: another project's quota is forbidden (403), not hidden. */
    private static void requireOwnProjectOrAdmin(Caller caller, String projectId, String policy) {
        if (!caller.isAdmin() && !caller.projectId().equals(projectId)) {
            throw ApiException.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
    }

}
