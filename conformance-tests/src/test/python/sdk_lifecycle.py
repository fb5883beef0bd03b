#!/usr/bin/python3
"""The server lifecycle through openstacksdk's proxy API (Debian's python3-openstacksdk), against a running facade.

Each step asserts values, prints one line (ok / FAIL / not yet) and the run ends with
``openstacksdk: N passed, M failed``; the exit status is 1 when anything failed. Steps that need server verbs the
facade does not perform yet are listed in NOT_YET: remove a name from that set to turn its step on.

Negative steps check that a refused call reaches the caller as openstacksdk's (or keystoneauth's) own exception with
a readable message, never as a crash inside the client (KeyError, TypeError, ...).
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import time
import traceback

import keystoneauth1.exceptions
import openstack
from openstack import exceptions

# Steps that need verbs not built yet; each is reported as "not yet" and counted as neither passed nor failed.
NOT_YET = set()

SERVER_NAME = "sdk-conformance-vc"
RENAMED = "sdk-conformance-vc-renamed"
# Clean, expected client-side failures: anything else escaping a call is a client crash.
CLIENT_ERRORS = (exceptions.SDKException, keystoneauth1.exceptions.ClientException)


class Run:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        self.conn = None
        self.flavor = None
        self.image = None
        self.server = None

    def connect(self, user, project, password=None, **extra):
        options = dict(auth_url=self.args.auth_url, project_name=project, project_domain_name="Default",
                       identity_api_version="3", interface="public")
        if password is not None:
            options.update(username=user, password=password, user_domain_name="Default")
        options.update(extra)
        return openstack.connect(**options)


STEPS = []


def step(name):
    def register(fn):
        STEPS.append((name, fn))
        return fn
    return register


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_client_error(call, status, *fragments):
    """Runs call, which must raise a clean client error with the HTTP status and message fragments given."""
    try:
        result = call()
    except CLIENT_ERRORS as e:
        code = getattr(e, "status_code", None) or getattr(e, "http_status", None)
        text = str(e)
        expect(code == status, "expected HTTP %s, got %s: %s" % (status, code, text))
        for fragment in fragments:
            expect(fragment.lower() in text.lower(), "message %r lacks %r" % (text, fragment))
        return e
    raise AssertionError("expected HTTP %s, the call returned %r" % (status, result))


# ---------------------------------------------------------------- lifecycle

@step("connect")
def connect(run):
    run.conn = run.connect("demo", "demo", run.args.password)
    token = run.conn.auth_token
    expect(token, "no token")
    expect(run.conn.current_project_id, "no project id")
    expect(run.conn.compute.get_endpoint().endswith("/compute/v2.1"), run.conn.compute.get_endpoint())


@step("flavors")
def flavors(run):
    found = list(run.conn.compute.flavors())
    expect(len(found) >= 3, "expected the default flavor ladder, got %s" % [f.name for f in found])
    for f in found:
        expect(f.vcpus > 0 and f.ram > 0, "flavor without size: %s" % f)
    run.flavor = min(found, key=lambda f: f.ram)
    by_name = run.conn.compute.find_flavor(run.flavor.name, ignore_missing=False)
    expect(by_name.id == run.flavor.id, "find_flavor(%s) gave %s" % (run.flavor.name, by_name.id))
    shown = run.conn.compute.get_flavor(run.flavor.id)
    expect((shown.name, shown.ram, shown.vcpus) == (run.flavor.name, run.flavor.ram, run.flavor.vcpus),
           "get_flavor disagrees with the list: %s" % shown)


@step("images")
def images(run):
    found = list(run.conn.image.images())
    expect(found, "no images")
    for i in found:
        expect(i.status == "active", "image %s is %s" % (i.name, i.status))
    run.image = sorted(found, key=lambda i: i.name)[0]
    by_name = run.conn.image.find_image(run.image.name, ignore_missing=False)
    expect(by_name.id == run.image.id, "find_image(%s) gave %s" % (run.image.name, by_name.id))
    expect(run.conn.image.get_image(run.image.id).name == run.image.name, "get_image disagrees")


@step("create_server")
def create_server(run):
    created = run.conn.compute.create_server(name=SERVER_NAME, flavor_id=run.flavor.id, image_id=run.image.id,
                                             networks="auto", metadata={"owner": "sdk"})
    expect(len(created.id) == 36, "server id %r" % created.id)
    run.server = created
    active = run.conn.compute.wait_for_server(created, status="ACTIVE", interval=1, wait=120)
    expect(active.status == "ACTIVE", "status %s" % active.status)
    expect(active.name == SERVER_NAME, "name %s" % active.name)
    expect(active.image.id == run.image.id, "image %s" % active.image)
    expect(active.flavor.original_name == run.flavor.name, "flavor %s" % active.flavor)
    expect(active.metadata == {"owner": "sdk"}, "metadata %s" % active.metadata)
    run.server = active


@step("list_servers")
def list_servers(run):
    ids = [s.id for s in run.conn.compute.servers()]
    expect(run.server.id in ids, "%s not in %s" % (run.server.id, ids))
    named = list(run.conn.compute.servers(details=True, name=SERVER_NAME))
    expect([s.id for s in named] == [run.server.id], "name filter gave %s" % [s.name for s in named])
    expect(named[0].status == "ACTIVE", "listed status %s" % named[0].status)


@step("get_server")
def get_server(run):
    shown = run.conn.compute.get_server(run.server.id)
    expect(shown.status == "ACTIVE", "status %s" % shown.status)
    expect(shown.vm_state == "active", "vm_state %s" % shown.vm_state)
    expect(shown.power_state == 1, "power_state %s" % shown.power_state)
    expect(shown.project_id == run.conn.current_project_id, "project %s" % shown.project_id)
    found = run.conn.compute.find_server(SERVER_NAME, ignore_missing=False)
    expect(found.id == run.server.id, "find_server gave %s" % found.id)


@step("update_name")
def update_name(run):
    updated = run.conn.compute.update_server(run.server, name=RENAMED)
    expect(updated.name == RENAMED, "update answered name %s" % updated.name)
    expect(run.conn.compute.get_server(run.server.id).name == RENAMED, "the new name was not kept")


@step("metadata")
def metadata(run):
    run.conn.compute.set_server_metadata(run.server, role="conformance", tier="gold")
    got = run.conn.compute.get_server_metadata(run.server).metadata
    expect(got == {"owner": "sdk", "role": "conformance", "tier": "gold"}, "metadata after set: %s" % got)
    run.conn.compute.delete_server_metadata(run.server, ["tier"])
    got = run.conn.compute.get_server_metadata(run.server).metadata
    expect(got == {"owner": "sdk", "role": "conformance"}, "metadata after delete: %s" % got)


@step("tags")
def tags(run):
    # SDK 0.101's tag calls send no microversion header and tags need 2.26 (real Nova answers 404 below it),
    # so they go through a connection whose compute default microversion is 2.26, as a user of that SDK must do.
    compute = run.connect("demo", "demo", run.args.password, compute_default_microversion="2.26").compute
    server = compute.get_server(run.server.id)
    server.add_tag(compute, "blue")
    server.add_tag(compute, "green")
    expect(sorted(server.fetch_tags(compute).tags) == ["blue", "green"], "tags after add")
    server.remove_tag(compute, "blue")
    expect(server.fetch_tags(compute).tags == ["green"], "tags after remove")
    server.set_tags(compute, ["a", "b"])
    expect(sorted(run.conn.compute.get_server(run.server.id).tags) == ["a", "b"], "tags after set")
    server.remove_all_tags(compute)
    expect(run.conn.compute.get_server(run.server.id).tags == [], "tags after remove all")


def wait_for(run, status):
    """wait_for_server on a fresh copy: given the stale local object, SDK 0.101 returns at once if its old status
    already matches (e.g. ACTIVE before a reboot), without asking the server."""
    fresh = run.conn.compute.get_server(run.server.id)
    return run.conn.compute.wait_for_server(fresh, status=status, interval=1, wait=120)


def action_then(target):
    """A step that runs a server action and waits for the Nova status it leads to."""
    def make(action):
        def run_action(run):
            action(run.conn.compute, run.server)
            done = wait_for(run, target)
            expect(done.status == target, "status %s, expected %s" % (done.status, target))
        return run_action
    return make


step("stop")(action_then("SHUTOFF")(lambda c, s: c.stop_server(s)))
step("start")(action_then("ACTIVE")(lambda c, s: c.start_server(s)))
step("pause")(action_then("PAUSED")(lambda c, s: c.pause_server(s)))
step("unpause")(action_then("ACTIVE")(lambda c, s: c.unpause_server(s)))
step("suspend")(action_then("SUSPENDED")(lambda c, s: c.suspend_server(s)))
step("resume")(action_then("ACTIVE")(lambda c, s: c.resume_server(s)))
step("reboot_soft")(action_then("ACTIVE")(lambda c, s: c.reboot_server(s, "SOFT")))
step("reboot_hard")(action_then("ACTIVE")(lambda c, s: c.reboot_server(s, "HARD")))


@step("lock_unlock")
def lock_unlock(run):
    run.conn.compute.lock_server(run.server)
    expect(run.conn.compute.get_server(run.server.id).is_locked, "not locked")
    run.conn.compute.unlock_server(run.server)
    expect(not run.conn.compute.get_server(run.server.id).is_locked, "still locked")


@step("console_output")
def console_output(run):
    out = run.conn.compute.get_server_console_output(run.server, length=10)
    expect(isinstance(out.get("output"), str), "console output %r" % out)


def bigger_flavor(run):
    return sorted((f for f in run.conn.compute.flavors() if f.ram > run.flavor.ram), key=lambda f: f.ram)[0]


@step("resize_confirm")
def resize_confirm(run):
    target = bigger_flavor(run)
    run.conn.compute.resize_server(run.server, target.id)
    wait_for(run, "VERIFY_RESIZE")
    run.conn.compute.confirm_server_resize(run.server)
    done = wait_for(run, "ACTIVE")
    expect(done.flavor.original_name == target.name, "flavor after confirm %s" % done.flavor)
    run.flavor = target


@step("resize_revert")
def resize_revert(run):
    before = run.flavor
    run.conn.compute.resize_server(run.server, bigger_flavor(run).id)
    wait_for(run, "VERIFY_RESIZE")
    run.conn.compute.revert_server_resize(run.server)
    done = wait_for(run, "ACTIVE")
    expect(done.flavor.original_name == before.name, "flavor after revert %s" % done.flavor)


@step("rebuild")
def rebuild(run):
    # the server's own base image: a rebuild wipes the vcluster's state and installs that Kubernetes version afresh
    # (any other version would do as well; with preserve_ephemeral the state is kept and only an upgrade is allowed)
    image_id = run.conn.compute.get_server(run.server).image.id
    run.conn.compute.rebuild_server(run.server, name=RENAMED, admin_password="unused", image=image_id)
    done = wait_for(run, "ACTIVE")
    expect(done.image.id == image_id, "image after rebuild %s" % done.image)


@step("create_image")
def create_image(run):
    image = run.conn.compute.create_server_image(run.server, "sdk-snapshot", wait=True, timeout=120)
    expect(run.conn.image.get_image(image.id).status == "active", "snapshot not active")
    run.conn.image.delete_image(image.id)


@step("backup_server")
def backup_server(run):
    # Nova's createBackup: openstacksdk answers nothing, so each backup is found by its name; rotation 1 keeps the
    # newest daily backup of the server only
    for name in ("sdk-backup-1", "sdk-backup-2"):
        run.conn.compute.backup_server(run.server, name, "daily", 1)
        deadline = time.time() + 120
        while time.time() < deadline:
            images = [i for i in run.conn.image.images() if i.name == name]
            server = run.conn.compute.get_server(run.server)
            if images and images[0].status == "active" and server.task_state is None:
                break
            time.sleep(1)
        else:
            raise AssertionError("backup %s not active with the server idle after 120 s" % name)
    left = sorted(i.name for i in run.conn.image.images() if i.name.startswith("sdk-backup-"))
    expect(left == ["sdk-backup-2"], "backups left after rotation 1: %s" % left)
    for image in run.conn.image.images():
        if image.name == "sdk-backup-2":
            run.conn.image.delete_image(image.id)


# ---------------------------------------------------------------- negative cases (server still exists)

@step("negative_wrong_password")
def negative_wrong_password(run):
    conn = run.connect("demo", "demo", "wrong-" + run.args.password)
    expect_client_error(lambda: list(conn.compute.flavors()), 401)


@step("negative_garbage_token")
def negative_garbage_token(run):
    conn = run.connect(None, "demo", auth_type="token", token="gAAAAA-not-a-token")
    expect_client_error(lambda: list(conn.compute.servers()), 401)


@step("negative_expired_token")
def negative_expired_token(run):
    expired = expired_copy(run.conn.auth_token, open(run.args.token_key, "rb").read())
    conn = run.connect(None, "demo", auth_type="token", token=expired)
    expect_client_error(lambda: list(conn.compute.servers()), 401)


def expired_copy(token, key):
    """The same claims as a real token, signed with the facade's key (HS256) but expired an hour ago."""
    def b64(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    now = int(time.time())
    claims.update(iat=now - 7200, exp=now - 3600)
    if "nbf" in claims:
        claims["nbf"] = now - 7200
    signing_input = header + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


@step("negative_other_projects_server")
def negative_other_projects_server(run):
    alt = run.connect("alt_demo", "alt_demo", run.args.password)
    expect_client_error(lambda: alt.compute.get_server(run.server.id), 404, run.server.id)
    expect(alt.compute.find_server(RENAMED) is None, "alt_demo finds demo's server by name")
    expect(run.server.id not in [s.id for s in alt.compute.servers()], "alt_demo lists demo's server")
    expect_client_error(lambda: alt.compute.delete_server(run.server.id, ignore_missing=False), 404)


@step("negative_nonexistent_flavor")
def negative_nonexistent_flavor(run):
    expect(run.conn.compute.find_flavor("no-such-flavor") is None, "found a flavor that does not exist")
    expect_client_error(lambda: run.conn.compute.get_flavor("no-such-flavor"), 404)
    expect_client_error(lambda: run.conn.compute.create_server(
        name="sdk-bad-flavor", flavor_id="no-such-flavor", image_id=run.image.id, networks="auto"), 400, "flavor")


@step("negative_nonexistent_image")
def negative_nonexistent_image(run):
    missing = "00000000-0000-4000-8000-000000000000"
    expect(run.conn.image.find_image("no-such-image") is None, "found an image that does not exist")
    expect_client_error(lambda: run.conn.image.get_image(missing), 404)
    expect_client_error(lambda: run.conn.compute.create_server(
        name="sdk-bad-image", flavor_id=run.flavor.id, image_id=missing, networks="auto"), 400, "image")
    names = [s.name for s in run.conn.compute.servers()]
    expect("sdk-bad-image" not in names and "sdk-bad-flavor" not in names, "a refused create left a server")


@step("negative_invalid_state_transition")
def negative_invalid_state_transition(run):
    # the server is ACTIVE: starting it again is Nova's 409
    expect_client_error(lambda: run.conn.compute.start_server(run.server), 409, "vm_state active")


# ---------------------------------------------------------------- delete

@step("delete_server")
def delete_server(run):
    run.conn.compute.delete_server(run.server)
    run.conn.compute.wait_for_delete(run.server, interval=1, wait=120)
    expect_client_error(lambda: run.conn.compute.get_server(run.server.id), 404)
    expect(run.conn.compute.find_server(RENAMED) is None, "the deleted server is still found")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--auth-url", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--token-key", required=True, help="the facade's token key file (for an expired token)")
    parser.add_argument("--run-not-yet", action="store_true", help="also run the steps listed in NOT_YET")
    run = Run(parser.parse_args())
    for name, fn in STEPS:
        if name in NOT_YET and not run.args.run_not_yet:
            print("not yet: %s (listed in NOT_YET)" % name, flush=True)
            continue
        try:
            fn(run)
            run.passed += 1
            print("ok: %s" % name, flush=True)
        except Exception as e:  # one failed step must not hide the others
            run.failed += 1
            print("FAIL: %s: %s: %s" % (name, type(e).__name__, e), flush=True)
            traceback.print_exc(file=sys.stdout)
    print("openstacksdk: %d passed, %d failed" % (run.passed, run.failed), flush=True)
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
