package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * Informer event handlers for the simulator. Each simulated controller reacts either to an object being there (added
 * or updated: it brings the rest of the cluster in line with it) or to an object being gone, never to both, and never
 * to what changed: it reads the current state when it acts.
 */
final class EventHandlers {
    private EventHandlers() {
    }

    /** Calls {@code action} with the object, as it is now, when it is added or updated; ignores deletions. */
    static <T extends HasMetadata> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> action) {
        return handler(action, obj -> { });
    }

    /** Calls {@code action} with the object's last known state when it is deleted; ignores additions and updates. */
    static <T extends HasMetadata> ResourceEventHandler<T> onDelete(Consumer<T> action) {
        return handler(obj -> { }, action);
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange, Consumer<T> onDelete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onDelete.accept(obj);
            }
        };
    }
}
