package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.IMAGE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.QuotaRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quotas on the sandbox cluster: limits as records, usage from the server records, checks at create. */
@SandboxBackendTest
class QuotasIT {
    private static KubernetesClient client;
    private static Domain compute;

    @Test
    void defaultsAreNovasWithTheConfiguredInstanceLimit() {
        Caller member = Fixtures.caller("user-q1", "project-q1", "member");
        QuotaSet limits = compute.quotas().getQuotaSet(member, "project-q1");
        assertEquals("project-q1", limits.projectId());
        assertEquals(10, limits.limit(QuotaResource.INSTANCES));
        assertEquals(20, limits.limit(QuotaResource.CORES));
        assertEquals(51200, limits.limit(QuotaResource.RAM));
        assertEquals(100, limits.limit(QuotaResource.KEY_PAIRS));
        assertEquals(128, limits.limit(QuotaResource.METADATA_ITEMS));
        assertEquals(10, limits.limit(QuotaResource.SECURITY_GROUPS));
        assertEquals(20, limits.limit(QuotaResource.SECURITY_GROUP_RULES));
        assertEquals(limits.limits(), compute.quotas().getDefaultQuotaSet(member, "project-q1").limits());
    }

    @Test
    void onlyAnAdminSetsLimitsAndAMemberReadsOnlyItsOwnProject() {
        Caller member = Fixtures.caller("user-q2", "project-q2", "member");
        ApiException update = assertThrows(ApiException.class,
                () -> compute.quotas().updateQuotaSet(member, "project-q2", Map.of(QuotaResource.CORES, 99), false));
        assertEquals(403, update.status());
        assertEquals("Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.", update.getMessage());
        ApiException other = assertThrows(ApiException.class, () -> compute.quotas().getQuotaSet(member, "project-other"));
        assertEquals(403, other.status());
        assertEquals(403, assertThrows(ApiException.class, () -> compute.quotas().getQuotaUsage(member, "project-other")).status());

        QuotaSet updated = compute.quotas().updateQuotaSet(ADMIN, "project-q2", Map.of(QuotaResource.CORES, 99,
                QuotaResource.RAM, -1), false);
        assertEquals(99, updated.limit(QuotaResource.CORES));
        assertEquals(-1, updated.limit(QuotaResource.RAM));
        assertEquals(10, updated.limit(QuotaResource.INSTANCES));
        assertEquals(99, compute.quotas().getQuotaSet(member, "project-q2").limit(QuotaResource.CORES));
        // stored as a record holding only what the admin set
        QuotaRecord record = client.resources(QuotaRecord.class).inNamespace("openvcluster-system")
                .withName(Records.quotaName("project-q2")).get();
        assertEquals(Map.of("cores", 99, "ram", -1), record.getSpec().getLimits());

        compute.quotas().deleteQuotaSet(ADMIN, "project-q2");
        assertEquals(20, compute.quotas().getQuotaSet(member, "project-q2").limit(QuotaResource.CORES));
        assertEquals(403, assertThrows(ApiException.class, () -> compute.quotas().deleteQuotaSet(member, "project-q2")).status());
    }

    @Test
    void coresAreCheckedAtCreateWithNovasMessageAndMultiCreateIsClipped() {
        Caller member = Fixtures.caller("user-q3", "project-q3", "member");
        compute.quotas().updateQuotaSet(ADMIN, "project-q3", Map.of(QuotaResource.CORES, 5), false);
        // flavor 2 has 2 vCPUs: max_count 3 creates as many as fit (2), min_count 1
        CreateServerRequest upToThree = new CreateServerRequest("pair", "2", IMAGE, Map.of(), java.util.List.of(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), "", "", "", 1, 3, java.util.Optional.empty());
        assertEquals(2, compute.servers().createServer(member, upToThree).servers().size());
        ApiException e = assertThrows(ApiException.class, () -> compute.servers().createServer(member, create("x", "2", IMAGE, 1)));
        assertEquals(403, e.status());
        assertEquals("Quota exceeded for cores: Requested 2, but already used 4 of 5 cores", e.getMessage());

        QuotaUsage usage = compute.quotas().getQuotaUsage(member, "project-q3");
        assertEquals(2, usage.used(QuotaResource.INSTANCES));
        assertEquals(4, usage.used(QuotaResource.CORES));
        assertEquals(2 * 4096, usage.used(QuotaResource.RAM));

        // several resources over: sorted and listed together, as Nova does
        compute.quotas().updateQuotaSet(ADMIN, "project-q3", Map.of(QuotaResource.RAM, 8192), false);
        ApiException two = assertThrows(ApiException.class,
                () -> compute.servers().createServer(member, create("y", "2", IMAGE, 1)));
        assertEquals("Quota exceeded for cores, ram: Requested 2, 4096, but already used 4, 8192 of 5, 8192 cores, ram",
                two.getMessage());
    }

    @Test
    void aLimitBelowUsageNeedsForceAndDeletedServersNoLongerCount() {
        Caller member = Fixtures.caller("user-q4", "project-q4", "member");
        String id = compute.servers().createServer(member, create("counted")).servers().get(0).id();
        assertEquals(1, compute.quotas().getQuotaUsage(member, "project-q4").used(QuotaResource.INSTANCES));
        ApiException below = assertThrows(ApiException.class,
                () -> compute.quotas().updateQuotaSet(ADMIN, "project-q4", Map.of(QuotaResource.INSTANCES, 0), false));
        assertEquals(400, below.status());
        assertEquals("Quota limit 0 for instances must be greater than or equal to already used and reserved 1.",
                below.getMessage());
        assertEquals(0, compute.quotas().updateQuotaSet(ADMIN, "project-q4", Map.of(QuotaResource.INSTANCES, 0), true)
                .limit(QuotaResource.INSTANCES));
        assertEquals(403, assertThrows(ApiException.class, () -> compute.servers().createServer(member, create("no"))).status());

        compute.servers().deleteServer(member, id);
        assertEquals(0, compute.quotas().getQuotaUsage(member, "project-q4").used(QuotaResource.INSTANCES));
    }

    @Test
    void theMetadataItemsLimitIsTheProjects() {
        Caller member = Fixtures.caller("user-q5", "project-q5", "member");
        String id = compute.servers().createServer(member, create("meta")).servers().get(0).id();
        compute.quotas().updateQuotaSet(ADMIN, "project-q5", Map.of(QuotaResource.METADATA_ITEMS, 2), false);
        compute.attributes().setMetadata(member, id, Map.of("a", "1", "b", "2"), false);
        ApiException e = assertThrows(ApiException.class, () -> compute.attributes().setMetadata(member, id, Map.of("c", "3"), false));
        assertEquals(403, e.status());
        assertEquals("Quota exceeded for metadata_items: Requested 3, but already used 0 of 2 metadata_items",
                e.getMessage());
    }
}
