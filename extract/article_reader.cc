#include "extract/article_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/utf8.h"

namespace isnad {

namespace {

namespace fs = std::filesystem;

constexpr size_t kChunkBytes = 64 << 10;   // one read(2)
constexpr size_t kSniffBytes = 8 << 10;    // judged for binary content
constexpr size_t kLegacySniff = 64 << 10;  // judged for a legacy encoding

bool IsArticleFile(const fs::path& p) {
  return p.extension() == ".txt" || p.extension() == ".jsonl";
}

size_t LineOf(std::string_view text, size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n');
}

std::string OptionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "16 MB", "16.5 MB", or "5000 bytes" below a megabyte (MB = 2^20 bytes).
std::string Megabytes(uint64_t bytes) {
  constexpr uint64_t kMb = 1 << 20;
  if (bytes < kMb) return std::to_string(bytes) + " bytes";
  if (bytes % kMb == 0) return std::to_string(bytes / kMb) + " MB";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / kMb);
  return buf;
}

std::string TooBig(uint64_t bytes, size_t limit) {
  return "article of " + Megabytes(bytes) + " is over the limit of " + Megabytes(limit) +
         " (--max-article-mb)";
}

// Characters a blank article may consist of: white space, and the
// invisible marks the normaliser drops (bidi controls, zero-width
// characters, byte-order mark).
bool Invisible(char32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x00A0 || cp == 0x0085 || cp == 0x061C ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202F) || cp == 0x205F || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x3000 || cp == 0xFEFF;
}

bool Blank(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (!Invisible(utf8::Decode(text, &pos))) return false;
  }
  return true;
}

// "; it looks like Windows-1256 (Arabic); try --encoding windows-1256", or
// "" when `bytes` do not read as a legacy Arabic encoding.
std::string LegacyHint(std::string_view bytes) {
  const std::optional<Encoding> guess = GuessLegacyArabic(bytes);
  if (!guess) return "";
  return std::string("; it looks like ") + EncodingDisplayName(*guess) +
         " (Arabic); try --encoding " + EncodingOptionName(*guess);
}

// Where bytes come from: a file descriptor or a stream.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `n` bytes into `buf`: how many, 0 at the end, -1 on an error
  // (then error() says which).
  virtual long Read(char* buf, size_t n) = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

class FdSource : public ByteSource {
 public:
  FdSource(int fd, const std::function<bool()>& cancelled) : fd_(fd), cancelled_(cancelled) {}
  long Read(char* buf, size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return got;
      // A signal (Ctrl-C) interrupted a blocking read: end the input when
      // the caller wants to stop, else read on.
      if (errno == EINTR) {
        if (cancelled_ && cancelled_()) return 0;
        continue;
      }
      error_ = std::strerror(errno);
      return -1;
    }
  }

 private:
  int fd_;
  const std::function<bool()>& cancelled_;
};

class StreamSource : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  long Read(char* buf, size_t n) override {
    in_.read(buf, static_cast<std::streamsize>(n));
    if (in_.bad()) {
      error_ = "read failed";
      return -1;
    }
    return static_cast<long>(in_.gcount());
  }

 private:
  std::istream& in_;
};

// An open file descriptor, closed on destruction.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ > 2) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Splits a ByteSource into lines, holding at most `max_line` bytes of one:
// the bytes of a longer line are read and dropped, and only its length is
// kept.
class LineReader {
 public:
  enum class Result { kLine, kTooLong, kEnd, kError };

  LineReader(ByteSource* source, size_t max_line) : source_(source), max_line_(max_line) {}

  // The next `n` bytes (fewer at the end of the input), not consumed.
  std::string_view Peek(size_t n) {
    while (buffer_.size() - pos_ < n && Fill()) {
    }
    return std::string_view(buffer_).substr(pos_, n);
  }

  // The next line without its '\n' in `*line`, and its length in `*length`.
  // kTooLong: the line was longer than max_line; it is consumed and
  // `*line` is empty. A last line without '\n' is a line.
  Result Next(std::string* line, uint64_t* length) {
    line->clear();
    uint64_t len = 0;
    bool any = false, too_long = false;
    for (;;) {
      if (pos_ == buffer_.size() && !Fill()) {
        if (failed_) return Result::kError;
        if (!any) return Result::kEnd;
        break;
      }
      any = true;
      const char* start = buffer_.data() + pos_;
      const size_t available = buffer_.size() - pos_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', available));
      const size_t take = newline != nullptr ? static_cast<size_t>(newline - start) : available;
      len += take;
      if (!too_long && len > max_line_) {
        too_long = true;
        std::string().swap(*line);  // give the memory back
      }
      if (!too_long) line->append(start, take);
      pos_ += take;
      if (newline != nullptr) {
        ++pos_;
        break;
      }
    }
    *length = len;
    return too_long ? Result::kTooLong : Result::kLine;
  }

  const std::string& error() const { return source_->error(); }

 private:
  // Reads one more chunk; false at the end of the input or on an error.
  bool Fill() {
    if (done_) return false;
    if (pos_ == buffer_.size()) {
      buffer_.clear();
      pos_ = 0;
    } else if (pos_ >= kChunkBytes) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    const size_t old = buffer_.size();
    buffer_.resize(old + kChunkBytes);
    const long got = source_->Read(buffer_.data() + old, kChunkBytes);
    buffer_.resize(old + std::max(got, 0L));
    if (got <= 0) {
      done_ = true;
      failed_ = got < 0;
      return false;
    }
    return true;
  }

  ByteSource* source_;
  size_t max_line_;
  std::string buffer_;
  size_t pos_ = 0;
  bool done_ = false, failed_ = false;
};

// One run of the reader: its options and callbacks, and where each id was
// first seen, so that a duplicate within the run is refused.
class Run {
 public:
  Run(const ArticleReader::Options& options, const ArticleReader::DocumentFn& on_document,
      const ArticleReader::ErrorFn& on_error)
      : options_(options), on_document_(on_document), on_error_(on_error) {}

  bool Cancelled() const { return options_.cancelled && options_.cancelled(); }

  // Hands `doc` (read at `where`) on, or reports it as a duplicate.
  Status Deliver(Document&& doc, const std::string& where) {
    auto [it, fresh] = seen_.emplace(doc.id, where);
    if (!fresh) {
      on_error_(Status::InvalidArgument(where + ": duplicate article id \"" + doc.id +
                                        "\" (first seen at " + it->second + "); skipped"));
      return Status::OK();
    }
    return on_document_(std::move(doc));
  }

  void Error(const Status& status) { on_error_(status); }

  // `*bytes` as UTF-8: kept when valid, else converted from
  // options_.encoding. `where(offset)` places a byte offset in messages.
  Status ToUtf8(std::string* bytes, const std::function<std::string(size_t)>& where) const {
    const size_t bad = utf8::FindInvalid(*bytes);
    if (bad == std::string::npos) return Status::OK();
    if (options_.encoding == Encoding::kUtf8) {
      return Status::InvalidArgument("invalid UTF-8 at byte offset " + where(bad) +
                                     LegacyHint(*bytes));
    }
    std::string converted;
    Status s = ConvertToUtf8(*bytes, options_.encoding, &converted);
    if (!s.ok()) {
      return s.WithContext(std::string("neither UTF-8 nor ") +
                           EncodingDisplayName(options_.encoding) + " (--encoding): ");
    }
    *bytes = std::move(converted);
    return Status::OK();
  }

  // A .txt file: one article.
  Status ReadText(const std::string& file) {
    const int raw = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
      Error(Status::InvalidArgument(file + ": cannot open (" + std::strerror(errno) + ")"));
      return Status::OK();
    }
    Fd fd(raw);
    struct stat st;
    if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode)) {
      const uint64_t size = static_cast<uint64_t>(st.st_size);
      if (size > options_.max_article_bytes) {
        Error(Status::InvalidArgument(file + ": " + TooBig(size, options_.max_article_bytes)));
        return Status::OK();
      }
    }
    // A file that is not regular (a pipe, a device) or grows while read:
    // stop reading one chunk past the limit.
    std::string content;
    FdSource source(fd.get(), options_.cancelled);
    for (;;) {
      const size_t old = content.size();
      content.resize(old + kChunkBytes);
      const long got = source.Read(content.data() + old, kChunkBytes);
      content.resize(old + std::max(got, 0L));
      if (got < 0) {
        Error(Status::InvalidArgument(file + ": read failed (" + source.error() + ")"));
        return Status::OK();
      }
      if (got == 0) break;
      if (content.size() > options_.max_article_bytes) {
        Error(Status::InvalidArgument(
            file + ": " + TooBig(content.size(), options_.max_article_bytes) + " (or more)"));
        return Status::OK();
      }
    }
    if (Cancelled()) return Status::OK();  // the read may have been cut short
    if (content.empty()) {
      Error(Status::InvalidArgument(file + ": empty file"));
      return Status::OK();
    }
    Status s = ArticleReader::CheckNotBinary(content);
    // NUL is checked on the bytes as read, so that its offset is the file's
    // even when the text is converted below.
    if (s.ok() && content.find('\0') != std::string::npos) s = ArticleReader::ValidateText(content);
    // (The message is made before any conversion: `content` is still the
    // bytes as read.)
    if (s.ok()) {
      s = ToUtf8(&content, [&](size_t at) {
        return std::to_string(at) + " (line " + std::to_string(LineOf(content, at)) + ")";
      });
    }
    if (s.ok()) s = ArticleReader::ValidateText(content);
    if (!s.ok()) {
      Error(s.WithContext(file + ": "));
      return Status::OK();
    }
    if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // byte-order mark
    Document doc;
    doc.id = fs::path(file).stem().string();
    doc.text = std::move(content);
    return Deliver(std::move(doc), file);
  }

  // A .jsonl file, or standard input ("-"): first judged as a whole, then
  // line by line.
  Status ReadJsonlFile(const std::string& file) {
    const bool is_stdin = file == "-";
    const std::string name = is_stdin ? "<stdin>" : file;
    const int raw = is_stdin ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
      Error(Status::InvalidArgument(file + ": cannot open (" + std::strerror(errno) + ")"));
      return Status::OK();
    }
    Fd fd(raw);
    FdSource source(fd.get(), options_.cancelled);
    LineReader lines(&source, options_.max_article_bytes);
    const std::string_view head = lines.Peek(kLegacySniff);
    if (head.empty()) {
      if (!Cancelled()) {
        Error(Status::InvalidArgument(name + (lines.error().empty()
                                                  ? ": empty file"
                                                  : ": read failed (" + lines.error() + ")")));
      }
      return Status::OK();
    }
    Status s = ArticleReader::CheckNotBinary(head);
    if (!s.ok()) {
      Error(s.WithContext(name + ": "));
      return Status::OK();
    }
    // A file in a legacy encoding is one mistake, not one per line: reject
    // it once, with the hint. (A sequence cut by the end of the sample is
    // not a mistake.)
    if (options_.encoding == Encoding::kUtf8) {
      const size_t bad = utf8::FindInvalid(head);
      const bool cut = head.size() == kLegacySniff && bad + 4 > head.size();
      const std::string hint = bad != std::string::npos && !cut ? LegacyHint(head) : "";
      if (!hint.empty()) {
        Error(Status::InvalidArgument(
            name + ": invalid UTF-8 at byte offset " + std::to_string(bad) + " (line " +
            std::to_string(LineOf(head, bad)) + ")" + hint + "; file skipped"));
        return Status::OK();
      }
    }
    size_t articles = 0;
    s = ReadJsonLines(&lines, name, &articles);
    if (s.ok() && articles == 0 && !Cancelled()) {
      Error(Status::InvalidArgument(name + ": no articles (only blank lines)"));
    }
    return s;
  }

  // Every line of `lines` (called `name` in messages): one article each,
  // blank lines skipped. `*nonblank` counts the lines that were not blank.
  Status ReadJsonLines(LineReader* lines, const std::string& name, size_t* nonblank) {
    std::string line;
    uint64_t length = 0;
    size_t number = 0;
    for (;;) {
      if (Cancelled()) return Status::OK();
      const LineReader::Result r = lines->Next(&line, &length);
      // A read cut short by cancelling may have ended the line early.
      if (Cancelled()) return Status::OK();
      if (r == LineReader::Result::kEnd) break;
      if (r == LineReader::Result::kError) {
        Error(Status::InvalidArgument(name + ": read failed after line " + std::to_string(number) +
                                      " (" + lines->error() + ")"));
        break;
      }
      ++number;
      const std::string where = name + ":" + std::to_string(number);
      if (r == LineReader::Result::kTooLong) {
        ++*nonblank;
        Error(Status::InvalidArgument(where + ": " + TooBig(length, options_.max_article_bytes)));
        continue;
      }
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++*nonblank;
      Status s = JsonLine(&line, where);
      if (!s.ok()) return s;
    }
    return Status::OK();
  }

 private:
  // One line that is not blank: one article or one error.
  Status JsonLine(std::string* line, const std::string& where) {
    const size_t nul = line->find('\0');
    if (nul != std::string::npos) {
      Error(Status::InvalidArgument(where + ": NUL byte at byte offset " + std::to_string(nul) +
                                    " of the line"));
      return Status::OK();
    }
    Status s = ToUtf8(line, [](size_t at) { return std::to_string(at) + " of the line"; });
    if (!s.ok()) {
      Error(s.WithContext(where + ": "));
      return Status::OK();
    }
    nlohmann::json j = nlohmann::json::parse(*line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      Error(Status::InvalidArgument(where + ": not a JSON object" +
                                    (j.is_discarded()
                                         ? std::string(" (malformed JSON)")
                                         : " (a JSON " + std::string(j.type_name()) + ")")));
      return Status::OK();
    }
    Document doc;
    doc.id = OptionalString(j, "id");
    if (doc.id.empty() && j.contains("id") && j["id"].is_number()) doc.id = j["id"].dump();
    if (doc.id.empty()) {
      Error(Status::InvalidArgument(where + ": missing \"id\""));
      return Status::OK();
    }
    if (!j.contains("text") || !j["text"].is_string()) {
      Error(Status::InvalidArgument(where + ": missing \"text\" (a string) in article \"" + doc.id +
                                    "\""));
      return Status::OK();
    }
    doc.text = j["text"].get<std::string>();
    s = ArticleReader::ValidateText(doc.text);
    if (!s.ok()) {
      Error(s.WithContext(where + ": article \"" + doc.id + "\": "));
      return Status::OK();
    }
    doc.title = OptionalString(j, "title");
    doc.date = OptionalString(j, "date");
    doc.url = OptionalString(j, "url");
    doc.lang = OptionalString(j, "lang");
    return Deliver(std::move(doc), where);
  }

  const ArticleReader::Options& options_;
  const ArticleReader::DocumentFn& on_document_;
  const ArticleReader::ErrorFn& on_error_;
  std::unordered_map<std::string, std::string> seen_;
};

// Adds the article files under `dir` to `found`, reporting each directory
// that cannot be listed through `reject` (whose non-ok result stops the
// walk). Links to directories are not followed (no cycles); links to files
// are.
Status Walk(const fs::path& dir, std::vector<std::string>* found,
            const std::function<Status(Status)>& reject) {
  std::vector<fs::path> pending = {dir};
  while (!pending.empty()) {
    const fs::path d = pending.back();
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(d, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      const fs::path& p = it->path();
      if (it->is_symlink(entry_ec)) {
        if (it->is_regular_file(entry_ec) && IsArticleFile(p)) found->push_back(p.string());
      } else if (it->is_directory(entry_ec)) {
        pending.push_back(p);
      } else if (it->is_regular_file(entry_ec) && IsArticleFile(p)) {
        found->push_back(p.string());
      }
    }
    if (ec) {
      Status s = reject(
          Status::InvalidArgument(d.string() + ": cannot read directory (" + ec.message() + ")"));
      if (!s.ok()) return s;
    }
  }
  return Status::OK();
}

}  // namespace

Status ArticleReader::ValidateText(std::string_view text) {
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    return Status::InvalidArgument("NUL byte at byte offset " + std::to_string(nul) + " (line " +
                                   std::to_string(LineOf(text, nul)) + ")");
  }
  const size_t bad = utf8::FindInvalid(text);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("invalid UTF-8 at byte offset " + std::to_string(bad) +
                                   " (line " + std::to_string(LineOf(text, bad)) + ")");
  }
  if (Blank(text)) return Status::InvalidArgument("empty article (only white space)");
  return Status::OK();
}

Status ArticleReader::CheckNotBinary(std::string_view head) {
  head = head.substr(0, kSniffBytes);
  if (head.rfind("\xFF\xFE", 0) == 0 || head.rfind("\xFE\xFF", 0) == 0) {
    return Status::InvalidArgument(
        "binary file: UTF-16 text (byte-order mark at byte offset 0); convert it to UTF-8, "
        "e.g. with iconv -f UTF-16 -t UTF-8");
  }
  size_t controls = 0, first = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(head[i]);
    if (c < 0x20 && !(c >= '\t' && c <= '\r')) {
      if (controls++ == 0) first = i;
    }
  }
  if (controls >= 2 && controls * 32 >= head.size()) {
    return Status::InvalidArgument("binary file (" + std::to_string(controls) +
                                   " control bytes in the first " + std::to_string(head.size()) +
                                   ", the first at byte offset " + std::to_string(first) + ")");
  }
  return Status::OK();
}

Status ArticleReader::ListInputs(const std::vector<std::string>& paths,
                                 std::vector<std::string>* files, const ErrorFn& on_error) {
  // With a callback, an unreadable directory is a rejected input; without,
  // an error.
  auto reject = [&](Status s) -> Status {
    if (!on_error) return s;
    on_error(s);
    return Status::OK();
  };
  for (const std::string& path : paths) {
    if (path == "-") {
      files->push_back(path);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
      // Typically a directory on the way that may not be searched.
      Status s = reject(Status::InvalidArgument(path + ": cannot read (" + ec.message() + ")"));
      if (!s.ok()) return s;
      continue;
    }
    if (ec || !fs::exists(st)) return Status::NotFound(path + ": no such file or directory");
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      Status s = Walk(path, &found, reject);
      if (!s.ok()) return s;
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

Status ArticleReader::Read(const std::vector<std::string>& files, const Options& options,
                           const DocumentFn& on_document, const ErrorFn& on_error) {
  Run run(options, on_document, on_error);
  for (const std::string& file : files) {
    if (run.Cancelled()) return Status::OK();
    const bool jsonl = file == "-" || fs::path(file).extension() == ".jsonl";
    Status s = jsonl ? run.ReadJsonlFile(file) : run.ReadText(file);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status ArticleReader::ReadJsonLines(std::istream& in, const std::string& name,
                                    const Options& options, const DocumentFn& on_document,
                                    const ErrorFn& on_error) {
  StreamSource source(in);
  LineReader lines(&source, options.max_article_bytes);
  size_t nonblank = 0;
  return Run(options, on_document, on_error).ReadJsonLines(&lines, name, &nonblank);
}

}  // namespace isnad
