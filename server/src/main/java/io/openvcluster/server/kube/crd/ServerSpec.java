package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asked for: written by the compute service only. Times are ISO-8601 instants. Empty collections and
 * false flags are left out of the stored JSON (read back, an absent one is the field's default): every server's
 * record is listed whole at each start-up, and these, with the status's and the flavor's, were some 140 of its
 * 1,670 bytes.
 */
public class ServerSpec {
    private String name;
    private String projectId;
    private String userId;
    /** A copy of the flavor at create time; during a resize, the new flavor. */
    private FlavorSnapshot flavor;
    /**
     * While a resize awaits confirmation: the flavor before it. Confirm drops it; revert makes it the flavor again,
     * so the reconciler renders the previous quota, limits and control-plane resources exactly.
     */
    private FlavorSnapshot previousFlavor;
    private String imageId;
    private ImageSnapshot image;
    /** The vcluster release name (the chart's {@code <name>}); never changes, even on rename. */
    private String release;
    /** The host namespace holding this vcluster (one per server). */
    private String hostNamespace;
    /** The power state the user asked for; see {@link PowerIntents}. */
    private String powerIntent;
    /** Set by DELETE: the reconciler removes the host objects, then this record. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean deleteRequested;
    /**
     * Who asked for the delete, and when: the delete action of the history from the moment the request returns, until
     * the reconciler (the status's only writer) enters it there.
     */
    private ActionRequest deleteRequest;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private Map<String, String> metadata = new LinkedHashMap<>();
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> tags = new ArrayList<>();
    private String keyName;
    /** The ids of the security groups the server is in; absent (a record written before they existed): none. */
    private List<String> securityGroups;
    private String description;
    private String accessIPv4;
    private String accessIPv6;
    private String hostname;
    private String availabilityZone;
    private Placement placement;
    /**
     * Nova's {@code OS-DCF:diskConfig} as last asked by create, rebuild, resize or update: {@code AUTO} or
     * {@code MANUAL}. Absent (a record written before it existed) reads as {@code MANUAL}, Nova's default.
     */
    private String diskConfig;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean locked;
    private String lockedBy;
    private String lockedReason;
    /** The last power verb accepted, see {@link ActionRequest}; never cleared (completion is in the status). */
    private ActionRequest action;
    /** The last snapshot (createImage) accepted; its action is {@link #action} while it runs. */
    private SnapshotIntent snapshot;
    /** The last rebuild from a snapshot image; its action is {@link #action} while it runs. */
    private RestoreIntent restore;
    /** The last rebuild from a base image that wipes the vcluster's state; its action is {@link #action} while it runs. */
    private ReimageIntent reimage;
    /**
     * The image of the last shelve (Nova's {@code shelved_image_id}): its snapshot is {@link #snapshot} while the shelve
     * runs; an unshelve of an offloaded server restores it; it is deleted once the server is unshelved.
     */
    private String shelvedImageId;
    /** The last trigger_crash_dump accepted; done once its action is finished in the history. */
    private CrashDumpIntent crashDump;
    /** The last rescue's image ({@code rescue_image_ref}): its vcluster version runs the rescue pod; null: the server's. */
    private ImageSnapshot rescueImage;
    /**
     * The last lock and unlock requests (at most {@link Records#MAX_LOCK_REQUESTS}, newest first): they have no host
     * operation; the reconciler (the only writer of the status) enters them in the history, finished.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<ActionRequest> lockRequests = new ArrayList<>();
    private String createRequestId;
    private String createdAt;
    /** When the user last changed the spec (rename, metadata, tags...): part of Nova's {@code updated}. */
    private String changedAt;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = SharedStrings.shared(projectId);
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = SharedStrings.shared(userId);
    }

    public FlavorSnapshot getFlavor() {
        return flavor;
    }

    public void setFlavor(FlavorSnapshot flavor) {
        this.flavor = flavor;
    }

    public FlavorSnapshot getPreviousFlavor() {
        return previousFlavor;
    }

    public void setPreviousFlavor(FlavorSnapshot previousFlavor) {
        this.previousFlavor = previousFlavor;
    }

    public String getImageId() {
        return imageId;
    }

    public void setImageId(String imageId) {
        this.imageId = SharedStrings.shared(imageId);
    }

    public ImageSnapshot getImage() {
        return image;
    }

    public void setImage(ImageSnapshot image) {
        this.image = image;
    }

    public String getRelease() {
        return release;
    }

    public void setRelease(String release) {
        this.release = release;
    }

    public String getHostNamespace() {
        return hostNamespace;
    }

    public void setHostNamespace(String hostNamespace) {
        this.hostNamespace = hostNamespace;
    }

    public String getPowerIntent() {
        return powerIntent;
    }

    public void setPowerIntent(String powerIntent) {
        this.powerIntent = SharedStrings.shared(powerIntent);
    }

    public boolean isDeleteRequested() {
        return deleteRequested;
    }

    public void setDeleteRequested(boolean deleteRequested) {
        this.deleteRequested = deleteRequested;
    }

    public ActionRequest getDeleteRequest() {
        return deleteRequest;
    }

    public void setDeleteRequest(ActionRequest deleteRequest) {
        this.deleteRequest = deleteRequest;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public List<String> getSecurityGroups() {
        return securityGroups;
    }

    public void setSecurityGroups(List<String> securityGroups) {
        this.securityGroups = securityGroups;
    }

    public String getKeyName() {
        return keyName;
    }

    public void setKeyName(String keyName) {
        this.keyName = keyName;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getAccessIPv4() {
        return accessIPv4;
    }

    public void setAccessIPv4(String accessIPv4) {
        this.accessIPv4 = SharedStrings.shared(accessIPv4);
    }

    public String getAccessIPv6() {
        return accessIPv6;
    }

    public void setAccessIPv6(String accessIPv6) {
        this.accessIPv6 = SharedStrings.shared(accessIPv6);
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public String getAvailabilityZone() {
        return availabilityZone;
    }

    public void setAvailabilityZone(String availabilityZone) {
        this.availabilityZone = SharedStrings.shared(availabilityZone);
    }


    /** Where the server was placed at create ({@link Placement}); absent on records from before placement. */
    public Placement getPlacement() {
        return placement;
    }

    public void setPlacement(Placement placement) {
        this.placement = placement;
    }

    public String getDiskConfig() {
        return diskConfig;
    }

    public void setDiskConfig(String diskConfig) {
        this.diskConfig = SharedStrings.shared(diskConfig);
    }

    public boolean isLocked() {
        return locked;
    }

    public void setLocked(boolean locked) {
        this.locked = locked;
    }

    public String getLockedBy() {
        return lockedBy;
    }

    public void setLockedBy(String lockedBy) {
        this.lockedBy = lockedBy;
    }

    public String getLockedReason() {
        return lockedReason;
    }

    public void setLockedReason(String lockedReason) {
        this.lockedReason = lockedReason;
    }

    public ActionRequest getAction() {
        return action;
    }

    public void setAction(ActionRequest action) {
        this.action = action;
    }

    public List<ActionRequest> getLockRequests() {
        return lockRequests;
    }

    public void setLockRequests(List<ActionRequest> lockRequests) {
        this.lockRequests = lockRequests;
    }

    public String getCreateRequestId() {
        return createRequestId;
    }

    public void setCreateRequestId(String createRequestId) {
        this.createRequestId = createRequestId;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(String changedAt) {
        this.changedAt = changedAt;
    }



    public SnapshotIntent getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(SnapshotIntent snapshot) {
        this.snapshot = snapshot;
    }

    public RestoreIntent getRestore() {
        return restore;
    }

    public void setRestore(RestoreIntent restore) {
        this.restore = restore;
    }

    public ImageSnapshot getRescueImage() {
        return rescueImage;
    }

    public void setRescueImage(ImageSnapshot rescueImage) {
        this.rescueImage = rescueImage;
    }

    public CrashDumpIntent getCrashDump() {
        return crashDump;
    }

    public void setCrashDump(CrashDumpIntent crashDump) {
        this.crashDump = crashDump;
    }

    public String getShelvedImageId() {
        return shelvedImageId;
    }

    public void setShelvedImageId(String shelvedImageId) {
        this.shelvedImageId = shelvedImageId;
    }

    public ReimageIntent getReimage() {
        return reimage;
    }

    public void setReimage(ReimageIntent reimage) {
        this.reimage = reimage;
    }
}
