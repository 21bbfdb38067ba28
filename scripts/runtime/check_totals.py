#!/usr/bin/env python3
"""Check running-total output against its input (used by scripts/e2e-*.sh).

usage: check_totals.py INPUT.jsonl OUTPUT.jsonl [--expect USER=T1,T2,... ...]

INPUT: the transactions produced ({"userId", "amount", ...} per line, in produce order).
OUTPUT: the records read back from the output topic ({"userId", "total"} per line, in topic order;
the e2e scripts give the output topic one partition, so a user's totals are in the order written).

Checks, per user: the sequence of totals equals the running sums of the input amounts, added in
input order as Java adds doubles (so equal exactly, no tolerance); hence the last total equals the
plain sum and the number of output records equals the number of input records (nothing lost,
nothing doubled). --expect adds literal expectations (e.g. the seed's table).
Prints one summary line; exit status 1 on a mismatch.
"""
import json
import sys
from collections import OrderedDict


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    inputs, outputs = load(argv[0]), load(argv[1])
    expected_literal = {}
    rest = argv[2:]
    while rest:
        if rest[0] != "--expect" or len(rest) < 2:
            print("bad arguments: " + " ".join(rest), file=sys.stderr)
            return 2
        user, totals = rest[1].split("=", 1)
        expected_literal[user] = [float(t) for t in totals.split(",")]
        rest = rest[2:]

    expected = OrderedDict()
    running = {}
    for tx in inputs:
        user = tx["userId"]
        running[user] = running.get(user, 0.0) + float(tx["amount"])
        expected.setdefault(user, []).append(running[user])
    actual = OrderedDict()
    for rec in outputs:
        actual.setdefault(rec["userId"], []).append(float(rec["total"]))

    problems = []
    for user, totals in expected_literal.items():
        if expected.get(user) != totals:
            problems.append(f"{user}: input gives {expected.get(user)}, --expect says {totals}")
        if actual.get(user) != totals:
            problems.append(f"{user}: expected {totals}, got {actual.get(user)}")
    wrong_last = 0
    for user in sorted(set(expected) | set(actual)):
        want, got = expected.get(user, []), actual.get(user, [])
        if (want[-1] if want else None) != (got[-1] if got else None):
            wrong_last += 1
        if want != got:
            if len(problems) < 10:
                problems.append(f"{user}: {len(want)} input records, {len(got)} totals; "
                                f"last expected {want[-1] if want else None}, got {got[-1] if got else None}")
            else:
                problems.append(None)
    if len(inputs) != len(outputs):
        problems.insert(0, f"{len(inputs)} input records but {len(outputs)} output records")
    users = len(expected)
    summary = (f"{len(inputs)} transactions in, {len(outputs)} totals out, {users} users, "
               f"{users - wrong_last}/{users} last totals = sum of amounts")
    if problems:
        for p in problems:
            if p:
                print("  mismatch: " + p, file=sys.stderr)
        print("FAIL: " + summary)
        return 1
    print("OK: " + summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
