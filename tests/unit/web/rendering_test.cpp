// The pieces of the web pages that need no server: message catalogs, templates, date
// formatting and the roster edit form's translation to a roster.

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "itaku/web/assets.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/render.hpp"
#include "itaku/web/roster_form.hpp"

namespace itaku::testing {
namespace {

using http::Language;
using web::Catalog;

TEST(Catalog, JapaneseAndEnglishHaveExactlyTheSameKeys) {
  const auto& catalog = Catalog::builtin();
  const auto ja = catalog.keys(Language::Ja);
  const auto en = catalog.keys(Language::En);
  EXPECT_GT(ja.size(), 100u);
  EXPECT_EQ(ja, en);
}

TEST(Catalog, EveryMessageATemplateUsesExistsInBothLanguages) {
  const auto& catalog = Catalog::builtin();
  const auto keys = catalog.keys(Language::Ja);
  const std::set<std::string> known(keys.begin(), keys.end());
  const std::regex reference(R"re(\{\{\s*t\.([a-z_.]+)\s*\}\})re");
  int references = 0;
  for (const auto& path : web::asset_paths("templates/")) {
    const std::string text(*web::asset(path));
    for (std::sregex_iterator it(text.begin(), text.end(), reference), end; it != end; ++it) {
      ++references;
      EXPECT_TRUE(known.contains((*it)[1].str())) << path << " uses t." << (*it)[1].str();
    }
  }
  EXPECT_GT(references, 100);
}

TEST(Catalog, FormatsPlaceholdersAndShowsAMissingKeyAsItself) {
  const auto& catalog = Catalog::builtin();
  EXPECT_EQ(catalog.format(Language::Ja, "roster.version_n", {{"n", "3"}}), "第3版");
  EXPECT_EQ(catalog.format(Language::En, "roster.version_n", {{"n", "3"}}), "Version 3");
  EXPECT_EQ(catalog.text(Language::Ja, "no.such.key"), "no.such.key");
}

TEST(Catalog, RefusesAMalformedCatalog) {
  EXPECT_EQ(Catalog::parse("{", "{}").error().code, "i18n.malformed");
  EXPECT_EQ(Catalog::parse(R"re({"a":1})re", "{}").error().code, "i18n.malformed");
  EXPECT_EQ(Catalog::parse("{}", R"re({"a":{"b":[]}})re").error().code, "i18n.malformed");
  EXPECT_TRUE(Catalog::parse(R"re({"a":{"b":"x"}})re", "{}").ok());
}

TEST(Dates, AreShownWithTheirJapaneseEraAndTimesInJst) {
  const auto& catalog = Catalog::builtin();
  EXPECT_EQ(web::date_text(catalog, Language::Ja, "2026-04-01"), "2026-04-01（令和8年4月1日）");
  EXPECT_EQ(web::date_text(catalog, Language::En, "2026-04-01"), "2026-04-01 (令和8年4月1日)");
  EXPECT_EQ(web::date_text(catalog, Language::Ja, "not a date"), "not a date");
  // 2026-11-21T20:30Z is already the 22nd in Japan.
  const auto at = parse_utc("2026-11-21T20:30:00Z").value();
  EXPECT_EQ(web::time_text(at), "2026-11-22 05:30 JST");
  EXPECT_EQ(web::date_text(catalog, Language::Ja, at), "2026-11-22（令和8年11月22日）");
}

TEST(Templates, EscapeHtmlAndTreatEmptyTextAsAbsent) {
  auto html = web::render_template("error", {{"heading", "<script>alert(1)</script>"}, {"message", ""}, {"t", {}}});
  ASSERT_TRUE(html.ok()) << html.error().describe();
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(web::render_template("no_such_page", {}).error().code, "web.template_unknown");
}

TEST(Templates, PartialsNestToAnyDepth) {
  nlohmann::json leaf{{"symbol", "丙"},
                      {"name", "孫請"},
                      {"roster_anchor", ""},
                      {"engaged_by", ""},
                      {"children", nlohmann::json::array()},
                      {"has_children", false}};
  nlohmann::json middle = leaf;
  middle["name"] = "子請";
  middle["children"] = nlohmann::json::array({leaf});
  middle["has_children"] = true;
  auto html = web::render_template("_party", middle);
  ASSERT_TRUE(html.ok()) << html.error().describe();
  EXPECT_NE(html->find("子請"), std::string::npos);
  EXPECT_NE(html->find("<ul><li><span class=\"symbol\">丙</span> 孫請"), std::string::npos);
}

TEST(Assets, StaticFilesHaveTheirContentTypesAndFingerprints) {
  ASSERT_TRUE(web::asset("static/app.css").has_value());
  ASSERT_TRUE(web::asset("static/app.js").has_value());
  EXPECT_EQ(web::content_type("app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(web::content_type("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(web::content_type("icon.svg"), "image/svg+xml");
  EXPECT_EQ(web::asset_version("static/app.css").size(), 12u);
  EXPECT_NE(web::asset_version("static/app.css"), web::asset_version("static/app.js"));
  EXPECT_FALSE(web::asset("../CMakeLists.txt").has_value());
}

TEST(RosterForm, KeepsEveryRowAndDropsBlankAndRemovedOnes) {
  domain::Roster roster;
  roster.responsible = "p-a";
  roster.information_manager = "p-b";
  roster.workers = {{"p-c", "運用", "2026-04-01", ""}};
  roster.locations = {{"hq", "本社", "長野市", false, "08:30-17:30"}, {"loc-1", "分室", "長野市", false, ""}};
  roster.access = {{"個人情報", "p-c", "view"}};
  const auto form = web::form_from_roster(roster, 4);
  EXPECT_EQ(form.base_version, 4);
  EXPECT_EQ(form.locations[0].value.hours, "08:30-17:30");  // the registered hours are in the form
  EXPECT_EQ(web::roster_from_form(form).locations[0].hours, "08:30-17:30");
  EXPECT_EQ(web::roster_from_form(form).workers.size(), 1u);

  const std::map<std::string, std::string> fields = {
      {"responsible", " p-a "},
      {"information_manager", "p-b"},
      {"manager_is_pio", "yes"},
      {"note", "追加"},
      {"base_version", "4"},
      {"worker.0.fixed", "yes"},
      {"worker.0.person", "p-c"},
      {"worker.0.work", "運用"},
      {"worker.0.from", "2026-04-01"},
      {"worker.0.until", "2026-09-30"},
      {"worker.1.person", ""},  // a blank new row
      {"worker.1.work", ""},
      {"worker.12.person", "p-d"},
      {"worker.12.work", "開発"},
      {"worker.12.from", "2026-10-01"},
      {"worker.9999.person", "p-x"},  // beyond the row limit: ignored
      {"worker.x.person", "p-y"},     // not an index: ignored
      {"location.0.fixed", "yes"},
      {"location.0.id", "hq"},
      {"location.0.name", "本社"},
      {"location.0.remove", "yes"},
      {"location.1.fixed", "yes"},
      {"location.1.id", "loc-1"},
      {"location.1.name", "分室"},
      {"location.2.name", "市役所 電算室"},
      {"location.2.address", "長野市鶴賀"},
      {"location.2.city_premises", "yes"},
      {"location.2.hours", " 08:30-17:15 "},
      {"access.0.fixed", "yes"},
      {"access.0.asset_class", "個人情報"},
      {"access.0.person", "p-c"},
      {"access.0.permission", "view"},
      {"access.0.remove", "yes"},
      {"access.1.asset_class", ""},
      {"access.1.permission", "view"},  // blank: the select always sends a value
      {"access.2.asset_class", "設計書"},
      {"access.2.person", "p-d"},
      {"access.2.permission", "use"},
  };
  const auto parsed = web::parse_roster_form(fields);
  EXPECT_EQ(parsed.responsible, "p-a");
  EXPECT_TRUE(parsed.manager_is_pio);
  EXPECT_EQ(parsed.base_version, 4);
  EXPECT_EQ(parsed.workers.size(), 3u);

  const auto result = web::roster_from_form(parsed);
  ASSERT_EQ(result.workers.size(), 2u);
  EXPECT_EQ(result.workers[0].until, "2026-09-30");
  EXPECT_EQ(result.workers[1].person, "p-d");
  ASSERT_EQ(result.locations.size(), 2u);
  EXPECT_EQ(result.locations[0].id, "loc-1");
  EXPECT_EQ(result.locations[1].id, "loc-2");  // a fresh id, not the one kept
  EXPECT_TRUE(result.locations[1].city_premises);
  EXPECT_EQ(result.locations[1].hours, "08:30-17:15");
  EXPECT_EQ(result.locations[0].hours, "");
  ASSERT_EQ(result.access.size(), 1u);
  EXPECT_EQ(result.access[0].asset_class, "設計書");
  EXPECT_EQ(result.access[0].permission, "use");
}

}  // namespace
}  // namespace itaku::testing
