#include "itaku/http/router.hpp"

#include <nlohmann/json.hpp>

namespace itaku::http {

namespace {
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto end = path.find('/');
    out.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return out;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}
// "{name...}", the last segment of a pattern: one or more segments of the path.
bool is_rest(std::string_view segment) { return is_placeholder(segment) && segment.ends_with("...}"); }

// Matches a route's pattern segments against a path's; fills `params` only on a match.
bool match_pattern(const std::vector<std::string>& want, const std::vector<std::string_view>& have,
                   std::map<std::string, std::string>& params) {
  const bool rest = !want.empty() && is_rest(want.back());
  if (rest ? have.size() < want.size() : want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (is_placeholder(want[i]) ? have[i].empty() : want[i] != have[i]) return false;
  }
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!is_placeholder(want[i])) continue;
    if (is_rest(want[i])) {
      std::string joined(have[i]);
      for (std::size_t j = i + 1; j < have.size(); ++j) (joined += '/') += have[j];
      found[want[i].substr(1, want[i].size() - 5)] = std::move(joined);
    } else {
      found[want[i].substr(1, want[i].size() - 2)] = std::string(have[i]);
    }
  }
  params = std::move(found);
  return true;
}

std::vector<std::string> owned_segments(std::string_view pattern) {
  std::vector<std::string> out;
  for (const auto segment : segments(pattern)) out.emplace_back(segment);
  return out;
}
}  // namespace

void Router::add(Method method, std::string pattern, std::string name, Handler handler) {
  auto split = owned_segments(pattern);
  routes_.push_back(
      Route{method, std::move(pattern), std::move(name), std::move(handler), {}, std::move(split), Pace::Quick});
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  const auto have = segments(path);
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(route.segments, have, params)) continue;
    // HEAD is served by the GET handler (the server drops the body).
    if (route.method == method || (method == Method::Head && route.method == Method::Get)) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.path_matched_other_method = true;
  }
  return result;
}

void Router::post(std::string pattern, std::string name, Handler handler, AsyncHandler async_handler) {
  auto split = owned_segments(pattern);
  routes_.push_back(Route{Method::Post, std::move(pattern), std::move(name), std::move(handler),
                          std::move(async_handler), std::move(split), Pace::Quick});
}

void Router::set_pace(std::string_view name, Pace pace) {
  for (auto& route : routes_)
    if (route.name == name) route.pace = pace;
}

const Route* Router::route(Request& request) const {
  auto match = this->match(request.method, request.path);
  if (!match.route) {
    request.route_name = match.path_matched_other_method ? "method_not_allowed" : "not_found";
    return nullptr;
  }
  request.params = std::move(match.params);
  request.route_name = match.route->name;
  return match.route;
}

Response Router::respond(const Route* route, Request& request) const {
  if (route) return route->handler(request);
  const bool other_method = request.route_name == "method_not_allowed";
  auto error = other_method ? make_error(ErrorKind::Invalid, "http.method_not_allowed",
                                         "このURLではその操作はできません", "method not allowed on this URL")
                            : make_error(ErrorKind::NotFound, "http.not_found", "ページが見つかりません", "not found");
  auto response = Response::error(error);
  if (other_method) response.status = 405;
  if (!request.path.starts_with("/api/")) {
    const bool en = request.language() == Language::En;
    response = Response::html(response.status, std::string("<!doctype html><html lang=\"") + (en ? "en" : "ja") +
                                                   "\"><meta charset=\"utf-8\"><title>" +
                                                   (en ? error.message : error.message_ja) + "</title><h1>" +
                                                   (en ? error.message : error.message_ja) + "</h1><p><a href=\"/\">" +
                                                   (en ? "Home" : "ホームへ") + "</a></p></html>");
  }
  return response;
}

Response Router::handle(Request& request) const { return respond(route(request), request); }

}  // namespace itaku::http
