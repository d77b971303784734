#pragma once
// What request handlers (JSON API and web pages) need: the service, the ledger, the
// database, the authenticator, the rate limiter, metrics and the clock. Built by the composition root.

#include <string>
#include <vector>

#include "itaku/core/clock.hpp"
#include "itaku/http/message.hpp"
#include "itaku/http/metrics.hpp"
#include "itaku/ledger/ledger.hpp"
#include "itaku/service/service.hpp"
#include "itaku/storage/database.hpp"

namespace itaku::auth {
class Authenticator;
class RateLimiter;
}  // namespace itaku::auth

namespace itaku::api {

// Who may read the ledger's signed checkpoint and its tiles of hashes under /log (docs/API.md):
// anyone signed in, or anyone at all (the public hashes-only mode, ledger.public_hashes). The
// entry bundles are never public.
enum class LogHashes { SignedIn, Public };

struct AppContext {
  service::Service& service;
  ledger::Ledger& ledger;
  storage::Database& database;
  auth::Authenticator& authenticator;
  http::Metrics& metrics;
  const Clock& clock;
  std::string public_url;  // Config::public_url: where receipts' QR codes lead ("" if unset)
  // Every authenticated request passes it (handlers::admit): per token and per user.
  auth::RateLimiter& limiter;
  std::vector<std::string> metrics_addresses;  // Config::metrics_addresses
  LogHashes log_hashes = LogHashes::SignedIn;  // Config::public_hashes
};

// The base of links printed on documents (a receipt's QR code): the configured public URL,
// else the scheme and Host of the request (the request's Host is the caller's to choose,
// which is why an instance others verify receipts against should set public_url).
std::string document_base_url(const AppContext& app, const http::Request& request);

}  // namespace itaku::api
