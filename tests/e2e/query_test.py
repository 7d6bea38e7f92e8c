#!/usr/bin/python3
"""`isnad query` over the samples: the pattern forms of docs/QUERY.md, their
options, and the shortcut form, checked through the JSON output.

usage: query_test.py --isnad PATH --samples DIR
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ARGS = None


def run(*args, check=True):
    proc = subprocess.run([ARGS.isnad, *args], capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


class QueryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad_query_"))
        cls.db = str(cls.tmp / "store")
        run("ingest", "--quiet", "--db", cls.db, ARGS.samples)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def answers(self, pattern, *options):
        out = run("query", "--db", self.db, pattern, "--json", *options).stdout
        return [json.loads(line) for line in out.splitlines()]

    def test_the_documented_examples_answer(self):
        for pattern, kinds in [("?c:company -buys-> H200", {"c": "company"}),
                               ('"United States" -restricts-> ?x ; ?x:chip', {"x": "chip"}),
                               ("?p -said-> ?s ; ?s -mentions-> Huawei", {"s": "statement"}),
                               ("?a -meets-> ?b", {})]:
            with self.subTest(pattern=pattern):
                answers = self.answers(pattern)
                self.assertGreater(len(answers), 0)
                for a in answers:
                    for var, kind in kinds.items():
                        self.assertEqual(a["bindings"][var]["kind"], kind)
                    clauses = [c for c in pattern.split(";") if "->" in c]
                    self.assertEqual(len(a["edges"]), len(clauses))
                    for e in a["edges"]:
                        self.assertFalse(e["negated"])  # excluded by default
                        self.assertGreaterEqual(e["weight"], 1)

    def test_joined_answers_share_the_variable(self):
        for a in self.answers("?p -said-> ?s ; ?s -mentions-> Huawei", "--evidence"):
            said, mentions = a["edges"]
            self.assertEqual(said["object"], mentions["subject"])
            self.assertEqual(said["subject"], a["bindings"]["p"]["label"])
            self.assertTrue(a["bindings"]["s"]["text"])
            for e in a["edges"]:
                self.assertTrue(e["evidence"]["text"])

    def test_pattern_agrees_with_the_shortcut(self):
        pattern = {(e["relation"], e["object"], e["negated"])
                   for a in self.answers("Nvidia -?r-> ?x", "--negated", "include")
                   for e in a["edges"]}
        out = run("query", "--db", self.db, "--subject", "Nvidia", "--json").stdout
        shortcut = {(j["relation"], j["object"], j["negated"])
                    for j in map(json.loads, out.splitlines())}
        self.assertGreater(len(shortcut), 3)
        self.assertEqual(pattern, shortcut)

    def test_arabic_and_english_names_give_identical_answers(self):
        self.assertEqual(self.answers("إنفيديا -?r-> ?x"), self.answers("Nvidia -?r-> ?x"))
        self.assertEqual(self.answers("?p -said-> ?s ; ?s -mentions-> هواوي"),
                         self.answers("?p -said-> ?s ; ?s -mentions-> Huawei"))

    def test_negated_only_and_doc_filter(self):
        only = self.answers("?a -?r-> ?b", "--negated", "only")
        self.assertTrue(all(e["negated"] for a in only for e in a["edges"]))
        everything = self.answers("?a -?r-> ?b", "--negated", "include")
        excluded = self.answers("?a -?r-> ?b")
        self.assertEqual(len(everything), len(only) + len(excluded))
        doc = json.loads(run("query", "--db", self.db, "--subject", "Nvidia", "--json")
                         .stdout.splitlines()[0])["evidence"]["doc"]
        in_doc = self.answers("Nvidia -?r-> ?x", "--doc", doc, "--evidence")
        self.assertGreater(len(in_doc), 0)
        self.assertTrue(all(e["evidence"]["doc"] == doc for a in in_doc for e in a["edges"]))

    def test_limit_and_formats(self):
        self.assertEqual(len(self.answers("?a -?r-> ?b", "--limit", "3")), 3)
        n = len(self.answers("?c:company -buys-> ?x"))
        tsv = run("query", "--db", self.db, "?c:company -buys-> ?x", "--format", "tsv").stdout
        lines = tsv.splitlines()
        self.assertEqual(lines[0], "?c\t?x")
        self.assertEqual(len(lines), n + 1)
        table = run("query", "--db", self.db, "?c:company -buys-> ?x").stdout.splitlines()
        self.assertTrue(table[0].startswith("?c"))
        self.assertEqual(len(table), n + 1)

    def test_user_errors_exit_1_with_a_useful_message(self):
        p = run("query", "--db", self.db, "Nvdia -makes-> ?x", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("did you mean", p.stderr)
        self.assertIn("Nvidia", p.stderr)
        p = run("query", "--db", self.db, "?c -buys->", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("column", p.stderr)
        p = run("query", "--db", self.db, "?c -purchases-> ?x", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("nearest", p.stderr)
        p = run("query", "--db", self.db, check=False)
        self.assertEqual(p.returncode, 1)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--samples", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
