"""Writes a tempest workspace for the sandbox facade at BASE: accounts.yaml and tempest.conf (docs/tempest.md).

usage: configure.py BASE WORKDIR
"""
import json
import os
import subprocess
import sys
import urllib.request

PASSWORD = os.environ.get("OVC_SANDBOX_PASSWORD", "sandbox")

# every compute feature this facade has, true; what it has not, false (docs/tempest.md says why for each false)
FEATURES = {
    "change_password": False, "console_output": True, "resize": True, "pause": True, "shelve": True,
    "shelve_migrate": False, "suspend": True, "live_migration": False, "cold_migration": False, "snapshot": True,
    "rescue": True, "stable_rescue": False, "interface_attach": False, "attach_encrypted_volume": False,
    "config_drive": False, "personality": False, "vnc_console": True, "serial_console": False,
    "spice_console": False, "rdp_console": False, "metadata_service": False,
    "block_migration_for_live_migration": False, "disk_config": True, "swap_volume": False,
    "volume_multiattach": False, "hostname_fqdn_sanitization": False, "volume_backed_live_migration": False,
    "can_migrate_between_any_hosts": False, "unified_limits": False,
    # a vcluster has no administrator password: creates, rebuilds and rescues answer without adminPass, as Nova does
    # with enable_instance_password off
    "enable_instance_password": False,
}


def token(base):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "demo", "domain": {"name": "Default"}, "password": PASSWORD}}},
        "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}}
    request = urllib.request.Request(base + "/identity/v3/auth/tokens", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as r:
        return r.headers["X-Subject-Token"]


def get(base, path, auth):
    with urllib.request.urlopen(urllib.request.Request(base + path, headers={"X-Auth-Token": auth})) as r:
        return json.load(r)


def main():
    base, work = sys.argv[1], sys.argv[2]
    auth = token(base)
    # base images sort by name in version order; the two newest, so that a rebuild to the other one is allowed
    images = sorted((i for i in get(base, "/image/v2/images", auth)["images"] if i.get("status") == "active"),
                    key=lambda i: i["name"])
    flavors = sorted(get(base, "/compute/v2.1/flavors/detail", auth)["flavors"], key=lambda f: f["ram"])
    workspace = os.path.join(work, "workspace")
    # a workspace list of its own beside it: tempest's default one (~/.tempest) refuses a second "workspace"
    subprocess.run(["/usr/bin/tempest", "init", "--name", "ovc-tempest", "--workspace-path",
                    os.path.join(work, "workspaces.yaml"), workspace], check=True, stdout=subprocess.DEVNULL)
    etc = os.path.join(workspace, "etc")
    with open(os.path.join(etc, "accounts.yaml"), "w") as f:
        for user, admin in (("demo", False), ("alt_demo", False), ("admin", True)):
            f.write("- username: %s\n  project_name: %s\n  password: %s\n  domain_name: Default\n"
                    % (user, user, PASSWORD))
            if admin:
                f.write("  types:\n    - admin\n")
    sections = {
        "DEFAULT": {"log_dir": os.path.join(workspace, "logs"), "log_file": "tempest.log"},
        "auth": {"use_dynamic_credentials": "false", "test_accounts_file": os.path.join(etc, "accounts.yaml"),
                 "default_credentials_domain_name": "Default", "admin_domain_name": "Default"},
        "identity": {"uri_v3": base + "/identity/v3", "auth_version": "v3", "region": "RegionOne"},
        "identity-feature-enabled": {"api_v2": "false", "api_v3": "true"},
        "compute": {"image_ref": images[-1]["id"], "image_ref_alt": images[-2]["id"],
                    "flavor_ref": flavors[0]["id"], "flavor_ref_alt": flavors[1]["id"],
                    "build_timeout": "120", "build_interval": "1", "min_compute_nodes": "1",
                    "max_microversion": "latest"},
        "compute-feature-enabled": {k: str(v).lower() for k, v in FEATURES.items()},
        "image-feature-enabled": {"api_v2": "true", "api_v1": "false"},
        "network-feature-enabled": {"ipv6": "false"},
        "service_available": {"nova": "true", "glance": "true", "neutron": "false", "cinder": "false",
                              "swift": "false", "heat": "false", "horizon": "false"},
        "validation": {"run_validation": "false"},
    }
    with open(os.path.join(etc, "tempest.conf"), "w") as f:
        for name, values in sections.items():
            f.write("[%s]\n" % name)
            for key, value in values.items():
                f.write("%s = %s\n" % (key, value))
            f.write("\n")


if __name__ == "__main__":
    main()
