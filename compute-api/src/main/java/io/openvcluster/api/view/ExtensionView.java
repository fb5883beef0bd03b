package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /extensions} and {@code /extensions/{alias}}: the Nova v2 extensions whose calls or fields this facade
 * serves. Nova v2.1 lists its extensions under their v2 aliases, sorted by alias, each with the same fixed namespace
 * and date (there is no XML and no per-extension versioning any more); the list here is the subset that is true of
 * this facade. An extension is listed only when what it names is served: its calls answer, or its fields are in the
 * views. Volumes, networks, server groups, shelve, rescue, migration and the admin server attributes are not.
 */
public final class ExtensionView {
    /** Nova's namespace for every v2.1 extension: there is no XML schema behind it any more. */
    static final String NAMESPACE = "http://docs.openstack.org/compute/ext/fake_xml";
    /** Nova's date for every v2.1 extension. */
    static final String UPDATED = "2014-12-03T00:00:00Z";

    /** One extension: Nova's v2 alias and name, and what it means here. */
    public record Extension(String alias, String name, String description) {
    }

    private static final List<Extension> SERVED = List.of(
            new Extension("OS-DCF", "DiskConfig",
                    "OS-DCF:diskConfig on servers, kept as asked on create, rebuild, resize and update."),
            new Extension("OS-EXT-AZ", "ExtendedAvailabilityZone",
                    "OS-EXT-AZ:availability_zone on servers."),
            new Extension("OS-EXT-IPS", "ExtendedIps", "OS-EXT-IPS:type on server addresses."),
            new Extension("OS-EXT-IPS-MAC", "ExtendedIpsMac", "OS-EXT-IPS-MAC:mac_addr on server addresses."),
            new Extension("OS-EXT-SRV-ATTR", "ExtendedServerAttributes",
                    "OS-EXT-SRV-ATTR on servers, for admins: the host cluster and the vcluster's host namespace."),
            new Extension("OS-EXT-STS", "ExtendedStatus",
                    "OS-EXT-STS:vm_state, task_state and power_state on servers."),
            new Extension("OS-FLV-DISABLED", "FlavorDisabled", "OS-FLV-DISABLED:disabled on flavors."),
            new Extension("OS-FLV-EXT-DATA", "FlavorExtraData", "OS-FLV-EXT-DATA:ephemeral on flavors."),
            new Extension("OS-SRV-USG", "ServerUsage", "OS-SRV-USG:launched_at and terminated_at on servers."),
            new Extension("os-availability-zone", "AvailabilityZone",
                    "The availability zones of the host clusters, and their detail for admins."),
            new Extension("os-console-output", "ConsoleOutput",
                    "os-getConsoleOutput: the log of the vcluster's control plane."),
            new Extension("os-consoles", "Consoles",
                    "Remote consoles: a URL that downloads the vcluster's kubeconfig."),
            new Extension("os-create-backup", "CreateBackup", "createBackup: a rotated vcluster snapshot."),
            new Extension("os-deferred-delete", "DeferredDelete",
                    "restore and forceDelete of a soft-deleted server (reclaim_instance_interval)."),
            new Extension("os-flavor-access", "FlavorAccess", "Flavor access support: private flavors shared "
                    + "with projects."),
            new Extension("os-flavor-extra-specs", "FlavorExtraSpecs", "Flavor extra specs."),
            new Extension("os-flavor-manage", "FlavorManage", "Flavor create and delete, for admins."),
            new Extension("os-flavor-rxtx", "FlavorRxtx", "rxtx_factor on flavors."),
            new Extension("os-flavor-swap", "FlavorSwap", "swap on flavors."),
            new Extension("os-hosts", "Hosts", "The host clusters as compute hosts (up to 2.42)."),
            new Extension("os-hypervisors", "Hypervisors", "The host clusters as hypervisors: their nodes' capacity "
                    + "and the servers' use of it."),
            new Extension("os-instance-actions", "InstanceActions",
                    "The actions of a server and their events (the host operations)."),
            new Extension("os-keypairs", "Keypairs", "Key pairs: imported or generated."),
            new Extension("os-lock-server", "LockServer", "lock and unlock."),
            new Extension("os-pause-server", "PauseServer",
                    "pause and unpause: the control plane stops, the workloads keep running."),
            new Extension("os-quota-sets", "Quotas", "Project quotas: show, update and reset."),
            new Extension("os-rescue", "Rescue",
                    "rescue and unrescue: a rescue pod on the vcluster's data volume in place of its control plane."),
            new Extension("os-security-groups", "SecurityGroups",
                    "Security groups and their ingress rules, as NetworkPolicies in the servers' host namespaces."),
            new Extension("os-server-password", "ServerPassword",
                    "The server password: always empty, a vcluster has none."),
            new Extension("os-server-sort-keys", "ServerSortKeys", "sort_key and sort_dir on server lists."),
            new Extension("os-server-start-stop", "ServerStartStop", "os-start and os-stop."),
            new Extension("os-server-tags", "ServerTags", "Server tags (from 2.26)."),
            new Extension("os-server-groups", "ServerGroups", "Server groups: placement across host clusters "
                    + "(affinity, anti-affinity and their soft variants)."),
            new Extension("os-services", "Services", "The facade's own services and each host cluster's "
                    + "nova-compute, which an admin disables or forces down."),
            new Extension("os-shelve", "Shelve", "shelve, shelveOffload and unshelve: a vcluster snapshot, then "
                    + "nothing of it on the host until unshelved."),
            new Extension("os-simple-tenant-usage", "SimpleTenantUsage",
                    "Usage per project over a period: server hours, and vcpus, RAM and disk times hours."),
            new Extension("os-suspend-server", "SuspendServer", "suspend and resume."),
            new Extension("os-used-limits", "UsedLimits", "The project's usage in the limits."))
            .stream().sorted(Comparator.comparing(Extension::alias)).toList();

    private ExtensionView() {
    }

    /** Every extension served, sorted by alias as Nova sorts them. */
    public static List<Extension> served() {
        return SERVED;
    }

    /** The extension of an alias, if it is served; the alias is matched exactly, as Nova does. */
    public static Optional<Extension> served(String alias) {
        return SERVED.stream().filter(e -> e.alias().equals(alias)).findFirst();
    }

    /** {@code {"extensions": [...]}}. */
    public static ObjectNode list(List<Extension> extensions) {
        ObjectNode doc = Json.object();
        ArrayNode items = doc.putArray("extensions");
        extensions.forEach(e -> items.add(item(e)));
        return doc;
    }

    /** {@code {"extension": {...}}}. */
    public static ObjectNode show(Extension extension) {
        ObjectNode doc = Json.object();
        doc.set("extension", item(extension));
        return doc;
    }

    private static ObjectNode item(Extension e) {
        ObjectNode o = Json.object();
        o.put("alias", e.alias());
        o.put("description", e.description());
        o.putArray("links");
        o.put("name", e.name());
        o.put("namespace", NAMESPACE);
        o.put("updated", UPDATED);
        return o;
    }
}
