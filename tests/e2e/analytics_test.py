#!/usr/bin/python3
"""Graph analytics of the built program checked against NetworkX.

Ingests samples/, exports GraphML with --with-metrics and compares, node by
node, the pagerank, degree and community attributes, `isnad rank --json`
and `isnad communities --json` with what NetworkX computes on the same graph:

  pagerank     nx.pagerank on the DiGraph of the edges (parallel edges once,
               no weights), abs diff < 1e-6;
  degree       G.degree() of the MultiDiGraph read from the GraphML;
  betweenness  nx.betweenness_centrality(normalized=True) on that DiGraph;
  community    networkx modularity of the exported partition on the
               undirected graph whose edge weights sum the edges' weights in
               both directions == the modularity `communities` reports.

usage: analytics_test.py --isnad PATH --samples DIR
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings
from pathlib import Path

import networkx as nx
from networkx.algorithms.community import modularity

ARGS = None


def run(*args):
    proc = subprocess.run([ARGS.isnad, *args], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def nx_pagerank(g, **kwargs):
    # Debian's NetworkX 2.8 warns that nx.pagerank goes through pagerank_scipy.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return nx.pagerank(g, **kwargs)


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def simple_digraph(g):
    """The DiGraph of g's edges, without attributes: nx.DiGraph(g) would keep
    the 'weight' of one of each parallel pair, and nx.pagerank would use it."""
    d = nx.DiGraph()
    d.add_nodes_from(g)
    d.add_edges_from((u, v) for u, v, _ in g.edges(keys=True))
    return d


def undirected_weighted(g):
    """Louvain's graph: one undirected edge per pair, weights summed over all
    edges in both directions."""
    u = nx.Graph()
    u.add_nodes_from(g)
    for a, b, data in g.edges(data=True):
        w = data["weight"]
        if u.has_edge(a, b):
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    return u


class Analytics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad-analytics-"))
        cls.db = str(cls.tmp / "samples.db")
        run("ingest", "-q", "--db", cls.db, ARGS.samples)
        path = cls.tmp / "metrics.graphml"
        run("export", "--db", cls.db, "--format", "graphml", "--with-metrics", "--out", str(path))
        cls.g = nx.read_graphml(path)
        cls.d = simple_digraph(cls.g)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_graph_is_big_enough_to_mean_something(self):
        self.assertGreater(self.g.number_of_nodes(), 50)
        # The samples hold parallel edges: the collapsed graph is smaller.
        self.assertGreater(self.g.number_of_edges(), self.d.number_of_edges())

    def test_pagerank_attribute_matches_networkx(self):
        # NetworkX stops when the L1 change is below N * tol; at its default
        # tol=1e-6 that leaves its own answer ~1e-5 from the fixed point on
        # this graph, so the reference is computed to tol=1e-12.
        expected = nx_pagerank(self.d, alpha=0.85, tol=1e-12, max_iter=1000)
        for n, data in self.g.nodes(data=True):
            self.assertLess(abs(data["pagerank"] - expected[n]), 1e-6, n)
        self.assertAlmostEqual(sum(d["pagerank"] for _, d in self.g.nodes(data=True)), 1.0,
                               places=9)
        # And within NetworkX's own error at its defaults.
        loose = nx_pagerank(self.d, alpha=0.85)
        for n, data in self.g.nodes(data=True):
            self.assertLess(abs(data["pagerank"] - loose[n]), 1e-4, n)

    def test_degree_attribute_matches_networkx(self):
        for n, deg in self.g.degree():
            self.assertEqual(self.g.nodes[n]["degree"], deg, n)
        self.assertTrue(all(isinstance(d["degree"], int) for _, d in self.g.nodes(data=True)))

    def test_rank_by_betweenness_matches_networkx(self):
        lines = json_lines(run("rank", "--db", self.db, "--by", "betweenness", "--top", "0",
                               "--json").stdout)
        self.assertEqual(len(lines), self.g.number_of_nodes())
        expected = nx.betweenness_centrality(self.d, normalized=True)
        ours = {line["id"]: line["score"] for line in lines}
        for n in self.g:
            self.assertLess(abs(ours[n] - expected[n]), 1e-9, n)
        self.assertGreater(max(expected.values()), 0)
        # Listed highest first, ranks 1..N.
        scores = [line["score"] for line in lines]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual([line["rank"] for line in lines], list(range(1, len(lines) + 1)))

    def test_rank_json_lines_parse_and_agree_with_export(self):
        lines = json_lines(run("rank", "--db", self.db, "--json").stdout)
        self.assertEqual(len(lines), 20)  # --top default
        for line in lines:
            self.assertEqual(set(line), {"rank", "id", "key", "label", "kind", "by", "score"})
            self.assertEqual(line["by"], "pagerank")
            self.assertEqual(line["label"], self.g.nodes[line["id"]]["label"])
            self.assertAlmostEqual(line["score"], self.g.nodes[line["id"]]["pagerank"], places=12)
        by_degree = json_lines(run("rank", "--db", self.db, "--by", "degree", "--kind", "company",
                                   "--top", "3", "--json").stdout)
        self.assertEqual(len(by_degree), 3)
        for line in by_degree:
            self.assertEqual(line["kind"], "company")
            self.assertEqual(line["score"], self.g.degree(line["id"]))
        companies = [n for n, d in self.g.nodes(data=True) if d["kind"] == "company"]
        self.assertEqual(by_degree[0]["score"], max(self.g.degree(n) for n in companies))

    def test_communities_modularity_matches_networkx(self):
        report = json.loads(run("communities", "--db", self.db, "--json", "--top", "0").stdout)
        partition = {}
        for n, data in self.g.nodes(data=True):
            partition.setdefault(data["community"], set()).add(n)
        self.assertEqual(len(partition), report["communities"])
        q = modularity(undirected_weighted(self.g), partition.values(), weight="weight")
        self.assertLess(abs(q - report["modularity"]), 1e-9)
        self.assertGreater(report["modularity"], 0.3)
        # The listed communities are the exported ones, largest first.
        listed = report["listed"]
        self.assertEqual(len(listed), report["communities"])
        for c in listed:
            self.assertEqual({m["id"] for m in c["members"]}, partition[c["community"]])
            self.assertEqual(c["size"], len(c["members"]))
            degrees = [m["degree"] for m in c["members"]]
            self.assertEqual(degrees, sorted(degrees, reverse=True))
        self.assertEqual([c["size"] for c in listed],
                         sorted((c["size"] for c in listed), reverse=True))

    def test_components_match_networkx(self):
        report = json.loads(run("communities", "--db", self.db, "--json").stdout)
        sizes = sorted((len(c) for c in nx.weakly_connected_components(self.g)), reverse=True)
        self.assertEqual(report["components"]["count"], len(sizes))
        self.assertEqual(report["components"]["sizes"], sizes)

    def test_gexf_declares_the_metrics(self):
        import xml.etree.ElementTree as ET
        path = self.tmp / "metrics.gexf"
        run("export", "--db", self.db, "--format", "gexf", "--with-metrics", "--out", str(path))
        ns = {"g": "http://gexf.net/1.3"}
        root = ET.parse(path).getroot()
        declared = {a.get("title"): (a.get("id"), a.get("type"))
                    for a in root.findall("./g:graph/g:attributes[@class='node']/g:attribute", ns)}
        self.assertEqual(declared["pagerank"][1], "double")
        self.assertEqual(declared["degree"][1], "integer")
        self.assertEqual(declared["community"][1], "integer")
        for node in root.findall("./g:graph/g:nodes/g:node", ns):
            values = {v.get("for"): v.get("value") for v in node.findall("./g:attvalues/g:attvalue", ns)}
            self.assertAlmostEqual(float(values[declared["pagerank"][0]]),
                                   self.g.nodes[node.get("id")]["pagerank"], places=15)
            self.assertEqual(int(values[declared["community"][0]]),
                             self.g.nodes[node.get("id")]["community"])

    def test_metrics_are_opt_in_and_for_graph_formats_only(self):
        plain = self.tmp / "plain.graphml"
        run("export", "--db", self.db, "--format", "graphml", "--out", str(plain))
        self.assertNotIn("pagerank", plain.read_text(encoding="utf-8"))
        proc = subprocess.run([ARGS.isnad, "export", "--db", self.db, "--format", "jsonl",
                               "--with-metrics"], capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("--with-metrics", proc.stderr)

    def test_tables_print(self):
        table = run("rank", "--db", self.db, "--by", "degree", "--top", "5").stdout
        self.assertIn("rank", table)
        self.assertEqual(len([l for l in table.splitlines() if l[:4].strip().isdigit()]), 5)
        communities = run("communities", "--db", self.db, "--top", "3").stdout
        self.assertIn("modularity", communities)
        self.assertIn("weakly connected components", communities)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--isnad", required=True)
    parser.add_argument("--samples", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
