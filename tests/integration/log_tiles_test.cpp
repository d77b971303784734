// The ledger served as a C2SP tlog-tiles log by `itaku serve` (docs/API.md, "The log as tiles"),
// fetched over HTTP as any client of that specification fetches it, on SQLite and PostgreSQL:
// the signed checkpoint verifies with the key `itaku ledger key` prints; the root rebuilt from
// the fetched tiles is the signed one, at tree sizes on either side of 256 and 512; every leaf
// hash is the hash of its entry in the bundles; each hash of a level-1 tile is the root of the
// level-0 tile below it; what does not exist is 404 and what is not a tile path 400; the
// caching headers say a full tile never changes; and who reads what: the hashes to anyone
// signed in (to anyone at all in the public hashes-only mode), the entries to administrators
// only, never in public.

#include <signal.h>
#include <stdlib.h>

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "itaku/core/bytes.hpp"
#include "itaku/tlog/checkpoint.hpp"
#include "itaku/tlog/merkle.hpp"
#include "itaku/tlog/note.hpp"
#include "itaku/tlog/tile.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using nlohmann::json;
using tlog::Hash;
using tlog::kTileWidth;

std::string shell_quoted(const std::string& text) { return "'" + text + "'"; }

// One `itaku serve` over the demo, on a fresh database of the backend, signing a checkpoint
// with every batch (so that the checkpoint covers each answered request); in the public
// hashes-only mode when asked.
enum class Mode { SignedIn, PublicHashes };
struct LogServer {
  TempDir dir;
  std::string data;
  ServerProcess server;

  LogServer(storage::Backend backend, Mode mode) {
    data = "--data-dir " + (dir.path() / "data").string();
    const auto database = backend == storage::Backend::Postgres
                              ? " --database " + shell_quoted(fresh_database_url(backend, dir.path()))
                              : std::string();
    run_itaku(data + database + " init --origin log.test/ledger");
    run_itaku(data + " demo");
    setenv("ITAKU_LEDGER_CHECKPOINT_INTERVAL_MS", "0", 1);
    if (mode == Mode::PublicHashes) setenv("ITAKU_LEDGER_PUBLIC_HASHES", "true", 1);
    server = start_server({"--data-dir", (dir.path() / "data").string()}, dir.path() / "server.log");
    unsetenv("ITAKU_LEDGER_CHECKPOINT_INTERVAL_MS");
    unsetenv("ITAKU_LEDGER_PUBLIC_HASHES");
  }
  ~LogServer() { stop_server(server, SIGTERM); }
  LogServer(const LogServer&) = delete;
  LogServer& operator=(const LogServer&) = delete;

  std::string log() const { return read_text(server.log); }
  // The key the city trusts, as `itaku ledger key` prints it (its first line).
  Result<tlog::NoteVerifier> verifier() const {
    const auto printed = run_itaku(data + " ledger key");
    return tlog::NoteVerifier::parse(printed.substr(0, printed.find('\n')));
  }
};

struct Fetched {
  int status = -1;
  std::string body;
  std::string content_type;
  std::string cache_control;
  std::string code;  // the error's code, for an error
};

Fetched fetch(Client& client, const std::string& path) {
  Fetched out;
  const auto response = client.http.Get(path, client.headers);
  if (!response) return out;
  out = {response->status, response->body, response->get_header_value("Content-Type"),
         response->get_header_value("Cache-Control"), ""};
  if (out.status >= 400 && out.content_type.starts_with("application/json"))
    out.code = json::parse(out.body)["error"]["code"].get<std::string>();
  return out;
}

std::vector<Hash> hashes_of(const std::string& bytes) {
  std::vector<Hash> out(bytes.size() / sizeof(Hash));
  for (std::size_t i = 0; i < out.size(); ++i)
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(i * sizeof(Hash)), sizeof(Hash), out[i].begin());
  return out;
}

// MTH(D[n]) of RFC 9162 §2.1.1, written from the definition: what the client trusts, not the
// server's code.
Hash tree_hash(std::span<const Hash> leaves) {
  if (leaves.size() == 1) return leaves[0];
  std::size_t split = 1;
  while (split * 2 < leaves.size()) split *= 2;
  return tlog::node_hash(tree_hash(leaves.first(split)), tree_hash(leaves.subspan(split)));
}

// An entry bundle read back: each entry as a big-endian uint16 length and its bytes.
std::optional<std::vector<std::string>> read_bundle(const std::string& bundle) {
  std::vector<std::string> entries;
  std::size_t at = 0;
  while (at < bundle.size()) {
    if (bundle.size() - at < 2) return std::nullopt;
    const std::size_t length =
        (static_cast<std::uint8_t>(bundle[at]) << 8U) | static_cast<std::uint8_t>(bundle[at + 1]);
    if (bundle.size() - at - 2 < length) return std::nullopt;
    entries.push_back(bundle.substr(at + 2, length));
    at += 2 + length;
  }
  return entries;
}

std::string tile_url(std::uint64_t level, std::uint64_t index, std::uint64_t width) {
  return "/log/tile/" + tlog::tile_path({tlog::TileKind::Hashes, {level, index}, width});
}
std::string bundle_url(std::uint64_t index, std::uint64_t width) {
  return "/log/tile/" + tlog::tile_path({tlog::TileKind::Entries, {0, index}, width});
}

// The checkpoint the server serves now, verified with the instance's key.
tlog::Checkpoint verified_checkpoint(Client& client, const tlog::NoteVerifier& verifier) {
  const auto note = fetch(client, "/log/checkpoint");
  EXPECT_EQ(note.status, 200) << note.body;
  EXPECT_EQ(note.content_type, "text/plain; charset=utf-8");
  auto checkpoint = tlog::open_checkpoint(note.body, verifier, "log.test/ledger");
  EXPECT_TRUE(checkpoint.ok()) << (checkpoint ? "" : checkpoint.error().describe()) << "\n" << note.body;
  return checkpoint ? checkpoint.release_value() : tlog::Checkpoint{};
}

// Everything a mirror fetches for the tree of `checkpoint`, checked as it goes: every tile of
// every level, full and partial, and every entry bundle; the root of the leaves, and the root
// of the right edge's partial tiles alone, are the signed root.
void expect_log_verifies(Client& client, const tlog::Checkpoint& checkpoint, const std::string& cache_scope) {
  const auto size = checkpoint.size;
  std::vector<std::vector<Hash>> levels;  // every hash of each level, from the tiles
  std::vector<tlog::Tile> partials;
  for (std::uint64_t level = 0; level < tlog::tile_levels(size); ++level) {
    std::vector<Hash> hashes;
    const auto count = tlog::hashes_at_level(size, level);
    for (std::uint64_t index = 0; index * kTileWidth < count; ++index) {
      const auto width = tlog::tile_width({level, index}, size);
      const auto tile = fetch(client, tile_url(level, index, width));
      ASSERT_EQ(tile.status, 200) << tile_url(level, index, width) << " " << tile.body;
      EXPECT_EQ(tile.content_type, "application/octet-stream");
      EXPECT_EQ(tile.cache_control,
                width == kTileWidth ? cache_scope + ", max-age=31536000, immutable" : cache_scope + ", max-age=60");
      ASSERT_EQ(tile.body.size(), width * sizeof(Hash)) << tile_url(level, index, width);
      const auto got = hashes_of(tile.body);
      hashes.insert(hashes.end(), got.begin(), got.end());
      if (width < kTileWidth) partials.emplace_back(std::span<const Hash>(got));
    }
    // A tile of level L ≥ 1 holds the roots of the full tiles of level L − 1.
    if (level > 0) {
      for (std::size_t i = 0; i < hashes.size(); ++i) {
        EXPECT_EQ(hashes[i], tree_hash(std::span(levels[level - 1]).subspan(i * kTileWidth, kTileWidth)))
            << "level " << level << " hash " << i;
      }
    }
    if (partials.size() == level) partials.emplace_back();  // no partial tile at this level
    levels.push_back(std::move(hashes));
  }
  ASSERT_EQ(levels.at(0).size(), size);
  EXPECT_EQ(tree_hash(levels[0]), checkpoint.root) << "the root of the fetched leaf hashes at " << size;
  // A client holding only the right edge (a partial tile per level) has the root too.
  EXPECT_EQ(tlog::TileEdge(size, std::move(partials)).root(), checkpoint.root) << "the edge's root at " << size;

  // The entries: each hashes to its leaf, and says its own index.
  for (std::uint64_t index = 0; index * kTileWidth < size; ++index) {
    const auto width = tlog::tile_width({0, index}, size);
    const auto bundle = fetch(client, bundle_url(index, width));
    ASSERT_EQ(bundle.status, 200) << bundle_url(index, width) << " " << bundle.body;
    EXPECT_EQ(bundle.content_type, "application/octet-stream");
    EXPECT_EQ(bundle.cache_control,
              width == kTileWidth ? "private, max-age=31536000, immutable" : "private, max-age=60");
    const auto entries = read_bundle(bundle.body);
    ASSERT_TRUE(entries.has_value()) << bundle_url(index, width);
    ASSERT_EQ(entries->size(), width);
    for (std::uint64_t i = 0; i < width; ++i) {
      const auto at = index * kTileWidth + i;
      EXPECT_EQ(tlog::leaf_hash(as_bytes((*entries)[i])), levels[0][at]) << "entry " << at;
      EXPECT_EQ(json::parse((*entries)[i])["seq"], at);
    }
  }
}

// What is not in the tree of `size` is not found; what is not a tile path is refused. A
// client that may not read the entries is asked about tiles of hashes only.
enum class Reads { Hashes, HashesAndEntries };
void expect_refusals(Client& client, std::uint64_t size, Reads reads) {
  const auto full = size / kTileWidth;
  const auto width = size % kTileWidth;
  std::vector<std::string> missing = {tile_url(0, full + 1, kTileWidth), tile_url(2, 0, 1), tile_url(63, 0, 1),
                                      tile_url(0, 18446744073709551615U, kTileWidth)};
  if (width > 0) {
    // The partial tile is not full yet, nor wider than the tree.
    missing.push_back(tile_url(0, full, kTileWidth));
    if (width < kTileWidth - 1) missing.push_back(tile_url(0, full, width + 1));
  } else {
    // No empty tile is served.
    missing.push_back(tile_url(0, full, 1));
  }
  if (reads == Reads::HashesAndEntries) {
    missing.push_back(bundle_url(full + 1, kTileWidth));
    if (width > 0) missing.push_back(bundle_url(full, kTileWidth));
    if (width > 0 && width < kTileWidth - 1) missing.push_back(bundle_url(full, width + 1));
  }
  for (const auto& url : missing) {
    const auto answer = fetch(client, url);
    EXPECT_EQ(answer.status, 404) << url << " " << answer.body;
    EXPECT_EQ(answer.code, "ledger.no_tile") << url;
  }
  std::string deep = "/log/tile/0/";
  for (int i = 0; i < 1000; ++i) deep += "x001/";
  for (const auto& url : std::vector<std::string>{"/log/tile/0/1", "/log/tile/0/x000/001", "/log/tile/00/000",
                                                  "/log/tile/64/000", "/log/tile/0/000.p/0", "/log/tile/0/000.p/256",
                                                  "/log/tile/0/000.p/01", "/log/tile/0/000/", "/log/tile/x/000",
                                                  "/log/tile/0/x018/x446/x744/x073/x709/x551/616", deep + "001"}) {
    const auto answer = fetch(client, url);
    EXPECT_EQ(answer.status, 400) << url << " " << answer.body;
    EXPECT_EQ(answer.code, "api.tile_path_invalid") << url;
  }
  if (reads == Reads::Hashes) return;
  for (const std::string url :
       {"/log/tile/entries/0", "/log/tile/entries/000.p/1/2", "/log/tile/entries/entries/000"}) {
    const auto answer = fetch(client, url);
    EXPECT_EQ(answer.status, 400) << url << " " << answer.body;
    EXPECT_EQ(answer.code, "api.tile_path_invalid") << url;
  }
}

// yamada (乙's responsible person) asks for `count` decisions about 乙's worker: `count` entries.
void decide(Client& yamada, std::uint64_t count) {
  while (count > 0) {
    const auto batch = std::min<std::uint64_t>(count, 1000);
    json requests = json::array();
    for (std::uint64_t i = 0; i < batch; ++i)
      requests.push_back({{"contract", "nagano-2026-001"},
                          {"person", "p-suzuki"},
                          {"action", "read"},
                          {"asset", "juminhyo-2026-04"},
                          {"context", {{"location", "hq"}, {"purpose", "nagano-2026-001"}}}});
    const auto answer = yamada.http.Post("/api/v1/decide/batch", yamada.headers, json{{"requests", requests}}.dump(),
                                         "application/json");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    count -= batch;
  }
}

class LogTiles : public ::testing::TestWithParam<storage::Backend> {};

TEST_P(LogTiles, AClientRebuildsTheSignedRootFromTheTilesAndEveryLeafFromTheEntriesAroundTileBoundaries) {
  LogServer log(GetParam(), Mode::SignedIn);
  ASSERT_GT(log.server.port, 0) << log.log();
  const auto verifier = log.verifier();
  ASSERT_TRUE(verifier.ok()) << run_itaku(log.data + " ledger key");
  auto admin = sign_in(log.server.port, "admin");
  auto yamada = sign_in(log.server.port, "yamada");
  ASSERT_TRUE(admin && yamada) << log.log();

  // A first decision: whatever is recorded once (the city told of a denial) is recorded now.
  decide(*yamada, 1);
  auto checkpoint = verified_checkpoint(*admin, *verifier);
  ASSERT_LT(checkpoint.size + 2, 2 * kTileWidth) << "the demo grew: start from the next boundary";
  expect_log_verifies(*admin, checkpoint, "private");
  expect_refusals(*admin, checkpoint.size, Reads::HashesAndEntries);
  // Each size: one short of a full tile, a full tile, one beyond it; then the same at 512
  // (two full tiles, and a level-1 tile of width 2).
  for (const std::uint64_t target : {255U, 256U, 257U, 511U, 512U, 513U}) {
    if (checkpoint.size >= target) continue;
    decide(*yamada, target - checkpoint.size);
    checkpoint = verified_checkpoint(*admin, *verifier);
    ASSERT_EQ(checkpoint.size, target) << "each decision is one entry, and each batch is signed";
    expect_log_verifies(*admin, checkpoint, "private");
    expect_refusals(*admin, checkpoint.size, Reads::HashesAndEntries);
  }
  // An older checkpoint's partial tile is still served once the tile is full: a prefix of it.
  const auto full = fetch(*admin, tile_url(0, 0, kTileWidth));
  const auto older = fetch(*admin, tile_url(0, 0, 37));
  ASSERT_EQ(older.status, 200) << older.body;
  EXPECT_EQ(older.body, full.body.substr(0, 37 * sizeof(Hash)));
  EXPECT_EQ(older.cache_control, "private, max-age=60");
  const auto older_entries = read_bundle(fetch(*admin, bundle_url(1, 3)).body);
  ASSERT_TRUE(older_entries.has_value());
  EXPECT_EQ(older_entries->size(), 3U);
  // HEAD answers as GET does, without the bytes.
  const auto head = admin->http.Head(tile_url(0, 1, kTileWidth), admin->headers);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Cache-Control"), "private, max-age=31536000, immutable");
}

TEST_P(LogTiles, AnEntryTooLongForABundleRefusesItsBundleAndNotItsTile) {
  LogServer log(GetParam(), Mode::SignedIn);
  ASSERT_GT(log.server.port, 0) << log.log();
  auto admin = sign_in(log.server.port, "admin");
  ASSERT_TRUE(admin) << log.log();
  // A city's own provision set whose first paragraph is 80,000 bytes long: its entry
  // (provisions.imported holds the whole text) is longer than a uint16 can say.
  auto toml = read_text(std::filesystem::path(ITAKU_SOURCE_DIR) / "data/provisions/nagano.toml");
  toml.replace(toml.find("name = \"nagano\""), 15, "name = \"nagano-long\"");
  const auto text = toml.find("text = \"") + 8;
  std::string long_text;
  for (int i = 0; i < 8000; ++i) long_text += "受託者は、市に";  // 7 characters, 21 bytes
  toml.insert(text, long_text);
  const auto imported = admin->http.Post("/api/v1/provisions", admin->headers, toml, "application/toml");
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 201) << imported->body;
  const auto index = json::parse(imported->body)["ledger_index"].get<std::uint64_t>();
  const auto size = json::parse(fetch(*admin, "/api/v1/ledger/checkpoint").body)["tree_size"].get<std::uint64_t>();
  ASSERT_GT(size, index);
  const auto bundle = index / kTileWidth;
  const auto width = tlog::tile_width({0, bundle}, size);
  const auto refused = fetch(*admin, bundle_url(bundle, width));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.code, "log.entry_too_large");
  EXPECT_EQ(json::parse(refused.body)["error"]["details"]["index"], std::to_string(index));
  // The tree still holds it: its leaf hash is in the tile, and its proof gives its bytes.
  const auto tile = fetch(*admin, tile_url(0, bundle, width));
  ASSERT_EQ(tile.status, 200);
  const auto proof = json::parse(fetch(*admin, "/api/v1/ledger/proofs/inclusion/" + std::to_string(index)).body);
  const auto entry = proof["entry"].get<std::string>();
  EXPECT_GT(entry.size(), 65535U);
  EXPECT_EQ(hashes_of(tile.body).at(index % kTileWidth), tlog::leaf_hash(as_bytes(entry)));
}

TEST_P(LogTiles, TheHashesAreReadSignedInAndTheEntriesByAdministratorsOnly) {
  LogServer log(GetParam(), Mode::SignedIn);
  ASSERT_GT(log.server.port, 0) << log.log();
  Client anonymous(log.server.port);
  auto yamada = sign_in(log.server.port, "yamada");
  auto auditor = sign_in(log.server.port, "nakamura");
  ASSERT_TRUE(yamada && auditor) << log.log();
  for (const std::string url : {"/log/checkpoint", "/log/tile/0/000.p/1", "/log/tile/entries/000.p/1"}) {
    const auto answer = fetch(anonymous, url);
    EXPECT_EQ(answer.status, 401) << url;
    EXPECT_EQ(answer.code, "auth.required") << url;
  }
  for (auto* reader : {yamada.get(), auditor.get()}) {
    EXPECT_EQ(fetch(*reader, "/log/checkpoint").status, 200);
    EXPECT_EQ(fetch(*reader, "/log/tile/0/000.p/1").status, 200);
    // The entries hold every contract's data: a contractor, or the city, reads its own through
    // the API, never the whole ledger.
    const auto entries = fetch(*reader, "/log/tile/entries/000.p/1");
    EXPECT_EQ(entries.status, 403) << entries.body;
    EXPECT_EQ(entries.code, "auth.forbidden");
  }
}

TEST_P(LogTiles, ThePublicModeServesTheHashesToAnyoneAndTheEntriesToNoOneWithoutAnAccount) {
  LogServer log(GetParam(), Mode::PublicHashes);
  ASSERT_GT(log.server.port, 0) << log.log();
  const auto verifier = log.verifier();
  ASSERT_TRUE(verifier.ok()) << run_itaku(log.data + " ledger key");
  Client anonymous(log.server.port);
  const auto checkpoint = verified_checkpoint(anonymous, *verifier);
  EXPECT_EQ(fetch(anonymous, "/log/checkpoint").cache_control, "public, max-age=5");
  expect_refusals(anonymous, checkpoint.size, Reads::Hashes);
  // The hashes alone: the root rebuilt from them is the signed one.
  std::vector<Hash> leaves;
  for (std::uint64_t index = 0; index * kTileWidth < checkpoint.size; ++index) {
    const auto width = tlog::tile_width({0, index}, checkpoint.size);
    const auto tile = fetch(anonymous, tile_url(0, index, width));
    ASSERT_EQ(tile.status, 200) << tile.body;
    EXPECT_EQ(tile.cache_control, width == kTileWidth ? "public, max-age=31536000, immutable" : "public, max-age=60");
    const auto got = hashes_of(tile.body);
    leaves.insert(leaves.end(), got.begin(), got.end());
  }
  EXPECT_EQ(tree_hash(leaves), checkpoint.root);
  // Never the entries: not without an account, not to a contractor; an administrator still.
  const auto first = bundle_url(0, tlog::tile_width({0, 0}, checkpoint.size));
  const auto refused = fetch(anonymous, first);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.code, "auth.required");
  auto yamada = sign_in(log.server.port, "yamada");
  auto admin = sign_in(log.server.port, "admin");
  ASSERT_TRUE(yamada && admin) << log.log();
  EXPECT_EQ(fetch(*yamada, first).status, 403);
  EXPECT_EQ(fetch(*yamada, "/log/checkpoint").status, 200);
  EXPECT_EQ(fetch(*admin, first).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, LogTiles, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
