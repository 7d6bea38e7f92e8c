// ArticleReader turns the paths a user names into Documents: a .txt file is
// one article whose id is the file name without extension; a .jsonl file
// holds one article a line ({"id", "text", optional "title", "date", "url",
// "lang"}); a directory is walked (sorted, recursively) for both; "-" reads
// JSON Lines from standard input.
//
// Bad input never stops the run: each rejected file or line is reported with
// its file name (and line number, for JSON Lines) and skipped.
#ifndef ISNAD_EXTRACT_ARTICLE_READER_H_
#define ISNAD_EXTRACT_ARTICLE_READER_H_

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/document.h"

namespace isnad {

class ArticleReader {
 public:
  // `on_document` receives each valid article and may stop the run by
  // returning a non-ok Status (which Read returns). `on_error` receives each
  // rejected input, already prefixed with "file:line: ".
  using DocumentFn = std::function<Status(Document&&)>;
  using ErrorFn = std::function<void(const Status&)>;

  // Expands `paths` into the files to read, in order. NotFound for a path
  // that does not exist; InvalidArgument for a file of another type.
  static Status ListInputs(const std::vector<std::string>& paths, std::vector<std::string>* files);

  // Reads every input of `files` (as returned by ListInputs, or "-").
  static Status Read(const std::vector<std::string>& files, const DocumentFn& on_document,
                     const ErrorFn& on_error);

  // Checks one article's text: valid UTF-8, no NUL bytes, not blank.
  static Status ValidateText(std::string_view text);
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_ARTICLE_READER_H_
