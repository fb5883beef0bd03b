package io.openvcluster.server.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.translator.VclusterManifests;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An informer store that keeps only what the facade reads of a host object, so that memory grows modestly with
 * servers (each vcluster puts a namespace, a StatefulSet, a pod, two Services and two Secrets in the host cache;
 * kept whole they cost about 40 KB of heap per server). The store keeps a new, slim object and never changes the
 * one the informer hands it: fabric8 passes that same object to the event handlers as the new state, while the old
 * state it passes on updates, and the object on relists and deletes, is the slim one. What stays of each kind, and
 * who reads it (docs/benchmarks.md has the table):
 * <ul>
 *   <li>every object: name, namespace, uid, resourceVersion (the informer's keys and versions) and deletion mark;</li>
 *   <li>Namespace: its server id label ({@link HostCache#serverOfNamespace}), none of its other labels;</li>
 *   <li>Secret: nothing more: the cache only tells whether the kubeconfig Secret exists; the console download reads
 *       the Secret live, so no vcluster's admin credentials sit in the facade's heap;</li>
 *   <li>Service: {@code spec.clusterIP} (the server's address) and {@code status.loadBalancer} (a console's
 *       endpoint);</li>
 *   <li>Pod: the rollout marker annotations ({@link #ROLLOUT_MARKERS}: resize and rebuild), the phase, the
 *       conditions' type and status (Ready), and each container's and init container's name and state ({@link
 *       HostObserver#podStatus}, a snapshot pod's failure message); no spec, no labels;</li>
 *   <li>StatefulSet: its annotations (pause, restore and fault marks), {@code spec.replicas}, the pod template's
 *       rollout marker annotations, and {@code status.replicas} and {@code readyReplicas}. Not the pod template:
 *       the two rare flows that build a pod from it (a snapshot of a stopped server, a restore) read the StatefulSet
 *       live;</li>
 *   <li>ConfigMap (vcluster's snapshot requests): the request ({@link SnapshotRequests#REQUEST_KEY});</li>
 *   <li>anything else: the object as it came.</li>
 * </ul>
 */
final class TrimmedItemStore<T extends HasMetadata> implements ItemStore<T> {
    /** The annotations that show which values a control plane runs (manifest path, Helm path). */
    static final Set<String> ROLLOUT_MARKERS = Set.of(VclusterManifests.CONFIG_HASH_ANNOTATION,
            HelmValues.VALUES_DIGEST);

    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    /** The slim copy of {@code object}; {@code object} itself is left as it is. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T trim(T object) {
        ObjectMeta meta = object.getMetadata();
        return (T) switch (object) {
            case Namespace ns -> {
                Namespace slim = bare(new Namespace(), Namespace::setAdditionalProperties, meta);
                slim.getMetadata().setLabels(serverLabel(meta.getLabels()));
                yield slim;
            }
            case Secret secret -> {
                Secret slim = bare(new Secret(), Secret::setAdditionalProperties, meta);
                slim.setData(null);
                slim.setStringData(null);
                yield slim;
            }
            case Service service -> {
                Service slim = bare(new Service(), Service::setAdditionalProperties, meta);
                slim.setSpec(clusterIp(service.getSpec()));
                // a LoadBalancer's address is the endpoint a console's kubeconfig names
                if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
                    ServiceStatus status = new ServiceStatus(null, service.getStatus().getLoadBalancer());
                    status.setAdditionalProperties(null);
                    slim.setStatus(status);
                }
                yield slim;
            }
            case Pod pod -> {
                Pod slim = bare(new Pod(), Pod::setAdditionalProperties, meta);
                slim.getMetadata().setAnnotations(markers(meta.getAnnotations()));
                slim.setStatus(observed(pod.getStatus()));
                yield slim;
            }
            case StatefulSet sts -> {
                StatefulSet slim = bare(new StatefulSet(), StatefulSet::setAdditionalProperties, meta);
                slim.getMetadata().setAnnotations(meta.getAnnotations());
                slim.setSpec(replicasAndMarkers(sts.getSpec()));
                slim.setStatus(replicas(sts.getStatus()));
                yield slim;
            }
            case ConfigMap request -> {
                ConfigMap slim = bare(new ConfigMap(), ConfigMap::setAdditionalProperties, meta);
                String text = request.getData() == null ? null : request.getData().get(SnapshotRequests.REQUEST_KEY);
                slim.setData(text == null ? null : Map.of(SnapshotRequests.REQUEST_KEY, text));
                slim.setBinaryData(null);
                yield slim;
            }
            default -> object;
        };
    }

    /**
     * A new model object with only {@code meta}'s identity, and without the empty additional-properties map fabric8
     * gives every model object (its classes share no interface for that setter, hence the method reference).
     */
    private static <S extends HasMetadata> S bare(S slim, BiConsumer<S, Map<String, Object>> additionalProperties,
                                                  ObjectMeta meta) {
        additionalProperties.accept(slim, null);
        slim.setMetadata(identity(meta));
        return slim;
    }

    /** Phase, the conditions' type and status, and each container's name and state: what pods are observed by. */
    private static PodStatus observed(PodStatus status) {
        if (status == null) {
            return null;
        }
        PodStatus slim = new PodStatus();
        slim.setAdditionalProperties(null);
        slim.setPhase(shared(status.getPhase()));
        slim.setConditions(status.getConditions() == null ? null : status.getConditions().stream()
                .map(c -> condition(shared(c.getType()), shared(c.getStatus()))).toList());
        slim.setContainerStatuses(states(status.getContainerStatuses()));
        slim.setInitContainerStatuses(states(status.getInitContainerStatuses()));
        slim.setAllocatedResources(null);
        slim.setEphemeralContainerStatuses(null);
        slim.setPodIPs(null);
        slim.setHostIPs(null);
        slim.setNodeAllocatableResourceClaimStatuses(null);
        slim.setResourceClaimStatuses(null);
        slim.setVolumeHealth(null);
        return slim;
    }

    private static PodCondition condition(String type, String status) {
        PodCondition condition = new PodCondition();
        condition.setAdditionalProperties(null);
        condition.setType(type);
        condition.setStatus(status);
        return condition;
    }

    /** Name and state; the state object is shared with the informer's object, which nobody changes. */
    private static List<ContainerStatus> states(List<ContainerStatus> statuses) {
        return statuses == null ? null : statuses.stream().map(c -> {
            ContainerStatus slim = new ContainerStatus();
            slim.setAdditionalProperties(null);
            slim.setName(c.getName());
            slim.setState(c.getState());
            slim.setAllocatedResources(null);
            slim.setAllocatedResourcesStatus(null);
            slim.setVolumeMounts(null);
            return slim;
        }).toList();
    }

    /** {@code spec.replicas} and the pod template's rollout markers (its metadata, without labels). */
    private static StatefulSetSpec replicasAndMarkers(StatefulSetSpec spec) {
        if (spec == null) {
            return null;
        }
        StatefulSetSpec slim = new StatefulSetSpec();
        slim.setAdditionalProperties(null);
        slim.setReplicas(spec.getReplicas());
        slim.setVolumeClaimTemplates(null);
        if (spec.getTemplate() != null && spec.getTemplate().getMetadata() != null) {
            ObjectMeta template = empty();
            template.setAnnotations(markers(spec.getTemplate().getMetadata().getAnnotations()));
            PodTemplateSpec markers = new PodTemplateSpec(template, null);
            markers.setAdditionalProperties(null);
            slim.setTemplate(markers);
        }
        return slim;
    }

    /** {@code spec.clusterIP} alone: none of the lists a new spec starts with (ports, IPs, families, ranges). */
    private static ServiceSpec clusterIp(ServiceSpec spec) {
        ServiceSpec slim = new ServiceSpec();
        slim.setAdditionalProperties(null);
        slim.setClusterIPs(null);
        slim.setExternalIPs(null);
        slim.setIpFamilies(null);
        slim.setLoadBalancerSourceRanges(null);
        slim.setPorts(null);
        slim.setSelector(null);
        slim.setClusterIP(spec == null ? null : spec.getClusterIP());
        return slim;
    }

    private static StatefulSetStatus replicas(StatefulSetStatus status) {
        if (status == null) {
            return null;
        }
        StatefulSetStatus slim = new StatefulSetStatus();
        slim.setAdditionalProperties(null);
        slim.setReplicas(status.getReplicas());
        slim.setReadyReplicas(status.getReadyReplicas());
        slim.setConditions(null);
        return slim;
    }

    /** The server id label alone (what the informer selects namespaces by); null when there is none. */
    private static Map<String, String> serverLabel(Map<String, String> labels) {
        String serverId = labels == null ? null : labels.get(Records.LABEL_SERVER_ID);
        return serverId == null ? null : Map.of(Records.LABEL_SERVER_ID, serverId);
    }

    /** The rollout markers among {@code annotations}; null when there are none (an empty map costs memory too). */
    private static Map<String, String> markers(Map<String, String> annotations) {
        if (annotations == null) {
            return null;
        }
        Map<String, String> markers = annotations.entrySet().stream().filter(e -> ROLLOUT_MARKERS.contains(e.getKey()))
                .collect(Collectors.toUnmodifiableMap(e -> shared(e.getKey()), Map.Entry::getValue));
        return markers.isEmpty() ? null : markers;
    }

    /**
     * One instance of a value every server repeats (a phase, a condition's type or status, an annotation's name),
     * from the JVM's string table: string deduplication shares the bytes of equal strings, not the 24-byte String
     * objects around them, and the JSON parser makes a new one for every object.
     */
    private static String shared(String value) {
        return value == null ? null : value.intern();
    }

    /** What names an object and tells its version and deletion. */
    private static ObjectMeta identity(ObjectMeta meta) {
        ObjectMeta slim = empty();
        slim.setName(meta.getName());
        slim.setNamespace(meta.getNamespace());
        slim.setUid(meta.getUid());
        slim.setResourceVersion(meta.getResourceVersion());
        slim.setDeletionTimestamp(meta.getDeletionTimestamp());
        return slim;
    }

    /**
     * Metadata without the empty collections fabric8 starts with. Every slim object drops its {@code
     * additionalProperties} map the same way: fabric8 gives each model object an empty one (64 bytes), some 20 per
     * server in this cache, and nothing reads them.
     */
    private static ObjectMeta empty() {
        ObjectMeta slim = new ObjectMeta();
        slim.setAdditionalProperties(null);
        slim.setLabels(null);
        slim.setAnnotations(null);
        slim.setFinalizers(null);
        slim.setOwnerReferences(null);
        slim.setManagedFields(null);
        return slim;
    }

    @Override
    public String getKey(T object) {
        return store.getKey(object);
    }

    @Override
    public T put(String key, T object) {
        return store.put(key, trim(object));
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
