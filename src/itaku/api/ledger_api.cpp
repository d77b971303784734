// JSON API for the ledger: its latest signed checkpoint, and inclusion and consistency proofs
// (docs/LEDGER.md).

#include "itaku/api/routes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/ledger/proof_json.hpp"

namespace itaku::api {

Result<nlohmann::json> inclusion_proof_for(AppContext& app, const auth::Principal& principal, std::uint64_t index) {
  auto proof = TRY(ledger::inclusion_proof_json(app.ledger, index));
  const auto entry = proof.value("entry", std::string());
  if (!app.service.read([&](const domain::State& s) { return may_read_entry(s, principal, entry); }))
    proof.erase("entry");
  return proof;
}

void register_ledger_api(http::Router& router, AppContext& app) {
  using namespace routes;
  // --- ledger ---
  router.get("/api/v1/ledger/checkpoint", "ledger.checkpoint",
             guarded(app, Writes::No, [&app](Request&, const auth::Principal&) -> Result<Response> {
               auto latest = app.ledger.latest_checkpoint();
               if (!latest) latest = TRY(app.ledger.checkpoint_now());
               return Response::json(200, {{"origin", latest->checkpoint.origin},
                                           {"tree_size", latest->checkpoint.size},
                                           {"root_hash", crypto::base64_encode(latest->checkpoint.root)},
                                           {"note", latest->note},
                                           {"verifier_key", app.ledger.verifier().to_string()}});
             }));
  router.get("/api/v1/ledger/proofs/inclusion/{index}", "ledger.inclusion",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               const int index = TRY(int_param(request.params, "index", 0, 0, std::numeric_limits<int>::max()));
               // Anyone may check that an entry is in the ledger; its content only those who
               // may read what it records.
               return Response::json(200, TRY(inclusion_proof_for(app, p, static_cast<std::uint64_t>(index))));
             }));
  router.get("/api/v1/ledger/proofs/consistency", "ledger.consistency",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal&) -> Result<Response> {
               const int to = TRY(int_param(request.query, "to", 0, 1, std::numeric_limits<int>::max()));
               const int from = TRY(int_param(request.query, "from", 0, 0, std::numeric_limits<int>::max()));
               return Response::json(200,
                                     TRY(ledger::consistency_proof_json(app.ledger, static_cast<std::uint64_t>(from),
                                                                        static_cast<std::uint64_t>(to))));
             }));
}

}  // namespace itaku::api
