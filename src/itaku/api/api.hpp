#pragma once
// The JSON API under /api/v1, plus /healthz and /metrics. Every route checks who may see or
// do what (authorization.hpp); errors are {"error":{"code","message":{"ja","en"},"details"}}.

#include <nlohmann/json.hpp>

#include "itaku/api/context.hpp"
#include "itaku/auth/principal.hpp"
#include "itaku/http/router.hpp"

namespace itaku::api {

// Every route: each capability's (routes.hpp) and the instance's own.
void register_api(http::Router& router, AppContext& app);

// The inclusion proof of entry `index` (docs/LEDGER.md) as `principal` may have it: with the
// entry's bytes when they may read it (may_read_entry), else without them — the leaf hash,
// the proof and the checkpoint still show that the entry is in the ledger. The API and the
// pages both answer with this.
Result<nlohmann::json> inclusion_proof_for(AppContext& app, const auth::Principal& principal, std::uint64_t index);

// The OpenAPI 3.1 document for the routes registered by register_api.
nlohmann::json openapi_document();

}  // namespace itaku::api
