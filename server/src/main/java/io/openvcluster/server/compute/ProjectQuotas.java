package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.Placement;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.QuotaRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-project compute quotas: the configured defaults overlaid with the limits an admin set (one
 * {@link QuotaRecord} per project), usage counted from the cached server records, and the checks Nova makes at
 * create and resize. A vcluster's size is its flavor, so cores and RAM are the flavor's vCPUs and MiB, exactly as
 * Nova counts a VM's; a server being deleted no longer counts.
 */
final class ProjectQuotas {
    /** The resources a server consumes, in the order Nova checks them. */
    private static final List<QuotaResource> SERVER_RESOURCES =
            List.of(QuotaResource.INSTANCES, QuotaResource.CORES, QuotaResource.RAM);

    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final QuotaSet defaults;

    ProjectQuotas(KubernetesClient client, RecordStore store, RecordWriter writer, QuotaSet defaults) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.defaults = defaults;
    }

    QuotaSet defaults(String projectId) {
        return defaults.with(projectId, Map.of());
    }

    QuotaSet limits(String projectId) {
        Map<QuotaResource, Integer> own = new EnumMap<>(QuotaResource.class);
        store.quota(projectId).ifPresent(q -> q.getSpec().getLimits().forEach((key, value) ->
                QuotaResource.byKey(key).ifPresent(r -> own.put(r, value))));
        return defaults.with(projectId, own);
    }

    /** Servers, cores, RAM and security groups of the project; key pairs of the user, when one is given (Nova's key pair quota is per user). */
    QuotaUsage usage(String projectId, Optional<String> userId) {
        // plain counters: this runs over every server of the project at each create and resize
        int instances = 0;
        int cores = 0;
        int ramMb = 0;
        for (ServerRecord server : store.serversOfProject(projectId)) {
            // Nova counts neither deleted nor soft-deleted servers: a restore asks for the quota again; an offloaded
            // shelve holds nothing on the host either, and its unshelve asks again too
            // nor, as this facade releases it, a server no host could take ("No valid host was found")
            if (server.getSpec().isDeleteRequested() || Records.softDeleted(server)
                    || PowerIntents.SHELVED_OFFLOADED.equals(PowerIntents.onHost(server))
                    || Placement.faultOf(server.getSpec()).isPresent()) {
                continue;
            }
            instances++;
            cores += cores(server.getSpec());
            ramMb += ramMb(server.getSpec());
        }
        Map<QuotaResource, Integer> used = new EnumMap<>(QuotaResource.class);
        used.put(QuotaResource.INSTANCES, instances);
        used.put(QuotaResource.CORES, cores);
        used.put(QuotaResource.RAM, ramMb);
        used.put(QuotaResource.SECURITY_GROUPS, store.securityGroupsOfProject(projectId).size());
        used.put(QuotaResource.SERVER_GROUPS, store.serverGroupsOfProject(projectId).size());
        userId.ifPresent(u -> used.put(QuotaResource.KEY_PAIRS, store.keyPairsOfUser(u).size()));
        return new QuotaUsage(used);
    }

    /** A server's vCPUs; while a resize awaits confirmation it holds the larger of both flavors, as Nova does. */
    static int cores(ServerSpec spec) {
        FlavorSnapshot previous = spec.getPreviousFlavor();
        return Math.max(spec.getFlavor().vcpus(), previous == null ? 0 : previous.vcpus());
    }

    static int ramMb(ServerSpec spec) {
        FlavorSnapshot previous = spec.getPreviousFlavor();
        return Math.max(spec.getFlavor().ramMb(), previous == null ? 0 : previous.ramMb());
    }

    /**
     * How many servers of this flavor the project may still create, between {@code minCount} and {@code maxCount};
     * 403 with Nova's "Quota exceeded" message when not even {@code minCount} fit.
     */
    int admitServers(String projectId, FlavorSnapshot flavor, int minCount, int maxCount) {
        QuotaSet limits = limits(projectId);
        if (SERVER_RESOURCES.stream().allMatch(limits::unlimited)) {
            // nothing to count against: the usage (a pass over every server of the project) would change nothing
            return maxCount;
        }
        Map<QuotaResource, Integer> perServer = Map.of(QuotaResource.INSTANCES, 1,
                QuotaResource.CORES, flavor.vcpus(), QuotaResource.RAM, flavor.ramMb());
        QuotaUsage usage = usage(projectId, Optional.empty());
        int allowed = maxCount;
        for (QuotaResource r : SERVER_RESOURCES) {
            int each = perServer.get(r);
            if (!limits.unlimited(r) && each > 0) {
                allowed = Math.min(allowed, Math.max(0, limits.limit(r) - usage.used(r)) / each);
            }
        }
        if (allowed < minCount) {
            Map<QuotaResource, Integer> requested = new EnumMap<>(QuotaResource.class);
            perServer.forEach((r, each) -> requested.put(r, each * minCount));
            throw exceeded(limits, usage, requested);
        }
        return allowed;
    }

    /** A resize asks for the growth only (Nova checks the delta of cores and RAM); shrinking always fits. */
    void admitResize(String projectId, FlavorSnapshot from, FlavorSnapshot to) {
        QuotaSet limits = limits(projectId);
        QuotaUsage usage = usage(projectId, Optional.empty());
        Map<QuotaResource, Integer> delta = new EnumMap<>(QuotaResource.class);
        delta.put(QuotaResource.CORES, Math.max(0, to.vcpus() - from.vcpus()));
        delta.put(QuotaResource.RAM, Math.max(0, to.ramMb() - from.ramMb()));
        Map<QuotaResource, Integer> over = new EnumMap<>(QuotaResource.class);
        delta.forEach((r, d) -> {
            if (d > 0 && !limits.unlimited(r) && usage.used(r) + d > limits.limit(r)) {
                over.put(r, d);
            }
        });
        if (!over.isEmpty()) {
            throw exceeded(limits, usage, over);
        }
    }

    /** Nova's key pair quota counts the user's key pairs. */
    void admitKeyPair(String projectId, String userId) {
        QuotaSet limits = limits(projectId);
        if (!limits.unlimited(QuotaResource.KEY_PAIRS)
                && store.keyPairsOfUser(userId).size() + 1 > limits.limit(QuotaResource.KEY_PAIRS)) {
            throw ApiException.forbidden("Quota exceeded, too many key pairs.");
        }
    }

    /** Nova's security group quota counts the project's groups ({@code default} too, once made). */
    void admitSecurityGroup(String projectId) {
        QuotaSet limits = limits(projectId);
        if (!limits.unlimited(QuotaResource.SECURITY_GROUPS)
                && store.securityGroupsOfProject(projectId).size() + 1 > limits.limit(QuotaResource.SECURITY_GROUPS)) {
            throw ApiException.forbidden("Quota exceeded, too many security groups.");
        }
    }

    /** Nova's server group quota counts the project's groups. */
    void admitServerGroup(String projectId) {
        QuotaSet limits = limits(projectId);
        if (!limits.unlimited(QuotaResource.SERVER_GROUPS)
                && store.serverGroupsOfProject(projectId).size() + 1 > limits.limit(QuotaResource.SERVER_GROUPS)) {
            throw ApiException.forbidden("Quota exceeded, too many server groups.");
        }
    }

    /** Nova's server group member quota is per group: its members, plus the new ones. */
    void admitServerGroupMembers(String projectId, int members, int adding) {
        QuotaSet limits = limits(projectId);
        if (!limits.unlimited(QuotaResource.SERVER_GROUP_MEMBERS)
                && members + adding > limits.limit(QuotaResource.SERVER_GROUP_MEMBERS)) {
            throw ApiException.forbidden("Quota exceeded, too many servers in group");
        }
    }

    /** Nova's security group rule quota is per group: the rules the group already has, plus this one. */
    void admitSecurityGroupRule(String projectId, int rulesOfGroup) {
        QuotaSet limits = limits(projectId);
        if (!limits.unlimited(QuotaResource.SECURITY_GROUP_RULES)
                && rulesOfGroup + 1 > limits.limit(QuotaResource.SECURITY_GROUP_RULES)) {
            throw ApiException.forbidden("Quota exceeded, too many security group rules.");
        }
    }

    /**
     * Nova's TooManyInstances message: the resources over their limit, sorted, with what was requested, used and
     * allowed for each ("Quota exceeded for cores: Requested 4, but already used 8 of 10 cores").
     */
    private static ApiException exceeded(QuotaSet limits, QuotaUsage usage, Map<QuotaResource, Integer> requested) {
        List<String> overs = new ArrayList<>();
        List<String> reqs = new ArrayList<>();
        List<String> useds = new ArrayList<>();
        List<String> alloweds = new ArrayList<>();
        requested.entrySet().stream()
                .filter(e -> !limits.unlimited(e.getKey())
                        && usage.used(e.getKey()) + e.getValue() > limits.limit(e.getKey()))
                .sorted(Map.Entry.comparingByKey((a, b) -> a.key().compareTo(b.key())))
                .forEach(e -> {
                    overs.add(e.getKey().key());
                    reqs.add(String.valueOf(e.getValue()));
                    useds.add(String.valueOf(usage.used(e.getKey())));
                    alloweds.add(String.valueOf(limits.limit(e.getKey())));
                });
        String names = String.join(", ", overs);
        return ApiException.forbidden("Quota exceeded for " + names + ": Requested " + String.join(", ", reqs)
                + ", but already used " + String.join(", ", useds) + " of " + String.join(", ", alloweds) + " "
                + names);
    }

    /**
     * Sets some of a project's limits. Without {@code force}, a limit below what the project already uses is
     * refused with Nova's 400; -1 means unlimited.
     */
    QuotaSet update(String projectId, Map<QuotaResource, Integer> changes, boolean force, Optional<String> userId) {
        QuotaUsage usage = usage(projectId, userId);
        for (Map.Entry<QuotaResource, Integer> e : changes.entrySet()) {
            int value = e.getValue();
            if (value < -1) {
                throw ApiException.badRequest("Invalid input for field/attribute " + e.getKey().key()
                        + ". Value: " + value + ". " + value + " is less than the minimum of -1");
            }
            int used = usage.used(e.getKey());
            if (!force && value != -1 && value < used) {
                throw ApiException.badRequest("Quota limit " + value + " for " + e.getKey().key()
                        + " must be greater than or equal to already used and reserved " + used + ".");
            }
        }
        Map<String, Integer> asKeys = new LinkedHashMap<>();
        changes.forEach((r, v) -> asKeys.put(r.key(), v));
        Optional<QuotaRecord> existing = store.quota(projectId);
        if (existing.isEmpty()) {
            QuotaRecord record = new QuotaRecord();
            record.getMetadata().setName(Records.quotaName(projectId));
            record.getMetadata().setNamespace(store.namespace());
            record.getSpec().setProjectId(projectId);
            record.getSpec().setLimits(new LinkedHashMap<>(asKeys));
            try {
                store.created(client.resources(QuotaRecord.class).inNamespace(store.namespace()).resource(record)
                        .create());
                return limits(projectId);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw RecordWriter.unavailable(e);
                }
                // another replica created it first: update theirs below
            }
        }
        writer.update(QuotaRecord.class, () -> Optional.ofNullable(store.quota(projectId).orElseGet(() ->
                        client.resources(QuotaRecord.class).inNamespace(store.namespace())
                                .withName(Records.quotaName(projectId)).get())),
                r -> r.getSpec().getLimits().putAll(asKeys), false,
                () -> ApiException.conflict("The quota of project " + projectId + " was removed meanwhile; retry."));
        return limits(projectId);
    }

    /** Nova's DELETE: the project's limits go back to the defaults. */
    void reset(String projectId) {
        store.quota(projectId).ifPresent(record -> {
            try {
                client.resources(QuotaRecord.class).inNamespace(store.namespace())
                        .withName(record.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                throw RecordWriter.unavailable(e);
            }
            store.deleted(record);
        });
    }

    /** The project's metadata_items limit (Nova's default 128) applies to each server's metadata. */
    void checkMetadataItems(String projectId, int items) {
        QuotaSet limits = limits(projectId);
        int limit = limits.limit(QuotaResource.METADATA_ITEMS);
        if (!limits.unlimited(QuotaResource.METADATA_ITEMS) && items > limit) {
            throw ApiException.forbidden("Quota exceeded for metadata_items: Requested " + items
                    + ", but already used 0 of " + limit + " metadata_items");
        }
    }
}
