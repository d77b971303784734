// The provision-set page. Who may read a set is domain::may_read_provision_sets; which of its
// contracts are listed, domain::contract_access.

#include "itaku/web/provision_pages.hpp"

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "itaku/domain/authorization.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/views.hpp"

namespace itaku::web {

namespace {

using domain::State;
using http::Response;
using nlohmann::json;

class ProvisionPages : public PageViews {
 public:
  explicit ProvisionPages(api::AppContext& app) : PageViews(app, {}) {}

  Response show(const Page& page, const std::string& name, const std::string& version) const {
    if (!domain::may_read_provision_sets(*page.principal)) return not_found(page);
    auto data = app_.service.read([&](const State& s) -> std::optional<json> {
      const auto* set = s.provision_set(name, version);
      if (!set) return std::nullopt;
      json clauses = json::array();
      for (const auto& clause : set->clauses) clauses.push_back(clause_view(page, clause));
      json versions = json::array();
      for (const auto& [other, _] : s.provision_sets.at(name))
        versions.push_back({{"version", other}, {"url", provisions_url(name, other)}, {"current", other == version}});
      json contracts = json::array();
      for (const auto& [id, c] : s.contracts)
        if (c.provisions.name == name && c.provisions.version == version &&
            domain::contract_access(s, *page.principal, c).visible)
          contracts.push_back(contract_head(page, c));
      return json{{"name", set->name},
                  {"version", set->version},
                  {"municipality", set->municipality},
                  {"title", page.language == http::Language::En && !set->title_en.empty() ? set->title_en : set->title},
                  {"hash", set->content_hash},
                  {"clauses", clauses},
                  {"versions", versions},
                  {"contracts", contracts},
                  {"has_contracts", !contracts.empty()}};
    });
    if (!data) return not_found(page);
    const auto title = (*data)["municipality"].get<std::string>() + " " + (*data)["title"].get<std::string>();
    return render(page, 200, "provision_set", "dashboard", title, std::move(*data));
  }
};

}  // namespace

void register_provision_pages(http::Router& router, api::AppContext& app) {
  const auto page = PageFrame::signed_in_routes(std::make_shared<ProvisionPages>(app), "dashboard");
  router.get("/provisions/{name}/{version}", "pages.provision_set", page([](const ProvisionPages& p, const Page& pg) {
               return p.show(pg, pg.param("name"), pg.param("version"));
             }));
}

}  // namespace itaku::web
