#pragma once
// Routes: method + pattern (/api/v1/contracts/{id}/rosters/{org}) → handler. Handlers run on
// a pool of their own threads (they may wait for a durable ledger append), never on the
// threads that read and write sockets.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "itaku/http/message.hpp"

namespace itaku::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/contracts/{id}"
  std::string name;     // for metrics and OpenAPI: "contracts.show"
  Handler handler;
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

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_matched_other_method = false;  // 405 rather than 404
  };
  Match match(Method method, std::string_view path) const;

  // Dispatches: 404/405 as JSON errors for /api/, plain pages otherwise.
  Response handle(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace itaku::http
