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

std::map<std::string, std::string> Request::form() const { return parse_query(body); }

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
