// ArticleReader turns the paths a user names into Documents: a .txt file is
// one article whose id is the file name without extension; a .jsonl file
// holds one article a line ({"id", "text", optional "title", "date", "url",
// "lang"}); a directory is walked (sorted, recursively) for both; "-" reads
// JSON Lines from standard input.
//
// Bad input does not stop the run: each rejected file, directory or line is
// reported through the caller's ErrorFn with its file name (and line number,
// for JSON Lines; byte offset, for bad bytes) and skipped. What is rejected,
// and the message:
//   - a file that cannot be opened or read, a directory that cannot be
//     listed ("cannot open (Permission denied)");
//   - an empty file; a .jsonl file with only blank lines;
//   - a binary file: control bytes (NUL included) in the first 8 KiB, or a
//     UTF-16 byte-order mark;
//   - an article bigger than Options::max_article_bytes (a .txt file's size,
//     a JSON line's length), never held in memory whole;
//   - a NUL byte, or invalid UTF-8 that Options::encoding does not convert
//     (with a hint when the bytes read as a legacy Arabic encoding);
//   - a blank article (only white space, bidi marks or a byte-order mark);
//   - a JSON line that is not a JSON object, or lacks "id" or "text";
//   - a second article with an id already read in this run (the first wins).
#ifndef ISNAD_EXTRACT_ARTICLE_READER_H_
#define ISNAD_EXTRACT_ARTICLE_READER_H_

#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/document.h"
#include "extract/encoding.h"

namespace isnad {

class ArticleReader {
 public:
  // `on_document` receives each valid article and may stop the run by
  // returning a non-ok Status (which Read returns). `on_error` receives each
  // rejected input, already prefixed with "file:line: " (or "file: ").
  using DocumentFn = std::function<Status(Document&&)>;
  using ErrorFn = std::function<void(const Status&)>;

  struct Options {
    // Input that is not valid UTF-8 is converted from this encoding (a
    // .txt file as a whole, a JSON line before it is parsed); valid UTF-8
    // is always taken as it is, so a corpus may mix both. kUtf8: invalid
    // UTF-8 is rejected, with "try --encoding ..." when it reads as
    // Windows-1256 or ISO-8859-6 Arabic.
    Encoding encoding = Encoding::kUtf8;
    // The largest article, in bytes of input. A bigger one is rejected
    // after reading (and dropping) it in chunks: memory stays bounded.
    size_t max_article_bytes = size_t{16} << 20;
    // Polled between articles and between files; when it returns true,
    // Read stops at once and returns OK (the caller knows why it stopped).
    std::function<bool()> cancelled;
  };

  // Expands `paths` into the files to read, in order. NotFound for a path
  // that does not exist; InvalidArgument for a named file of another type.
  // A directory (or named path) that cannot be read is passed to
  // `on_error` and skipped; without `on_error` it is an InvalidArgument.
  static Status ListInputs(const std::vector<std::string>& paths, std::vector<std::string>* files,
                           const ErrorFn& on_error = nullptr);

  // Reads every input of `files` (as returned by ListInputs, or "-").
  static Status Read(const std::vector<std::string>& files, const Options& options,
                     const DocumentFn& on_document, const ErrorFn& on_error);
  static Status Read(const std::vector<std::string>& files, const DocumentFn& on_document,
                     const ErrorFn& on_error) {
    return Read(files, Options(), on_document, on_error);
  }

  // Reads JSON Lines articles from `in` as Read reads the lines of a .jsonl
  // file, naming the input `name` in messages ("name:line: ..."): each line
  // that is not blank (only spaces, tabs and carriage returns) gives one
  // article or one error. A duplicate id is one already seen in this
  // stream. (Read also judges a file as a whole first: empty, binary, or
  // legacy-encoded from its first line on.) For callers that hold the text
  // in memory (the fuzz target, tests) rather than in a file.
  static Status ReadJsonLines(std::istream& in, const std::string& name, const Options& options,
                              const DocumentFn& on_document, const ErrorFn& on_error);
  static Status ReadJsonLines(std::istream& in, const std::string& name,
                              const DocumentFn& on_document, const ErrorFn& on_error) {
    return ReadJsonLines(in, name, Options(), on_document, on_error);
  }

  // Checks one article's text: no NUL bytes, valid UTF-8, not blank (white
  // space, bidi and zero-width marks, byte-order marks only). The message
  // names the byte offset (and line) of a bad byte.
  static Status ValidateText(std::string_view text);

  // Checks the first bytes of a file: InvalidArgument "binary file (...)"
  // when control bytes other than white space make up at least 1/32 of the
  // first 8 KiB (and are two or more: one stray NUL is ValidateText's to
  // name), or for a UTF-16 byte-order mark.
  static Status CheckNotBinary(std::string_view head);
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_ARTICLE_READER_H_
