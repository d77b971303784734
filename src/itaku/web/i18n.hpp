#pragma once
// The pages' message catalogs, web/i18n/ja.json and web/i18n/en.json: every string a person
// reads on a page comes from them (errors from the domain carry their own ja/en messages).
// Keys are dotted paths into the nested JSON objects: "contract.period".

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/result.hpp"
#include "itaku/http/message.hpp"

namespace itaku::web {

class Catalog {
 public:
  // Both catalogs must be JSON objects whose leaves are strings (i18n.malformed otherwise).
  static Result<Catalog> parse(std::string_view ja, std::string_view en);
  // The catalogs compiled into the binary.
  static const Catalog& builtin();

  // The message at `key`; the key itself when it is missing, so that a gap shows on the page
  // instead of breaking it (the unit tests check that both catalogs have every key).
  std::string text(http::Language language, std::string_view key) const;
  // text() with each "{name}" replaced by its argument.
  std::string format(http::Language language, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& args) const;
  // The whole catalog as nested objects, handed to templates as `t` ({{t.nav.ledger}}).
  const nlohmann::json& tree(http::Language language) const;
  // Every dotted key of one language, sorted.
  std::vector<std::string> keys(http::Language language) const;

 private:
  nlohmann::json ja_, en_;
  std::map<std::string, std::string, std::less<>> flat_ja_, flat_en_;
};

// "2026-04-01（令和8年4月1日）" / "2026-04-01 (Reiwa: 令和8年4月1日)": a date as written in the
// ledger, with its 和暦 form; text that is not a date is returned as it is.
std::string date_text(const Catalog& catalog, http::Language language, std::string_view iso_date);
// The JST calendar date of an instant, with its 和暦 form.
std::string date_text(const Catalog& catalog, http::Language language, Timestamp at);
// "2026-11-22 14:31 JST": an instant as people in Japan read it.
std::string time_text(Timestamp at);
// "2026-11-22（令和8年11月22日） 14:31 JST": an instant with its 和暦 day, as a public check shows
// when a document was issued, to compare with the date printed on it.
std::string moment_text(const Catalog& catalog, http::Language language, Timestamp at);

}  // namespace itaku::web
