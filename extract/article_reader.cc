#include "extract/article_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "base/utf8.h"

namespace isnad {

namespace {

namespace fs = std::filesystem;

bool IsArticleFile(const fs::path& p) {
  return p.extension() == ".txt" || p.extension() == ".jsonl";
}

Status ReadWhole(const std::string& path, std::string* content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(path + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::InvalidArgument(path + ": read failed");
  *content = buffer.str();
  return Status::OK();
}

size_t LineOf(std::string_view text, size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n');
}

std::string OptionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Status ArticleReader::ValidateText(std::string_view text) {
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    return Status::InvalidArgument("binary data (NUL byte at byte offset " + std::to_string(nul) +
                                   ")");
  }
  const size_t bad = utf8::FindInvalid(text);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("invalid UTF-8 at byte offset " + std::to_string(bad) +
                                   " (line " + std::to_string(LineOf(text, bad)) + ")");
  }
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) {
    return Status::InvalidArgument("empty article");
  }
  return Status::OK();
}

Status ArticleReader::ListInputs(const std::vector<std::string>& paths,
                                 std::vector<std::string>* files) {
  for (const std::string& path : paths) {
    if (path == "-") {
      files->push_back(path);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return Status::NotFound(path + ": no such file or directory");
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
      if (ec)
        return Status::InvalidArgument(path + ": cannot read directory (" + ec.message() + ")");
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return Status::InvalidArgument(path + ": " + ec.message());
        if (it->is_regular_file(ec) && IsArticleFile(it->path()))
          found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files->insert(files->end(), found.begin(), found.end());
    } else if (IsArticleFile(path)) {
      files->push_back(path);
    } else {
      return Status::InvalidArgument(path + ": not an article file (expected .txt or .jsonl)");
    }
  }
  return Status::OK();
}

Status ArticleReader::Read(const std::vector<std::string>& files, const DocumentFn& on_document,
                           const ErrorFn& on_error) {
  // Where each id was first seen, to refuse a duplicate within one run.
  std::unordered_map<std::string, std::string> seen;
  auto deliver = [&](Document&& doc, const std::string& where) -> Status {
    auto [it, fresh] = seen.emplace(doc.id, where);
    if (!fresh) {
      on_error(Status::InvalidArgument(where + ": duplicate article id \"" + doc.id +
                                       "\" (first seen at " + it->second + "); skipped"));
      return Status::OK();
    }
    return on_document(std::move(doc));
  };

  for (const std::string& file : files) {
    const bool is_stdin = file == "-";
    const bool jsonl = is_stdin || fs::path(file).extension() == ".jsonl";
    if (!jsonl) {
      std::string content;
      Status s = ReadWhole(file, &content);
      if (s.ok()) s = ValidateText(content).WithContext(file + ": ");
      if (!s.ok()) {
        on_error(s);
        continue;
      }
      Document doc;
      doc.id = fs::path(file).stem().string();
      doc.text = std::move(content);
      s = deliver(std::move(doc), file);
      if (!s.ok()) return s;
      continue;
    }
    std::ifstream in;
    if (!is_stdin) {
      in.open(file, std::ios::binary);
      if (!in) {
        on_error(Status::InvalidArgument(file + ": cannot open (" + std::strerror(errno) + ")"));
        continue;
      }
    }
    std::istream& stream = is_stdin ? std::cin : in;
    const std::string name = is_stdin ? "<stdin>" : file;
    std::string line;
    size_t number = 0;
    while (std::getline(stream, line)) {
      ++number;
      const std::string where = name + ":" + std::to_string(number);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const size_t bad = utf8::FindInvalid(line);
      if (bad != std::string::npos) {
        on_error(Status::InvalidArgument(where + ": invalid UTF-8 at byte offset " +
                                         std::to_string(bad) + " of the line"));
        continue;
      }
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        on_error(Status::InvalidArgument(where + ": not a JSON object"));
        continue;
      }
      Document doc;
      doc.id = OptionalString(j, "id");
      if (doc.id.empty() && j.contains("id") && j["id"].is_number()) doc.id = j["id"].dump();
      if (doc.id.empty()) {
        on_error(Status::InvalidArgument(where + ": missing \"id\""));
        continue;
      }
      if (!j.contains("text") || !j["text"].is_string()) {
        on_error(Status::InvalidArgument(where + ": missing \"text\" (a string)"));
        continue;
      }
      doc.text = j["text"].get<std::string>();
      Status s = ValidateText(doc.text);
      if (!s.ok()) {
        on_error(s.WithContext(where + ": article \"" + doc.id + "\": "));
        continue;
      }
      doc.title = OptionalString(j, "title");
      doc.date = OptionalString(j, "date");
      doc.url = OptionalString(j, "url");
      doc.lang = OptionalString(j, "lang");
      s = deliver(std::move(doc), where);
      if (!s.ok()) return s;
    }
    if (stream.bad()) on_error(Status::InvalidArgument(name + ": read failed"));
  }
  return Status::OK();
}

}  // namespace isnad
