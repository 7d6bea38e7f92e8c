#!/usr/bin/python3
"""Every export format, loaded back by a real consumer.

GraphML with NetworkX and python-igraph, GEXF with NetworkX, the Neo4j CSV
pair with Python's csv module against neo4j-admin's header rules, N-Triples
line by line against the N-Triples grammar and with rdflib. A store whose
names and sentences hold hostile characters goes through every format.

usage: export_test.py --isnad PATH --samples DIR
"""
import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import igraph
import networkx as nx
import rdflib

ARGS = None
KINDS = {"company", "government", "person", "chip", "product", "organization", "place",
         "statement"}

# N-Triples 1.1, one triple a line (IRIs, blank nodes, literals with an
# optional datatype or language tag).
IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
BNODE = r"_:[A-Za-z0-9_]+"
LITERAL = r'"(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"' \
          r"(?:\^\^" + IRI + r"|@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)?"
NT_LINE = re.compile(rf"^({IRI}|{BNODE}) {IRI} ({IRI}|{BNODE}|{LITERAL}) \.$")


def read_gexf_13(path):
    """NetworkX's graph of a GEXF 1.3 file.

    Debian 12's NetworkX (2.8) reads GEXF 1.1 and 1.2 only. The file must be
    well-formed GEXF 1.3 (checked with ElementTree); NetworkX then reads it
    under the 1.2 namespace, whose elements 1.3 keeps."""
    import xml.etree.ElementTree as ET
    text = Path(path).read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3", root.tag
    text = (text.replace("http://gexf.net/1.3/viz", "http://www.gexf.net/1.2draft/viz")
                .replace("http://gexf.net/1.3", "http://www.gexf.net/1.2draft")
                .replace('version="1.3"', 'version="1.2"'))
    converted = Path(path).with_suffix(".gexf12")
    converted.write_text(text, encoding="utf-8")
    return nx.read_gexf(converted)


def run(*args):
    proc = subprocess.run([ARGS.isnad, *args], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


class Exports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad-export-"))
        cls.db = str(cls.tmp / "samples.db")
        run("ingest", "-q", "--db", cls.db, ARGS.samples)
        # Hostile names: markup, quotes, ampersands, bidi marks, a control
        # character, CSV and N-Triples metacharacters.
        cls.hostile_db = str(cls.tmp / "hostile.db")
        lexicon = cls.tmp / "hostile.json"
        lexicon.write_text(json.dumps({"entities": [
            {"id": "evil co", "label": "A&B <Corp> \"Q\" 'x'; a,b \\ \u200f<\x01>", "kind": "company",
             "aliases": ["إيفل\u200f كورب", "Evilcorp"]},
            {"id": "tag>", "label": "</graph><x>", "kind": "government", "aliases": ["تاغلاند"]}]},
            ensure_ascii=False), encoding="utf-8")
        article = {"id": "h1", "date": "2025-12-08",
                   "text": "قالت شركة إيفل\u200f كورب إن \"الطلب <قوي> & مستمر\". "
                           "وحظرت تاغلاند رقائق Evilcorp في 8 ديسمبر 2025."}
        (cls.tmp / "h.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        run("ingest", "-q", "--db", cls.hostile_db, "--lexicon", str(lexicon),
            str(cls.tmp / "h.jsonl"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def export(self, db, fmt, name):
        out = self.tmp / name
        run("export", "--db", db, "--format", fmt, "--out", str(out))
        return out

    def stats(self, db):
        return json.loads(run("stats", "--db", db, "--json").stdout)

    def test_graphml_in_networkx_and_igraph(self):
        for db in (self.db, self.hostile_db):
            path = self.export(db, "graphml", f"{Path(db).stem}.graphml")
            g = nx.read_graphml(path)
            st = self.stats(db)
            self.assertEqual(g.number_of_nodes(), st["nodes"])
            self.assertEqual(g.number_of_edges(), st["edges"])
            for _, d in g.nodes(data=True):
                self.assertIn(d["kind"], KINDS)
                self.assertTrue(0 <= d["r"] <= 255 and 0 <= d["g"] <= 255 and 0 <= d["b"] <= 255)
                self.assertGreaterEqual(d["size"], 10)
            for _, _, d in g.edges(data=True):
                self.assertEqual(d["label"], d["relation"])
                self.assertGreaterEqual(d["docs"], 1)
            ig = igraph.Graph.Read_GraphML(str(path))
            self.assertTrue(ig.is_directed())
            self.assertEqual(ig.vcount(), st["nodes"])
            self.assertEqual(ig.ecount(), st["edges"])
        labels = {d["label"] for _, d in nx.read_graphml(self.tmp / "hostile.graphml").nodes(data=True)}
        self.assertIn("A&B <Corp> \"Q\" 'x'; a,b \\ \u200f<>", labels)  # the \x01 is dropped
        self.assertIn("</graph><x>", labels)

    def test_gexf_in_networkx(self):
        for db in (self.db, self.hostile_db):
            path = self.export(db, "gexf", f"{Path(db).stem}.gexf")
            g = read_gexf_13(path)
            st = self.stats(db)
            self.assertEqual(g.number_of_nodes(), st["nodes"])
            self.assertEqual(g.number_of_edges(), st["edges"])
            for _, d in g.nodes(data=True):
                self.assertIn(d["kind"], KINDS)
                self.assertIn("color", d["viz"])
                self.assertIn("size", d["viz"])
        g = read_gexf_13(self.tmp / "hostile.gexf")
        dated = [d for _, d in g.nodes(data=True) if d.get("first_seen")]
        self.assertTrue(dated, "article dates give nodes a first_seen")

    def test_neo4j_csv_headers_and_rows(self):
        for db in (self.db, self.hostile_db):
            out = self.tmp / f"{Path(db).stem}-csv"
            run("export", "--db", db, "--format", "csv", "--out", str(out))
            with open(out / "nodes.csv", newline="", encoding="utf-8") as f:
                nodes = list(csv.reader(f))
            with open(out / "relationships.csv", newline="", encoding="utf-8") as f:
                rels = list(csv.reader(f))
            header = nodes[0]
            self.assertEqual(header[0], "id:ID")
            self.assertEqual(header[-1], ":LABEL")
            self.assertIn("aliases:string[]", header)
            self.assertEqual(rels[0][:3], [":START_ID", ":END_ID", ":TYPE"])
            for col in header + rels[0]:  # neo4j-admin: name[:type], types it knows
                self.assertRegex(col, r"^([A-Za-z_][A-Za-z0-9_]*)?(:(ID|LABEL|START_ID|END_ID|TYPE|"
                                      r"int|long|boolean|string|string\[\]))?$")
            ids = {row[0] for row in nodes[1:]}
            self.assertEqual(len(ids), len(nodes) - 1, "unique :ID")
            for row in nodes[1:]:
                self.assertEqual(len(row), len(header))
                self.assertRegex(row[-1], r"^[A-Z][a-z]+$")
            for row in rels[1:]:
                self.assertEqual(len(row), len(rels[0]))
                self.assertIn(row[0], ids)
                self.assertIn(row[1], ids)
                self.assertRegex(row[2], r"^[A-Z_]+$")
                self.assertIn(row[5], ("true", "false"))
            self.assertEqual(len(nodes) - 1, self.stats(db)["nodes"])
            self.assertEqual(len(rels) - 1, self.stats(db)["edges"])

    def test_ntriples_grammar_and_rdflib(self):
        for db in (self.db, self.hostile_db):
            path = self.export(db, "ntriples", f"{Path(db).stem}.nt")
            lines = path.read_text(encoding="utf-8").splitlines()
            self.assertTrue(lines)
            for line in lines:
                self.assertRegex(line, NT_LINE)
            g = rdflib.Graph()
            g.parse(str(path), format="nt")
            self.assertEqual(len(g), len(set(lines)))
        g = rdflib.Graph()
        g.parse(str(self.tmp / "samples.nt"), format="nt")
        nvidia = rdflib.URIRef("https://isnad.dev/id/entity/nvidia")
        same = set(g.objects(nvidia, rdflib.OWL.sameAs))
        self.assertIn(rdflib.URIRef("http://www.wikidata.org/entity/Q182477"), same)

    def jsonl(self, db, *args):
        proc = subprocess.run([ARGS.isnad, "export", "--db", db, "--format", "jsonl", *args],
                              capture_output=True, text=True, timeout=120)
        rows = [json.loads(l) for l in proc.stdout.splitlines()]
        return proc, [r for r in rows if r["type"] == "node"], [r for r in rows if r["type"] == "edge"]

    def test_selection_filters(self):
        _, nodes, edges = self.jsonl(self.db, "--kind", "company")
        self.assertTrue(nodes)
        self.assertEqual({n["kind"] for n in nodes}, {"company"})
        _, nodes, edges = self.jsonl(self.db, "--relation", "makes")
        self.assertEqual({e["relation"] for e in edges}, {"makes"})
        ends = {e["source"] for e in edges} | {e["target"] for e in edges}
        self.assertEqual({n["id"] for n in nodes}, ends, "no node left without an edge")
        _, _, edges = self.jsonl(self.db, "--min-weight", "2")
        self.assertTrue(edges)
        self.assertTrue(all(e["weight"] >= 2 for e in edges))
        doc = sorted(Path(ARGS.samples).glob("*.txt"))[2].stem
        _, nodes, edges = self.jsonl(self.db, "--doc", doc)
        self.assertTrue(edges)
        self.assertTrue(all(doc in n["docs"] for n in nodes))
        self.assertTrue(all(any(p["doc"] == doc for p in e["provenance"]) for e in edges))
        _, nodes, edges = self.jsonl(self.db, "--around", "هواوي", "--depth", "1", "--no-statements")
        ids = {n["id"] for n in nodes}
        huawei = [n["id"] for n in nodes if n["label"] == "Huawei"]
        self.assertEqual(len(huawei), 1)
        self.assertTrue(all(huawei[0] in (e["source"], e["target"]) for e in edges))
        self.assertTrue(all(e["source"] in ids and e["target"] in ids for e in edges))
        proc, nodes, _ = self.jsonl(self.db, "--kind", "company", "--relation", "leads")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("matches nothing", proc.stderr)

    def test_date_range(self):
        db = str(self.tmp / "dated.db")
        rows = [{"id": "early", "date": "2025-01-10", "text": "حظرت الولايات المتحدة رقائق H20."},
                {"id": "late", "date": "2025-12-10", "text": "سمحت الولايات المتحدة برقائق H200."}]
        (self.tmp / "dated.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        run("ingest", "-q", "--db", db, str(self.tmp / "dated.jsonl"))
        _, _, edges = self.jsonl(db, "--since", "2025-06-01")
        self.assertEqual({e["relation"] for e in edges}, {"allows"})
        _, _, edges = self.jsonl(db, "--until", "2025-06")
        self.assertEqual({e["relation"] for e in edges}, {"restricts"})
        g = read_gexf_13(self.export(db, "gexf", "dated.gexf"))
        us = [d for _, d in g.nodes(data=True) if d["label"] == "United States"][0]
        self.assertEqual((us["first_seen"], us["last_seen"]), ("2025-01-10", "2025-12-10"))

    def test_csv_needs_a_directory(self):
        proc = subprocess.run([ARGS.isnad, "export", "--db", self.db, "--format", "csv"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("--out", proc.stderr)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--samples", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
