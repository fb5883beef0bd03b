package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.openvcluster.translator.NovaStates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Constants and naming rules shared by the records, the store and the reconciler. */
public final class Records {
    public static final String GROUP = "compute.openvcluster.io";
    public static final String VERSION = "v1alpha1";

    /** Label on records and on host objects: the owning project. */
    public static final String LABEL_PROJECT_ID = GROUP + "/project-id";
    /** Label on records and on host objects: the user who created the server. */
    public static final String LABEL_USER_ID = GROUP + "/user-id";
    /** Label on every host object of a server (namespace, chart objects): which server it belongs to. */
    public static final String LABEL_SERVER_ID = GROUP + "/server-id";

    /** The action history is bounded so a record stays small (Nova keeps all; 50 covers every client's view). */
    public static final int MAX_ACTIONS = 50;
    /** Lock and unlock requests kept in the spec until the reconciler has entered them in the history. */
    public static final int MAX_LOCK_REQUESTS = 10;

    private static final Pattern DNS_LABEL_SAFE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Records() {
    }

    /** {@code flavor-<id>} when the id is DNS-safe, else {@code flavor-h<sha256 prefix>}; the real id stays in the spec. */
    public static String flavorName(String flavorId) {
        return "flavor-" + dnsSafe(flavorId);
    }

    /** {@code quota-<project id>} when the id is DNS-safe, else a hash of it. */
    public static String quotaName(String projectId) {
        return "quota-" + dnsSafe(projectId);
    }

    /** {@code servergroup-<group id>} when the id is DNS-safe, else a hash of it. */
    public static String serverGroupName(String groupId) {
        return "servergroup-" + dnsSafe(groupId);
    }

    /** A compute service's record: a hash of its binary and host (host names may hold '_' and '.'). */
    public static String computeServiceName(String binary, String host) {
        return "service-" + hash(binary + "@" + host);
    }

    /** Key pair names may hold spaces, dots and {@code @}: always a hash of the owner and the name. */
    public static String keyPairName(String userId, String name) {
        return "keypair-" + hash(userId + "/" + name);
    }

    /** {@code sg-<id>}: security group ids are UUIDs the facade made. */
    public static String securityGroupName(String groupId) {
        return "sg-" + dnsSafe(groupId);
    }

    /**
     * Label on a server's host namespace, one per security group the server is in: a rule naming that group as its
     * remote group admits the namespaces that carry it.
     */
    public static String securityGroupMemberLabel(String groupId) {
        return "sg." + GROUP + "/" + groupId;
    }

    /** {@code image-<id>} (Glance ids are UUIDs) or a hash for other ids. */
    public static String imageName(String imageId) {
        return "image-" + dnsSafe(imageId);
    }

    /**
     * Flavor ids like "1" are DNS labels and are used as they are; ids like "m1.small" or "Tiny" are not (dots,
     * upper case), and lower-casing could make two ids collide, so those are replaced by a hash of the id.
     */
    static String dnsSafe(String id) {
        if (DNS_LABEL_SAFE.matcher(id).matches()) {
            return id;
        }
        return "h" + hash(id);
    }

    private static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The power verb recorded in the spec that the reconciler has not completed yet: its task is the server's
     * task_state until then (also before the reconciler first sees it, so a read right after the verb shows it).
     */
    /**
     * The instance action the server's task belongs to now: the verb accepted and not yet taken by the reconciler
     * (as it will be entered), else the newest unfinished action of the status; empty before the first status.
     */
    public static Optional<ActionEvent> runningAction(ServerRecord record) {
        Optional<ActionEvent> pending = pendingAction(record).map(ActionRequest::started);
        if (pending.isPresent() || !hasStatus(record)) {
            return pending;
        }
        // newest first
        return record.getStatus().getActions().stream().filter(a -> !a.finished()).findFirst();
    }

    public static Optional<ActionRequest> pendingAction(ServerRecord record) {
        ActionRequest action = record.getSpec().getAction();
        if (action == null) {
            return Optional.empty();
        }
        String completed = record.getStatus() == null ? null : record.getStatus().getCompletedRequestId();
        return action.requestId().equals(completed) ? Optional.empty() : Optional.of(action);
    }

    /**
     * The {@code create} action as the spec records it (request, user, time). The create request writes no status:
     * until the reconciler's first status write this is the server's whole action history, and that write starts
     * the history with it.
     */
    public static ActionEvent createAction(ServerRecord record) {
        ServerSpec spec = record.getSpec();
        return new ActionEvent("create", spec.getCreateRequestId(), spec.getUserId(), spec.getProjectId(),
                spec.getCreatedAt(), null, null, null);
    }

    /** The first status of a new record: building/spawning, its history the create action. */
    public static ServerStatus initialStatus(ServerRecord record) {
        ServerStatus status = new ServerStatus();
        status.setVmState(NovaStates.VM_BUILDING);
        status.setTaskState(NovaStates.TASK_SPAWNING);
        status.setUpdatedAt(record.getSpec().getCreatedAt());
        status.setActions(new ArrayList<>(List.of(createAction(record))));
        return status;
    }

    /**
     * Whether the server is soft-deleted or being soft-deleted: its last delete was deferred (power intent
     * {@code SOFT_DELETED}) and no restore has been accepted since. It does not count against the project's quota.
     */
    public static boolean softDeleted(ServerRecord record) {
        return PowerIntents.SOFT_DELETED.equals(record.getSpec().getPowerIntent());
    }

    /** Whether the record's status has been written yet (a new record has none). */
    public static boolean hasStatus(ServerRecord record) {
        return record.getStatus() != null && record.getStatus().getVmState() != null;
    }

    /**
     * What is kept of {@code record} once deleted at {@code now}: its spec without pending intents, its history
     * (with the lock requests not entered yet) with the delete request finished, and its project and user labels.
     */
    public static DeletedServerRecord deletedServer(ServerRecord record, Instant now) {
        ServerRecord copy = copy(record);
        ServerSpec spec = copy.getSpec();
        String time = now.toString();
        List<ActionEvent> history = ActionHistory.withFinished(hasStatus(copy) ? copy.getStatus().getActions()
                : List.of(createAction(copy)), spec.getLockRequests());
        Optional<String> deleteId = Optional.ofNullable(spec.getDeleteRequest()).map(ActionRequest::requestId);
        if (spec.getDeleteRequest() != null) {
            history = ActionHistory.withStarted(history, spec.getDeleteRequest());
        }
        List<ActionEvent> actions = history.stream()
                .map(a -> deleteId.filter(a.requestId()::equals).isPresent() && !a.finished()
                        ? a.finish(time, "Success", null) : a)
                .toList();
        spec.setAction(null);
        spec.setSnapshot(null);
        spec.setRestore(null);
        spec.setRescueImage(null);
        spec.setDeleteRequest(null);
        spec.setLockRequests(new ArrayList<>());
        DeletedServerRecord deleted = new DeletedServerRecord();
        deleted.setMetadata(new ObjectMetaBuilder().withName(copy.getMetadata().getName())
                .withNamespace(copy.getMetadata().getNamespace()).withLabels(copy.getMetadata().getLabels()).build());
        deleted.getSpec().setServer(spec);
        deleted.getSpec().setActions(new ArrayList<>(actions));
        deleted.getSpec().setDeletedAt(time);
        deleted.getSpec().setLaunchedAt(copy.getStatus() == null ? null : copy.getStatus().getLaunchedAt());
        return deleted;
    }

    /** A deep copy, so an object shared with an informer cache is never changed in place. */
    public static <T extends HasMetadata> T copy(T resource) {
        return SERIALIZATION.clone(resource);
    }
}
