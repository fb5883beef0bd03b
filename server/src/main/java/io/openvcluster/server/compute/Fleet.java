package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ComputeServiceRecord;
import io.openvcluster.server.kube.crd.ComputeServiceRecordSpec;
import io.openvcluster.server.kube.crd.Placement;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerGroupRecordSpec;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.host.HostNodes;
import io.openvcluster.server.kube.records.RecordStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host clusters as Nova's compute hosts, services and hypervisors. A host is one host cluster (today the one
 * the facade is configured with, {@code OVC_HOST_NAME} in {@code OVC_AVAILABILITY_ZONE}); its {@code nova-compute} service is what an admin disables
 * (no new server is placed there) or forces down; the facade itself is {@code nova-conductor} and
 * {@code nova-scheduler} on its own control host, in Nova's {@code internal} zone. What an admin set is a
 * {@link ComputeServiceRecord}; everything else is observed (the nodes, the servers placed there).
 */
public final class Fleet {
    /** The host the facade's own services run on, as Nova's controller. */
    public static final String CONTROL_HOST = "openvcluster-api";

    private final KubernetesClient client;
    private final RecordStore store;
    private final HostCluster host;
    private final HostNodes nodes;
    private final String hostIp;
    private final Clock clock;
    /** When the host cluster's API server was last seen answering, for the service's heartbeat while it is down. */
    private final AtomicReference<Optional<Instant>> lastSeenUp = new AtomicReference<>(Optional.empty());

    Fleet(KubernetesClient client, RecordStore store, HostCluster host, HostNodes nodes, String hostIp, Clock clock) {
        this.client = client;
        this.store = store;
        this.host = host;
        this.nodes = nodes;
        this.hostIp = hostIp;
        this.clock = clock;
    }

    /** A host cluster by its Nova host name, in its availability zone. */
    public record HostCluster(String name, String zone) {
    }

    /** The availability zones servers may be placed in: each host cluster's. */
    public List<String> zones() {
        return List.of(host.zone());
    }

    /** The zone servers go to when none is asked for: the first host cluster's. */
    public String defaultZone() {
        return host.zone();
    }

    /** Nova's fault of a server no host could take. */
    static final String NO_VALID_HOST = "No valid host was found. There are not enough hosts available.";

    /**
     * Where a new server goes, from Nova's {@code availability_zone} ({@code AZ}, or for admins {@code AZ:host},
     * {@code AZ:host:node} and {@code :host}): a zone no host cluster is in is Nova's 400, a host that does not exist
     * (or is in another zone) a 400 too, and naming a host is for admins only (Nova's {@code forced_host} policy,
     * 403). Blank: the default zone. Of the host clusters in the zone (the one named, if any), one whose compute
     * service is enabled and not forced down takes it; none: no host (the server goes to ERROR, Nova's "No valid host
     * was found"). Capacity is not reserved: a flavor is a quota on the vcluster, and Kubernetes schedules its pods.
     */
    HostChoice place(Caller caller, String requested) {
        return place(caller, requested, Optional.empty(), List.of());
    }

    /**
     * As {@link #place(Caller, String)}, for a member of a server group: a host takes it only as the group's policy
     * lets it ({@link ServerGroups#admits}), given the hosts its other members are on ({@code memberHosts}, one entry
     * per member).
     */
    HostChoice place(Caller caller, String requested, Optional<ServerGroupRecordSpec> group, List<String> memberHosts) {
        String zone = defaultZone();
        Optional<String> forcedHost = Optional.empty();
        if (requested != null && !requested.isBlank()) {
            String[] parts = requested.split(":", 3);
            zone = parts[0];
            forcedHost = Optional.of(parts.length > 1 ? parts[1] : "").filter(h -> !h.isEmpty());
        }
        if (forcedHost.isPresent() && !caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:servers:create:forced_host to be "
                    + "performed.");
        }
        if (!zone.isEmpty() && !zones().contains(zone)) {
            throw ApiException.badRequest("The requested availability zone is not available");
        }
        if (forcedHost.isPresent()) {
            String named = forcedHost.get();
            String hostZone = zoneOf(named).orElseThrow(() -> ApiException.badRequest(
                    "Compute host " + named + " could not be found."));
            if (!zone.isEmpty() && !zone.equals(hostZone)) {
                throw ApiException.badRequest("Compute host " + named + " is not in availability zone " + zone + ".");
            }
            zone = hostZone;
        }
        String placedZone = zone;
        List<String> candidates = forcedHost.map(List::of).orElseGet(() -> hosts().stream()
                .filter(h -> zoneOf(h).filter(placedZone::equals).isPresent()).toList());
        Optional<String> host = candidates.stream().filter(this::takesNewServers)
                .filter(h -> group.map(g -> admits(g, h, memberHosts)).orElse(true)).findFirst();
        return new HostChoice(placedZone, host);
    }

    private static boolean admits(ServerGroupRecordSpec group, String hostName, List<String> memberHosts) {
        int onHost = (int) memberHosts.stream().filter(hostName::equals).count();
        return ServerGroups.admits(group, onHost, memberHosts.size() - onHost);
    }

    /** An admin has not disabled the host's compute service, nor forced it down. */
    private boolean takesNewServers(String hostName) {
        return service(ComputeServiceData.COMPUTE, hostName).filter(s -> !s.disabled() && !s.forcedDown()).isPresent();
    }

    /** A new server's zone, and its host: none when no host could take it. */
    record HostChoice(String zone, Optional<String> host) {
    }

    /** The host clusters by name. */
    public List<String> hosts() {
        return List.of(host.name());
    }

    /** The zone of a host cluster. */
    public Optional<String> zoneOf(String hostName) {
        return host.name().equals(hostName) ? Optional.of(host.zone()) : Optional.empty();
    }

    /** Every service: the facade's conductor and scheduler first, then each host's compute service. */
    public List<ComputeServiceData> services() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<ComputeServiceData> services = new ArrayList<>();
        services.add(service(1, ComputeServiceData.CONDUCTOR, CONTROL_HOST, ComputeServiceData.INTERNAL_ZONE, true,
                now));
        services.add(service(2, ComputeServiceData.SCHEDULER, CONTROL_HOST, ComputeServiceData.INTERNAL_ZONE, true,
                now));
        boolean reachable = nodes.reachable();
        if (reachable) {
            lastSeenUp.set(Optional.of(now));
        }
        services.add(service(3, ComputeServiceData.COMPUTE, host.name(), host.zone(), reachable, now));
        return services;
    }

    public Optional<ComputeServiceData> service(String binary, String hostName) {
        return services().stream().filter(s -> s.binary().equals(binary) && s.host().equals(hostName)).findFirst();
    }

    public Optional<ComputeServiceData> serviceByUuid(String uuid) {
        return services().stream().filter(s -> s.uuid().equals(uuid)).findFirst();
    }

    /**
     * Sets what an admin may set on a service, as Nova's {@code os-services} updates: enabled or disabled (a
     * reason only with disabled; enabling clears it), forced down or not. Absent values are left as they are.
     */
    public ComputeServiceData update(ComputeServiceData service, Optional<Boolean> disabled,
                                     Optional<String> disabledReason, Optional<Boolean> forcedDown) {
        Optional<ComputeServiceRecord> existing = store.computeService(service.binary(), service.host());
        ComputeServiceRecordSpec spec = existing.map(ComputeServiceRecord::getSpec)
                .orElseGet(ComputeServiceRecordSpec::new);
        ComputeServiceRecord record = existing.map(Records::copy).orElseGet(ComputeServiceRecord::new);
        record.getMetadata().setName(Records.computeServiceName(service.binary(), service.host()));
        record.getMetadata().setNamespace(store.namespace());
        ComputeServiceRecordSpec next = new ComputeServiceRecordSpec();
        next.setBinary(service.binary());
        next.setHost(service.host());
        boolean nowDisabled = disabled.orElse(spec.isDisabled());
        next.setDisabled(nowDisabled);
        // a reason only while disabled: the one given, else (a change of something else) the one kept
        next.setDisabledReason(nowDisabled
                ? disabledReason.or(() -> disabled.isPresent() ? Optional.empty()
                        : Optional.ofNullable(spec.getDisabledReason())).orElse(null)
                : null);
        next.setForcedDown(forcedDown.orElse(spec.isForcedDown()));
        next.setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        record.setSpec(next);
        var resource = client.resources(ComputeServiceRecord.class).inNamespace(store.namespace()).resource(record);
        try {
            if (existing.isPresent()) {
                // with the cached resourceVersion: a concurrent change is a 409 for the admin to retry
                store.written(resource.update());
            } else {
                store.created(resource.create());
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == java.net.HttpURLConnection.HTTP_CONFLICT) {
                throw ApiException.conflict("The service was changed by another request at the same time; "
                        + "please retry.");
            }
            throw RecordWriter.unavailable(e);
        }
        return service(service.binary(), service.host()).orElseThrow();
    }

    /** Each host cluster as a hypervisor. */
    public List<HypervisorData> hypervisors() {
        ComputeServiceData compute = service(ComputeServiceData.COMPUTE, host.name()).orElseThrow();
        List<ServerRecord> placed = placedOn(host.name());
        HypervisorData.Usage used = usage(placed);
        List<HypervisorData.ServerRef> servers = placed.stream().map(s ->
                new HypervisorData.ServerRef(s.getMetadata().getName(), s.getSpec().getName())).toList();
        return List.of(new HypervisorData(1, uuid("hypervisor/" + host.name()), host.name(), hostIp, compute,
                nodes.capacity(), used, servers));
    }

    /** What each project's servers on a host use, by project id in order. */
    public Map<String, HypervisorData.Usage> usageByProject(String hostName) {
        Map<String, List<ServerRecord>> byProject = new TreeMap<>();
        for (ServerRecord server : placedOn(hostName)) {
            byProject.computeIfAbsent(server.getSpec().getProjectId(), p -> new ArrayList<>()).add(server);
        }
        Map<String, HypervisorData.Usage> usage = new LinkedHashMap<>();
        byProject.forEach((project, servers) -> usage.put(project, usage(servers)));
        return usage;
    }

    private List<ServerRecord> placedOn(String hostName) {
        return store.allServers().stream().filter(s -> hostOf(s).filter(hostName::equals).isPresent()).toList();
    }

    /** The servers' flavors summed (root and ephemeral disk both count as local disk, as in Nova). */
    private static HypervisorData.Usage usage(List<ServerRecord> servers) {
        int vcpus = 0;
        int memory = 0;
        int disk = 0;
        int workload = 0;
        for (ServerRecord server : servers) {
            vcpus += server.getSpec().getFlavor().vcpus();
            memory += server.getSpec().getFlavor().ramMb();
            disk += server.getSpec().getFlavor().diskGb() + server.getSpec().getFlavor().ephemeralGb();
            if (server.getStatus() != null && server.getStatus().getTaskState() != null) {
                workload++;
            }
        }
        return new HypervisorData.Usage(vcpus, memory, disk, servers.size(), workload);
    }

    /**
     * The host cluster a server was placed on, where its actions' events ran (whether it is still there or not);
     * records from before placement are on the one host there was, and so is a server no host took (its events,
     * the failed create, are the facade's own).
     */
    public String placedHost(ServerSpec spec) {
        return Placement.hostOf(spec).orElse(host.name());
    }

    /**
     * The host a server is on: its host cluster, or none once shelved and offloaded (its host objects and
     * namespace are gone) or when no host could take it.
     */
    public Optional<String> hostOf(ServerRecord server) {
        if (Placement.faultOf(server.getSpec()).isPresent()
                || PowerIntents.SHELVED_OFFLOADED.equals(PowerIntents.onHost(server))) {
            return Optional.empty();
        }
        // records from before placement are on the one host there was
        return Optional.of(placedHost(server.getSpec()));
    }

    private ComputeServiceData service(int number, String binary, String hostName, String zone, boolean reachable,
                                       Instant now) {
        Optional<ComputeServiceRecordSpec> set = store.computeService(binary, hostName)
                .map(ComputeServiceRecord::getSpec);
        boolean forcedDown = set.map(ComputeServiceRecordSpec::isForcedDown).orElse(false);
        return new ComputeServiceData(number, uuid("compute-service/" + binary + "@" + hostName), binary, hostName,
                zone, set.map(ComputeServiceRecordSpec::isDisabled).orElse(false),
                set.map(ComputeServiceRecordSpec::getDisabledReason), forcedDown, reachable && !forcedDown,
                reachable ? Optional.of(now) : lastSeenUp.get());
    }

    /** Ids that stay the same across restarts and replicas: derived from the names. */
    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
