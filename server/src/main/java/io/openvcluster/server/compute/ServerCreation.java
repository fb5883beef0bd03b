package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.Placement;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.RestoreIntent;
import io.openvcluster.server.kube.crd.ServerGroupRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
/**
 * {@code POST /servers}: the flavor, the image (a snapshot image is a clone, restored before its first start) and the
 * key pair are checked, the project's quota admits as many servers as fit between {@code min_count} and
 * {@code max_count}, and each is one record written once; the reconciler, woken, writes its first status.
 */
final class ServerCreation {
    // the default hostname's rules, compiled once (String.replaceAll compiles its pattern on every create)
    private static final Pattern NOT_HOST_CHARS = Pattern.compile("[^a-z0-9-]");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final Pattern TRAILING_DASHES = Pattern.compile("-+$");

    private final KubernetesClient client;
    private final ServerRecords records;
    private final Catalog catalog;
    private final ProjectQuotas quotas;
    private final KeyPairs keyPairs;
    private final ServerSecurityGroups securityGroups;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;
    private final Fleet fleet;
    private final ServerGroups serverGroups;

    ServerCreation(KubernetesClient client, ServerRecords records, Catalog catalog, ProjectQuotas quotas,
                   KeyPairs keyPairs, ServerSecurityGroups securityGroups, Consumer<String> wakeReconciler,
                   Clock clock, Fleet fleet, ServerGroups serverGroups) {
        this.fleet = fleet;
        this.serverGroups = serverGroups;
        this.client = client;
        this.records = records;
        this.catalog = catalog;
        this.quotas = quotas;
        this.keyPairs = keyPairs;
        this.securityGroups = securityGroups;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
    }

    CreatedServer create(Caller caller, CreateServerRequest request) {
        FlavorRecord flavor = catalog.flavorForServer(caller, ServerRecords.lastPathSegment(request.flavorRef()));
        ImageRecord image = catalog.imageForServer(caller, ServerRecords.lastPathSegment(request.imageRef()));
        checkClonable(image);
        quotas.checkMetadataItems(caller.projectId(), request.metadata().size());
        ImageRequirements.check(image, snapshot(flavor));
        if (request.keyName().isPresent() && !keyPairs.exists(caller, request.keyName().get())) {
            throw ApiException.badRequest("Invalid key_name provided.");
        }
        fleet.place(caller, request.availabilityZone()); // the zone and a named host checked before anything else
        List<String> groups = securityGroups.forNewServer(caller, request.securityGroups());
        int minCount = Math.max(1, request.minCount());
        int maxCount = Math.max(minCount, request.maxCount());
        // instances, cores and RAM of the project (Nova creates as many as fit between min_count and max_count)
        int count = quotas.admitServers(caller.projectId(), snapshot(flavor), minCount, maxCount);
        Optional<ServerGroupRecord> serverGroup = request.serverGroup()
                .map(g -> serverGroups.forNewServers(caller, g, count));
        // the hosts of the group's members, those of this request included as they are placed
        List<String> memberHosts = new ArrayList<>();
        serverGroup.ifPresent(g -> serverGroups.liveMembers(g.getSpec())
                .forEach(m -> fleet.hostOf(m).ifPresent(memberHosts::add)));
        List<ServerData> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            // Nova's multi-instance naming: "<name>-<n>" when more than one server is created.
            String name = count > 1 ? request.name() + "-" + i : request.name();
            Fleet.HostChoice placement = fleet.place(caller, request.availabilityZone(),
                    serverGroup.map(ServerGroupRecord::getSpec), memberHosts);
            ServerData server = createOne(caller, request, name, flavor, image, groups, placement,
                    serverGroup.map(g -> g.getSpec().getId()));
            placement.host().ifPresent(memberHosts::add);
            serverGroup.ifPresent(g -> serverGroups.addMember(g, server.id()));
            created.add(server);
        }
        securityGroups.madeFor(caller, groups);
        return new CreatedServer(created);
    }

    private ServerData createOne(Caller caller, CreateServerRequest request, String name, FlavorRecord flavor,
                                 ImageRecord image, List<String> groups, Fleet.HostChoice placement,
                                 Optional<String> serverGroup) {
        String id = UUID.randomUUID().toString();
        VclusterNames names = VclusterNames.forServer(id, name);
        String now = clock.instant().toString();
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(id);
        record.getMetadata().setNamespace(records.store().namespace());
        record.getMetadata().setLabels(Map.of(Records.LABEL_PROJECT_ID, caller.projectId(),
                Records.LABEL_USER_ID, caller.userId()));
        ServerSpec spec = record.getSpec();
        spec.setName(name);
        spec.setProjectId(caller.projectId());
        spec.setUserId(caller.userId());
        spec.setFlavor(snapshot(flavor));
        var img = image.getSpec();
        spec.setImageId(img.getId());
        spec.setImage(new ImageSnapshot(img.getChartVersion(), img.getKubernetesVersion(), img.getDistro()));
        spec.setRelease(names.release());
        spec.setHostNamespace(names.namespace());
        spec.setPowerIntent(PowerIntents.RUNNING);
        spec.setMetadata(new LinkedHashMap<>(request.metadata()));
        spec.setTags(new ArrayList<>(new LinkedHashSet<>(request.tags())));
        spec.setKeyName(request.keyName().orElse(null));
        spec.setSecurityGroups(new ArrayList<>(groups));
        spec.setDescription(request.description().orElse(null));
        spec.setAccessIPv4(request.accessIPv4());
        spec.setAccessIPv6(AccessAddresses.canonical(request.accessIPv6()));
        spec.setDiskConfig(request.diskConfig().orElse(DiskConfig.DEFAULT).name());
        spec.setHostname(request.hostname().orElseGet(() -> hostname(name)));
        spec.setAvailabilityZone(placement.zone());
        // no host: as Nova's scheduler, accepted (202), then ERROR with the fault; the reconciler puts nothing anywhere
        spec.setPlacement(new Placement(placement.host().orElse(null),
                placement.host().isPresent() ? null : Fleet.NO_VALID_HOST, serverGroup.orElse(null)));
        spec.setCreateRequestId(caller.requestId());
        // a snapshot image: a clone, restored from the archive before the vcluster first starts
        CatalogRecords.snapshotArchive(image).ifPresent(url -> spec.setRestore(new RestoreIntent(caller.requestId(),
                img.getId(), url, true)));
        spec.setCreatedAt(now);
        ServerRecord written;
        try {
            written = records.store().created(client.resources(ServerRecord.class)
                    .inNamespace(records.store().namespace()).resource(record).create());
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        // One write: the status subresource cannot be set with the create, and the reconciler, woken now, writes
        // the first status (building, the create action from the spec). Until then the server reads as Nova's
        // does right after scheduling: BUILD, task "scheduling".
        wakeReconciler.accept(id);
        return records.view(written);
    }

    /**
     * A {@code container://} archive is a file on the source server's volume: no other vcluster can read it, so it
     * cannot be cloned (400 before anything is created).
     */
    private static void checkClonable(ImageRecord image) {
        CatalogRecords.snapshotArchive(image).filter(u -> u.startsWith("container://")).ifPresent(u -> {
            throw ApiException.badRequest("Image " + image.getSpec().getId() + " is a snapshot stored on the volume "
                    + "of server " + image.getSpec().getProperties().get(CatalogRecords.PROP_INSTANCE_UUID)
                    + " (container:// snapshot store): it can be restored into that server (rebuild) but not cloned. "
                    + "Clones need an s3:// or oci:// snapshot store (OVC_SNAPSHOT_STORE).");
        });
    }

    static FlavorSnapshot snapshot(FlavorRecord flavor) {
        var f = flavor.getSpec();
        return new FlavorSnapshot(f.getId(), f.getName(), f.getVcpus(), f.getRamMb(), f.getDiskGb(),
                f.getEphemeralGb(), f.getSwapMb(), f.getExtraSpecs());
    }

    /** Nova 2.90's default hostname: the display name made a valid host name. */
    static String hostname(String name) {
        String host = EDGE_DASHES.matcher(DASH_RUNS.matcher(NOT_HOST_CHARS.matcher(name.toLowerCase(Locale.ROOT))
                .replaceAll("-")).replaceAll("-")).replaceAll("");
        if (host.length() > 63) {
            host = TRAILING_DASHES.matcher(host.substring(0, 63)).replaceAll("");
        }
        return host.isEmpty() ? "server" : host;
    }
}
