#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace payback {

/// Stable error codes. Tests assert codes, never message wording.
enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidInput,   ///< bad data in a file, a bad setting, a bad formula
  kNotFound,       ///< a workspace, conversion, user or file that does not exist
  kAlreadyExists,  ///< e.g. `init` on a non-empty directory
  kIoError,        ///< the operating system refused a read or write
  kCorruption,     ///< a checksum or format check failed on stored data
  kUsage,          ///< a request that is malformed (unknown model, bad option value)
  kInternal,       ///< a bug
};

/// Where an error was found: a file, a line (1-based, 0 = unknown), a field or
/// column name, and for formulas a 1-based character column (0 = unknown).
struct ErrorLocation {
  std::string file;
  int64_t line = 0;
  std::string field;
  int64_t column = 0;
};

/// The outcome of an operation that can fail in an expected way (leveldb's Status).
/// Cheap when OK (no allocation). Immutable after construction; safe to share
/// between threads for reading.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg, ErrorLocation loc = {}) {
    return Status(StatusCode::kInvalidInput, std::move(msg), std::move(loc));
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) {
    return Status(StatusCode::kAlreadyExists, std::move(msg));
  }
  static Status IoError(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) {
    return Status(StatusCode::kCorruption, std::move(msg));
  }
  static Status Usage(std::string msg) { return Status(StatusCode::kUsage, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  Status(StatusCode code, std::string msg, ErrorLocation loc = {})
      : code_(code), message_(std::move(msg)), location_(std::move(loc)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  /// The reason alone, without the location.
  const std::string& message() const { return message_; }
  const ErrorLocation& location() const { return location_; }
  /// "file:line: field: reason" with the parts that are known; "OK" when ok().
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  ErrorLocation location_;
};

/// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  /// The error; Status::Ok() when ok().
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }
  /// Requires ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace payback

/// Returns early with the Status of `expr` when it is not OK.
#define PAYBACK_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::payback::Status payback_status_ = (expr);        \
    if (!payback_status_.ok()) return payback_status_; \
  } while (false)

#define PAYBACK_CONCAT_INNER(a, b) a##b
#define PAYBACK_CONCAT(a, b) PAYBACK_CONCAT_INNER(a, b)
/// `PAYBACK_ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a Result or returns its Status.
#define PAYBACK_ASSIGN_OR_RETURN(lhs, expr) \
  PAYBACK_ASSIGN_OR_RETURN_IMPL(PAYBACK_CONCAT(payback_result_, __LINE__), lhs, expr)
#define PAYBACK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
