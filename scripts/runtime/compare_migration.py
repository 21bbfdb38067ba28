#!/usr/bin/env python3
"""Compare a migrated run with an uninterrupted one (used by scripts/e2e-spark-migration.sh).

usage: compare_migration.py JOB --state STATE.jsonl --spark DIR --migrated DIR --uninterrupted DIR
                            --first-half N --second-half FILE

JOB: running-total or running-total-expiring. STATE: what SparkStateExport wrote (the state at the
switch). --spark: Spark's output over the first half (part-*.json under DIR). --migrated: the Flink
job's results over the second half, started from the bootstrapped savepoint; --uninterrupted: the
Flink job's results over the whole stream (Flink's file sink: part files under DIR/results/).
--first-half: transactions in the first half; --second-half: the second half's transactions.

Lines are compared as text (the same doubles added in the same order print the same digits).
Checks:
- every user's last total: Flink's last total after the switch, or Spark's for a user without a
  transaction in the second half, equals the uninterrupted run's last total;
- running-total-expiring: Spark's rows plus the migrated rows equal the uninterrupted rows as
  multisets (every total and every expiry row with its expired_at), and every timeout pending at
  the switch fired in Flink at its time (an expiry row with expired_at = timeout_at), unless the
  user's next transaction came first and moved it;
- running-total (Spark emits one total per user and micro-batch, Flink one per transaction): the
  migrated rows are in the uninterrupted run, which has --first-half rows more, and each of
  Spark's totals is among those.
Prints the differences (at most 10 of each) and one summary line; exit status 1 on FAIL.
"""
import argparse
import glob
import json
import os
import re
import sys
from collections import Counter
from datetime import datetime


def part_files(pattern):
    """Part files in write order: by bucket directory, then writer, then part counter."""

    def key(path):
        m = re.search(r"-(\d+)(\.[a-z]+)?$", os.path.basename(path))
        return (os.path.dirname(path), re.sub(r"-\d+(\.[a-z]+)?$", "", os.path.basename(path)),
                int(m.group(1)) if m else 0)

    return sorted(glob.glob(pattern, recursive=True), key=key)


def lines(pattern):
    out = []
    for path in part_files(pattern):
        with open(path, encoding="utf-8") as f:
            out.extend(line.rstrip("\n") for line in f if line.strip())
    return out


def last_totals(rows):
    """userId -> the text of its last total (a user's rows are in one writer's files, in order)."""
    last = {}
    for line in rows:
        row = json.loads(line)
        if not row.get("expired"):
            last[row["userId"]] = line
    return last


def iso_ms(text):
    """ISO-8601 UTC ("2025-01-01T03:39:49Z", or with .SSS) as epoch ms."""
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def show(title, items):
    items = list(items)
    if items:
        print(f"  {title}: {len(items)}", file=sys.stderr)
        for item in items[:10]:
            print(f"    {item}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("job", choices=["running-total", "running-total-expiring"])
    p.add_argument("--state", required=True)
    p.add_argument("--spark", required=True)
    p.add_argument("--migrated", required=True)
    p.add_argument("--uninterrupted", required=True)
    p.add_argument("--first-half", type=int, required=True)
    p.add_argument("--second-half", required=True)
    a = p.parse_args()

    spark = lines(os.path.join(a.spark, "**", "part-*.json"))
    migrated = lines(os.path.join(a.migrated, "results", "**", "*.jsonl"))
    full = lines(os.path.join(a.uninterrupted, "results", "**", "*.jsonl"))
    with open(a.state, encoding="utf-8") as f:
        state = [json.loads(line) for line in f if line.strip()]
    failures = []

    # Every user's last total.
    carried = last_totals(spark)
    carried.update(last_totals(migrated))
    expected = last_totals(full)
    wrong = [f"{u}: migrated {carried.get(u)} uninterrupted {expected.get(u)}"
             for u in sorted(set(carried) | set(expected)) if carried.get(u) != expected.get(u)]
    show("users whose last total differs", wrong)
    if wrong:
        failures.append(f"{len(wrong)} users' last totals differ")

    is_expiry = lambda line: '"expired":true' in line
    expiries = sum(1 for line in full if is_expiry(line))
    if a.job == "running-total-expiring":
        got, want = Counter(spark + migrated), Counter(full)
        show("rows only in Spark + migrated Flink", (got - want).elements())
        show("rows only in the uninterrupted run", (want - got).elements())
        if got != want:
            failures.append("Spark + migrated rows differ from the uninterrupted rows")
        # A timeout pending at the switch fires in Flink at its time, unless the user's next
        # transaction comes first (at or before it), which moves the deadline.
        fired = set()
        for line in migrated:
            row = json.loads(line)
            if row.get("expired"):
                fired.add((row["userId"], row["expired_at"]))
        first_tx = {}
        with open(a.second_half, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    tx = json.loads(line)
                    first_tx.setdefault(tx["userId"], tx["transactionTime"] * 1000)
        pending = [(s["userId"], s["timeout_at"]) for s in state if "timeout_at" in s]
        due = [(u, t) for u, t in pending if first_tx.get(u, float("inf")) > iso_ms(t)]
        missing = [f"{u} at {t}" for u, t in due if (u, t) not in fired]
        show("timeouts pending at the switch that did not fire at their time", missing)
        if missing:
            failures.append(f"{len(missing)} pending timeouts did not fire at their time")
        detail = (f"expiries compared: {expiries} (Spark {sum(map(is_expiry, spark))}, Flink "
                  f"{sum(map(is_expiry, migrated))}; of the {len(pending)} timeouts pending at the "
                  f"switch {len(due) - len(missing)} fired at their time, {len(pending) - len(due)} "
                  f"were moved by a later transaction), rows compared: {len(full)}")
    else:
        got, want = Counter(migrated), Counter(full)
        show("migrated rows not in the uninterrupted run", (got - want).elements())
        first = want - got
        if got - want:
            failures.append("migrated rows that the uninterrupted run does not have")
        if sum(first.values()) != a.first_half:
            failures.append(f"the uninterrupted run has {sum(first.values())} rows more than the "
                            f"migrated one, not {a.first_half} (the first half's transactions)")
        show("Spark totals that the uninterrupted run does not have", (Counter(spark) - first).elements())
        if Counter(spark) - first:
            failures.append("Spark totals that the uninterrupted run does not have")
        detail = f"rows compared: {len(full)} (Spark {len(spark)}, Flink {len(migrated)})"

    verdict = "FAIL: " + "; ".join(failures) if failures else "PASS"
    print(f"{a.job}: users {len(expected)}, totals compared {len(expected)}, keys carried "
          f"{len(state)}, {detail}: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
