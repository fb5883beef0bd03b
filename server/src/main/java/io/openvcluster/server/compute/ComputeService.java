package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The domain: guards, intents, isolation. Every method either changes the records in Kubernetes
 * and returns, or throws {@link ApiException} having changed nothing. Reads come from informer caches.
 * A server of another project is reported as not found (404), never as forbidden.
 */
public interface ComputeService {

    // ---- servers
    CreatedServer createServer(Caller caller, CreateServerRequest request);

    ServerPage listServers(Caller caller, ServerQuery query);

    ServerData getServer(Caller caller, String serverId);

    ServerData updateServer(Caller caller, String serverId, UpdateServerRequest request);

    /** Records the intent to delete; the reconciler removes the host objects, then the record. */
    void deleteServer(Caller caller, String serverId);

    /**
     * A server action ({@code POST /servers/{id}/action}): guards (404, 409 locked or wrong state, 403), then the
     * intent is recorded and the reconciler carries it out. Returns once recorded (Nova's 202).
     */
    /**
     * A server action: its row's guards ({@link Verbs}), then its intent recorded (or, for a read, what it read).
     * 404 for a server the caller cannot see, 409 in a state the row does not accept, 501 for an action this facade
     * does not perform.
     */
    ActionResult perform(Caller caller, String serverId, ServerAction action);

    default void performAction(Caller caller, String serverId, ServerAction action) {
        perform(caller, serverId, action);
    }

    /**
     * {@code createImage}: the row's guards, then a new private image ({@code queued}, listed at once) and vcluster's
     * snapshot request, carried out by the reconciler. Returns the new image's id (Nova's 202).
     */
    default String createImage(Caller caller, String serverId, ServerAction.CreateImage action) {
        return ((ActionResult.ImageCreated) perform(caller, serverId, action)).imageId();
    }

    /**
     * {@code rebuild}: from a snapshot image, vcluster's restore into the server; from a base image, an upgrade to its
     * Kubernetes version (same distro, same or next minor; 400 otherwise). Returns the server as recorded (202).
     */
    default ServerData rebuildServer(Caller caller, String serverId, ServerAction.Rebuild action) {
        return ((ActionResult.Rebuilt) perform(caller, serverId, action)).server();
    }

    /**
     * {@code os-getConsoleOutput}: the tail of the control-plane pod's log ({@code length} lines, Nova's counting;
     * empty for the whole log). 409 when no control plane runs (stopped, paused, suspended, building).
     */
    default String consoleOutput(Caller caller, String serverId, Optional<Integer> length) {
        return ((ActionResult.Output) perform(caller, serverId, new ServerAction.ConsoleOutput(length))).text();
    }

    /** The server's instance actions, newest first (os-instance-actions). */
    List<InstanceActionData> listInstanceActions(Caller caller, String serverId, InstanceActionQuery query);

    /** One instance action with its events; 404 when the server has no action with that request id. */
    InstanceActionData getInstanceAction(Caller caller, String serverId, String requestId);

    // ---- metadata (Nova: at most 128 items, keys 1..255, values 0..255)
    Map<String, String> getMetadata(Caller caller, String serverId);

    /** {@code replace} true for PUT (replace all), false for POST (merge). Returns all metadata. */
    Map<String, String> setMetadata(Caller caller, String serverId, Map<String, String> metadata, boolean replace);

    /** The value of one key; 404 when absent. */
    String getMetadataItem(Caller caller, String serverId, String key);

    void deleteMetadataItem(Caller caller, String serverId, String key);

    // ---- tags (2.26+)
    List<String> getTags(Caller caller, String serverId);

    List<String> replaceTags(Caller caller, String serverId, List<String> tags);

    /** @return true when the tag was added, false when it already existed */
    boolean addTag(Caller caller, String serverId, String tag);

    boolean hasTag(Caller caller, String serverId, String tag);

    void deleteTag(Caller caller, String serverId, String tag);

    void deleteAllTags(Caller caller, String serverId);

    // ---- remote consoles (a vcluster's console is its kubeconfig; see RemoteConsoles)
    /** Opens a console: 400 for a protocol/type pair Nova does not know, 409 while the server is not ACTIVE. */
    RemoteConsole openRemoteConsole(Caller caller, String serverId, String protocol, String type);

    /** What a console URL downloads; 404 when the ticket is invalid, expired, or its server is gone. */
    ConsoleKubeconfig consoleKubeconfig(String ticket);

    // ---- flavors
    /** Public flavors, plus private ones for admins; {@code isPublic} empty means "as Nova defaults". */
    List<FlavorData> listFlavors(Caller caller, Optional<Boolean> isPublic);

    /**
     * The flavors {@link #listFlavors(Caller, Optional)} shows, filtered, sorted and paged as Nova does (400 for a
     * marker that is not among them).
     */
    default FlavorPage listFlavors(Caller caller, FlavorQuery query) {
        return FlavorLists.page(listFlavors(caller, query.isPublic()), query);
    }

    FlavorData getFlavor(Caller caller, String flavorId);

    FlavorData createFlavor(Caller caller, FlavorData flavor);

    void deleteFlavor(Caller caller, String flavorId);

    Map<String, String> getFlavorExtraSpecs(Caller caller, String flavorId);

    Map<String, String> setFlavorExtraSpecs(Caller caller, String flavorId, Map<String, String> specs);

    void deleteFlavorExtraSpec(Caller caller, String flavorId, String key);

    // ---- images (Glance view of the catalog)
    /** Images visible to the caller: public ones and the caller's project's own. */
    List<ImageData> listImages(Caller caller);

    ImageData getImage(Caller caller, String imageId);

    /**
     * Glance's image PATCH: the changes applied in order, as one write. The owner or an admin may change an image;
     * base images (no owner) only an admin; {@code public}/{@code shared}/{@code community} visibility only an
     * admin; read-only attributes (and the facade's own snapshot properties) are refused with 403, as Glance does.
     */
    ImageData updateImage(Caller caller, String imageId, List<ImageChange> changes);

    /**
     * Deletes an image (Glance's DELETE): the owner or an admin, base images only an admin; 403 when protected; 409
     * while it is being saved or a server is being rebuilt from it. A snapshot's archive is deleted from its store
     * too (vcluster's snapshot delete request).
     */
    void deleteImage(Caller caller, String imageId);

    // ---- quotas and limits (os-quota-sets, /limits)
    /** The project's limits; a member may read only its own project's (403 otherwise, as Nova's policy). */
    QuotaSet getQuotaSet(Caller caller, String projectId);

    /** The defaults every project starts with; anyone may read them. */
    QuotaSet getDefaultQuotaSet(Caller caller, String projectId);

    /** What the project uses, and the caller's key pairs; the same policy as {@link #getQuotaSet}. */
    QuotaUsage getQuotaUsage(Caller caller, String projectId);

    /** Admin only; {@code force} skips the check that a new limit is not below the usage. Returns all limits. */
    QuotaSet updateQuotaSet(Caller caller, String projectId, Map<QuotaResource, Integer> limits, boolean force);

    /** Admin only: the project's limits go back to the defaults. */
    void deleteQuotaSet(Caller caller, String projectId);

    // ---- key pairs (os-keypairs); {@code userId} is another user's id, for admins (2.10)
    List<KeyPairData> listKeyPairs(Caller caller, Optional<String> userId);

    KeyPairData getKeyPair(Caller caller, String name, Optional<String> userId);

    /** Imports the public key, or generates a key pair and returns its private key once. */
    CreatedKeyPair createKeyPair(Caller caller, NewKeyPair request);

    void deleteKeyPair(Caller caller, String name, Optional<String> userId);
}
