#pragma once
// Routes: method + pattern (/api/v1/contracts/{id}/rosters/{org}) → handler. A pattern's last
// segment may be "{name...}": the rest of the path, one segment or more, joined by '/'. Handlers run on
// a pool of their own threads (they may wait for a durable ledger append), never on the
// threads that read and write sockets.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itaku/http/message.hpp"

namespace itaku::http {

using Handler = std::function<Response(Request&)>;

// How an asynchronous handler answers. Copies share one request; the first answer counts.
// If every copy is dropped without an answer, the client gets a 500.
class Completion {
 public:
  struct Target {
    virtual ~Target() = default;
    virtual void reply(std::function<Response()> make) = 0;  // from any thread
    virtual void block(std::function<Response()> work) = 0;  // run `work` on the handler pool
  };
  explicit Completion(std::shared_ptr<Target> target) : target_(std::move(target)) {}
  // Answers the request (from any thread).
  void reply(Response response) const {
    target_->reply([response = std::move(response)]() mutable { return std::move(response); });
  }
  // Answers with what `make` returns, run on the connection's own I/O thread: for a caller on
  // a thread that should not spend time building answers (the ledger's writer).
  void reply_with(std::function<Response()> make) const { target_->reply(std::move(make)); }
  // Finishes the request on the handler pool, where waiting is allowed: for the cases an
  // asynchronous handler cannot serve without blocking.
  void block(std::function<Response()> work) const { target_->block(std::move(work)); }

 private:
  std::shared_ptr<Target> target_;
};

// Runs on an I/O thread and must not block: it starts work and answers through the
// Completion later (e.g. once a ledger append is durable).
using AsyncHandler = std::function<void(Request&, Completion)>;

// Where a server runs a GET: inline on the I/O thread that read it (cheaper than a hop to
// another thread, for the many reads that take microseconds), or, for a read that may take
// long (a report over a contract's history, a PDF), on the handler pool, so that the I/O
// threads keep answering everyone else (/healthz among them) meanwhile.
enum class Pace { Quick, Slow };

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/contracts/{id}"
  std::string name;     // for metrics and OpenAPI: "contracts.show"
  Handler handler;
  // Optional: what a server runs instead of `handler`, on its I/O thread. `handler` gives the
  // same answers (tests and the fallback use it).
  AsyncHandler async_handler;
  std::vector<std::string> segments;  // the pattern split at '/', made once by the router
  Pace pace = Pace::Quick;            // for GET and HEAD; other methods always run on the pool
};

class Router {
 public:
  void add(Method method, std::string pattern, std::string name, Handler handler);
  void get(std::string pattern, std::string name, Handler handler) {
    add(Method::Get, std::move(pattern), std::move(name), std::move(handler));
  }
  void post(std::string pattern, std::string name, Handler handler) {
    add(Method::Post, std::move(pattern), std::move(name), std::move(handler));
  }
  void post(std::string pattern, std::string name, Handler handler, AsyncHandler async_handler);
  // Marks the routes named `name` (registered before) as quick or slow reads.
  void set_pace(std::string_view name, Pace pace);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_matched_other_method = false;  // 405 rather than 404
  };
  Match match(Method method, std::string_view path) const;

  // Dispatches: 404/405 as JSON errors for /api/, plain pages otherwise.
  Response handle(Request& request) const;
  // The same in two steps: `route` matches and fills the request's params and route name
  // (null: no route); `respond` runs a synchronous route or answers 404/405.
  const Route* route(Request& request) const;
  Response respond(const Route* route, Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace itaku::http
