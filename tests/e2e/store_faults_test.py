#!/usr/bin/python3
"""Crash and concurrency tests of the store, through the built `isnad`.

- An ingest killed with SIGKILL leaves a store that reopens, passes `verify`,
  holds every article wholly or not at all, and completes on re-run to the
  same stats as an uninterrupted run.
- Queries answer while an ingest runs; a second ingest is refused at once.

usage: store_faults_test.py --isnad PATH --samples DIR
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from collections import Counter
from pathlib import Path

ARGS = None


def run(*args, check=True, timeout=300):
    proc = subprocess.run([ARGS.isnad, *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def stats(db):
    return json.loads(run("stats", "--db", db, "--json").stdout)


def provenance_by_doc(db):
    """doc id -> number of provenance entries citing it, from the JSONL export."""
    counts = Counter()
    for line in run("export", "--db", db, "--format", "jsonl").stdout.splitlines():
        row = json.loads(line)
        if row["type"] == "edge":
            for p in row["provenance"]:
                counts[p["doc"]] += 1
    return counts


class StoreFaults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad-faults-"))
        # A corpus big enough that an ingest takes a few seconds: the samples
        # under many ids, each copy with a distinct first line.
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(ARGS.samples).glob("*.txt"))]
        cls.corpus = cls.tmp / "corpus.jsonl"
        with open(cls.corpus, "w", encoding="utf-8") as f:
            for i in range(ARGS.copies):
                for j, text in enumerate(texts):
                    f.write(json.dumps({"id": f"c{i:05d}-{j}", "text": f"نسخة {i}\n{text}"},
                                       ensure_ascii=False) + "\n")
        cls.reference = str(cls.tmp / "reference.db")
        run("ingest", "-q", "--db", cls.reference, str(cls.corpus))
        cls.reference_stats = stats(cls.reference)
        cls.reference_prov = provenance_by_doc(cls.reference)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def start_ingest(self, db):
        return subprocess.Popen([ARGS.isnad, "ingest", "-q", "--db", db, str(self.corpus)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_for_documents(self, db, proc, minimum=1):
        """Polls a read-only view of `db` until it holds documents."""
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            p = run("stats", "--db", db, "--json", check=False)
            if p.returncode == 0 and json.loads(p.stdout)["documents"] >= minimum:
                return json.loads(p.stdout)
            time.sleep(0.05)
        self.fail("the ingest ended or stalled before any document was stored")

    def test_sigkill_mid_ingest_leaves_a_consistent_resumable_store(self):
        db = str(self.tmp / "killed.db")
        proc = self.start_ingest(db)
        self.wait_for_documents(db, proc, minimum=len(self.reference_prov) // 10)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL)

        v = run("verify", "--db", db, "--json", check=False)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        self.assertTrue(json.loads(v.stdout)["ok"])
        partial = stats(db)
        self.assertLess(partial["documents"], self.reference_stats["documents"],
                        "the kill came too late to test anything")
        # Every stored article is whole: as many provenance entries as in a
        # complete run; the others are wholly absent.
        for doc, n in provenance_by_doc(db).items():
            self.assertEqual(n, self.reference_prov[doc], doc)

        run("ingest", "-q", "--db", db, str(self.corpus))
        self.assertEqual(stats(db), self.reference_stats)
        self.assertEqual(run("verify", "--db", db).returncode, 0)

    def test_queries_answer_during_an_ingest_and_a_second_ingest_is_refused(self):
        db = str(self.tmp / "busy.db")
        proc = self.start_ingest(db)
        try:
            self.wait_for_documents(db, proc)
            second = run("ingest", "-q", "--db", db, str(self.corpus), check=False, timeout=30)
            still_running = proc.poll() is None
            for args in (("stats", "--json"), ("query", "--subject", "Nvidia", "--limit", "3"),
                         ("show", "China")):
                p = run(*args[:1], "--db", db, *args[1:], check=False)
                self.assertEqual(p.returncode, 0, (args, p.stderr))
            if not still_running:
                self.skipTest("the ingest finished before the second one started")
            self.assertEqual(second.returncode, 2, second.stderr)
            self.assertIn("locked by another process", second.stderr)
        finally:
            proc.wait(timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr.read())
        self.assertEqual(stats(db), self.reference_stats)

    def test_verify_reports_a_broken_store_and_missing_store(self):
        p = run("verify", "--db", str(self.tmp / "nowhere.db"), check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no store", p.stderr)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--copies", type=int, default=300)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
