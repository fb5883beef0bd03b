package io.openvcluster.server.http;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.ActionResult;
import io.openvcluster.server.compute.ComputeService;
import io.openvcluster.server.compute.ConsoleKubeconfig;
import io.openvcluster.server.compute.CreateServerRequest;
import io.openvcluster.server.compute.CreatedKeyPair;
import io.openvcluster.server.compute.CreatedServer;
import io.openvcluster.server.compute.InstanceActionQuery;
import io.openvcluster.server.compute.KeyPairData;
import io.openvcluster.server.compute.NewKeyPair;
import io.openvcluster.server.compute.QuotaResource;
import io.openvcluster.server.compute.QuotaSet;
import io.openvcluster.server.compute.QuotaUsage;
import io.openvcluster.server.compute.RemoteConsole;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.compute.ServerPage;
import io.openvcluster.server.compute.ServerQuery;
import io.openvcluster.server.compute.UpdateServerRequest;
import io.openvcluster.server.identity.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test double of the domain: servers, flavors and images in maps, with Nova's isolation and 404s. */
final class InMemoryComputeService implements ComputeService {
    /** Asking for this server id makes the domain fail unexpectedly. */
    static final String EXPLODING_ID = "explode";
    final Map<String, ServerData> servers = new ConcurrentHashMap<>();
    final Map<String, FlavorData> flavors = new ConcurrentHashMap<>();
    final Map<String, ImageData> images = new ConcurrentHashMap<>();
    /** The last query the HTTP layer built, for the parsing tests. */
    volatile ServerQuery lastQuery;
    /** The last action the HTTP layer parsed, for the parsing tests. */
    volatile ServerAction lastAction;
    /** The last console length the HTTP layer parsed. */
    volatile Optional<Integer> lastConsoleLength;
    final Map<String, List<InstanceActionData>> actions = new ConcurrentHashMap<>();
    private volatile Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    InMemoryComputeService() {
        addFlavor(new FlavorData("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false, Optional.empty(), Map.of()));
        addFlavor(new FlavorData("2", "m1.small", 1, 2048, 20, 0, 0, 1.0, true, false, Optional.empty(),
                Map.of("pods", "50")));
        addFlavor(new FlavorData("3", "m1.medium", 2, 4096, 40, 0, 0, 1.0, true, false, Optional.empty(), Map.of()));
    }

    void addFlavor(FlavorData f) {
        flavors.put(f.id(), f);
    }

    void addImage(ImageData i) {
        images.put(i.id(), i);
    }

    static ImageData image(String id, String name, String visibility, String owner, Instant created,
                           Map<String, String> properties) {
        return new ImageData(id, name, "active", visibility, owner, 0, 0, 0, "raw", "bare", false, created, created,
                List.of(), properties);
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private ServerData owned(Caller caller, String id) {
        ServerData s = servers.get(id);
        if (s == null || !(s.projectId().equals(caller.projectId()))) {
            throw ApiException.notFound("Instance " + id + " could not be found.");
        }
        return s;
    }

    private ServerData copy(ServerData s, String name, Map<String, String> metadata, List<String> tags,
                            Optional<String> description) {
        return new ServerData(s.id(), name, s.projectId(), s.userId(), s.created(), tick(), s.launchedAt(),
                s.vmState(), s.taskState(), s.powerState(), s.progress(), s.imageId(), s.flavor(), metadata, tags,
                s.keyName(), description, s.locked(), s.lockedReason(), s.accessIPv4(), s.accessIPv6(), s.hostId(),
                s.hostname(), s.availabilityZone(), s.addresses(), s.fault());
    }

    @Override
    public CreatedServer createServer(Caller caller, CreateServerRequest r) {
        FlavorData flavor = Optional.ofNullable(flavors.get(r.flavorRef()))
                .orElseThrow(() -> ApiException.badRequest("Flavor " + r.flavorRef() + " could not be found."));
        List<ServerData> created = new ArrayList<>();
        for (int i = 1; i <= r.maxCount(); i++) {
            String name = r.maxCount() > 1 ? r.name() + "-" + i : r.name();
            Instant now = tick();
            ServerData s = new ServerData(UUID.randomUUID().toString(), name, caller.projectId(), caller.userId(),
                    now, now, Optional.empty(), "building", Optional.of("scheduling"), 0, 0, r.imageRef(), flavor,
                    r.metadata(), r.tags(), r.keyName(), r.description(), false, Optional.empty(), r.accessIPv4(),
                    r.accessIPv6(), "", name, r.availabilityZone(),
                    Map.of("vcluster", List.of(new ServerData.AddressData("10.0.0.5", 4, "fixed", "fa:16:3e:00:00:01"))),
                    Optional.empty());
            servers.put(s.id(), s);
            created.add(s);
        }
        return new CreatedServer(created, r.adminPass().orElse("generated-pass"));
    }

    @Override
    public ServerPage listServers(Caller caller, ServerQuery q) {
        lastQuery = q;
        List<ServerData> all = servers.values().stream()
                .filter(s -> q.allProjects() || s.projectId().equals(caller.projectId()))
                .filter(s -> q.name().map(p -> p.matcher(s.name()).find()).orElse(true))
                .sorted(Comparator.comparing(ServerData::created).reversed())
                .toList();
        if (q.marker().isPresent()) {
            int at = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(q.marker().get())) {
                    at = i;
                }
            }
            if (at < 0) {
                throw ApiException.badRequest("marker [" + q.marker().get() + "] not found");
            }
            all = all.subList(at + 1, all.size());
        }
        if (q.limit().isPresent() && all.size() >= q.limit().get()) {
            List<ServerData> page = all.subList(0, q.limit().get());
            return new ServerPage(page, page.isEmpty() ? Optional.empty() : Optional.of(page.getLast().id()));
        }
        return new ServerPage(all, Optional.empty());
    }

    @Override
    public ServerData getServer(Caller caller, String serverId) {
        if (serverId.equals(EXPLODING_ID)) {
            throw new IllegalStateException("secret internal detail");
        }
        return owned(caller, serverId);
    }

    /** A rebuild is an action (same refusals) that answers with the server as it is. */
    @Override
    public ServerData rebuildServer(Caller caller, String serverId, ServerAction.Rebuild action) {
        performAction(caller, serverId, action);
        return owned(caller, serverId);
    }

    /** Each action by its own method below, as the double records them. */
    @Override
    public ActionResult perform(Caller caller, String serverId, ServerAction action) {
        return switch (action) {
            case ServerAction.CreateImage create -> new ActionResult.ImageCreated(createImage(caller, serverId, create));
            case ServerAction.Rebuild rebuild -> new ActionResult.Rebuilt(rebuildServer(caller, serverId, rebuild));
            case ServerAction.ConsoleOutput output -> new ActionResult.Output(consoleOutput(caller, serverId,
                    output.length()));
            case ServerAction.LegacyConsole console -> new ActionResult.Console(openRemoteConsole(caller, serverId,
                    console.protocol(), console.type()));
            default -> {
                performAction(caller, serverId, action);
                yield new ActionResult.Accepted();
            }
        };
    }

    /** A createImage is an action (same refusals) that adds a queued private image named after the server. */
    @Override
    public String createImage(Caller caller, String serverId, ServerAction.CreateImage action) {
        performAction(caller, serverId, action);
        String id = "snap-of-" + serverId;
        addImage(new ImageData(id, action.imageName(), "queued", "private", caller.projectId(), 0, 0, 0, "raw", "bare",
                false, clock, clock, List.of(), action.metadata()));
        return id;
    }

    /**
     * Records the action as a finished instance action; a server whose name starts with "busy" refuses every
     * action with Nova's 409, and one named "adminlocked…" refuses unlock with Nova's 403, to exercise the HTTP
     * mapping.
     */
    @Override
    public void performAction(Caller caller, String serverId, ServerAction action) {
        ServerData s = owned(caller, serverId);
        if (s.name().startsWith("busy")) {
            throw ApiException.conflict("Cannot '" + action.name() + "' instance " + serverId
                    + " while it is in task_state powering-off");
        }
        if (s.name().startsWith("adminlocked") && action instanceof ServerAction.Unlock) {
            throw ApiException.forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override"
                    + " to be performed.");
        }
        lastAction = action;
        Instant now = tick();
        actions.computeIfAbsent(serverId, k -> new CopyOnWriteArrayList<>()).addFirst(
                new InstanceActionData(action.name(), serverId, caller.requestId(), caller.userId(), caller.projectId(),
                        now, Optional.empty(), now, List.of(new InstanceActionData.Event("vcluster_pause", now,
                        Optional.of(now), Optional.of("Success"), Optional.of("annotated loft.sh/paused")))));
    }

    /** Ten numbered lines ending with a newline, as a real log does; "busy" servers are not ready (409). */
    @Override
    public String consoleOutput(Caller caller, String serverId, Optional<Integer> length) {
        ServerData s = owned(caller, serverId);
        if (s.name().startsWith("busy")) {
            throw ApiException.conflict("Instance " + serverId + " is not ready");
        }
        lastConsoleLength = length;
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            log.append("line ").append(i).append('\n');
        }
        return log.toString();
    }

    @Override
    public List<InstanceActionData> listInstanceActions(Caller caller, String serverId, InstanceActionQuery query) {
        owned(caller, serverId);
        List<InstanceActionData> all = actions.getOrDefault(serverId, List.of());
        return query.limit().filter(l -> l < all.size()).map(l -> all.subList(0, l)).orElse(all);
    }

    @Override
    public InstanceActionData getInstanceAction(Caller caller, String serverId, String requestId) {
        owned(caller, serverId);
        return actions.getOrDefault(serverId, List.of()).stream().filter(a -> a.requestId().equals(requestId))
                .findFirst().orElseThrow(() -> ApiException.notFound("Action " + requestId + " on instance "
                        + serverId + " could not be found."));
    }

    @Override
    public RemoteConsole openRemoteConsole(Caller caller, String serverId, String protocol, String type) {
        owned(caller, serverId);
        if (!"vnc".equals(protocol) || !"novnc".equals(type)) {
            throw ApiException.badRequest("Unsupported console type " + type + " for protocol " + protocol + ".");
        }
        return new RemoteConsole(protocol, type, "ticket-" + serverId, java.time.Instant.now().plusSeconds(300));
    }

    @Override
    public ConsoleKubeconfig consoleKubeconfig(String ticket) {
        String serverId = ticket.startsWith("ticket-") ? ticket.substring("ticket-".length()) : "";
        ServerData server = servers.get(serverId);
        if (server == null) {
            throw ApiException.notFound("This console URL is invalid or has expired; open a new console.");
        }
        return new ConsoleKubeconfig(server.name(), "apiVersion: v1\nkind: Config\n", false);
    }

    @Override
    public ServerData updateServer(Caller caller, String serverId, UpdateServerRequest r) {
        ServerData s = owned(caller, serverId);
        ServerData updated = copy(s, r.name().orElse(s.name()), s.metadata(), s.tags(),
                r.description().orElse(s.description()));
        servers.put(serverId, updated);
        return updated;
    }

    @Override
    public void deleteServer(Caller caller, String serverId) {
        owned(caller, serverId);
        servers.remove(serverId);
    }

    @Override
    public Map<String, String> getMetadata(Caller caller, String serverId) {
        return owned(caller, serverId).metadata();
    }

    @Override
    public Map<String, String> setMetadata(Caller caller, String serverId, Map<String, String> metadata,
                                           boolean replace) {
        ServerData s = owned(caller, serverId);
        Map<String, String> result = new LinkedHashMap<>(replace ? Map.of() : s.metadata());
        result.putAll(metadata);
        servers.put(serverId, copy(s, s.name(), result, s.tags(), s.description()));
        return result;
    }

    @Override
    public String getMetadataItem(Caller caller, String serverId, String key) {
        return Optional.ofNullable(owned(caller, serverId).metadata().get(key))
                .orElseThrow(() -> ApiException.notFound("Metadata item was not found"));
    }

    @Override
    public void deleteMetadataItem(Caller caller, String serverId, String key) {
        ServerData s = owned(caller, serverId);
        if (!s.metadata().containsKey(key)) {
            throw ApiException.notFound("Metadata item was not found");
        }
        Map<String, String> result = new LinkedHashMap<>(s.metadata());
        result.remove(key);
        servers.put(serverId, copy(s, s.name(), result, s.tags(), s.description()));
    }

    @Override
    public List<String> getTags(Caller caller, String serverId) {
        return owned(caller, serverId).tags();
    }

    @Override
    public List<String> replaceTags(Caller caller, String serverId, List<String> tags) {
        ServerData s = owned(caller, serverId);
        servers.put(serverId, copy(s, s.name(), s.metadata(), tags, s.description()));
        return tags;
    }

    @Override
    public boolean addTag(Caller caller, String serverId, String tag) {
        ServerData s = owned(caller, serverId);
        if (s.tags().contains(tag)) {
            return false;
        }
        List<String> tags = new ArrayList<>(s.tags());
        tags.add(tag);
        servers.put(serverId, copy(s, s.name(), s.metadata(), tags, s.description()));
        return true;
    }

    @Override
    public boolean hasTag(Caller caller, String serverId, String tag) {
        return owned(caller, serverId).tags().contains(tag);
    }

    @Override
    public void deleteTag(Caller caller, String serverId, String tag) {
        ServerData s = owned(caller, serverId);
        if (!s.tags().contains(tag)) {
            throw ApiException.notFound("Tag " + tag + " could not be found.");
        }
        List<String> tags = new ArrayList<>(s.tags());
        tags.remove(tag);
        servers.put(serverId, copy(s, s.name(), s.metadata(), tags, s.description()));
    }

    @Override
    public void deleteAllTags(Caller caller, String serverId) {
        replaceTags(caller, serverId, List.of());
    }

    @Override
    public List<FlavorData> listFlavors(Caller caller, Optional<Boolean> isPublic) {
        return flavors.values().stream()
                .filter(f -> isPublic.map(p -> f.isPublic() == p).orElse(f.isPublic() || caller.isAdmin()))
                .toList();
    }

    @Override
    public FlavorData getFlavor(Caller caller, String flavorId) {
        return Optional.ofNullable(flavors.get(flavorId))
                .orElseThrow(() -> ApiException.notFound("Flavor " + flavorId + " could not be found."));
    }

    @Override
    public FlavorData createFlavor(Caller caller, FlavorData flavor) {
        if (flavors.containsKey(flavor.id())) {
            throw ApiException.conflict("Flavor with ID " + flavor.id() + " already exists.");
        }
        flavors.put(flavor.id(), flavor);
        return flavor;
    }

    @Override
    public void deleteFlavor(Caller caller, String flavorId) {
        getFlavor(caller, flavorId);
        flavors.remove(flavorId);
    }

    @Override
    public Map<String, String> getFlavorExtraSpecs(Caller caller, String flavorId) {
        return getFlavor(caller, flavorId).extraSpecs();
    }

    @Override
    public Map<String, String> setFlavorExtraSpecs(Caller caller, String flavorId, Map<String, String> specs) {
        FlavorData f = getFlavor(caller, flavorId);
        Map<String, String> merged = new LinkedHashMap<>(f.extraSpecs());
        merged.putAll(specs);
        flavors.put(flavorId, new FlavorData(f.id(), f.name(), f.vcpus(), f.ramMb(), f.diskGb(), f.ephemeralGb(),
                f.swapMb(), f.rxtxFactor(), f.isPublic(), f.disabled(), f.description(), merged));
        return merged;
    }

    @Override
    public void deleteFlavorExtraSpec(Caller caller, String flavorId, String key) {
        FlavorData f = getFlavor(caller, flavorId);
        if (!f.extraSpecs().containsKey(key)) {
            throw ApiException.notFound("Flavor " + flavorId + " has no extra specs with key " + key + ".");
        }
        Map<String, String> specs = new LinkedHashMap<>(f.extraSpecs());
        specs.remove(key);
        flavors.put(flavorId, new FlavorData(f.id(), f.name(), f.vcpus(), f.ramMb(), f.diskGb(), f.ephemeralGb(),
                f.swapMb(), f.rxtxFactor(), f.isPublic(), f.disabled(), f.description(), specs));
    }

    @Override
    public List<ImageData> listImages(Caller caller) {
        return images.values().stream()
                .filter(i -> i.visibility().equals("public") || i.owner().equals(caller.projectId()))
                .toList();
    }

    @Override
    public ImageData getImage(Caller caller, String imageId) {
        return listImages(caller).stream().filter(i -> i.id().equals(imageId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("No image found with ID " + imageId));
    }

    /** The last image changes the HTTP layer parsed, for the PATCH parsing tests. */
    volatile List<io.openvcluster.server.compute.ImageChange> lastImageChanges;

    @Override
    public ImageData updateImage(Caller caller, String imageId, List<io.openvcluster.server.compute.ImageChange> changes) {
        ImageData image = getImage(caller, imageId);
        lastImageChanges = List.copyOf(changes);
        String name = image.name();
        Map<String, String> properties = new LinkedHashMap<>(image.properties());
        for (var change : changes) {
            if (change.attribute().equals("name")) {
                name = change.value().orElseThrow().asText();
            } else if (change.value().isPresent()) {
                properties.put(change.attribute(), change.value().get().asText());
            } else {
                properties.remove(change.attribute());
            }
        }
        ImageData updated = new ImageData(image.id(), name, image.status(), image.visibility(), image.owner(),
                image.minDiskGb(), image.minRamMb(), image.sizeBytes(), image.diskFormat(), image.containerFormat(),
                image.isProtected(), image.createdAt(), image.updatedAt(), image.tags(), properties);
        images.put(imageId, updated);
        return updated;
    }

    @Override
    public void deleteImage(Caller caller, String imageId) {
        ImageData image = getImage(caller, imageId);
        if (!caller.isAdmin() && !image.owner().equals(caller.projectId())) {
            throw ApiException.forbidden("You are not permitted to delete this image.");
        }
        images.remove(imageId);
    }

    // Quotas, limits and key pairs are tested over HTTP against the real domain (QuotaAndKeyPairApiTest).

    @Override
    public QuotaSet getQuotaSet(Caller caller, String projectId) {
        throw notHere();
    }

    @Override
    public QuotaSet getDefaultQuotaSet(Caller caller, String projectId) {
        throw notHere();
    }

    @Override
    public QuotaUsage getQuotaUsage(Caller caller, String projectId) {
        throw notHere();
    }

    @Override
    public QuotaSet updateQuotaSet(Caller caller, String projectId, Map<QuotaResource, Integer> limits, boolean force) {
        throw notHere();
    }

    @Override
    public void deleteQuotaSet(Caller caller, String projectId) {
        throw notHere();
    }

    @Override
    public List<KeyPairData> listKeyPairs(Caller caller, Optional<String> userId) {
        throw notHere();
    }

    @Override
    public KeyPairData getKeyPair(Caller caller, String name, Optional<String> userId) {
        throw notHere();
    }

    @Override
    public CreatedKeyPair createKeyPair(Caller caller, NewKeyPair request) {
        throw notHere();
    }

    @Override
    public void deleteKeyPair(Caller caller, String name, Optional<String> userId) {
        throw notHere();
    }

    private static ApiException notHere() {
        return ApiException.notImplemented("not in the in-memory double");
    }
}
