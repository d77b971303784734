// The pages of every capability, registered in one place, and the static files they use.

#include "itaku/web/pages.hpp"

#include <memory>
#include <string>

#include "itaku/web/approval_pages.hpp"
#include "itaku/web/asset_class_pages.hpp"
#include "itaku/web/asset_pages.hpp"
#include "itaku/web/assets.hpp"
#include "itaku/web/badge_pages.hpp"
#include "itaku/web/compliance_pages.hpp"
#include "itaku/web/contract_pages.hpp"
#include "itaku/web/disposal_pages.hpp"
#include "itaku/web/frame.hpp"
#include "itaku/web/ledger_pages.hpp"
#include "itaku/web/monitoring_pages.hpp"
#include "itaku/web/people_pages.hpp"
#include "itaku/web/provision_pages.hpp"
#include "itaku/web/roster_pages.hpp"
#include "itaku/web/session_pages.hpp"
#include "itaku/web/training_pages.hpp"
#include "itaku/web/transfer_pages.hpp"

namespace itaku::web {

namespace {

using http::Request;
using http::Response;

// The CSS, JS, fonts and icons under /static/, with their fingerprints as ETags.
class StaticFiles : public PageFrame {
 public:
  explicit StaticFiles(api::AppContext& app) : PageFrame(app, {}) {}

  Response file(const Request& request, const std::string& name) const {
    const auto path = "static/" + name;
    const auto content = asset(path);
    if (!content) return not_found(Page{request, request.language(), nullptr, "/"});
    const auto version = asset_version(path);
    const auto etag = "\"" + version + "\"";
    Response r;
    const auto match = request.header("if-none-match");
    if (match && *match == etag) {
      r.status = 304;
    } else {
      r = Response::text(200, std::string(*content), std::string(content_type(name)));
    }
    r.set_header("ETag", etag);
    // A URL with the file's fingerprint never changes its content; a bare one may, on upgrade.
    auto v = request.query.find("v");
    r.set_header("Cache-Control", v != request.query.end() && v->second == version
                                      ? "public, max-age=31536000, immutable"
                                      : "public, max-age=300");
    return r;
  }
};

}  // namespace

void register_pages(http::Router& router, api::AppContext& app) {
  register_session_pages(router, app);
  auto files = std::make_shared<StaticFiles>(app);
  router.get("/static/{file}", "pages.static", [files](Request& r) { return files->file(r, r.params.at("file")); });
  register_contract_pages(router, app);
  register_roster_pages(router, app);
  register_people_pages(router, app);
  register_ledger_pages(router, app);
  register_asset_class_pages(router, app);
  register_asset_pages(router, app);
  register_transfer_pages(router, app);
  register_monitoring_pages(router, app);
  register_badge_pages(router, app);
  register_approval_pages(router, app);
  register_training_pages(router, app);
  register_provision_pages(router, app);
  register_compliance_pages(router, app);
  register_disposal_pages(router, app);
}

}  // namespace itaku::web
