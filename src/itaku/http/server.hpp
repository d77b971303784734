#pragma once
// The HTTP/1.1 server: Boost.Beast with C++20 coroutines on a few I/O threads, keep-alive,
// TCP_NODELAY, limits on body size, header size and count, and time; handlers run on a
// separate pool. Beast and Asio stay inside server.cpp.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "itaku/core/result.hpp"
#include "itaku/http/metrics.hpp"
#include "itaku/http/router.hpp"

namespace itaku::http {

// One I/O thread per core (`itaku serve`'s default): each runs an event loop of its own over
// the connections it accepted.
int default_io_threads();

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  int io_threads = 1;
  // Handlers may wait for a durable ledger append; this many can wait at once.
  int handler_threads = 32;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 * 1024;
  std::size_t max_header_count = 100;
  std::chrono::seconds request_timeout{30};  // to receive a whole request
  std::chrono::seconds idle_timeout{75};     // between keep-alive requests
  std::chrono::seconds drain_timeout{10};    // on stop, for requests in flight
  // A reverse proxy terminates HTTPS: requests count as secure and the client address is
  // the last X-Forwarded-For entry — the one the proxy appended; the entries before it are
  // whatever the client chose to send. Only for a proxy on a trusted network path.
  bool behind_https_proxy = false;
};

class Server {
 public:
  Server(const Router& router, ServerOptions options, Metrics* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; returns the port (useful with port 0).
  Result<std::uint16_t> start();
  // Stops accepting, lets requests in flight finish (up to drain_timeout), then stops.
  void stop();
  // Blocks until stop() has finished.
  void wait();
  // Stops when the process receives SIGINT or SIGTERM.
  void stop_on_signals();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses "HOST:PORT" ("127.0.0.1:0", "[::1]:8080", ":8080" meaning all addresses).
Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text);

}  // namespace itaku::http
