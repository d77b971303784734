#include "itaku/web/i18n.hpp"

#include <utility>

#include <fmt/format.h>

#include "itaku/web/assets.hpp"

namespace itaku::web {

namespace {

Result<void> flatten(const nlohmann::json& node, const std::string& prefix, std::string_view file,
                     std::map<std::string, std::string, std::less<>>& out) {
  for (const auto& [key, value] : node.items()) {
    const auto path = prefix.empty() ? key : prefix + "." + key;
    if (key.empty() || key.find('.') != std::string::npos)
      return make_error(ErrorKind::Invalid, "i18n.malformed", "メッセージカタログのキーが正しくありません",
                        "a message catalog key is malformed")
          .with("file", std::string(file))
          .with("key", path);
    if (value.is_object()) {
      TRY(flatten(value, path, file, out));
    } else if (value.is_string()) {
      out[path] = value.get<std::string>();
    } else {
      return make_error(ErrorKind::Invalid, "i18n.malformed", "メッセージカタログの値は文字列でなければなりません",
                        "a message catalog value must be a string")
          .with("file", std::string(file))
          .with("key", path);
    }
  }
  return ok();
}

Result<nlohmann::json> parse_one(std::string_view text, std::string_view file,
                                 std::map<std::string, std::string, std::less<>>& flat) {
  nlohmann::json tree;
  try {
    tree = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Invalid, "i18n.malformed", "メッセージカタログがJSONとして読めません",
                      "a message catalog is not valid JSON")
        .with("file", std::string(file))
        .with("detail", e.what());
  }
  if (!tree.is_object())
    return make_error(ErrorKind::Invalid, "i18n.malformed", "メッセージカタログはオブジェクトでなければなりません",
                      "a message catalog must be an object")
        .with("file", std::string(file));
  TRY(flatten(tree, "", file, flat));
  return tree;
}

}  // namespace

Result<Catalog> Catalog::parse(std::string_view ja, std::string_view en) {
  Catalog catalog;
  catalog.ja_ = TRY(parse_one(ja, "ja.json", catalog.flat_ja_));
  catalog.en_ = TRY(parse_one(en, "en.json", catalog.flat_en_));
  return catalog;
}

const Catalog& Catalog::builtin() {
  static const Catalog kCatalog = [] {
    auto parsed = parse(asset("i18n/ja.json").value_or("{}"), asset("i18n/en.json").value_or("{}"));
    // The catalogs are part of the binary: a broken one is a build defect, caught by the
    // unit tests, never something a request can cause.
    ITAKU_CHECK(parsed.ok());
    return parsed.release_value();
  }();
  return kCatalog;
}

std::string Catalog::text(http::Language language, std::string_view key) const {
  const auto& flat = language == http::Language::En ? flat_en_ : flat_ja_;
  if (auto it = flat.find(key); it != flat.end()) return it->second;
  return std::string(key);
}

std::string Catalog::format(http::Language language, std::string_view key,
                            const std::vector<std::pair<std::string, std::string>>& args) const {
  std::string out = text(language, key);
  for (const auto& [name, value] : args) {
    const auto placeholder = "{" + name + "}";
    for (auto at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at + value.size()))
      out.replace(at, placeholder.size(), value);
  }
  return out;
}

const nlohmann::json& Catalog::tree(http::Language language) const {
  return language == http::Language::En ? en_ : ja_;
}

std::vector<std::string> Catalog::keys(http::Language language) const {
  const auto& flat = language == http::Language::En ? flat_en_ : flat_ja_;
  std::vector<std::string> out;
  out.reserve(flat.size());
  for (const auto& [key, value] : flat) out.push_back(key);
  return out;
}

std::string date_text(const Catalog& catalog, http::Language language, std::string_view iso_date) {
  auto parsed = parse_date(iso_date);
  if (!parsed) return std::string(iso_date);
  return catalog.format(language, "format.date", {{"date", std::string(iso_date)}, {"wareki", format_wareki(*parsed)}});
}

std::string date_text(const Catalog& catalog, http::Language language, Timestamp at) {
  return date_text(catalog, language, format_date(jst_date(at)));
}

namespace {

// "14:31 JST", and the day in Japan, of an instant.
std::pair<std::chrono::year_month_day, std::string> jst_day_and_clock(Timestamp at) {
  const auto local = at + std::chrono::hours(9);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(local);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::hh_mm_ss hms(seconds - day);
  return {std::chrono::year_month_day(day),
          fmt::format("{:02d}:{:02d} JST", hms.hours().count(), hms.minutes().count())};
}

}  // namespace

std::string time_text(Timestamp at) {
  const auto [day, clock] = jst_day_and_clock(at);
  return format_date(day) + " " + clock;
}

std::string moment_text(const Catalog& catalog, http::Language language, Timestamp at) {
  const auto [day, clock] = jst_day_and_clock(at);
  return date_text(catalog, language, format_date(day)) + " " + clock;
}

}  // namespace itaku::web
