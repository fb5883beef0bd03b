package io.openvcluster.server.kube.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Enough of Kubernetes' strategic merge patch for the mock API server to take Helm's upgrades (fabric8's mock
 * refuses the media type): maps merged, a null deletes, lists of named objects (containers, env, ports) merged by
 * name, other lists replaced, the {@code $setElementOrder}/{@code $retainKeys} directives ignored.
 */
final class StrategicMerge {
    private StrategicMerge() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        if ("replace".equals(patch.get("$patch"))) {
            Map<String, Object> replaced = new LinkedHashMap<>(patch);
            replaced.remove("$patch");
            return replaced;
        }
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (key.startsWith("$")) {
                return;
            }
            Object current = result.get(key);
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> existing) {
                result.put(key, apply((Map<String, Object>) existing, (Map<String, Object>) map));
            } else if (value instanceof List<?> list && current instanceof List<?> existing && named(list)) {
                result.put(key, mergeByName((List<Object>) existing, (List<Object>) list));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static boolean named(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.containsKey("name"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByName(List<Object> target, List<Object> patch) {
        List<Object> result = new ArrayList<>(target);
        for (Object element : patch) {
            Map<String, Object> patched = (Map<String, Object>) element;
            int index = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i) instanceof Map<?, ?> m && Objects.equals(m.get("name"), patched.get("name"))) {
                    index = i;
                }
            }
            if ("delete".equals(patched.get("$patch"))) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, apply((Map<String, Object>) result.get(index), patched));
            } else {
                result.add(element);
            }
        }
        return result;
    }
}
