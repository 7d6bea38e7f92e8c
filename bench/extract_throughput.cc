// Extraction throughput: Arabic text per second through the whole extractor
// (normalisation, sentences, tokens, mentions, statements, triples,
// qualifiers), on one core, against a plain scan of the same bytes measured
// in the same run. Machines here are noisy, so the ratio is the figure to
// compare across runs; MB/s is reported too.
//
// usage: extract_throughput [--lexicon-dir DIR] [--mb N] [--rounds R] FILE|DIR...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "extract/extractor.h"

#ifndef ISNAD_LEXICON_DIR
#define ISNAD_LEXICON_DIR "lexicon"
#endif

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> ReadArticles(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p)) {
        if (e.path().extension() == ".txt") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(p);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      out.push_back(buf.str());
    }
  }
  return out;
}

// The reference: one pass over every byte that decodes UTF-8 and counts
// letters and line breaks, the least any text processor must do.
size_t PlainScan(const std::vector<std::string>& corpus) {
  size_t letters = 0;
  for (const std::string& text : corpus) {
    size_t pos = 0;
    while (pos < text.size()) {
      const char32_t cp = isnad::utf8::Decode(text, &pos);
      letters += (cp >= 0x0621 && cp <= 0x064A) || cp == '\n';
    }
  }
  return letters;
}

}  // namespace

int main(int argc, char** argv) {
  std::string lexicon_dir = ISNAD_LEXICON_DIR;
  double target_mb = 20;
  int rounds = 3;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--lexicon-dir" && i + 1 < argc) {
      lexicon_dir = argv[++i];
    } else if (a == "--mb" && i + 1 < argc) {
      target_mb = std::atof(argv[++i]);
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) {
    std::cerr
        << "usage: extract_throughput [--lexicon-dir DIR] [--mb N] [--rounds R] FILE|DIR...\n";
    return 1;
  }
  isnad::Lexicon lexicon;
  isnad::Status s = lexicon.LoadDirectory(lexicon_dir);
  if (s.ok()) s = lexicon.Finalize();
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 2;
  }
  const std::vector<std::string> articles = ReadArticles(inputs);
  if (articles.empty()) {
    std::cerr << "no articles\n";
    return 1;
  }
  // Repeat the articles until the corpus reaches the target size.
  std::vector<std::string> corpus;
  size_t bytes = 0;
  while (bytes < target_mb * 1e6) {
    for (const std::string& a : articles) {
      corpus.push_back(a);
      bytes += a.size();
    }
  }
  isnad::Extractor extractor(&lexicon);
  isnad::Extraction ex;
  isnad::Document doc;
  double best_extract = 1e30, best_scan = 1e30;
  size_t triples = 0, checksum = 0;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = Clock::now();
    checksum += PlainScan(corpus);
    auto t1 = Clock::now();
    triples = 0;
    for (const std::string& text : corpus) {
      doc.text = text;
      extractor.Extract(doc, &ex);
      triples += ex.triples.size();
    }
    auto t2 = Clock::now();
    best_scan = std::min(best_scan, std::chrono::duration<double>(t1 - t0).count());
    best_extract = std::min(best_extract, std::chrono::duration<double>(t2 - t1).count());
  }
  const double mb = bytes / 1e6;
  std::printf("corpus            %.1f MB (%zu articles, %zu triples a pass)\n", mb, corpus.size(),
              triples);
  std::printf("plain scan        %.3f s  %.1f MB/s\n", best_scan, mb / best_scan);
  std::printf("extraction        %.3f s  %.1f MB/s\n", best_extract, mb / best_extract);
  std::printf(
      "extraction/scan   %.1fx the time of a plain scan (best of %d rounds; checksum %zu)\n",
      best_extract / best_scan, rounds, checksum % 10);
  return 0;
}
