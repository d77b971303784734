#pragma once
// HTTP requests and responses as plain data, so that handlers, pages and tests never include
// Boost.Beast: only server.cpp does.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "itaku/core/error.hpp"

namespace itaku::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };
std::string_view to_string(Method method);

// The language a response speaks: Japanese unless the caller chose English.
enum class Language { Ja, En };

struct Request {
  Method method = Method::Get;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_address;
  bool secure = false;  // arrived over TLS
  // Filled by the router from the route pattern: /api/v1/contracts/{id} → {"id": …}.
  std::map<std::string, std::string> params;
  std::string route_name;  // set by the router, for metrics

  std::optional<std::string_view> header(std::string_view name) const;  // name lower-case
  std::optional<std::string> cookie(std::string_view name) const;
  // From ?lang=, else the itaku_lang cookie, else Accept-Language, else Japanese.
  Language language() const;
  // The body's fields: application/x-www-form-urlencoded, or multipart/form-data (RFC 7578)
  // when the Content-Type says so. A multipart field's value is its part's bytes exactly (a file
  // uploaded through the form, say), and a file part also gives "<name>.filename", the name the
  // browser sent, so that a page can tell an .xlsx from a .csv. A part without a name is left
  // out; a malformed multipart body, or one of more than 100 parts or with more than 8 KiB of
  // header lines in a part, gives no fields at all.
  std::map<std::string, std::string> form() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response html(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response redirect(std::string location, int status = 303);
  // {"error":{"code":…,"message":{"ja":…,"en":…},"details":{…}}} with the error's status.
  static Response error(const Error& error);
};

std::string percent_decode(std::string_view text);
std::string percent_encode(std::string_view text);
// A number in a URL (a ledger index): decimal digits only, no sign, no leading zero, fitting
// 64 bits; nullopt otherwise.
std::optional<std::uint64_t> url_number(std::string_view text);
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace itaku::http
