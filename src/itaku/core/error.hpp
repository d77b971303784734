#pragma once
// An expected failure, carried as a value: a stable machine-readable code, a message in
// Japanese and English, and context. The kind decides the HTTP status and the CLI exit code.

#include <map>
#include <string>
#include <string_view>

namespace itaku {

enum class ErrorKind {
  Invalid,          // the input is malformed or violates a rule; nothing was changed
  NotFound,         // the thing named does not exist
  Conflict,         // the request contradicts the current state
  Denied,           // the caller may not do this
  Unauthenticated,  // the caller is not signed in
  Throttled,        // too many attempts: try again later (context "retry_after_s" says when)
  Unavailable,      // a dependency (database, disk) cannot be reached
  Io,               // reading or writing failed
  Tampered,         // stored or supplied data does not verify
  Internal,         // a failure that is no one's input's fault
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string code;     // stable, dotted: "ledger.entry_edited"
  std::string message;  // English
  std::string message_ja;
  std::map<std::string, std::string> context;

  Error& with(std::string key, std::string value) & {
    context[std::move(key)] = std::move(value);
    return *this;
  }
  Error&& with(std::string key, std::string value) && {
    context[std::move(key)] = std::move(value);
    return std::move(*this);
  }

  // "message (key=value, …)" in English, for logs and CLI output.
  std::string describe() const;
  // The same in Japanese.
  std::string describe_ja() const;
};

Error make_error(ErrorKind kind, std::string code, std::string message_ja, std::string message);

// The process exit code for an error of this kind (documented in `itaku --help`).
int exit_code(ErrorKind kind);
// The HTTP status for an error of this kind.
int http_status(ErrorKind kind);
std::string_view to_string(ErrorKind kind);

namespace exit_codes {
inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;
inline constexpr int kUsage = 2;
inline constexpr int kInvalid = 3;
inline constexpr int kNotFound = 4;
inline constexpr int kConflict = 5;
inline constexpr int kDenied = 6;
inline constexpr int kUnavailable = 7;
inline constexpr int kTampered = 8;
}  // namespace exit_codes

}  // namespace itaku
