package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.ConsoleLogs;
import io.openvcluster.server.kube.CatalogRecords;
import io.openvcluster.server.kube.HostReads;
import io.openvcluster.server.kube.RecordStore;
import io.openvcluster.server.kube.SnapshotStore;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.RestoreIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.translator.VclusterNames;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The domain on Kubernetes: each call checks its guards against the cached records, then records the user's
 * intent in a custom resource and returns; the reconciler does the work on the host. Isolation: a server of
 * another project is not found (404) for non-admins; admins see every project's servers only when they ask
 * ({@code allProjects}).
 */
public final class KubeComputeService implements ComputeService {
    static final int MAX_TAGS = 50;
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 12;
    // the default hostname's rules, compiled once (String.replaceAll compiles its pattern on every create)
    private static final Pattern NOT_HOST_CHARS = Pattern.compile("[^a-z0-9-]");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final Pattern TRAILING_DASHES = Pattern.compile("-+$");
    /** The vm states in which Nova lets tags change (and only with no task running). */
    private static final Set<String> TAG_STATES = Set.of(ServerStates.ACTIVE, ServerStates.PAUSED,
            ServerStates.SUSPENDED, ServerStates.STOPPED, ServerStates.RESCUED, ServerStates.SHELVED,
            ServerStates.SHELVED_OFFLOADED);

    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final Consumer<String> wakeReconciler;
    private final ProjectQuotas quotas;
    private final KeyPairs keyPairs;
    private final Clock clock;
    private final ServerLists lists;
    private final Catalog catalog;
    private final ServerVerbs verbs;
    private final ServerResizes resizes;
    private final ServerSnapshots snapshots;
    private final ServerRebuilds rebuilds;
    private final ConsoleLogs consoleLogs;
    private final SecureRandom random = new SecureRandom();
    private final RemoteConsoles consoles;

    /** @param hosts the host objects a request reads (consoles, snapshot credentials), from the informer caches */
    public KubeComputeService(KubernetesClient client, RecordStore store, HostReads hosts,
                              Consumer<String> wakeReconciler, QuotaSet quotaDefaults, SnapshotStore snapshotStore,
                              Clock clock) {
        this.client = client;
        this.store = store;
        this.writer = new RecordWriter(client, store);
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
        this.lists = new ServerLists(store);
        this.catalog = new Catalog(client, store, writer, clock);
        this.consoles = new RemoteConsoles(client, store, hosts, clock);
        this.quotas = new ProjectQuotas(client, store, writer, quotaDefaults);
        this.keyPairs = new KeyPairs(client, store, quotas, clock);
        this.consoleLogs = new ConsoleLogs(client);
        this.verbs = new ServerVerbs(writer, wakeReconciler, clock, KubeComputeService::notFound);
        this.snapshots = new ServerSnapshots(client, store, writer, snapshotStore, hosts::snapshotCredentials,
                wakeReconciler, clock, KubeComputeService::notFound);
        this.rebuilds = new ServerRebuilds(writer, catalog, wakeReconciler, clock, KubeComputeService::notFound);
        this.resizes = new ServerResizes(writer, catalog, quotas, wakeReconciler, clock, KubeComputeService::notFound);
    }

    // ---- servers

    @Override
    public CreatedServer createServer(Caller caller, CreateServerRequest request) {
        FlavorRecord flavor = catalog.flavorForServer(caller, lastPathSegment(request.flavorRef()));
        ImageRecord image = catalog.imageForServer(caller, lastPathSegment(request.imageRef()));
        checkClonable(image);
        checkMetadataQuota(caller.projectId(), request.metadata().size());
        if (request.keyName().isPresent() && !keyPairs.exists(caller, request.keyName().get())) {
            throw ApiException.badRequest("Invalid key_name provided.");
        }
        int minCount = Math.max(1, request.minCount());
        int maxCount = Math.max(minCount, request.maxCount());
        // instances, cores and RAM of the project (Nova creates as many as fit between min_count and max_count)
        int count = quotas.admitServers(caller.projectId(), snapshot(flavor), minCount, maxCount);
        String adminPass = request.adminPass().orElseGet(this::generatePassword);
        List<ServerData> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            // Nova's multi-instance naming: "<name>-<n>" when more than one server is created.
            String name = count > 1 ? request.name() + "-" + i : request.name();
            created.add(createOne(caller, request, name, flavor, image));
        }
        return new CreatedServer(created, adminPass);
    }

    private ServerData createOne(Caller caller, CreateServerRequest request, String name, FlavorRecord flavor,
                                 ImageRecord image) {
        String id = UUID.randomUUID().toString();
        VclusterNames names = VclusterNames.forServer(id, name);
        String now = clock.instant().toString();
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(id);
        record.getMetadata().setNamespace(store.namespace());
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
        spec.setDescription(request.description().orElse(null));
        spec.setAccessIPv4(request.accessIPv4());
        spec.setAccessIPv6(request.accessIPv6());
        spec.setHostname(request.hostname().orElseGet(() -> hostname(name)));
        spec.setAvailabilityZone(request.availabilityZone() == null || request.availabilityZone().isBlank()
                ? "nova" : request.availabilityZone());
        spec.setCreateRequestId(caller.requestId());
        // a snapshot image: a clone, restored from the archive before the vcluster first starts
        snapshotArchive(image).ifPresent(url -> spec.setRestore(new RestoreIntent(caller.requestId(), img.getId(),
                url, true)));
        spec.setCreatedAt(now);
        ServerRecord written;
        try {
            written = store.created(client.resources(ServerRecord.class).inNamespace(store.namespace())
                    .resource(record).create());
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        // One write: the status subresource cannot be set with the create, and the reconciler, woken now, writes
        // the first status (building, the create action from the spec). Until then the server reads as Nova's
        // does right after scheduling: BUILD, task "scheduling".
        wakeReconciler.accept(id);
        return view(written);
    }

    /** The archive of a snapshot image; empty for a base image. */
    private static Optional<String> snapshotArchive(ImageRecord image) {
        Map<String, String> properties = image.getSpec().getProperties() == null ? Map.of()
                : image.getSpec().getProperties();
        return Optional.ofNullable(properties.get(CatalogRecords.PROP_SNAPSHOT_URL))
                .filter(u -> "snapshot".equals(properties.get(CatalogRecords.PROP_IMAGE_TYPE)));
    }

    /**
     * A {@code container://} archive is a file on the source server's volume: no other vcluster can read it, so it
     * cannot be cloned (400 before anything is created).
     */
    private static void checkClonable(ImageRecord image) {
        snapshotArchive(image).filter(u -> u.startsWith("container://")).ifPresent(u -> {
            throw ApiException.badRequest("Image " + image.getSpec().getId() + " is a snapshot stored on the volume "
                    + "of server " + image.getSpec().getProperties().get(CatalogRecords.PROP_INSTANCE_UUID)
                    + " (container:// snapshot store): it can be restored into that server (rebuild) but not cloned. "
                    + "Clones need an s3:// or oci:// snapshot store (OVC_SNAPSHOT_STORE).");
        });
    }

    @Override
    public ServerPage listServers(Caller caller, ServerQuery query) {
        return lists.list(caller, query, this::view);
    }

    @Override
    public ServerData getServer(Caller caller, String serverId) {
        return view(visibleServer(caller, serverId));
    }

    @Override
    public ServerData updateServer(Caller caller, String serverId, UpdateServerRequest request) {
        return view(updateSpec(caller, serverId, spec -> {
            request.name().ifPresent(spec::setName);
            request.description().ifPresent(d -> spec.setDescription(d.orElse(null)));
            request.accessIPv4().ifPresent(spec::setAccessIPv4);
            request.accessIPv6().ifPresent(spec::setAccessIPv6);
            request.hostname().ifPresent(spec::setHostname);
        }));
    }

    @Override
    public void deleteServer(Caller caller, String serverId) {
        ServerRecord record = visibleServer(caller, serverId);
        if (record.getSpec().isDeleteRequested()) {
            return; // deleting twice is fine: the first request is being carried out
        }
        if (record.getSpec().isLocked() && !caller.isAdmin()) {
            throw ApiException.conflict("Instance " + serverId + " is locked");
        }
        ServerRecord updated = updateSpec(caller, serverId, spec -> spec.setDeleteRequested(true));
        String now = clock.instant().toString();
        try {
            writer.update(ServerRecord.class, () -> Optional.of(updated), r -> {
                // deleted before the reconciler's first status write: the history still starts with the create
                ServerStatus status = Records.hasStatus(r) ? r.getStatus() : Records.initialStatus(r);
                status.setTaskState(ServerStates.DELETING);
                status.setUpdatedAt(now);
                status.setActions(prepend(status.getActions(), action("delete", caller, now)));
                r.setStatus(status);
            }, true, () -> notFound(serverId));
        } catch (ApiException e) {
            // The intent is recorded; the reconciler shows "deleting" on its next pass.
        }
        wakeReconciler.accept(serverId);
    }

    // ---- actions

    @Override
    public void performAction(Caller caller, String serverId, ServerAction action) {
        ServerRecord visible = visibleServer(caller, serverId);
        switch (action) {
            case ServerAction.Resize resize -> resizes.resize(caller, visible, resize);
            case ServerAction.ConfirmResize confirm -> resizes.confirm(caller, visible, confirm);
            case ServerAction.RevertResize revert -> resizes.revert(caller, visible, revert);
            case ServerAction.CreateImage create -> snapshots.createImage(caller, visible, create);
            case ServerAction.Rebuild rebuild -> rebuilds.rebuild(caller, visible, rebuild);
            default -> verbs.perform(caller, visible, action);
        }
    }

    @Override
    public String createImage(Caller caller, String serverId, ServerAction.CreateImage action) {
        return snapshots.createImage(caller, visibleServer(caller, serverId), action);
    }

    @Override
    public ServerData rebuildServer(Caller caller, String serverId, ServerAction.Rebuild action) {
        return view(rebuilds.rebuild(caller, visibleServer(caller, serverId), action));
    }

    @Override
    public String consoleOutput(Caller caller, String serverId, Optional<Integer> length) {
        ServerRecord record = visibleServer(caller, serverId);
        ServerSpec spec = record.getSpec();
        return consoleLogs.read(new VclusterNames(serverId, spec.getRelease(), spec.getHostNamespace()), length)
                // Nova's InstanceNotReady: a vcluster's log lives and dies with its control-plane pod
                .orElseThrow(() -> ApiException.conflict("Instance " + serverId + " is not ready"));
    }

    @Override
    public List<InstanceActionData> listInstanceActions(Caller caller, String serverId, InstanceActionQuery query) {
        return InstanceActions.list(visibleServer(caller, serverId), query);
    }

    @Override
    public InstanceActionData getInstanceAction(Caller caller, String serverId, String requestId) {
        return InstanceActions.get(visibleServer(caller, serverId), requestId);
    }

    // ---- metadata

    @Override
    public Map<String, String> getMetadata(Caller caller, String serverId) {
        return Map.copyOf(orEmpty(visibleServer(caller, serverId).getSpec().getMetadata()));
    }

    @Override
    public Map<String, String> setMetadata(Caller caller, String serverId, Map<String, String> metadata, boolean replace) {
        ServerRecord updated = updateSpec(caller, serverId, spec -> {
            Map<String, String> next = replace ? new LinkedHashMap<>() : new LinkedHashMap<>(orEmpty(spec.getMetadata()));
            next.putAll(metadata);
            checkMetadataQuota(spec.getProjectId(), next.size());
            spec.setMetadata(next);
        });
        return Map.copyOf(updated.getSpec().getMetadata());
    }

    @Override
    public String getMetadataItem(Caller caller, String serverId, String key) {
        String value = orEmpty(visibleServer(caller, serverId).getSpec().getMetadata()).get(key);
        if (value == null) {
            throw ApiException.notFound("Metadata item was not found");
        }
        return value;
    }

    @Override
    public void deleteMetadataItem(Caller caller, String serverId, String key) {
        updateSpec(caller, serverId, spec -> {
            if (spec.getMetadata() == null || spec.getMetadata().remove(key) == null) {
                throw ApiException.notFound("Metadata item was not found");
            }
        });
    }

    // ---- tags

    @Override
    public List<String> getTags(Caller caller, String serverId) {
        return List.copyOf(orEmpty(visibleServer(caller, serverId).getSpec().getTags()));
    }

    @Override
    public List<String> replaceTags(Caller caller, String serverId, List<String> tags) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(tags));
        checkTagCount(unique.size());
        return List.copyOf(updateTags(caller, serverId, current -> {
            current.clear();
            current.addAll(unique);
        }).getSpec().getTags());
    }

    @Override
    public boolean addTag(Caller caller, String serverId, String tag) {
        if (hasTag(caller, serverId, tag)) {
            return false;
        }
        updateTags(caller, serverId, current -> {
            if (!current.contains(tag)) {
                checkTagCount(current.size() + 1);
                current.add(tag);
            }
        });
        return true;
    }

    @Override
    public boolean hasTag(Caller caller, String serverId, String tag) {
        return orEmpty(visibleServer(caller, serverId).getSpec().getTags()).contains(tag);
    }

    @Override
    public void deleteTag(Caller caller, String serverId, String tag) {
        updateTags(caller, serverId, current -> {
            if (!current.remove(tag)) {
                throw ApiException.notFound("Instance " + serverId + " has no tag '" + tag + "'");
            }
        });
    }

    @Override
    public void deleteAllTags(Caller caller, String serverId) {
        updateTags(caller, serverId, List::clear);
    }

    // ---- remote consoles

    @Override
    public RemoteConsole openRemoteConsole(Caller caller, String serverId, String protocol, String type) {
        return consoles.open(visibleServer(caller, serverId), protocol, type);
    }

    @Override
    public ConsoleKubeconfig consoleKubeconfig(String ticket) {
        return consoles.redeem(ticket);
    }

    // ---- flavors and images

    @Override
    public List<FlavorData> listFlavors(Caller caller, Optional<Boolean> isPublic) {
        return catalog.listFlavors(caller, isPublic);
    }

    @Override
    public FlavorData getFlavor(Caller caller, String flavorId) {
        return catalog.getFlavor(caller, flavorId);
    }

    @Override
    public FlavorData createFlavor(Caller caller, FlavorData flavor) {
        return catalog.createFlavor(caller, flavor);
    }

    @Override
    public void deleteFlavor(Caller caller, String flavorId) {
        catalog.deleteFlavor(caller, flavorId);
    }

    @Override
    public Map<String, String> getFlavorExtraSpecs(Caller caller, String flavorId) {
        return catalog.getFlavor(caller, flavorId).extraSpecs();
    }

    @Override
    public Map<String, String> setFlavorExtraSpecs(Caller caller, String flavorId, Map<String, String> specs) {
        return catalog.setExtraSpecs(caller, flavorId, specs);
    }

    @Override
    public void deleteFlavorExtraSpec(Caller caller, String flavorId, String key) {
        catalog.deleteExtraSpec(caller, flavorId, key);
    }

    @Override
    public List<ImageData> listImages(Caller caller) {
        return catalog.listImages(caller);
    }

    @Override
    public ImageData getImage(Caller caller, String imageId) {
        return catalog.getImage(caller, imageId);
    }

    @Override
    public ImageData updateImage(Caller caller, String imageId, List<ImageChange> changes) {
        return catalog.updateImage(caller, imageId, changes);
    }

    @Override
    public void deleteImage(Caller caller, String imageId) {
        catalog.deleteImage(caller, imageId, snapshots::deleteArchive);
    }

    // ---- quotas and limits

    @Override
    public QuotaSet getQuotaSet(Caller caller, String projectId) {
        requireOwnProjectOrAdmin(caller, projectId, "os_compute_api:os-quota-sets:show");
        return quotas.limits(projectId);
    }

    @Override
    public QuotaSet getDefaultQuotaSet(Caller caller, String projectId) {
        return quotas.defaults(projectId);
    }

    @Override
    public QuotaUsage getQuotaUsage(Caller caller, String projectId) {
        requireOwnProjectOrAdmin(caller, projectId, "os_compute_api:os-quota-sets:show");
        return quotas.usage(projectId, Optional.of(caller.userId()));
    }

    @Override
    public QuotaSet updateQuotaSet(Caller caller, String projectId, Map<QuotaResource, Integer> limits, boolean force) {
        requireAdmin(caller, "os_compute_api:os-quota-sets:update");
        return quotas.update(projectId, limits, force, Optional.empty());
    }

    @Override
    public void deleteQuotaSet(Caller caller, String projectId) {
        requireAdmin(caller, "os_compute_api:os-quota-sets:delete");
        quotas.reset(projectId);
    }

    // ---- key pairs

    @Override
    public List<KeyPairData> listKeyPairs(Caller caller, Optional<String> userId) {
        return keyPairs.list(caller, userId);
    }

    @Override
    public KeyPairData getKeyPair(Caller caller, String name, Optional<String> userId) {
        return keyPairs.get(caller, name, userId);
    }

    @Override
    public CreatedKeyPair createKeyPair(Caller caller, NewKeyPair request) {
        return keyPairs.create(caller, request);
    }

    @Override
    public void deleteKeyPair(Caller caller, String name, Optional<String> userId) {
        keyPairs.delete(caller, name, userId);
    }

    // ---- helpers

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

    static FlavorSnapshot snapshot(FlavorRecord flavor) {
        var f = flavor.getSpec();
        return new FlavorSnapshot(f.getId(), f.getName(), f.getVcpus(), f.getRamMb(), f.getDiskGb(),
                f.getEphemeralGb(), f.getSwapMb(), f.getExtraSpecs());
    }

    private ServerData view(ServerRecord record) {
        return store.view(record, ServerViews::toData);
    }

    private ServerRecord visibleServer(Caller caller, String serverId) {
        return store.server(serverId).filter(s -> visible(caller, s)).orElseThrow(() -> notFound(serverId));
    }

    /** Admins reach any server by id (Nova's default policy); others only their project's. */
    static boolean visible(Caller caller, ServerRecord record) {
        return caller.isAdmin() || caller.projectId().equals(record.getSpec().getProjectId());
    }

    private ServerRecord updateSpec(Caller caller, String serverId, Consumer<ServerSpec> change) {
        return updateRecord(caller, serverId, r -> change.accept(r.getSpec()));
    }

    /** Changes the record's spec with optimistic concurrency; the change (and its guards) may run more than once. */
    private ServerRecord updateRecord(Caller caller, String serverId, Consumer<ServerRecord> change) {
        String now = clock.instant().toString();
        return writer.update(ServerRecord.class, () -> Optional.of(visibleServer(caller, serverId)), r -> {
            change.accept(r);
            r.getSpec().setChangedAt(now);
        }, false, () -> notFound(serverId));
    }

    /** Nova refuses tag changes while a task runs or in a transitional vm state (409). */
    private ServerRecord updateTags(Caller caller, String serverId, Consumer<List<String>> change) {
        return updateRecord(caller, serverId, current -> {
            ServerSpec spec = current.getSpec();
            String vmState = ServerViews.vmState(current);
            Optional<String> task = ServerViews.taskState(current);
            if (!TAG_STATES.contains(vmState) || task.isPresent()) {
                String attr = task.isPresent() ? "task_state" : "vm_state";
                throw ApiException.conflict("Cannot 'update tags' instance " + serverId + " while it is in "
                        + attr + " " + task.orElse(vmState));
            }
            List<String> tags = spec.getTags() == null ? new ArrayList<>() : spec.getTags();
            change.accept(tags);
            spec.setTags(tags);
        });
    }

    /** The project's metadata_items limit (Nova's default 128) applies to each server's metadata. */
    private void checkMetadataQuota(String projectId, int items) {
        QuotaSet limits = quotas.limits(projectId);
        int limit = limits.limit(QuotaResource.METADATA_ITEMS);
        if (!limits.unlimited(QuotaResource.METADATA_ITEMS) && items > limit) {
            throw ApiException.forbidden("Quota exceeded for metadata_items: Requested " + items
                    + ", but already used 0 of " + limit + " metadata_items");
        }
    }

    private static void checkTagCount(int count) {
        if (count > MAX_TAGS) {
            throw ApiException.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
        }
    }

    private static ApiException notFound(String serverId) {
        return ApiException.notFound("Instance " + serverId + " could not be found.");
    }

    private static ActionEvent action(String name, Caller caller, String now) {
        return new ActionEvent(name, caller.requestId(), caller.userId(), caller.projectId(), now, null, null, null);
    }

    /** Newest first, bounded to {@link Records#MAX_ACTIONS}. */
    static List<ActionEvent> prepend(List<ActionEvent> actions, ActionEvent event) {
        List<ActionEvent> result = new ArrayList<>();
        result.add(event);
        if (actions != null) {
            result.addAll(actions.subList(0, Math.min(actions.size(), Records.MAX_ACTIONS - 1)));
        }
        return result;
    }

    /** Nova accepts a flavor or image reference as an id or as its URL (…/flavors/<id>). */
    static String lastPathSegment(String ref) {
        String trimmed = ref.endsWith("/") ? ref.substring(0, ref.length() - 1) : ref;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
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

    private String generatePassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return password.toString();
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
