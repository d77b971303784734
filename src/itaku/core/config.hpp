#pragma once
// The instance configuration: `<data-dir>/itaku.toml`, then ITAKU_* environment variables,
// then command-line flags (applied by the caller). Every key is documented in docs/CONFIG.md.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "itaku/core/log.hpp"
#include "itaku/core/result.hpp"

namespace itaku {

// A token bucket: `per_second` units flow in, at most `burst` are held (docs/CONFIG.md). A
// request costs one unit, a decision or a reported access one each. `per_second` 0: no limit.
struct RateLimit {
  double per_second = 0;
  double burst = 0;
};
// The limits every authenticated caller is held to: an API token, and a signed-in user (their
// pages and their API calls). The defaults leave a contractor's system asking before every
// action of a few hundred staff well inside them, and hold one token to about 8.6 million
// decisions a day rather than the 70 million an unchecked client managed.
struct RateLimits {
  RateLimit token{100, 2000};
  RateLimit user{20, 600};
};

struct Config {
  std::filesystem::path data_dir;
  // Empty means the SQLite file `<data_dir>/itaku.db`; otherwise `sqlite:PATH` or
  // `postgres://…` / `postgresql://…`.
  std::string database_url;
  // The ledger's origin line and signing key name, naming this instance.
  std::string origin;
  log::Level log_level = log::Level::Info;
  // A new signed checkpoint is made after an append when the last is at least this old.
  std::chrono::milliseconds checkpoint_interval{1000};
  // A second place the latest signed checkpoint is written to (a file on a share the city
  // keeps); empty: only `<data_dir>/checkpoint.latest`.
  std::string checkpoint_copy;
  // The public hashes-only mode: the signed checkpoint and the tiles of hashes under /log are
  // served to anyone, without an account (a witness or a monitor following the log); entry
  // bundles never. Off: they are read by anyone signed in (docs/API.md, "The log as tiles").
  bool public_hashes = false;
  std::string listen = "127.0.0.1:8080";
  // Behind a reverse proxy that terminates HTTPS (docs/DEPLOY.md): cookies are marked Secure
  // and the client's address is taken from X-Forwarded-For.
  bool behind_https_proxy = false;
  // The address people reach this instance at ("https://itaku.city.example.lg.jp", no
  // trailing slash): receipts' QR codes lead there. Empty: the server uses the address a
  // request came to, the CLI http://<listen>.
  std::string public_url;
  // Addresses whose requests may read /metrics without signing in (a Prometheus scraper).
  // Empty: only a signed-in administrator. Loopback is not trusted by itself: behind a
  // reverse proxy on the same host every request comes from loopback.
  std::vector<std::string> metrics_addresses;
  RateLimits limits;
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment process_environment();

inline constexpr const char* kConfigFileName = "itaku.toml";

// Reads `<data_dir>/itaku.toml` if present, then applies the environment.
Result<Config> load_config(const std::filesystem::path& data_dir, const Environment& env);

// Writes a configuration file with the given origin and database URL (empty: the SQLite file
// in the data directory). Leaves an existing file as it is.
Result<void> write_default_config(const std::filesystem::path& data_dir, const std::string& origin,
                                  const std::string& database_url = "");

// The database URL to open: the configured one or the default SQLite file.
std::string effective_database_url(const Config& config);

// The files the latest signed checkpoint is kept in outside the database: the data
// directory's checkpoint.latest and the configured copy (ledger.checkpoint_copy).
std::vector<std::filesystem::path> checkpoint_files(const Config& config);

// Where a receipt made outside a request (the CLI) points: public_url, else http://<listen>.
std::string receipt_base_url(const Config& config);

}  // namespace itaku
