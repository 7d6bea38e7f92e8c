#!/usr/bin/python3
"""Export speed and memory: isnad's GraphML and GEXF writers on a large
store, against NetworkX writing the same graph (write_graphml), in the same
run.

usage: export_bench.py --isnad build/cli/isnad --db STORE --work DIR
Run with /usr/bin/python3 (Debian's python3-networkx).
"""
import argparse
import resource
import subprocess
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for fmt in ("graphml", "gexf"):
        out = work / f"export.{fmt}"
        cmd = ["/usr/bin/time", "-f", "%e %M", args.isnad, "export", "--db", args.db,
               "--format", fmt, "--out", str(out)]
        proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
        seconds, kb = proc.stderr.strip().splitlines()[-1].split()
        rows.append((f"isnad {fmt}", float(seconds), int(kb) / 1024, out.stat().st_size / 1e6))
    import networkx as nx
    t0 = time.time()
    g = nx.read_graphml(work / "export.graphml")
    load = time.time() - t0
    t0 = time.time()
    nx.write_graphml(g, work / "networkx.graphml")
    write = time.time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("networkx write_graphml", write, rss, (work / "networkx.graphml").stat().st_size / 1e6))
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges "
          f"(NetworkX read it back in {load:.1f} s, not counted)\n")
    print("| writer | seconds | peak memory MB | output MB |")
    print("|---|---:|---:|---:|")
    for name, seconds, mb, size in rows:
        print(f"| {name} | {seconds:.1f} | {mb:.0f} | {size:.0f} |")
    print(f"\nNetworkX / isnad GraphML time: {write / rows[0][1]:.1f}x "
          "(NetworkX's peak memory includes the graph it holds)")


if __name__ == "__main__":
    main()
