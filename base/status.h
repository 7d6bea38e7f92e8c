// Status is what every module boundary in Isnad returns instead of throwing:
// a code and, when not ok, a message that names what went wrong and where
// (file, line, byte offset). Modelled on LevelDB's Status.
#ifndef ISNAD_BASE_STATUS_H_
#define ISNAD_BASE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace isnad {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the caller's input is wrong: bad flag, malformed file
    kNotFound,         // a named thing (file, entity, store) does not exist
    kIOError,          // the operating system or the store failed
    kCorruption,       // stored data breaks an invariant
    kBusy,             // another process holds the store
    kNotSupported,     // e.g. a store written by a newer format
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status NotSupported(std::string msg) {
    return Status(Code::kNotSupported, std::move(msg));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }

  const std::string& message() const { return message_; }
  // "Invalid argument: <message>" and the like; "OK" when ok.
  std::string ToString() const;

  // A copy whose message is prefixed with `context` ("file.txt: ").
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace isnad

#endif  // ISNAD_BASE_STATUS_H_
