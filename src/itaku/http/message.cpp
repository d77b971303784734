#include "itaku/http/message.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "itaku/core/log.hpp"

namespace itaku::http {

std::string_view to_string(Method method) {
  switch (method) {
    case Method::Get: return "GET";
    case Method::Head: return "HEAD";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Patch: return "PATCH";
    case Method::Delete: return "DELETE";
    case Method::Options: return "OPTIONS";
    case Method::Other: return "OTHER";
  }
  return "OTHER";
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  const auto all = header("cookie");
  if (!all) return std::nullopt;
  std::string_view rest = *all;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    auto pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

Language Request::language() const {
  if (auto it = query.find("lang"); it != query.end()) return it->second == "en" ? Language::En : Language::Ja;
  if (auto c = cookie("itaku_lang")) return *c == "en" ? Language::En : Language::Ja;
  if (auto accept = header("accept-language")) {
    // The first listed language decides; Japanese unless it is English.
    if (accept->starts_with("en")) return Language::En;
  }
  return Language::Ja;
}

namespace {

// multipart/form-data (RFC 7578, with RFC 2046's framing), bounded so that a body made to be
// expensive costs no more than reading it once: a browser's form sends a few parts with short
// headers.
constexpr std::size_t kMaxBoundaryChars = 70;  // RFC 2046 §5.1.1
constexpr std::size_t kMaxParts = 100;
constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;
constexpr std::string_view kCrLf = "\r\n";

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A header value with parameters, such as `form-data; name="file"; filename="受講記録.xlsx"`:
// the value before the first ';' and the parameters by lower-case name (the first of a name
// counts). A parameter's value is a token or a quoted string, in which \" and \\ stand for " and
// \ (a browser writes a " in a file name as %22, and other backslashes are kept as sent).
struct HeaderValue {
  std::string_view value;
  std::map<std::string, std::string> parameters;
};

std::optional<HeaderValue> parse_header_value(std::string_view text) {
  HeaderValue out;
  const auto semicolon = text.find(';');
  out.value = trim(text.substr(0, semicolon));
  std::string_view rest = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
  for (rest = trim(rest); !rest.empty(); rest = trim(rest)) {
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string name(trim(rest.substr(0, eq)));
    if (name.empty()) return std::nullopt;
    std::transform(name.begin(), name.end(), name.begin(), ascii_lower);
    rest = trim(rest.substr(eq + 1));
    std::string value;
    if (rest.starts_with('"')) {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size() && (rest[i + 1] == '"' || rest[i + 1] == '\\')) ++i;
        value += rest[i];
      }
      if (i == rest.size()) return std::nullopt;  // no closing quote
      rest.remove_prefix(i + 1);
    } else {
      const auto end = rest.find(';');
      value = trim(rest.substr(0, end));
      rest = rest.substr(std::min(end, rest.size()));
    }
    rest = trim(rest);
    // What follows a value is the next parameter's ';', or the end.
    if (!rest.empty() && !rest.starts_with(';')) return std::nullopt;
    if (!rest.empty()) rest.remove_prefix(1);
    out.parameters.emplace(std::move(name), std::move(value));
  }
  return out;
}

// RFC 2046 §5.1.1: 1 to 70 characters of digits, letters and '()+_,-./:=? and space, not
// ending in a space.
bool valid_boundary(std::string_view boundary) {
  constexpr std::string_view kOther = "'()+_,-./:=? ";
  if (boundary.empty() || boundary.size() > kMaxBoundaryChars || boundary.back() == ' ') return false;
  return std::all_of(boundary.begin(), boundary.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kOther.find(c) != std::string_view::npos;
  });
}

// Adds the field a part holds, if it names one; false when its headers are malformed.
bool add_part(std::map<std::string, std::string>& fields, std::string_view headers, std::string_view content) {
  std::optional<std::string_view> disposition;
  while (!headers.empty()) {
    const auto end = headers.find(kCrLf);
    const auto line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + kCrLf.size());
    const auto colon = line.find(':');
    // A folded line (obsolete, RFC 9112 §5.2) or a line that is not a header is malformed.
    if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' || line.front() == '\t') return false;
    if (equals_ignoring_case(trim(line.substr(0, colon)), "content-disposition"))
      disposition = trim(line.substr(colon + 1));
  }
  if (!disposition) return true;
  const auto parsed = parse_header_value(*disposition);
  if (!parsed) return false;
  if (!equals_ignoring_case(parsed->value, "form-data")) return true;
  const auto name = parsed->parameters.find("name");
  if (name == parsed->parameters.end() || name->second.empty()) return true;
  fields[name->second] = std::string(content);
  const auto filename = parsed->parameters.find("filename");
  if (filename != parsed->parameters.end())
    fields[name->second + ".filename"] = filename->second;
  else
    fields.erase(name->second + ".filename");
  return true;
}

// The fields of a multipart/form-data body; none when it is malformed or has too many parts.
std::map<std::string, std::string> parse_multipart(std::string_view body, std::string_view boundary) {
  if (!valid_boundary(boundary)) return {};
  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = std::string(kCrLf) + dash_boundary;
  // The first boundary starts the body or follows a preamble, which is ignored.
  std::size_t at = 0;
  if (body.starts_with(dash_boundary)) {
    at = dash_boundary.size();
  } else {
    const auto first = body.find(delimiter);
    if (first == std::string_view::npos) return {};
    at = first + delimiter.size();
  }
  std::map<std::string, std::string> fields;
  for (std::size_t parts = 0;; ++parts) {
    // After a boundary: "--" ends the body (what follows is an epilogue, ignored); otherwise
    // optional white space and CRLF start a part.
    if (body.substr(at).starts_with("--")) return fields;
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
    if (!body.substr(at).starts_with(kCrLf) || parts == kMaxParts) return {};
    at += kCrLf.size();
    // The part's header lines end with an empty line, which comes first when it has none.
    std::string_view headers;
    if (body.substr(at).starts_with(kCrLf)) {
      at += kCrLf.size();
    } else {
      const auto window = body.substr(at, kMaxPartHeaderBytes + 2 * kCrLf.size());
      const auto end = window.find("\r\n\r\n");
      if (end == std::string_view::npos) return {};
      headers = window.substr(0, end);
      at += end + 2 * kCrLf.size();
    }
    // The content is every byte up to the CRLF before the next boundary.
    const auto end = body.find(delimiter, at);
    if (end == std::string_view::npos) return {};
    if (!add_part(fields, headers, body.substr(at, end - at))) return {};
    at = end + delimiter.size();
  }
}

}  // namespace

std::map<std::string, std::string> Request::form() const {
  if (const auto type = header("content-type")) {
    const auto media_type = trim(type->substr(0, type->find(';')));
    if (equals_ignoring_case(media_type, "multipart/form-data")) {
      const auto parsed = parse_header_value(*type);
      if (!parsed) return {};
      const auto boundary = parsed->parameters.find("boundary");
      return boundary == parsed->parameters.end() ? std::map<std::string, std::string>()
                                                  : parse_multipart(body, boundary->second);
    }
  }
  return parse_query(body);
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, v] : headers)
    if (key == name) {
      v = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.set_header("Content-Type", "application/json; charset=utf-8");
  return r;
}

Response Response::html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::move(content_type));
  return r;
}

Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.set_header("Location", std::move(location));
  return r;
}

Response Response::error(const Error& error) {
  const int status = http_status(error.kind);
  nlohmann::json details = nlohmann::json::object();
  if (status < 500) {
    for (const auto& [key, value] : error.context) details[key] = value;
  } else {
    // A failure on the server's side names its internals (the database and what its server
    // said, a file, a stack of causes): they go to the operator's log, and the caller gets the
    // stable code and message only, whoever they are.
    log::warn("http.server_error", {{"status", status}, {"error", error.describe()}});
    if (const auto retry = error.context.find("retry_after_s"); retry != error.context.end())
      details["retry_after_s"] = retry->second;
  }
  auto response = json(
      status,
      {{"error",
        {{"code", error.code}, {"message", {{"ja", error.message_ja}, {"en", error.message}}}, {"details", details}}}});
  // RFC 9110 §10.2.3: how many seconds to wait, for an error that says so.
  if (const auto retry = error.context.find("retry_after_s"); retry != error.context.end())
    response.set_header("Retry-After", retry->second);
  return response;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else if (text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto end = query.find('&');
    const auto pair = query.substr(0, end);
    const auto eq = pair.find('=');
    if (!pair.empty())
      out[percent_decode(pair.substr(0, eq))] =
          eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return out;
}

std::optional<std::uint64_t> url_number(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace itaku::http
