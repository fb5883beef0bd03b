package io.openvcluster.server.kube.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HelmClient} that records the commands and keeps each revision's values, as Helm keeps them in its release
 * Secrets; {@link #host()} shows what the StatefulSet would carry after the last revision.
 */
final class RecordingHelmClient implements HelmClient {
    final List<String> commands = new ArrayList<>();
    final List<String> revisions = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();

    @Override
    public void upgradeInstall(String release, String namespace, ChartSource chart, Optional<String> version,
                               String valuesYaml, String description) {
        commands.add("upgrade --install " + release + " -n " + namespace + " " + chart.location()
                + version.map(v -> " --version " + v).orElse(""));
        revisions.add(valuesYaml);
        descriptions.add(description);
    }

    @Override
    public List<Revision> history(String release, String namespace) {
        commands.add("history " + release);
        List<Revision> history = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            history.add(new Revision(i + 1, i == revisions.size() - 1 ? "deployed" : "superseded",
                    descriptions.get(i)));
        }
        return history;
    }

    @Override
    public String values(String release, String namespace, int revision) {
        commands.add("get values " + release + " --revision " + revision);
        return revisions.get(revision - 1);
    }

    @Override
    public void uninstall(String release, String namespace) {
        commands.add("uninstall " + release);
        revisions.clear();
        descriptions.clear();
    }

    Map<String, Object> lastValues() {
        return HelmValues.parse(revisions.getLast());
    }

    /** The StatefulSet's annotations after the last revision (the chart copies them from the values). */
    @SuppressWarnings("unchecked")
    Map<String, String> statefulSetAnnotations() {
        Map<String, Object> statefulSet = (Map<String, Object>) ((Map<String, Object>) lastValues()
                .get("controlPlane")).get("statefulSet");
        return (Map<String, String>) statefulSet.getOrDefault("annotations", Map.of());
    }
}
