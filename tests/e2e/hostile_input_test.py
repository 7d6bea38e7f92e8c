#!/usr/bin/python3
"""Hostile input and faults, through the built `isnad` (issue 7).

Each bad-input case of docs/RELIABILITY.md ("Hostile input") is a test here:
it asserts the exit status, the message (file, line, byte offset), that
nothing crashed, and that `isnad verify` passes on the store afterwards.
The "Faults" tests kill `export` and `remove` with SIGKILL and interrupt an
ingest with SIGINT (Ctrl-C), then check what is left on disk.

Some cases need root: reading as another user (setpriv, to test permission
errors, since root reads everything) and mounting a small tmpfs (a full
disk). Without root they run as the current user or are skipped, saying why.

Large inputs (a 100 MB line, a corpus of repeated samples) are generated in a
temporary directory; nothing is committed.

usage: hostile_input_test.py --isnad PATH --samples DIR [--copies N]
"""
import argparse
import json
import os
import random
import re
import resource
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
NOBODY = 65534


def command(*args, as_nobody=False):
    cmd = [ARGS.isnad, *args]
    if as_nobody and os.geteuid() == 0:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
    return cmd


def default_signals():
    """In the child, before exec: SIGINT as in a terminal's foreground job.
    (A shell script's background job inherits SIGINT ignored, and isnad
    rightly leaves an ignored SIGINT ignored.)"""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(*args, check=False, stdin=None, as_nobody=False, timeout=300):
    proc = subprocess.run(command(*args, as_nobody=as_nobody), input=stdin, capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"isnad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def stats(db):
    return json.loads(run("stats", "--db", db, "--json", check=True).stdout)


def export_jsonl(db):
    return run("export", "--db", db, "--format", "jsonl", check=True).stdout


def provenance_by_doc(db):
    """doc id -> number of provenance entries citing it."""
    counts = Counter()
    for line in export_jsonl(db).splitlines():
        row = json.loads(line)
        if row["type"] == "edge":
            for p in row["provenance"]:
                counts[p["doc"]] += 1
    return counts


def node_docs(db):
    """Every document some node names."""
    docs = set()
    for line in export_jsonl(db).splitlines():
        row = json.loads(line)
        if row["type"] == "node":
            docs.update(row["docs"])
    return docs


def sample_texts():
    return [p.read_text(encoding="utf-8") for p in sorted(Path(ARGS.samples).glob("*.txt"))]


def jsonl_line(doc_id, text):
    return json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n"


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="isnad-hostile-"))
        # Readable by the unprivileged user of the permission tests.
        os.chmod(cls.tmp, 0o755)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def dir(self, name):
        d = self.tmp / name
        d.mkdir()
        return d

    def db(self, name):
        return str(self.tmp / (name + ".db"))

    def assertVerifies(self, db):
        v = run("verify", "--db", db, "--json")
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        self.assertTrue(json.loads(v.stdout)["ok"], v.stdout)

    def assertRejected(self, proc, count):
        """Exit 1 after the rest was ingested, with the final count."""
        self.assertEqual(proc.returncode, 1, proc.stderr)
        noun = "input" if count == 1 else "inputs"
        self.assertIn(f"isnad: {count} {noun} rejected (skipped; see above); the rest is stored",
                      proc.stderr)
        self.assertNotIn("Assertion", proc.stderr)


class HostileInput(Base):
    """One test per bad-input case; each ends with `isnad verify`."""

    GOOD = "قالت شركة نفيديا إن الطلب على رقائق H20 قوي في الصين."

    def test_invalid_utf8_names_file_line_and_byte_offset(self):
        d = self.dir("utf8")
        (d / "good.txt").write_text(self.GOOD, encoding="utf-8")
        (d / "bad.txt").write_bytes("سطر أول\nقال ترامب".encode() + b"\xc3\x28 end")
        (d / "lines.jsonl").write_bytes(jsonl_line("ok", self.GOOD).encode() +
                                        b'{"id": "x", "text": "ab\xff"}\n')
        db = self.db("utf8")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 2)
        self.assertIn(f"{d}/bad.txt: invalid UTF-8 at byte offset 31 (line 2)\n", p.stderr)
        self.assertIn(f"{d}/lines.jsonl:2: invalid UTF-8 at byte offset 23 of the line\n",
                      p.stderr)
        self.assertNotIn("looks like", p.stderr)  # damaged UTF-8 is no legacy encoding
        self.assertRegex(p.stdout, r"articles:\s+2 \(2 added")
        self.assertRegex(p.stdout, r"rejected:\s+2")
        self.assertVerifies(db)

    def test_on_error_stop_keeps_what_came_before(self):
        d = self.dir("stop")
        for name, text in (("a.txt", self.GOOD), ("b.txt", "قالت شركة هواوي إن الطلب قوي."),
                           ("d.txt", self.GOOD)):
            (d / name).write_text(text, encoding="utf-8")
        (d / "c.txt").write_bytes(b"\xc3\x28 not text")
        for jobs in ("1", "3"):
            db = self.db("stop" + jobs)
            p = run("ingest", "--on-error", "stop", "--jobs", jobs, "--db", db, str(d))
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn(f"{d}/c.txt: invalid UTF-8 at byte offset 0 (line 1)", p.stderr)
            self.assertIn("isnad: stopped at the first rejected input (--on-error stop); "
                          "the 2 articles before it are stored", p.stderr)
            self.assertEqual(stats(db)["documents"], 2)
            self.assertEqual(node_docs(db), {"a", "b"})
            self.assertVerifies(db)
        # The default, skip, goes on past it.
        db = self.db("skip")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 1)
        self.assertEqual(stats(db)["documents"], 3)
        p = run("ingest", "--on-error", "ignore", "--db", db, str(d))
        self.assertEqual(p.returncode, 1)
        self.assertIn("--on-error", p.stderr)

    def test_nul_bytes_are_named_with_their_offset(self):
        d = self.dir("nul")
        (d / "nul.txt").write_bytes(("أ" * 50 + "\n").encode() + b"x" * 20 + b"\0" + b"y" * 300)
        (d / "nul.jsonl").write_bytes(b'{"id": "raw", "text": "a\0b"}\n' +
                                      jsonl_line("escaped", "قبل\u0000بعد").encode())
        db = self.db("nul")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 3)
        self.assertIn(f"{d}/nul.txt: NUL byte at byte offset 121 (line 2)", p.stderr)
        self.assertIn(f"{d}/nul.jsonl:1: NUL byte at byte offset 24 of the line", p.stderr)
        self.assertIn(f'{d}/nul.jsonl:2: article "escaped": NUL byte at byte offset 6 (line 1)',
                      p.stderr)
        self.assertVerifies(db)

    def test_binary_files_are_called_binary(self):
        d = self.dir("binary")
        rng = random.Random(7)
        (d / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
        (d / "archive.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256)
                                                                      for _ in range(5000)))
        (d / "utf16.txt").write_bytes(self.GOOD.encode("utf-16"))
        (d / "good.txt").write_text(self.GOOD, encoding="utf-8")
        db = self.db("binary")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 3)
        self.assertRegex(p.stderr, rf"{d}/random\.txt: binary file \(\d+ control bytes in the "
                                   rf"first 8192, the first at byte offset \d+\)")
        self.assertRegex(p.stderr, rf"{d}/archive\.jsonl: binary file \(")
        self.assertIn(f"{d}/utf16.txt: binary file: UTF-16 text", p.stderr)
        self.assertIn("iconv -f UTF-16 -t UTF-8", p.stderr)
        # One message a file, not one per line or bad byte.
        self.assertNotIn("invalid UTF-8", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 4, p.stderr)
        self.assertEqual(stats(db)["documents"], 1)
        self.assertVerifies(db)

    def test_empty_files_and_blank_articles(self):
        d = self.dir("empty")
        (d / "empty.txt").write_bytes(b"")
        (d / "empty.jsonl").write_bytes(b"")
        (d / "blank.jsonl").write_text("\n   \n\t\r\n", encoding="utf-8")
        (d / "marks.txt").write_text("\ufeff \u200f\u202b\u202c \n\t", encoding="utf-8")
        (d / "lines.jsonl").write_text(
            jsonl_line("e1", "") + jsonl_line("e2", " \n\u200e ") + jsonl_line("ok", self.GOOD),
            encoding="utf-8")
        db = self.db("empty")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 6)
        self.assertIn(f"{d}/empty.txt: empty file", p.stderr)
        self.assertIn(f"{d}/empty.jsonl: empty file", p.stderr)
        self.assertIn(f"{d}/blank.jsonl: no articles (only blank lines)", p.stderr)
        self.assertIn(f"{d}/marks.txt: empty article (only white space)", p.stderr)
        self.assertIn(f'{d}/lines.jsonl:1: article "e1": empty article (only white space)',
                      p.stderr)
        self.assertIn(f'{d}/lines.jsonl:2: article "e2": empty article (only white space)',
                      p.stderr)
        self.assertEqual(stats(db)["documents"], 1)
        self.assertVerifies(db)

    def test_a_100_mb_line_is_rejected_without_holding_it(self):
        d = self.dir("huge")
        huge = d / "huge.jsonl"
        with open(huge, "w", encoding="utf-8") as f:
            f.write(jsonl_line("before", self.GOOD))
            f.write('{"id": "huge", "text": "')
            chunk = "ب" * (1 << 20)  # 2 MB of UTF-8
            for _ in range(50):
                f.write(chunk)
            f.write('"}\n')
            f.write(jsonl_line("after", "قال ترامب إن هواوي قوية."))
        big_txt = d / "big.txt"
        with open(big_txt, "wb") as f:
            f.truncate(100 << 20)  # sparse: 100 MB of NUL, rejected by its size alone
        db = self.db("huge")
        # Measured in a child of its own, so that the peak is this run's.
        probe = ("import resource, subprocess, sys\n"
                 "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
                 "print(p.returncode)\n"
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                 "sys.stdout.write(p.stderr)\n")
        out = subprocess.run([sys.executable, "-c", probe, ARGS.isnad, "ingest", "--db", db,
                              str(huge), str(big_txt)],
                             capture_output=True, text=True, check=True, timeout=300).stdout
        code, maxrss_kb, stderr = out.split("\n", 2)
        self.assertEqual(int(code), 1, stderr)
        self.assertIn(f"{huge}:2: article of 100.0 MB is over the limit of 16 MB "
                      f"(--max-article-mb)", stderr)
        self.assertIn(f"{big_txt}: article of 100 MB is over the limit of 16 MB", stderr)
        # The line was streamed through, not held: far less than its 100 MB.
        # Not under AddressSanitizer (scripts/test's second run, which sets
        # ASAN_OPTIONS): its shadow memory and 256 MB quarantine of freed
        # blocks say nothing about what isnad holds.
        if not os.environ.get("ASAN_OPTIONS"):
            self.assertLess(int(maxrss_kb), 100 << 10, "peak RSS in KB")
        self.assertEqual(stats(db)["documents"], 2)  # the lines before and after it
        self.assertVerifies(db)
        # The limit is at least 1 MB.
        p = run("ingest", "--max-article-mb", "0", "--db", db, str(huge))
        self.assertEqual(p.returncode, 1)
        self.assertIn("--max-article-mb", p.stderr)

    def test_jsonl_lines_that_are_not_articles_name_file_and_line(self):
        d = self.dir("jsonl")
        f = d / "mixed.jsonl"
        f.write_text(jsonl_line("a1", self.GOOD) + "not json at all\n" + '["an", "array"]\n' +
                     '{"id": "a2", "title": "no text"}\n' + '{"text": "no id"}\n' +
                     '{"id": "a3", "text": 42}\n' + "\n" + jsonl_line("a4", self.GOOD),
                     encoding="utf-8")
        db = self.db("jsonl")
        p = run("ingest", "--db", db, str(f))
        self.assertRejected(p, 5)
        self.assertIn(f"{f}:2: not a JSON object (malformed JSON)", p.stderr)
        self.assertIn(f"{f}:3: not a JSON object (a JSON array)", p.stderr)
        self.assertIn(f'{f}:4: missing "text" (a string) in article "a2"', p.stderr)
        self.assertIn(f'{f}:5: missing "id"', p.stderr)
        self.assertIn(f'{f}:6: missing "text" (a string) in article "a3"', p.stderr)
        self.assertEqual(stats(db)["documents"], 2)
        self.assertVerifies(db)

    def test_duplicate_ids_keep_the_first_whatever_the_jobs(self):
        d = self.dir("dup")
        (d / "a.jsonl").write_text(
            jsonl_line("same", "قالت شركة نفيديا إن الطلب قوي.") +
            jsonl_line("other", self.GOOD) +
            jsonl_line("same", "قالت شركة هواوي إن الطلب قوي. وقال ترامب إن الصين قوية."),
            encoding="utf-8")
        (d / "same.txt").write_text("قالت شركة علي بابا إن الطلب قوي.", encoding="utf-8")
        exports = []
        for jobs in ("1", "4"):
            db = self.db("dup" + jobs)
            p = run("ingest", "--jobs", jobs, "--db", db, str(d))
            self.assertRejected(p, 2)
            self.assertIn(f'{d}/a.jsonl:3: duplicate article id "same" (first seen at '
                          f'{d}/a.jsonl:1); skipped', p.stderr)
            self.assertIn(f'{d}/same.txt: duplicate article id "same" (first seen at '
                          f'{d}/a.jsonl:1); skipped', p.stderr)
            self.assertEqual(stats(db)["documents"], 2)
            shown = json.loads(run("show", "--db", db, "Nvidia", "--json", check=True).stdout)
            self.assertIn("same", [doc["id"] for doc in shown["docs"]])
            self.assertNotEqual(run("show", "--db", db, "Huawei").returncode, 0)
            self.assertVerifies(db)
            exports.append(export_jsonl(db))
        self.assertEqual(exports[0], exports[1])

    def legacy_case(self, codec, option, display):
        text = sample_texts()[0]
        legacy = text.encode(codec, errors="replace")
        # What the legacy bytes say, in UTF-8: the reference store.
        as_utf8 = legacy.decode(codec)
        d, ref = self.dir(option), self.dir(option + "-utf8")
        (d / "art.txt").write_bytes(legacy)
        (d / "more.jsonl").write_bytes(jsonl_line("j1", as_utf8).encode(codec))
        (ref / "art.txt").write_text(as_utf8, encoding="utf-8")
        (ref / "more.jsonl").write_text(jsonl_line("j1", as_utf8), encoding="utf-8")

        db = self.db(option + "-plain")
        p = run("ingest", "--db", db, str(d))
        self.assertRejected(p, 2)
        hint = f"; it looks like {display} (Arabic); try --encoding {option}"
        self.assertRegex(p.stderr, rf"{d}/art\.txt: invalid UTF-8 at byte offset \d+ \(line 1\)"
                                   + re.escape(hint) + "\n")
        self.assertRegex(p.stderr, rf"{d}/more\.jsonl: invalid UTF-8 at byte offset \d+ "
                                   rf"\(line 1\){re.escape(hint)}; file skipped\n")
        self.assertVerifies(db)

        db = self.db(option)
        run("ingest", "--encoding", option, "--db", db, str(d), check=True)
        reference = self.db(option + "-ref")
        run("ingest", "--db", reference, str(ref), check=True)
        self.assertEqual(export_jsonl(db), export_jsonl(reference))
        self.assertGreater(stats(db)["nodes"], 10)
        self.assertVerifies(db)

    def test_windows_1256_is_converted_or_hinted(self):
        self.legacy_case("cp1256", "windows-1256", "Windows-1256")

    def test_iso_8859_6_is_converted_or_hinted(self):
        self.legacy_case("iso8859_6", "iso-8859-6", "ISO-8859-6")

    def test_bidi_controls_do_not_hide_entities(self):
        plain = "قالت شركة نفيديا (Nvidia) إن الحكومة الأمريكية سمحت ببيع رقائق H20 إلى الصين."
        # Embeddings, isolates and marks around and inside the names, as
        # copied from web pages and word processors.
        marked = ("\u202bقالت شركة \u2067نفيديا\u2069 (\u202aNvidia\u202c) إن الحكومة "
                  "\u200fالأمريكية\u200f سمحت ببيع رقائق \u2066H20\u2069 إلى \u200eالصين\u200e."
                  "\u202c")
        d = self.dir("bidi")
        (d / "plain.txt").write_text(plain, encoding="utf-8")
        (d / "marked.txt").write_text(marked, encoding="utf-8")
        db = self.db("bidi")
        p = run("ingest", "--db", db, str(d))
        self.assertEqual(p.returncode, 0, p.stderr)
        by_doc = {"plain": set(), "marked": set()}
        for line in export_jsonl(db).splitlines():
            row = json.loads(line)
            if row["type"] == "node" and row["kind"] != "statement":
                for doc in row["docs"]:
                    by_doc[doc].add(row["label"])
        self.assertIn("Nvidia", by_doc["plain"])
        self.assertEqual(by_doc["marked"], by_doc["plain"])
        self.assertVerifies(db)

    def test_unsupported_scripts_pass_through_without_invented_entities(self):
        d = self.dir("scripts")
        (d / "zh.txt").write_text("英伟达公司表示，中国市场对芯片的需求仍然强劲。政府没有发表评论。",
                                  encoding="utf-8")
        (d / "ru.txt").write_text("Компания заявила, что спрос на чипы в Китае остаётся "
                                  "высоким. Правительство не прокомментировало.",
                                  encoding="utf-8")
        (d / "hi.txt").write_text("कंपनी ने कहा कि चीन में चिप्स की मांग मजबूत बनी हुई है।",
                                  encoding="utf-8")
        for name in ("zh", "ru", "hi"):
            db = self.db("script-" + name)
            p = run("ingest", "--db", db, str(d / (name + ".txt")))
            self.assertEqual(p.returncode, 0, p.stderr)
            s = stats(db)
            self.assertEqual(s["documents"], 1)
            self.assertGreaterEqual(s["sentences"], 1)
            invented = {k: n for k, n in s["nodes_by_kind"].items() if k != "statement"}
            self.assertEqual(invented, {}, name)
            self.assertVerifies(db)

    def test_unreadable_files_and_directories(self):
        as_nobody = os.geteuid() == 0
        if as_nobody and shutil.which("setpriv") is None:
            self.skipTest("running as root and setpriv (util-linux) is missing: root reads "
                          "every file, so permission errors cannot be provoked")
        d = self.dir("perm")
        os.chmod(d, 0o755)
        (d / "good.txt").write_text(self.GOOD, encoding="utf-8")
        (d / "secret.txt").write_text(self.GOOD, encoding="utf-8")
        os.chmod(d / "secret.txt", 0)
        locked = d / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text(self.GOOD, encoding="utf-8")
        os.chmod(locked, 0)
        store_parent = self.dir("perm-store")
        os.chmod(store_parent, 0o777)  # the unprivileged user writes the store here
        db = str(store_parent / "db")
        try:
            p = run("ingest", "--db", db, str(d), as_nobody=as_nobody)
            self.assertRejected(p, 2)
            self.assertIn(f"{d}/secret.txt: cannot open (Permission denied)", p.stderr)
            self.assertIn(f"{locked}: cannot read directory (Permission denied)", p.stderr)
            self.assertEqual(stats(db)["documents"], 1)
            # Named directly: the same messages.
            p = run("ingest", "--db", db, str(d / "secret.txt"), str(locked / "inside.txt"),
                    as_nobody=as_nobody)
            self.assertRejected(p, 2)
            self.assertIn(f"{d}/secret.txt: cannot open (Permission denied)", p.stderr)
            self.assertIn(f"{locked}/inside.txt: cannot read (Permission denied)", p.stderr)
            # A store the user may not write: a storage error, exit 2.
            readonly_db = self.db("perm-readonly")
            run("ingest", "--db", readonly_db, str(d / "good.txt"), check=True)
            os.chmod(readonly_db, 0o555)
            p = run("ingest", "--db", readonly_db, str(d / "good.txt"), as_nobody=as_nobody)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn(readonly_db, p.stderr)
            self.assertIn("Permission denied", p.stderr)
            self.assertVerifies(db)
            self.assertVerifies(readonly_db)
        finally:
            os.chmod(locked, 0o755)
            os.chmod(d / "secret.txt", 0o644)

    def test_a_store_path_that_is_a_file(self):
        f = self.tmp / "not-a-store"
        f.write_text("precious\n")
        for args in (("ingest", ARGS.samples), ("verify",), ("stats",), ("remove", "--doc", "x"),
                     ("export", "--format", "jsonl")):
            p = run(args[0], "--db", str(f), *args[1:])
            self.assertEqual(p.returncode, 1, (args, p.stderr))
            self.assertIn(f"{f}: is a file, not a store directory", p.stderr)
        self.assertEqual(f.read_text(), "precious\n")

    def test_stdin_is_read_like_a_file(self):
        db = self.db("stdin")
        p = run("ingest", "--db", db, "-",
                stdin=jsonl_line("s1", self.GOOD) + "not json\n" + jsonl_line("s1", self.GOOD))
        self.assertRejected(p, 2)
        self.assertIn("<stdin>:2: not a JSON object", p.stderr)
        self.assertIn('<stdin>:3: duplicate article id "s1" (first seen at <stdin>:1)', p.stderr)
        self.assertVerifies(db)


class Faults(Base):
    """Full disk, and kills during ingest, export and remove."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The samples under many ids, each copy with a distinct first line:
        # big enough that ingest, export and remove each take about a second.
        texts = sample_texts()
        cls.ids = []
        cls.corpus = cls.tmp / "corpus.jsonl"
        with open(cls.corpus, "w", encoding="utf-8") as f:
            for i in range(ARGS.copies):
                for j, text in enumerate(texts):
                    doc = f"c{i:05d}-{j}"
                    cls.ids.append(doc)
                    f.write(jsonl_line(doc, f"نسخة {i}\n{text}"))
        cls.reference = str(cls.tmp / "reference.db")
        run("ingest", "-q", "--db", cls.reference, str(cls.corpus), check=True)
        cls.reference_stats = stats(cls.reference)
        cls.reference_prov = provenance_by_doc(cls.reference)
        assert len(cls.reference_prov) == len(cls.ids), "every copy has provenance"

    def assertWholeOrAbsent(self, db):
        """Every document of `db` has exactly its reference provenance."""
        prov = provenance_by_doc(db)
        present = node_docs(db)
        for doc in self.ids:
            if doc in prov:
                self.assertEqual(prov[doc], self.reference_prov[doc], doc)
                self.assertIn(doc, present)
            else:
                self.assertNotIn(doc, present)
        return set(prov)

    def wait_until(self, proc, predicate, what):
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            if predicate():
                return
            time.sleep(0.01)
        self.fail(f"the command ended or stalled before {what}")

    def documents(self, db):
        p = run("stats", "--db", db, "--json")
        return json.loads(p.stdout)["documents"] if p.returncode == 0 else 0

    def test_ctrl_c_during_ingest_commits_and_resumes(self):
        db = self.db("sigint")
        proc = subprocess.Popen(command("ingest", "--db", db, str(self.corpus)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=default_signals)
        self.wait_until(proc, lambda: self.documents(db) >= len(self.ids) // 10,
                        "a tenth of the corpus was stored")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err)
        m = re.search(r"isnad: interrupted after (\d+) articles; run the same command again to "
                      r"resume \(unchanged articles are skipped\)", err)
        self.assertIsNotNone(m, err)
        n = int(m.group(1))
        self.assertRegex(out, rf"articles:\s+{n} \({n} added")
        self.assertLess(n, len(self.ids), "the interrupt came too late to test anything")
        self.assertVerifies(db)
        # What was stored is exactly the first n articles of the input, whole.
        self.assertEqual(self.assertWholeOrAbsent(db), set(self.ids[:n]))
        self.assertEqual(self.documents(db), n)

        p = run("ingest", "--db", db, str(self.corpus))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, rf"\({len(self.ids) - n} added, 0 replaced, {n} unchanged\)")
        self.assertEqual(stats(db), self.reference_stats)
        self.assertVerifies(db)

    def test_a_second_ctrl_c_ends_at_once_and_the_store_stays_whole(self):
        db = self.db("sigint2")
        proc = subprocess.Popen(command("ingest", "-q", "--db", db, str(self.corpus)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=default_signals)
        self.wait_until(proc, lambda: self.documents(db) >= 1, "a document was stored")
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
        # Killed by the second signal, or finished the first one's way
        # before it arrived; never anything else.
        self.assertIn(proc.returncode, (-signal.SIGINT, 130))
        self.assertVerifies(db)
        self.assertWholeOrAbsent(db)

    def test_sigkill_during_export_never_leaves_a_partial_file(self):
        out_dir = self.dir("export")
        out = out_dir / "graph.jsonl"
        tmp = out_dir / "graph.jsonl.tmp"
        proc = subprocess.Popen(command("export", "--db", self.reference, "--format", "jsonl",
                                        "--out", str(out)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_until(proc, lambda: tmp.exists() and tmp.stat().st_size > 0,
                        "the export began writing")
        proc.kill()
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertFalse(out.exists(), "a partial export under the final name")
        self.assertEqual(sorted(os.listdir(out_dir)), ["graph.jsonl.tmp"])
        # The stale temporary does not stand in the way of the next export,
        # which replaces it.
        p = run("export", "--db", self.reference, "--format", "jsonl", "--out", str(out))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(out_dir)), ["graph.jsonl"])
        self.assertEqual(out.read_text(encoding="utf-8"), export_jsonl(self.reference))

    def test_sigkill_during_remove_leaves_each_document_whole_or_gone(self):
        db = self.db("remove")
        shutil.copytree(self.reference, db)
        args = ["remove", "--db", db]
        for doc in self.ids:
            args += ["--doc", doc]
        proc = subprocess.Popen(command(*args), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        self.wait_until(proc, lambda: self.documents(db) < len(self.ids) * 9 // 10,
                        "a tenth of the documents was removed")
        proc.kill()
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertVerifies(db)
        left = self.assertWholeOrAbsent(db)
        self.assertGreater(len(left), 0, "the kill came too late to test anything")
        self.assertLess(len(left), len(self.ids))
        self.assertEqual(self.documents(db), len(left))
        # Removal goes in order: what is left is a suffix of the list.
        self.assertEqual(left, set(self.ids[len(self.ids) - len(left):]))
        # Finishing the removal empties the store.
        p = run(*["remove", "--db", db] + [a for doc in sorted(left) for a in ("--doc", doc)])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stats(db)["documents"], 0)
        self.assertEqual(stats(db)["nodes"], 0)
        self.assertVerifies(db)

    def test_a_full_disk_is_reported_and_the_store_reopens_whole(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a small tmpfs needs root")
        mnt = self.dir("full")
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            self.skipTest(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", str(mnt)], capture_output=True)
        db = str(mnt / "db")
        p = run("ingest", "--db", db, str(self.corpus))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("No space left on device", p.stderr)
        m = re.search(r"isnad: the disk is full; the (\d+) articles stored before it filled are "
                      r"whole\. Free space, then run the same command again to resume", p.stderr)
        self.assertIsNotNone(m, p.stderr)
        self.assertNotIn("Assertion", p.stderr)
        # Readable as it is, on the full disk.
        self.assertVerifies(db)
        stored = self.documents(db)
        self.assertLess(stored, len(self.ids))

        subprocess.run(["mount", "-o", "remount,size=256m", str(mnt)], check=True)
        self.assertEqual(self.assertWholeOrAbsent(db), set(self.ids[:stored]))
        p = run("ingest", "-q", "--db", db, str(self.corpus))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stats(db), self.reference_stats)
        self.assertVerifies(db)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--isnad", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--copies", type=int, default=200)
    ARGS, rest = ap.parse_known_args()
    ARGS.isnad = os.path.abspath(ARGS.isnad)
    ARGS.samples = os.path.abspath(ARGS.samples)
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
