// The ledger over HTTP: in JSON, its latest signed checkpoint and inclusion and consistency
// proofs (docs/LEDGER.md); and as a C2SP tlog-tiles log under /log (docs/API.md, "The log as
// tiles"): the signed checkpoint, the tree's hashes as tiles and the entries as bundles, so that
// any client of that specification can check the log, prove inclusion and consistency, and
// mirror it.

#include <string_view>

#include "itaku/api/routes.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/crypto/base64.hpp"
#include "itaku/ledger/proof_json.hpp"
#include "itaku/tlog/tile.hpp"

namespace itaku::api {

namespace {

using namespace routes;

// The latest signed checkpoint; one is signed if there is none yet (a ledger always has one
// from its first entry on, so this is not a way to make the writer sign).
Result<ledger::SignedCheckpoint> latest_signed(AppContext& app) {
  auto latest = app.ledger.latest_checkpoint();
  if (!latest) latest = TRY(app.ledger.checkpoint_now());
  return *latest;
}

// How long a cache may keep what /log serves (C2SP tlog-tiles): a full tile or bundle never
// changes; a partial one's bytes never change either, but the specification lets a log stop
// serving it once the full one exists, so it is kept a minute; the checkpoint a few seconds.
constexpr std::string_view kFullLifetime = "max-age=31536000, immutable";
constexpr std::string_view kPartialLifetime = "max-age=60";
constexpr std::string_view kCheckpointLifetime = "max-age=5";
// Entry bundles write each entry's length in two bytes (a big-endian uint16).
constexpr std::size_t kMaxBundledEntry = 0xFFFF;

// Who a response may be cached for: everyone (public hashes) or the caller alone.
enum class Audience { Anyone, Caller };

Response cached(Response response, Audience audience, std::string_view lifetime) {
  response.set_header("Cache-Control",
                      std::string(audience == Audience::Anyone ? "public, " : "private, ") + std::string(lifetime));
  return response;
}

Audience hashes_audience(const AppContext& app) {
  return app.log_hashes == LogHashes::Public ? Audience::Anyone : Audience::Caller;
}

// What follows /log/tile/ read as a tile path of `kind`; anything else is api.tile_path_invalid.
constexpr std::string_view kTilePrefix = "/log/tile/";
Result<tlog::TilePath> requested_tile(const Request& request, tlog::TileKind kind) {
  const auto rest = std::string_view(request.path).substr(kTilePrefix.size());
  const auto path = tlog::parse_tile_path(rest);
  if (!path || path->kind != kind)
    return make_error(ErrorKind::Invalid, "api.tile_path_invalid",
                      "タイルのパスが C2SP tlog-tiles の形ではありません（例: /log/tile/0/x001/x234/067.p/5）",
                      "not a C2SP tlog-tiles path (e.g. /log/tile/0/x001/x234/067.p/5)")
        .with("path", std::string(rest.substr(0, 100)));
  return *path;
}

Response octets(const Bytes& bytes, const tlog::TilePath& path, Audience audience) {
  return cached(Response::text(200, std::string(as_chars(bytes)), "application/octet-stream"), audience,
                path.width == tlog::kTileWidth ? kFullLifetime : kPartialLifetime);
}

// A tile or bundle `path` names in the tree of the latest signed checkpoint: its hashes (a
// tile beyond that tree, or wider than it holds, is ledger.no_tile).
Result<Bytes> tile_hashes(AppContext& app, const tlog::TilePath& path) {
  const auto size = TRY(latest_signed(app)).checkpoint.size;
  return app.ledger.tile(path.id, path.width, size);
}

// The entries of a bundle, each as a big-endian uint16 length and its bytes: exactly the bytes
// whose leaf hashes the level-0 tile holds. An entry longer than 65,535 bytes cannot be written
// so; the bundle that holds it is refused (log.entry_too_large) and the entry is read with its
// proof instead (GET /api/v1/ledger/proofs/inclusion/{index}).
Result<Bytes> entry_bundle(AppContext& app, const tlog::TilePath& path) {
  TRY(tile_hashes(app, path));
  const auto first = path.id.index * tlog::kTileWidth;
  const auto entries = TRY(app.ledger.entries(first, path.width));
  Bytes bundle;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (entry.size() > kMaxBundledEntry)
      return make_error(ErrorKind::Conflict, "log.entry_too_large",
                        "この束には65,535バイトを超える項目があり、tlog-tiles の形では渡せません。その項目は "
                        "/api/v1/ledger/proofs/inclusion/{index} で証明とともに読めます",
                        "this bundle holds an entry longer than 65,535 bytes, which tlog-tiles cannot carry; read it "
                        "with its proof at /api/v1/ledger/proofs/inclusion/{index}")
          .with("index", std::to_string(first + i))
          .with("bytes", std::to_string(entry.size()));
    bundle.push_back(static_cast<std::uint8_t>(entry.size() >> 8U));
    bundle.push_back(static_cast<std::uint8_t>(entry.size() & 0xFFU));
    bundle.insert(bundle.end(), entry.begin(), entry.end());
  }
  return bundle;
}

using Answer = std::function<Result<Response>(Request&)>;
// A read of the log's hashes: by anyone in the public hashes-only mode (no credentials are read
// and nothing is charged), else as every read (signed in, or a token with `read`).
http::Handler hashes_route(AppContext& app, Answer answer) {
  if (app.log_hashes == LogHashes::Public)
    return [answer = std::move(answer)](Request& request) {
      auto response = answer(request);
      return response ? response.release_value() : Response::error(response.error());
    };
  return guarded(app, Writes::No,
                 [answer = std::move(answer)](Request& request, const auth::Principal&) { return answer(request); });
}

void register_log(http::Router& router, AppContext& app) {
  router.get("/log/checkpoint", "log.checkpoint", hashes_route(app, [&app](Request&) -> Result<Response> {
               return cached(Response::text(200, TRY(latest_signed(app)).note), hashes_audience(app),
                             kCheckpointLifetime);
             }));
  // Before the tiles' route, whose {level} "entries" would match: an entry bundle holds contract
  // data of every kind, so only those who may read every entry read one; never in public.
  router.get("/log/tile/entries/{index...}", "log.entries",
             guarded(app, Writes::No, [&app](Request& request, const auth::Principal& p) -> Result<Response> {
               if (!may_read_every_entry(p)) return denied();
               const auto path = TRY(requested_tile(request, tlog::TileKind::Entries));
               return octets(TRY(entry_bundle(app, path)), path, Audience::Caller);
             }));
  router.get("/log/tile/{level}/{index...}", "log.tile",
             hashes_route(app, [&app](Request& request) -> Result<Response> {
               const auto path = TRY(requested_tile(request, tlog::TileKind::Hashes));
               return octets(TRY(tile_hashes(app, path)), path, hashes_audience(app));
             }));
  // Tiles not cached and every bundle are read from the database.
  for (const auto* route : {"log.tile", "log.entries"}) router.set_pace(route, http::Pace::Slow);
}

}  // namespace

Result<nlohmann::json> inclusion_proof_for(AppContext& app, const auth::Principal& principal, std::uint64_t index) {
  auto proof = TRY(ledger::inclusion_proof_json(app.ledger, index));
  const auto entry = proof.value("entry", std::string());
  if (!app.service.read([&](const domain::State& s) { return may_read_entry(s, principal, entry); }))
    proof.erase("entry");
  return proof;
}

void register_ledger_api(http::Router& router, AppContext& app) {
  // --- ledger ---
  router.get("/api/v1/ledger/checkpoint", "ledger.checkpoint",
             guarded(app, Writes::No, [&app](Request&, const auth::Principal&) -> Result<Response> {
               const auto latest = TRY(latest_signed(app));
               return Response::json(200, {{"origin", latest.checkpoint.origin},
                                           {"tree_size", latest.checkpoint.size},
                                           {"root_hash", crypto::base64_encode(latest.checkpoint.root)},
                                           {"note", latest.note},
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
  register_log(router, app);
}

}  // namespace itaku::api
