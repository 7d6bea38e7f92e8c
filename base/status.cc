#include "base/status.h"

namespace isnad {

std::string Status::ToString() const {
  const char* prefix = "OK";
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      prefix = "invalid argument";
      break;
    case Code::kNotFound:
      prefix = "not found";
      break;
    case Code::kIOError:
      prefix = "I/O error";
      break;
    case Code::kCorruption:
      prefix = "corruption";
      break;
    case Code::kBusy:
      prefix = "busy";
      break;
    case Code::kNotSupported:
      prefix = "not supported";
      break;
  }
  return std::string(prefix) + ": " + message_;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code_, std::string(context) + message_);
}

}  // namespace isnad
