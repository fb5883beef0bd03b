package io.openvcluster.server.kube.provision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.openvcluster.server.kube.host.HostObserver;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterManifests;
import io.openvcluster.translator.VclusterNames;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes the host objects of a vcluster match what the chart renders, with plain create and update (no strategic
 * merge patch, no server-side apply: neither works on every API server we target). An object is created when
 * absent; when present it is updated only if a field we render differs ("what we own"): fields the cluster or
 * others added (ClusterIP, defaults, status, extra labels) are kept. Updates carry the resourceVersion read, so a
 * concurrent change makes this attempt fail with 409 and the reconciler tries again on the new state.
 */
public final class ManifestProvisioner implements VclusterProvisioner {
    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public ManifestProvisioner(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /**
     * @throws IllegalArgumentException for a vcluster the Helm provisioner made (its StatefulSet carries a release
     *                                  digest): rewriting a Helm release's objects behind Helm's back would leave the
     *                                  release describing other objects, and the next {@code helm} or {@code vcluster}
     *                                  upgrade would undo the change
     */
    @Override
    public Provisioned ensure(DesiredVcluster desired) {
        if (desired.observed().workload().filter(w -> w.annotations().containsKey(HelmValues.RELEASE_DIGEST))
                .isPresent()) {
            throw new IllegalArgumentException("this vcluster is a Helm release (made with OVC_PROVISIONER=helm), "
                    + "which the manifest provisioner does not take over: run the facade with OVC_PROVISIONER=helm, "
                    + "or delete the server");
        }
        List<HasMetadata> objects = desired.objects().get();
        if (!desired.emptyNamespace()) {
            ensure(objects);
            return Provisioned.NOTHING_NEW;
        }
        List<HasMetadata> answered = new ArrayList<>();
        createAll(objects, answered::add);
        return new Provisioned(answered.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(service -> desired.names().service().equals(service.getMetadata().getName()))
                .findFirst().flatMap(service -> HostObserver.usableClusterIp(service.getSpec().getClusterIP())));
    }

    /** Never: a Helm-made vcluster is refused when it has to change ({@link #ensure}), not before. */
    @Override
    public boolean takesOver(HostObservation observed) {
        return false;
    }

    /** The rendered StatefulSet's {@code vClusterConfigHash}: the hash of the values this path writes. */
    @Override
    public Optional<RolloutMarker> marker(DesiredVcluster desired) {
        return configHash(desired.objects().get())
                .map(hash -> new RolloutMarker(VclusterManifests.CONFIG_HASH_ANNOTATION, hash));
    }

    /** Nothing beyond what the reconciler deletes itself: this path keeps no release. */
    @Override
    public void uninstall(VclusterNames names) {
    }

    static Optional<String> configHash(List<HasMetadata> rendered) {
        return rendered.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).findFirst()
                .map(sts -> sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .map(annotations -> annotations.get(VclusterManifests.CONFIG_HASH_ANNOTATION));
    }

    /** @return how many objects were created or updated (0 when everything already matched) */
    int ensure(List<HasMetadata> desired) {
        return changed(desired, this::ensure);
    }

    /**
     * The objects of a namespace this pass created (nothing of the vcluster can be in it yet): each is created
     * without first reading it, which halves the API calls of a server's first provisioning (each call costs the
     * facade a response to decode, and the JDK client's HTTP/2 header buffer). One that exists after all (another
     * replica, an earlier attempt) answers 409 and is then compared as {@link #ensure(List)} does.
     *
     * @return how many objects were created or updated
     */
    int createAll(List<HasMetadata> desired) {
        return createAll(desired, created -> { });
    }

    /** As {@link #createAll(List)}, giving each object this call created as the API server answered it. */
    int createAll(List<HasMetadata> desired, Consumer<HasMetadata> answered) {
        return changed(desired, object -> created(client, object).map(created -> {
            answered.accept(created);
            return true;
        }).orElseGet(() -> ensure(object)));
    }

    private static int changed(List<HasMetadata> objects, Predicate<HasMetadata> step) {
        int changed = 0;
        for (HasMetadata object : objects) {
            if (step.test(object)) {
                changed++;
            }
        }
        return changed;
    }

    /** Creates the object; false when it exists already (409), which the caller then treats as there. */
    public static boolean createdNow(KubernetesClient client, HasMetadata object) {
        return created(client, object).isPresent();
    }

    /** Creates the object: as the API server answered, or empty when it exists already (409). */
    private static Optional<HasMetadata> created(KubernetesClient client, HasMetadata object) {
        try {
            return Optional.of(client.resource(object).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private boolean ensure(HasMetadata desired) {
        HasMetadata live = client.resource(desired).get();
        if (live == null) {
            // false when created meanwhile (an earlier attempt, another replica): compared next time
            return createdNow(client, desired);
        }
        Map<String, Object> wanted = tree(desired);
        Map<String, Object> current = tree(live);
        if (contains(current, wanted)) {
            return false;
        }
        Map<String, Object> merged = merge(current, wanted);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) merged.get("metadata");
        metadata.put("resourceVersion", live.getMetadata().getResourceVersion());
        HasMetadata update = serialization.convertValue(merged, desired.getClass());
        client.resource(update).update();
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(HasMetadata object) {
        return serialization.convertValue(object, Map.class);
    }

    /** True when every field of {@code wanted} has the same value in {@code current} (maps compared key by key). */
    @SuppressWarnings("unchecked")
    static boolean contains(Object current, Object wanted) {
        if (wanted instanceof Map<?, ?> wantedMap) {
            if (!(current instanceof Map<?, ?> currentMap)) {
                return wantedMap.isEmpty() && current == null;
            }
            for (Map.Entry<?, ?> entry : wantedMap.entrySet()) {
                if (!contains(currentMap.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof List<?> wantedList) {
            if (!(current instanceof List<?> currentList) || currentList.size() != wantedList.size()) {
                return wantedList.isEmpty() && current == null;
            }
            for (int i = 0; i < wantedList.size(); i++) {
                if (!contains(currentList.get(i), wantedList.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(current, wanted);
    }

    /** {@code wanted} laid over {@code current}: maps merged recursively, everything else replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> wanted) {
        Map<String, Object> result = new LinkedHashMap<>(current);
        wanted.forEach((key, value) -> {
            Object existing = result.get(key);
            if (value instanceof Map<?, ?> wantedMap && existing instanceof Map<?, ?> existingMap) {
                result.put(key, merge((Map<String, Object>) existingMap, (Map<String, Object>) wantedMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
