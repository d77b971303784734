#include "itaku/core/schema.hpp"

namespace itaku::schema {

std::string describe(const Problem& problem) {
  switch (problem.kind) {
    case Problem::Kind::Missing: return "the member " + problem.path + " is missing";
    case Problem::Kind::Type: return "the member " + problem.path + " has the wrong type";
    case Problem::Kind::Value: return "the member " + problem.path + " is not valid (" + problem.detail + ")";
  }
  return problem.path;
}

namespace detail {

void describe_in_schema(const Doc& doc, nlohmann::json& schema) {
  if (!doc.label.en.empty()) schema["title"] = doc.label.en;
  if (!doc.label.ja.empty()) schema["x-label-ja"] = doc.label.ja;
  if (!doc.help.en.empty()) schema["description"] = doc.help.en;
  if (!doc.help.ja.empty()) schema["x-help-ja"] = doc.help.ja;
  if (doc.max_length > 0) schema["maxLength"] = doc.max_length;
  switch (doc.format) {
    case Format::Text: break;
    case Format::Multiline: schema["x-multiline"] = true; break;
    case Format::Id: schema["pattern"] = "^[a-z0-9][a-z0-9._-]{0,63}$"; break;
    case Format::Date: schema["format"] = "date"; break;
    case Format::DateOrTime: schema["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*Z)?$"; break;
    case Format::Email: schema["format"] = "email"; break;
    case Format::Reference: schema["x-refers"] = doc.refers; break;
    case Format::Digest: schema["pattern"] = "^[0-9a-f]{64}$"; break;
  }
}

}  // namespace detail

}  // namespace itaku::schema
