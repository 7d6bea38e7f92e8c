#!/usr/bin/python3
"""The navigation commands (show, neighbors, path, timeline, stats) of the
built `isnad` program on samples/, checked against `isnad query` and against
NetworkX on the graph that `isnad export` writes.

The sample .txt files carry no dates, so a second store holds the same
articles as JSON Lines with dates (one left undated), for the date order of
`timeline` and the date range of `stats`.

Runs with Debian's /usr/bin/python3 so that python3-networkx is importable.
usage: navigation_test.py --isnad PATH --samples DIR
"""
import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import networkx as nx

ARGS = None
UNKNOWN = "Zzyzx Qwerty Nonexistent"


def run(*args, check=True):
    proc = subprocess.run([ARGS.isnad, *args], capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def run_json(*args):
    return json.loads(run(*args, "--json").stdout)


def load_export(db):
    """The exported graph: nodes by export id, and the edges."""
    nodes, edges = {}, []
    for line in run("export", "--db", db, "--format", "jsonl").stdout.splitlines():
        item = json.loads(line)
        if item["type"] == "node":
            nodes[item["id"]] = item
        else:
            edges.append(item)
    return nodes, edges


class Navigation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad-nav-"))
        cls.db = str(cls.tmp / "samples.db")
        run("ingest", "-q", "--db", cls.db, ARGS.samples)

        # The same articles with dates out of file order, the fourth undated.
        files = sorted(Path(ARGS.samples).glob("*.txt"))
        dates = ["2025-12-08", "2025-07-15", "2025-11-20", "", "2025-03-02"]
        cls.doc_dates = {}
        jsonl = cls.tmp / "dated.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for path, date in zip(files, dates):
                article = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
                if date:
                    article["date"] = date
                cls.doc_dates[path.stem] = date
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
        cls.dated_db = str(cls.tmp / "dated.db")
        run("ingest", "-q", "--db", cls.dated_db, str(jsonl))

        nodes, edges = load_export(cls.db)
        cls.nodes = nodes
        cls.edges = edges
        cls.key_of = {nid: n["key"] for nid, n in nodes.items()}
        cls.label_of_key = {n["key"]: n["label"] for n in nodes.values()}
        # Undirected, parallel edges merged: what `path` and `neighbors` walk.
        cls.graph = nx.Graph()
        cls.graph.add_nodes_from(n["key"] for n in nodes.values())
        for e in edges:
            cls.graph.add_edge(cls.key_of[e["source"]], cls.key_of[e["target"]])
        # Entities whose label names them alone (labels can be shared).
        by_label = collections.Counter(n["label"] for n in nodes.values())
        cls.entities = sorted(n["label"] for n in nodes.values()
                              if n["kind"] != "statement" and by_label[n["label"]] == 1
                              and run("show", "--db", cls.db, n["label"], "--limit", "1",
                                      check=False).returncode == 0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def key(self, label):
        return next(n["key"] for n in self.nodes.values() if n["label"] == label)

    # ---- show ----

    def test_show_groups_count_what_query_finds(self):
        for name in ("Nvidia", "China", "Donald Trump", "Jensen Huang", "Nvidia H200"):
            shown = run_json("show", "--db", self.db, name)
            for direction, role in (("out", "--subject"), ("in", "--object")):
                answers = [json.loads(line) for line in
                           run("query", "--db", self.db, role, name, "--json").stdout.splitlines()]
                by_relation = collections.Counter(a["relation"] for a in answers)
                groups = {g["relation"]: g for g in shown[direction]}
                self.assertEqual({r: g["count"] for r, g in groups.items()}, dict(by_relation),
                                 (name, direction))
                for relation, group in groups.items():
                    # At most --limit (10) edges listed, the rest counted.
                    self.assertEqual(len(group["edges"]), min(group["count"], 10))
                    self.assertEqual(group["more"], group["count"] - len(group["edges"]))
                    weights = [e["weight"] for e in group["edges"]]
                    self.assertEqual(weights, sorted(weights, reverse=True), (name, relation))
                    for e in group["edges"]:
                        self.assertEqual(e["relation"], relation)
                        self.assertEqual(e["subject" if direction == "out" else "object"],
                                         shown["label"])
                        self.assertTrue(e["evidence"]["text"], e)

    def test_show_limit_bounds_every_list(self):
        full = run_json("show", "--db", self.db, "Nvidia", "--limit", "0")
        two = run_json("show", "--db", self.db, "Nvidia", "--limit", "2")
        for direction in ("out", "in"):
            self.assertEqual([g["count"] for g in full[direction]],
                             [g["count"] for g in two[direction]])
            for g in full[direction]:
                self.assertEqual(len(g["edges"]), g["count"])
            for g in two[direction]:
                self.assertLessEqual(len(g["edges"]), 2)
        self.assertEqual(len(full["docs"]), full["docs_total"])
        self.assertEqual(len(two["docs"]), 2)
        self.assertEqual(len(two["statements"]["items"]), 2)
        self.assertEqual(two["statements"]["total"], full["statements"]["total"])

    def test_show_lists_a_speakers_statements_with_their_text(self):
        for name in ("Nvidia", "Donald Trump", "David Sacks"):
            shown = run_json("show", "--db", self.db, name, "--limit", "0")
            said = next(g for g in shown["out"] if g["relation"] == "said")
            statements = shown["statements"]
            self.assertEqual(statements["total"], said["count"], name)
            self.assertEqual(len(statements["items"]), said["count"])
            for item in statements["items"]:
                self.assertTrue(item["text"].strip(), item)
                self.assertIn(item["doc"], self.doc_dates)
                self.assertEqual(self.nodes_by_key()[item["id"]]["kind"], "statement")
        # Statements naming Nvidia, each with its speaker.
        nvidia = run_json("show", "--db", self.db, "Nvidia", "--limit", "0")
        mentioned = nvidia["mentioned_in"]
        mentions = next(g for g in nvidia["in"] if g["relation"] == "mentions")
        self.assertEqual(mentioned["total"], mentions["count"])
        self.assertTrue(all(item["text"] and item["speakers"] for item in mentioned["items"]))

    def nodes_by_key(self):
        return {n["key"]: n for n in self.nodes.values()}

    def test_show_is_the_same_whatever_the_name_or_script(self):
        for names in (("Nvidia", "إنفيديا", "نفيديا", "NVIDIA"), ("China", "الصين")):
            outputs = {name: run("show", "--db", self.db, name, "--json").stdout for name in names}
            self.assertEqual(len(set(outputs.values())), 1, names)
            shown = json.loads(outputs[names[0]])
            for name in names:
                self.assertIn(name, shown["aliases"] + [shown["label"]])
        text = run("show", "--db", self.db, "إنفيديا").stdout
        self.assertEqual(text, run("show", "--db", self.db, "Nvidia").stdout)
        self.assertIn("edges out", text)

    def test_show_documents_newest_first_with_dates(self):
        shown = run_json("show", "--db", self.dated_db, "Nvidia")
        dates = [d["date"] for d in shown["docs"]]
        dated = [d for d in dates if d]
        self.assertEqual(dated, sorted(dated, reverse=True))
        self.assertEqual(dates, dated + [""] * (len(dates) - len(dated)))  # undated last
        for d in shown["docs"]:
            self.assertEqual(d["date"], self.doc_dates[d["id"]])
        self.assertEqual(shown["first_seen"], min(dated))
        self.assertEqual(shown["last_seen"], max(dated))

    # ---- neighbors ----

    def test_neighbors_agree_with_networkx(self):
        for name in ("Jensen Huang", "Nvidia", "David Sacks"):
            origin = self.key(name)
            for depth in (1, 2):
                found = run_json("neighbors", "--db", self.db, name, "--depth", str(depth),
                                 "--limit", "0")
                self.assertFalse(found["truncated"])
                got = {n["id"]: n["distance"] for n in found["nodes"]}
                want = nx.single_source_shortest_path_length(self.graph, origin, cutoff=depth)
                del want[origin]
                self.assertEqual(got, want, (name, depth))
                for n in found["nodes"]:
                    via = n["via"]
                    near, far = ((via["subject"], via["object"]) if via["direction"] == "out"
                                 else (via["object"], via["subject"]))
                    self.assertEqual(far, n["label"])

    def test_neighbors_relation_and_limit(self):
        found = run_json("neighbors", "--db", self.db, "Nvidia", "--relation", "makes")
        self.assertTrue(found["nodes"])
        self.assertTrue(all(n["via"]["relation"] == "makes" for n in found["nodes"]))
        cut = run_json("neighbors", "--db", self.db, "Nvidia", "--depth", "2", "--limit", "5")
        self.assertEqual(len(cut["nodes"]), 5)
        self.assertTrue(cut["truncated"])
        bad = run("neighbors", "--db", self.db, "Nvidia", "--relation", "no_such", check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("no_such", bad.stderr)

    # ---- path ----

    def test_path_prints_hops_with_evidence(self):
        out = run("path", "--db", self.db, "Jensen Huang", "Donald Trump").stdout
        self.assertIn("shortest path", out)
        self.assertIn("path 1: Jensen Huang — ", out)
        self.assertRegex(out, r"\n      \S+#\d+: \S")  # an evidence line under a hop
        found = run_json("path", "--db", self.db, "Jensen Huang", "Donald Trump")
        self.assertEqual(found["count"], len(found["paths"]))
        for path in found["paths"]:
            labels = [n["label"] for n in path["nodes"]]
            self.assertEqual((labels[0], labels[-1]), ("Jensen Huang", "Donald Trump"))
            self.assertEqual(len(path["hops"]), found["length"])
            for i, hop in enumerate(path["hops"]):
                self.assertEqual((hop["from"], hop["to"]), (labels[i], labels[i + 1]))
                for e in hop["edges"]:
                    ends = (e["subject"], e["object"])
                    self.assertEqual(ends, (hop["from"], hop["to"]) if e["direction"] == "out"
                                     else (hop["to"], hop["from"]))
                    self.assertTrue(e["evidence"]["text"], e)

    def test_paths_agree_with_networkx(self):
        names = [n for n in ("Jensen Huang", "Donald Trump", "Nvidia H20", "David Sacks",
                             "Alibaba Group", "ByteDance", "Reuters") if n in self.entities]
        self.assertGreaterEqual(len(names), 5)
        compared = 0
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                want = list(nx.all_shortest_paths(self.graph, self.key(a), self.key(b)))
                if len(want[0]) - 1 > 4:
                    continue
                found = run_json("path", "--db", self.db, a, b, "--limit", "1000")
                self.assertEqual(found["length"], len(want[0]) - 1, (a, b))
                self.assertEqual(found["count"], len(want), (a, b))
                got = sorted([n["id"] for n in p["nodes"]] for p in found["paths"])
                self.assertEqual(got, sorted(want), (a, b))
                compared += 1
        self.assertGreater(compared, 5)

    def test_path_counts_all_but_prints_limit(self):
        a, b = "Jensen Huang", "Reuters"
        full = run_json("path", "--db", self.db, a, b, "--limit", "1000")
        if full["count"] < 2:
            self.skipTest("a single shortest path")
        one = run_json("path", "--db", self.db, a, b, "--limit", "1")
        self.assertEqual(one["count"], full["count"])
        self.assertEqual(len(one["paths"]), 1)
        self.assertIn("more", run("path", "--db", self.db, a, b, "--limit", "1").stdout)

    def test_no_path_within_max_length_exits_1(self):
        p = run("path", "--db", self.db, "Jensen Huang", "Donald Trump", "--max-length", "1",
                check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no path", p.stderr)
        self.assertIn("1 hop", p.stderr)

    # ---- timeline ----

    def test_timeline_is_in_date_order_undated_last(self):
        for name in ("Nvidia", "China", "Donald Trump"):
            found = run_json("timeline", "--db", self.dated_db, name)
            dates = [e["date"] for e in found["events"]]
            dated = [d for d in dates if d]
            self.assertEqual(dated, sorted(dated), name)
            self.assertEqual(dates, dated + [""] * (len(dates) - len(dated)), name)
            self.assertGreaterEqual(len(set(dated)), 2, name)
            for e in found["events"]:
                self.assertEqual(e["date"], self.doc_dates[e["doc"]])
                self.assertTrue(e["text"], e)
            # One line per edge and supporting article.
            key = self.key(name)
            want = sum(len({p["doc"] for p in edge["provenance"]}) for edge in self.edges
                       if key in (self.key_of[edge["source"]], self.key_of[edge["target"]]))
            self.assertEqual(found["total"], want, name)
            self.assertEqual(len(found["events"]), want, name)
        text = run("timeline", "--db", self.dated_db, "Nvidia").stdout.splitlines()
        self.assertRegex(text[1], r"^2025-03-02  ")
        limited = run_json("timeline", "--db", self.dated_db, "Nvidia", "--limit", "3")
        self.assertEqual(len(limited["events"]), 3)

    # ---- stats ----

    def test_stats_has_dates_top_entities_and_speakers(self):
        stats = run_json("stats", "--db", self.dated_db)
        dated = [d for d in self.doc_dates.values() if d]
        self.assertEqual(stats["dated_documents"], len(dated))
        self.assertEqual((stats["earliest_date"], stats["latest_date"]), (min(dated), max(dated)))

        degree = collections.Counter()
        said = collections.Counter()
        for e in self.edges:
            source, target = self.key_of[e["source"]], self.key_of[e["target"]]
            degree[source] += 1
            degree[target] += 1
            if e["relation"] == "said":
                said[source] += 1
        top = stats["top_degree"]
        self.assertEqual(len(top), 10)
        self.assertEqual([t["degree"] for t in top],
                         sorted((t["degree"] for t in top), reverse=True))
        entity_degrees = sorted((degree[n["key"]] for n in self.nodes.values()
                                 if n["kind"] != "statement"), reverse=True)
        self.assertEqual([t["degree"] for t in top], entity_degrees[:10])
        for t in top:
            self.assertEqual(t["degree"], degree[t["id"]], t)
            self.assertNotEqual(t["kind"], "statement")
        speakers = stats["top_speakers"]
        self.assertEqual([s["statements"] for s in speakers], sorted(said.values(),
                                                                     reverse=True)[:10])
        for s in speakers:
            self.assertEqual(s["statements"], said[s["id"]])
        # The plain samples have no dates.
        plain = run_json("stats", "--db", self.db)
        self.assertEqual((plain["dated_documents"], plain["earliest_date"]), (0, ""))
        self.assertIn("top entities by degree", run("stats", "--db", self.db).stdout)

    # ---- errors ----

    def test_unknown_name_exits_1(self):
        for args in (("show", UNKNOWN), ("neighbors", UNKNOWN), ("timeline", UNKNOWN),
                     ("path", UNKNOWN, "Nvidia"), ("path", "Nvidia", UNKNOWN)):
            p = run(args[0], "--db", self.db, *args[1:], check=False)
            self.assertEqual(p.returncode, 1, args)
            self.assertIn(UNKNOWN, p.stderr, args)
            self.assertEqual(p.stdout, "", args)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--samples", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
