#!/usr/bin/python3
"""Checks recorded facade responses against the OpenStack compute response schemas shipped with tempest.

Input: a JSON-lines file written by the conformance harness's recording proxy, one exchange per line
(method, path, status, response headers, response body). Each successful compute response whose route tempest has
a schema for is checked with tempest's own machinery (``tempest.lib.common.rest_client.RestClient.validate_response``
with the schema tempest's service clients pick for that microversion): status code, body and headers. The
microversion is the one the facade answered with (``X-OpenStack-Nova-API-Version``), which is the one the client asked
for. Keystone and Glance have no response schemas in tempest; their bodies are counted as "without a schema".

Error bodies are not in tempest's schemas (it checks only their status codes); the clients print their message, so
each one is checked against the error format of its API (docs/api-surface.md, "Cross-cutting behaviour"): Nova's
``{"<faultName>": {"code", "message"}}`` with the fault name Nova uses for the status, Keystone's
``{"error": {"code", "title", "message"}}`` (also for a 401 anywhere), Glance's
``{"code": "404 Not Found", "title", "message"}``.

Prints ``faults: N error bodies checked, M failed`` and ``schemas: N bodies validated, M failed``; exits 1 when
anything failed.
"""
import argparse
import copy
import json
import re
import sys
from collections import Counter

from tempest.lib.api_schema.response.compute.v2_1 import availability_zone as availability_zone_schema
from tempest.lib.api_schema.response.compute.v2_1 import flavors as flavors_v21
from tempest.lib.api_schema.response.compute.v2_1 import flavors_extra_specs
from tempest.lib.api_schema.response.compute.v2_1 import security_groups as security_groups_schema
from tempest.lib.api_schema.response.compute.v2_1 import servers as servers_v21
from tempest.lib.api_schema.response.compute.v2_1 import tenant_usages as tenant_usages_schema
from tempest.lib.api_schema.response.compute.v2_1 import versions as versions_schema
from tempest.lib.common import rest_client
from tempest.lib import exceptions as tempest_exceptions
from tempest.lib.services.compute import base_compute_client
from tempest.lib.services.compute import flavors_client
from tempest.lib.services.compute import images_client
from tempest.lib.services.compute import keypairs_client
from tempest.lib.services.compute import limits_client
from tempest.lib.services.compute import quotas_client
from tempest.lib.services.compute import servers_client

UUID_OR_NAME = r"[^/]+"


def versioned(client_class, name):
    """The schema a tempest service client uses for this microversion (its own schema_versions_info table)."""
    def pick(version, body, exchange):
        base_compute_client.COMPUTE_MICROVERSION = version
        try:
            return with_newer_fields(version, getattr(
                base_compute_client.BaseComputeClient.get_schema(None, client_class.schema_versions_info), name))
        finally:
            base_compute_client.COMPUTE_MICROVERSION = None
    return pick


# Fields Nova added after 2.79, the last microversion tempest has schemas for (nova's API reference): the schema
# tempest picks for "2.79 and later" is extended with them for a response at that microversion or later. Each entry:
# (since, a property that identifies the object, the new property, its schema).
FIELDS_AFTER_TEMPEST = [
    ("2.84", "event", "details", {"type": ["string", "null"]}),  # instance action events
    ("2.96", "OS-EXT-STS:vm_state", "pinned_availability_zone", {"type": ["string", "null"]}),  # server views
]


def with_newer_fields(version, schema):
    added = [(marker, name, spec) for since, marker, name, spec in FIELDS_AFTER_TEMPEST
             if version and microversion(version) >= microversion(since)]
    if not added:
        return schema
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                for marker, name, spec in added:
                    if marker in properties:
                        properties[name] = spec
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


def microversion(text):
    major, minor = text.split(".")
    return int(major), int(minor)


def fixed(schema):
    return lambda version, body, exchange: schema


def server_create(version, body, exchange):
    # tempest validates with the adminPass variant when the cloud returns passwords; use whichever applies
    if "adminPass" in (body or {}).get("server", {}):
        return servers_v21.create_server_with_admin_pass
    return servers_v21.create_server


S = servers_client.ServersClient


def server_diagnostics(version, body, exchange):
    """Tempest's schema for the microversion; from 2.48 with one value more for ``driver``: the facade's virt driver is
    the Kubernetes API, which Nova's enumeration of its own drivers has not got (docs/verbs.md, "Diagnostics")."""
    schema = versioned(S, "show_server_diagnostics")(version, body, exchange)
    driver = schema["response_body"].get("properties", {}).get("driver")
    if driver and "enum" in driver:
        schema = copy.deepcopy(schema)
        schema["response_body"]["properties"]["driver"]["enum"].append("kubernetes")
    return schema

# POST /servers/{id}/action: the schema tempest uses for each action (most: 202 and no body)
ACTIONS = {
    "os-getConsoleOutput": fixed(servers_v21.get_console_output),
    "createImage": versioned(images_client.ImagesClient, "create_image"),
    "createBackup": versioned(S, "create_backup"),
    "confirmResize": fixed(servers_v21.server_actions_confirm_resize),
    "os-getVNCConsole": fixed(servers_v21.get_vnc_console),
    "rescue": fixed(servers_v21.rescue_server),
}


def server_action(version, body, exchange):
    try:
        action = next(iter(json.loads(exchange.get("request_body") or "{}")))
    except (ValueError, StopIteration):
        return servers_v21.server_actions_common_schema
    if action == "rebuild":
        name = "rebuild_server_with_admin_pass" if "adminPass" in (body or {}).get("server", {}) else "rebuild_server"
        return versioned(S, name)(version, body, exchange)
    return ACTIONS.get(action, fixed(servers_v21.server_actions_common_schema))(version, body, exchange)

# (method, path below /compute, schema picker), each as tempest's service client validates that call: some with
# the schema of the microversion, some (create, delete, addresses, metadata) always with the v2.1 one
ROUTES = [
    ("GET", r"/?", fixed(versions_schema.list_versions)),
    ("GET", r"/v2\.1/?", fixed(versions_schema.get_one_version)),
    ("GET", r"/v2\.1/servers", versioned(S, "list_servers")),
    ("GET", r"/v2\.1/servers/detail", versioned(S, "list_servers_detail")),
    ("POST", r"/v2\.1/servers", server_create),
    ("GET", r"/v2\.1/servers/ID", versioned(S, "get_server")),
    ("PUT", r"/v2\.1/servers/ID", versioned(S, "update_server")),
    ("DELETE", r"/v2\.1/servers/ID", fixed(servers_v21.delete_server)),
    ("GET", r"/v2\.1/servers/ID/ips", fixed(servers_v21.list_addresses)),
    ("GET", r"/v2\.1/servers/ID/ips/ID", fixed(servers_v21.list_addresses_by_network)),
    ("POST", r"/v2\.1/servers/ID/action", server_action),
    ("GET", r"/v2\.1/servers/ID/os-instance-actions", fixed(servers_v21.list_instance_actions)),
    ("GET", r"/v2\.1/servers/ID/diagnostics", server_diagnostics),
    ("GET", r"/v2\.1/servers/ID/os-instance-actions/ID", versioned(S, "show_instance_action")),
    ("POST", r"/v2\.1/servers/ID/remote-consoles", versioned(S, "get_remote_consoles")),
    ("GET", r"/v2\.1/servers/ID/os-security-groups", fixed(security_groups_schema.list_security_groups)),
    ("GET", r"/v2\.1/os-security-groups", fixed(security_groups_schema.list_security_groups)),
    ("POST", r"/v2\.1/os-security-groups", fixed(security_groups_schema.create_security_group)),
    ("GET", r"/v2\.1/os-security-groups/ID", fixed(security_groups_schema.get_security_group)),
    ("PUT", r"/v2\.1/os-security-groups/ID", fixed(security_groups_schema.update_security_group)),
    ("DELETE", r"/v2\.1/os-security-groups/ID", fixed(security_groups_schema.delete_security_group)),
    ("POST", r"/v2\.1/os-security-group-rules", fixed(security_groups_schema.create_security_group_rule)),
    ("DELETE", r"/v2\.1/os-security-group-rules/ID", fixed(security_groups_schema.delete_security_group_rule)),
    ("GET", r"/v2\.1/servers/ID/metadata", fixed(servers_v21.list_server_metadata)),
    ("PUT", r"/v2\.1/servers/ID/metadata", fixed(servers_v21.set_server_metadata)),
    ("POST", r"/v2\.1/servers/ID/metadata", fixed(servers_v21.update_server_metadata)),
    ("GET", r"/v2\.1/servers/ID/metadata/ID", fixed(servers_v21.set_show_server_metadata_item)),
    ("PUT", r"/v2\.1/servers/ID/metadata/ID", fixed(servers_v21.set_show_server_metadata_item)),
    ("DELETE", r"/v2\.1/servers/ID/metadata/ID", fixed(servers_v21.delete_server_metadata_item)),
    ("GET", r"/v2\.1/servers/ID/tags", versioned(S, "list_tags")),
    ("PUT", r"/v2\.1/servers/ID/tags", versioned(S, "update_all_tags")),
    ("DELETE", r"/v2\.1/servers/ID/tags", versioned(S, "delete_all_tags")),
    ("GET", r"/v2\.1/servers/ID/tags/ID", versioned(S, "check_tag_existence")),
    ("PUT", r"/v2\.1/servers/ID/tags/ID", versioned(S, "update_tag")),
    ("DELETE", r"/v2\.1/servers/ID/tags/ID", versioned(S, "delete_tag")),
    ("GET", r"/v2\.1/flavors", versioned(flavors_client.FlavorsClient, "list_flavors")),
    ("GET", r"/v2\.1/flavors/detail", versioned(flavors_client.FlavorsClient, "list_flavors_details")),
    ("GET", r"/v2\.1/flavors/ID", versioned(flavors_client.FlavorsClient, "create_update_get_flavor_details")),
    ("POST", r"/v2\.1/flavors", versioned(flavors_client.FlavorsClient, "create_update_get_flavor_details")),
    ("DELETE", r"/v2\.1/flavors/ID", fixed(flavors_v21.delete_flavor)),
    ("GET", r"/v2\.1/flavors/ID/os-extra_specs", fixed(flavors_extra_specs.set_get_flavor_extra_specs)),
    ("POST", r"/v2\.1/flavors/ID/os-extra_specs", fixed(flavors_extra_specs.set_get_flavor_extra_specs)),
    ("GET", r"/v2\.1/flavors/ID/os-extra_specs/ID", fixed(flavors_extra_specs.set_get_flavor_extra_specs_key)),
    ("PUT", r"/v2\.1/flavors/ID/os-extra_specs/ID", fixed(flavors_extra_specs.set_get_flavor_extra_specs_key)),
    ("DELETE", r"/v2\.1/flavors/ID/os-extra_specs/ID", fixed(flavors_extra_specs.unset_flavor_extra_specs)),
    ("GET", r"/v2\.1/images", versioned(images_client.ImagesClient, "list_images")),
    ("GET", r"/v2\.1/images/detail", versioned(images_client.ImagesClient, "list_images_details")),
    ("GET", r"/v2\.1/images/ID", versioned(images_client.ImagesClient, "get_image")),
    ("GET", r"/v2\.1/limits", versioned(limits_client.LimitsClient, "get_limit")),
    ("GET", r"/v2\.1/os-keypairs", versioned(keypairs_client.KeyPairsClient, "list_keypairs")),
    ("GET", r"/v2\.1/os-keypairs/ID", versioned(keypairs_client.KeyPairsClient, "get_keypair")),
    ("POST", r"/v2\.1/os-keypairs", versioned(keypairs_client.KeyPairsClient, "create_keypair")),
    ("DELETE", r"/v2\.1/os-keypairs/ID", versioned(keypairs_client.KeyPairsClient, "delete_keypair")),
    ("GET", r"/v2\.1/os-quota-sets/ID", versioned(quotas_client.QuotasClient, "get_quota_set")),
    ("PUT", r"/v2\.1/os-quota-sets/ID", versioned(quotas_client.QuotasClient, "update_quota_set")),
    ("GET", r"/v2\.1/os-quota-sets/ID/detail", versioned(quotas_client.QuotasClient, "get_quota_set_details")),
    ("GET", r"/v2\.1/os-quota-sets/ID/defaults", versioned(quotas_client.QuotasClient, "get_quota_set")),
    ("GET", r"/v2\.1/os-availability-zone", fixed(availability_zone_schema.list_availability_zone_list)),
    ("GET", r"/v2\.1/os-simple-tenant-usage", fixed(tenant_usages_schema.list_tenant_usage)),
    ("GET", r"/v2\.1/os-simple-tenant-usage/ID", fixed(tenant_usages_schema.get_tenant_usage)),
]
COMPILED = [(m, re.compile("/compute" + p.replace("ID", UUID_OR_NAME) + "$"), pick) for m, p, pick in ROUTES]


# for the report only: the id segment after a collection name
ID_SEGMENT = re.compile(r"(/(?:servers|flavors|images|os-keypairs))/(?!detail$)[^/]+")


NOVA_FAULT_NAMES = {400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
                    409: "conflictingRequest", 413: "overLimit", 415: "badMediaType", 429: "overLimit",
                    501: "notImplemented", 503: "serviceUnavailable"}


def fault_problem(exchange):
    """What is wrong with an error body, or None."""
    status = exchange["status"]
    try:
        body = json.loads(exchange["response_body"])
    except ValueError:
        return "not JSON"

    def text(value):
        return isinstance(value, str) and value.strip() != ""

    keystone = body.get("error") if isinstance(body, dict) else None
    if exchange["path"].startswith("/identity") or (status == 401 and isinstance(keystone, dict)):
        if isinstance(keystone, dict) and keystone.get("code") == status and text(keystone.get("title")) \
                and text(keystone.get("message")):
            return None
        return "not Keystone's error format {\"error\": {\"code\": %s, \"title\": ..., \"message\": ...}}" % status
    if exchange["path"].startswith("/image"):
        if isinstance(body, dict) and str(body.get("code", "")).startswith(str(status)) and text(body.get("message")):
            return None
        return "not Glance's error format for %s" % status
    name = NOVA_FAULT_NAMES.get(status, "computeFault")
    fault = body.get(name) if isinstance(body, dict) and len(body) == 1 else None
    if isinstance(fault, dict) and fault.get("code") == status and text(fault.get("message")):
        return None
    return "not Nova's fault format {\"%s\": {\"code\": %s, \"message\": ...}}" % (name, status)


class Response(dict):
    """What validate_response expects: the headers as a dict (lower-case names) with the status as an attribute."""
    def __init__(self, status, headers):
        super().__init__(headers)
        self.status = status


def schema_for(exchange):
    for method, pattern, pick in COMPILED:
        if method == exchange["method"] and pattern.match(exchange["path"]):
            return pick
    return None


def has_json_body(exchange):
    return exchange.get("response_body") and "json" in exchange["response_headers"].get("content-type", "")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("recording", nargs="+", help="JSON-lines files of recorded exchanges")
    args = parser.parse_args()
    validated, failed = 0, 0
    faults_checked, faults_failed = 0, 0
    unschema = Counter()
    for path in args.recording:
        with open(path, encoding="utf-8") as f:
            exchanges = [json.loads(line) for line in f if line.strip()]
        for exchange in exchanges:
            status = exchange["status"]
            pick = schema_for(exchange)
            if status >= 400:
                if has_json_body(exchange) or exchange["method"] != "HEAD":
                    faults_checked += 1
                    problem = fault_problem(exchange)
                    if problem:
                        faults_failed += 1
                        print("fault FAIL: %s %s -> %s: %s: %s" % (exchange["method"], exchange["path"], status,
                                                                  problem, exchange["response_body"][:300]))
                continue
            if pick is None:
                if has_json_body(exchange):
                    unschema[exchange["method"] + " " + ID_SEGMENT.sub(r"\1/{id}", exchange["path"])] += 1
                continue
            headers = exchange["response_headers"]
            version = headers.get("x-openstack-nova-api-version")
            body = json.loads(exchange["response_body"]) if has_json_body(exchange) else None
            where = "%s %s -> %s (compute %s)" % (exchange["method"], exchange["path"], status, version)
            try:
                schema = pick(version, body, exchange)
                rest_client.RestClient.validate_response(schema, Response(status, headers), body)
                validated += 1
            except (tempest_exceptions.TempestException, ValueError, AttributeError) as e:
                # AttributeError: tempest has no such schema at this microversion (the route should not exist)
                failed += 1
                print("schema FAIL: %s: %s" % (where, e), flush=True)
    for route, count in sorted(unschema.items()):
        print("no tempest schema: %s (%d)" % (route, count))
    print("faults: %d error bodies checked, %d failed" % (faults_checked, faults_failed))
    print("schemas: %d bodies validated, %d failed (%d bodies without a tempest schema: identity, image, ...)"
          % (validated, failed, sum(unschema.values())), flush=True)
    return 1 if failed or faults_failed else 0


if __name__ == "__main__":
    sys.exit(main())
