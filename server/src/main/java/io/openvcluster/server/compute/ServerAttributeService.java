package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A server's metadata (Nova: keys 1-255 characters, values up to 255, at most the project's {@code metadata_items})
 * and tags (from 2.26: at most {@value #MAX_TAGS}, changed only in a settled state with no task running).
 */
public final class ServerAttributeService {
    static final int MAX_TAGS = 50;
    /** The vm states in which Nova lets tags change (and only with no task running). */
    private static final Set<String> TAG_STATES = Set.of(ServerStates.ACTIVE, ServerStates.PAUSED,
            ServerStates.SUSPENDED, ServerStates.STOPPED, ServerStates.RESCUED, ServerStates.SHELVED,
            ServerStates.SHELVED_OFFLOADED);

    private final ServerRecords records;
    private final ProjectQuotas quotas;

    ServerAttributeService(ServerRecords records, ProjectQuotas quotas) {
        this.records = records;
        this.quotas = quotas;
    }

    /**
     * Nova's {@code os-server-password}: the encrypted password a guest's metadata service posted for it. A vcluster
     * has no guest agent and no metadata service to post one, so a server's password is always empty.
     */
    public String getPassword(Caller caller, String serverId) {
        records.visible(caller, serverId);
        return "";
    }

    /** Clearing the password of a server that has none changes nothing; an unknown or foreign server is 404. */
    public void clearPassword(Caller caller, String serverId) {
        records.visible(caller, serverId);
    }

    public Map<String, String> getMetadata(Caller caller, String serverId) {
        return Map.copyOf(orEmpty(records.visible(caller, serverId).getSpec().getMetadata()));
    }

    public Map<String, String> setMetadata(Caller caller, String serverId, Map<String, String> metadata, boolean replace) {
        ServerRecord updated = records.updateSpec(caller, serverId, spec -> {
            Map<String, String> next = replace ? new LinkedHashMap<>() : new LinkedHashMap<>(orEmpty(spec.getMetadata()));
            next.putAll(metadata);
            quotas.checkMetadataItems(spec.getProjectId(), next.size());
            spec.setMetadata(next);
        });
        return Map.copyOf(updated.getSpec().getMetadata());
    }

    public String getMetadataItem(Caller caller, String serverId, String key) {
        String value = orEmpty(records.visible(caller, serverId).getSpec().getMetadata()).get(key);
        if (value == null) {
            throw ApiException.notFound("Metadata item was not found");
        }
        return value;
    }

    public void deleteMetadataItem(Caller caller, String serverId, String key) {
        records.updateSpec(caller, serverId, spec -> {
            if (spec.getMetadata() == null || spec.getMetadata().remove(key) == null) {
                throw ApiException.notFound("Metadata item was not found");
            }
        });
    }


    public List<String> getTags(Caller caller, String serverId) {
        return List.copyOf(orEmpty(records.visible(caller, serverId).getSpec().getTags()));
    }

    public List<String> replaceTags(Caller caller, String serverId, List<String> tags) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(tags));
        checkTagCount(unique.size());
        return List.copyOf(updateTags(caller, serverId, current -> {
            current.clear();
            current.addAll(unique);
        }).getSpec().getTags());
    }

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

    public boolean hasTag(Caller caller, String serverId, String tag) {
        return orEmpty(records.visible(caller, serverId).getSpec().getTags()).contains(tag);
    }

    public void deleteTag(Caller caller, String serverId, String tag) {
        updateTags(caller, serverId, current -> {
            if (!current.remove(tag)) {
                throw ApiException.notFound("Instance " + serverId + " has no tag '" + tag + "'");
            }
        });
    }

    public void deleteAllTags(Caller caller, String serverId) {
        updateTags(caller, serverId, List::clear);
    }

    /** Nova refuses tag changes while a task runs or in a transitional vm state (409). */
    private ServerRecord updateTags(Caller caller, String serverId, Consumer<List<String>> change) {
        return records.updateRecord(caller, serverId, current -> {
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

    private static void checkTagCount(int count) {
        if (count > MAX_TAGS) {
            throw ApiException.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
