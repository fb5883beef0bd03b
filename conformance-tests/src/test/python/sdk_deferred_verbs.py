#!/usr/bin/python3
"""Verbs whose end state is a server put away, through openstacksdk's proxy API (Debian's python3-openstacksdk):

--scenario soft-delete, against a facade started with OVC_RECLAIM_INSTANCE_INTERVAL > 0: delete_server leaves the
server SOFT_DELETED and still readable by id, Server.force_delete deletes it for good.
--scenario shelve, against a facade whose snapshot store is not the vcluster's volume: shelve_server ends in
SHELVED_OFFLOADED with the image <name>-shelved active, unshelve_server brings it back ACTIVE.
--scenario rescue: rescue_server ends in RESCUE, unrescue_server brings it back ACTIVE.
--scenario image-transfer, against a facade with an s3 snapshot store: a snapshot (create_server_image) downloaded
with download_image, uploaded again with create_image(filename=...) as a new image whose size and checksum are the
file's, a file that is no archive refused with a 400, and a server created from the uploaded image (a clone) ACTIVE.

Each step prints one line (ok / FAIL) and the run ends with ``openstacksdk: N passed, M failed``; the exit status is 1
when anything failed.
"""
import argparse
import hashlib
import os
import sys
import tempfile
import time
import traceback

import openstack
from openstack import exceptions


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_status(conn, server_id, status, seconds=90):
    last = None
    for _ in range(seconds):
        last = conn.compute.get_server(server_id).status
        if last == status:
            return
        time.sleep(1)
    raise AssertionError("server %s is %s, not %s" % (server_id, last, status))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--auth-url", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--scenario", choices=("soft-delete", "shelve", "rescue", "image-transfer"), required=True)
    args = parser.parse_args()
    conn = openstack.connect(auth_url=args.auth_url, project_name="demo", project_domain_name="Default",
                             username="demo", password=args.password, user_domain_name="Default",
                             identity_api_version="3", interface="public")
    state = {}

    def create():
        flavor = min(conn.compute.flavors(), key=lambda f: f.ram)
        image = sorted(conn.image.images(), key=lambda i: i.name)[0]
        server = conn.compute.create_server(name="sdk-put-away", flavor_id=flavor.id, image_id=image.id,
                                            networks="auto")
        state["id"] = conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=120).id

    def soft_delete():
        conn.compute.delete_server(state["id"])
        wait_status(conn, state["id"], "SOFT_DELETED")
        ids = [s.id for s in conn.compute.servers()]
        expect(state["id"] not in ids, "a soft-deleted server is listed: %s" % ids)

    def force_delete():
        # the server read once: the delete may be finished before a second read, which would then be a 404
        server = conn.compute.get_server(state["id"])
        server.force_delete(conn.compute)
        conn.compute.wait_for_delete(server, interval=1, wait=90)
        try:
            conn.compute.get_server(state["id"])
            raise AssertionError("the server is still there after force_delete")
        except exceptions.NotFoundException:
            pass

    def shelve():
        conn.compute.shelve_server(state["id"])
        wait_status(conn, state["id"], "SHELVED_OFFLOADED")
        images = [i for i in conn.image.images() if i.name == "sdk-put-away-shelved"]
        expect(len(images) == 1 and images[0].status == "active", "shelve image: %s" % images)
        state["image"] = images[0].id

    def unshelve():
        conn.compute.unshelve_server(state["id"])
        wait_status(conn, state["id"], "ACTIVE")
        for _ in range(60):
            if state["image"] not in [i.id for i in conn.image.images()]:
                return
            time.sleep(1)
        raise AssertionError("the shelve image %s is still there after the unshelve" % state["image"])

    def rescue():
        conn.compute.rescue_server(state["id"])
        wait_status(conn, state["id"], "RESCUE")

    def unrescue():
        conn.compute.unrescue_server(state["id"])
        wait_status(conn, state["id"], "ACTIVE")

    def snapshot_and_download():
        image = conn.compute.create_server_image(state["id"], "sdk-carried-snap", wait=True, timeout=120)
        expect(image.status == "active", "snapshot: %s" % image)
        state["dir"] = tempfile.mkdtemp(prefix="sdk-image-transfer-")
        state["file"] = os.path.join(state["dir"], "snap.tar.gz")
        conn.image.download_image(image, output=state["file"])
        with open(state["file"], "rb") as f:
            head = f.read(2)
        expect(head == b"\x1f\x8b", "the download is not a gzip stream: %r" % head)

    def upload():
        with open(state["file"], "rb") as f:
            data = f.read()
        image = conn.image.create_image("sdk-carried", filename=state["file"], container_format="bare",
                                        disk_format="raw", wait=True, timeout=120)
        image = conn.image.get_image(image.id)
        expect(image.status == "active", "uploaded image: %s" % image)
        expect(image.size == len(data), "size %s, the file has %d bytes" % (image.size, len(data)))
        expect(image.checksum == hashlib.md5(data).hexdigest(), "checksum %s" % image.checksum)
        expect(image.hash_algo == "sha512" and image.hash_value == hashlib.sha512(data).hexdigest(),
               "os_hash %s %s" % (image.hash_algo, image.hash_value))
        state["uploaded"] = image.id
        readme = os.path.join(state["dir"], "README")
        with open(readme, "w") as f:
            f.write("not an archive\n")
        try:
            conn.image.create_image("sdk-not-an-archive", filename=readme, container_format="bare",
                                    disk_format="raw", wait=True, timeout=60)
            raise AssertionError("a file that is no archive was taken")
        except exceptions.HttpException as e:
            expect(e.status_code == 400 and "not a vcluster snapshot archive" in str(e), "refusal: %s" % e)
        active = [i for i in conn.image.images() if i.name == "sdk-not-an-archive" and i.status != "queued"]
        expect(not active, "the refused upload left an image that is not queued: %s" % active)

    def clone():
        flavor = min(conn.compute.flavors(), key=lambda f: f.ram)
        server = conn.compute.create_server(name="sdk-carried-clone", flavor_id=flavor.id,
                                            image_id=state["uploaded"], networks="auto")
        conn.compute.wait_for_server(server, status="ACTIVE", interval=1, wait=120)

    steps = {"soft-delete": (("create_server", create), ("soft_delete", soft_delete), ("force_delete", force_delete)),
             "shelve": (("create_server", create), ("shelve", shelve), ("unshelve", unshelve)),
             "rescue": (("create_server", create), ("rescue", rescue), ("unrescue", unrescue)),
             "image-transfer": (("create_server", create), ("snapshot_and_download", snapshot_and_download),
                                ("upload", upload), ("clone", clone))}
    passed = failed = 0
    for name, fn in steps[args.scenario]:
        try:
            fn()
            passed += 1
            print("ok: %s" % name, flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported and counted
            failed += 1
            print("FAIL: %s: %s: %s" % (name, type(e).__name__, e), flush=True)
            traceback.print_exc()
            break
    print("openstacksdk: %d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
