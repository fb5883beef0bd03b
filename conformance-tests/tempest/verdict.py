"""Reads a `tempest run` log and the list of expected failures; prints the one-line summary and the verdict.

usage: verdict.py TEMPEST_LOG EXPECTED_FAILURES SECONDS

EXPECTED_FAILURES: one test id per line (as tempest prints it, without the [id-...] tags; a class whose set-up fails
as "setUpClass (module.Class)"), under a "# reason" line that says why it fails here. Exit 1 when a test fails that
is not listed, or a listed test passes (remove it: the list only shrinks), or nothing ran.
"""
import re
import sys

LINE = re.compile(r"^\{\d+\} (?P<test>\S+(?: \([\w.]+\))?)(?: \[[\d.]+s\])? \.\.\. (?P<result>ok|FAILED|SKIPPED: ?.*)$")


def test_id(raw):
    return re.sub(r"\[[^\]]*\]$", "", raw)


def results(log):
    found = {}
    with open(log, errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                result = m.group("result")
                found[test_id(m.group("test"))] = "ok" if result == "ok" else (
                    "failed" if result == "FAILED" else "skipped")
    return found


def expected(path):
    reasons = {}
    reason = "(no reason given)"
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                reason = line.lstrip("# ")
            elif line:
                reasons[line] = reason
    return reasons


def main():
    log, expected_path, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    found = results(log)
    listed = expected(expected_path)
    counts = {k: sum(1 for v in found.values() if v == k) for k in ("ok", "failed", "skipped")}
    failed = sorted(t for t, v in found.items() if v == "failed")
    unexpected = [t for t in failed if t not in listed]
    fixed = sorted(t for t, v in found.items() if v == "ok" and t in listed)
    print("tempest compute API: %d passed, %d failed (%d of them listed as expected), %d skipped (%d tests) in %s s"
          % (counts["ok"], counts["failed"], counts["failed"] - len(unexpected), counts["skipped"], len(found),
             seconds))
    for t in unexpected:
        print("  failed, not in %s: %s" % (expected_path, t))
    for t in fixed:
        print("  passes now, remove it from %s: %s" % (expected_path, t))
    if not found:
        print("  nothing ran: see the tempest log %s" % log)
    sys.exit(1 if unexpected or fixed or not found else 0)


if __name__ == "__main__":
    main()
