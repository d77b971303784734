#include "itaku/core/error.hpp"

namespace itaku {

namespace {
std::string with_context(const std::string& message, const std::map<std::string, std::string>& context) {
  if (context.empty()) return message;
  std::string out = message + " (";
  bool first = true;
  for (const auto& [key, value] : context) {
    if (!first) out += ", ";
    first = false;
    out += key + "=" + value;
  }
  return out + ")";
}
}  // namespace

std::string Error::describe() const { return with_context(message, context); }
std::string Error::describe_ja() const { return with_context(message_ja, context); }

Error make_error(ErrorKind kind, std::string code, std::string message_ja, std::string message) {
  return Error{kind, std::move(code), std::move(message), std::move(message_ja), {}};
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Invalid: return exit_codes::kInvalid;
    case ErrorKind::NotFound: return exit_codes::kNotFound;
    case ErrorKind::Conflict: return exit_codes::kConflict;
    case ErrorKind::Denied:
    case ErrorKind::Unauthenticated:
    case ErrorKind::Throttled: return exit_codes::kDenied;
    case ErrorKind::Unavailable:
    case ErrorKind::Io: return exit_codes::kUnavailable;
    case ErrorKind::Tampered: return exit_codes::kTampered;
    case ErrorKind::Internal: return exit_codes::kFailure;
  }
  return exit_codes::kFailure;
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Invalid: return 400;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::Denied: return 403;
    case ErrorKind::Unauthenticated: return 401;
    case ErrorKind::Throttled: return 429;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Io: return 500;
    case ErrorKind::Tampered: return 422;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Denied: return "denied";
    case ErrorKind::Unauthenticated: return "unauthenticated";
    case ErrorKind::Throttled: return "throttled";
    case ErrorKind::Unavailable: return "unavailable";
    case ErrorKind::Io: return "io";
    case ErrorKind::Tampered: return "tampered";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace itaku
