#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/http/framing.hpp"
#include "itaku/http/server.hpp"

namespace itaku::http {
namespace {

// A raw HTTP/1.1 client: what is sent is exactly what the test says.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }

  void send(const std::string& raw) {
    ASSERT_EQ(::send(fd_, raw.data(), raw.size(), MSG_NOSIGNAL), static_cast<ssize_t>(raw.size()));
  }

  // Reads one response: status, headers (lower-case names) and body by Content-Length.
  struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    std::string head;  // status line and header lines as received
    bool closed = false;
  };
  // A reply to HEAD has a Content-Length but no body.
  Reply read(bool to_head = false) {
    Reply reply;
    while (buffer_.find("\r\n\r\n") == std::string::npos)
      if (!fill()) {
        reply.closed = true;
        return reply;
      }
    const auto head_end = buffer_.find("\r\n\r\n");
    const auto head = buffer_.substr(0, head_end);
    buffer_.erase(0, head_end + 4);
    reply.head = head;
    reply.status = std::stoi(head.substr(9, 3));
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      const auto next = head.find("\r\n", pos + 2);
      const auto line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      const auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(colon + 2);
      pos = next;
    }
    const std::size_t length =
        !to_head && reply.headers.contains("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
    while (buffer_.size() < length)
      if (!fill()) break;
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  bool closed_by_server() { return !fill(); }

 private:
  bool fill() {
    char chunk[4096];
    const auto got = recv(fd_, chunk, sizeof(chunk), 0);
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.get("/hello", "hello", [](Request& r) {
      return Response::json(200, {{"hello", "世界"}, {"who", r.query.contains("who") ? r.query.at("who") : ""}});
    });
    router_.get("/items/{id}", "items.show", [](Request& r) { return Response::text(200, r.params.at("id")); });
    router_.post("/echo", "echo", [](Request& r) { return Response::text(200, r.body); });
    router_.get("/slow", "slow", [this](Request&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Response::text(200, "done");
    });
    router_.get("/boom", "boom", [](Request&) -> Response { throw std::runtime_error("bug"); });
    router_.get("/go", "go", [](Request& r) { return Response::redirect(r.query["to"]); });
    router_.get("/framed", "framed", [](Request&) {
      auto response = Response::html(200, "<p>x</p>");
      response.set_header("Content-Security-Policy", "default-src 'none'");
      return response;
    });
    ServerOptions options;
    options.port = 0;
    options.body_limit = 1024;
    options.header_limit = 2048;
    options.max_header_count = 20;
    server_ = std::make_unique<Server>(router_, options, &metrics_);
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error().describe();
    port_ = *port;
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    server_->stop();
    server_->wait();
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::promise<void> slow_started_;
};

TEST_F(HttpServerTest, AnswersOnAPortChosenByTheSystemAndKeepsTheConnectionAlive) {
  Client client(port_);
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    client.send("GET /hello?who=%E5%B8%82 HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = client.read();
    ASSERT_EQ(reply.status, 200);
    auto body = nlohmann::json::parse(reply.body);
    EXPECT_EQ(body["hello"], "世界");
    EXPECT_EQ(body["who"], "市");
    EXPECT_EQ(reply.headers["content-type"], "application/json; charset=utf-8");
  }
}

TEST_F(HttpServerTest, EveryResponseCarriesTheSecurityHeaders) {
  Client client(port_);
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto reply = client.read();
  EXPECT_EQ(reply.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(reply.headers["referrer-policy"], "same-origin");
  EXPECT_NE(reply.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(reply.headers["content-security-policy"].find("unsafe-inline"), std::string::npos);
}

TEST_F(HttpServerTest, RoutesFillParametersAndSeparateNotFoundFromMethodNotAllowed) {
  Client client(port_);
  client.send("GET /items/c-1 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.read().body, "c-1");
  client.send("GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
  auto missing = client.read();
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "http.not_found");
  EXPECT_FALSE(nlohmann::json::parse(missing.body)["error"]["message"]["ja"].get<std::string>().empty());
  client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.read().status, 405);
  client.send("GET /nothing HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n\r\n");
  auto page = client.read();
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(HttpServerTest, ABodyOverTheLimitIsRefusedWith413) {
  Client client(port_);
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'a'));
  EXPECT_EQ(client.read().body, std::string(100, 'a'));
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  EXPECT_EQ(client.read().status, 413);
}

TEST_F(HttpServerTest, TooManyOrTooLargeHeadersAreRefusedWith431) {
  {
    Client client(port_);
    std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 30; ++i) request += "X-H" + std::to_string(i) + ": v\r\n";
    client.send(request + "\r\n");
    EXPECT_EQ(client.read().status, 431);
  }
  {
    Client client(port_);
    client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') + "\r\n\r\n");
    EXPECT_EQ(client.read().status, 431);
  }
}

TEST_F(HttpServerTest, MalformedRequestsAreAnswered400AndClosed) {
  // Each of these was dropped without a word; a proxy in front might read some of them
  // differently than the server (request smuggling), so all are refused.
  const std::pair<const char*, std::string> malformed[] = {
      {"bare LF line ends", "GET /hello HTTP/1.1\nHost: x\n\n"},
      {"a bare LF inside the header", "GET /hello HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"},
      {"NUL in a header", std::string("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a") + '\0' + "b\r\n\r\n"},
      {"CR inside a header value", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"},
      {"an escape character in a header", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: \x1b[2J\r\n\r\n"},
      {"Content-Length with Transfer-Encoding",
       "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"Transfer-Encoding with Content-Length",
       "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"},
      {"two equal Content-Lengths",
       "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"},
      {"two different Content-Lengths",
       "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"},
      {"a list as Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc"},
      {"a transfer coding other than chunked", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc"},
      {"a folded header line", "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"},
      {"a malformed request line", "GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"a header without a name", "GET /hello HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n"},
  };
  for (const auto& [what, raw] : malformed) {
    SCOPED_TRACE(what);
    Client client(port_);
    client.send(raw);
    auto reply = client.read();
    ASSERT_FALSE(reply.closed) << "the connection was dropped without an answer";
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("http.malformed"), std::string::npos) << reply.body;
    EXPECT_EQ(reply.headers["connection"], "close");
    EXPECT_TRUE(client.closed_by_server());
  }
  // A well-formed request still works, chunked included.
  Client client(port_);
  client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(client.read().body, "abc");
}

TEST(HttpRouter, ARestSegmentTakesTheRestOfThePathAndRoutesMatchInTheOrderRegistered) {
  Router router;
  router.get("/log/tile/entries/{index...}", "entries",
             [](Request& r) { return Response::text(200, r.params.at("index")); });
  router.get("/log/tile/{level}/{index...}", "tile",
             [](Request& r) { return Response::text(200, r.params.at("level") + ":" + r.params.at("index")); });
  const auto answer = [&](const std::string& path) {
    Request request;
    request.target = request.path = path;
    const auto* route = router.route(request);
    return route ? route->name + " " + router.respond(route, request).body : std::string("none");
  };
  EXPECT_EQ(answer("/log/tile/0/x001/x234/067.p/5"), "tile 0:x001/x234/067.p/5");
  EXPECT_EQ(answer("/log/tile/2/000"), "tile 2:000");
  EXPECT_EQ(answer("/log/tile/entries/x001/002"), "entries x001/002");
  EXPECT_EQ(answer("/log/tile/0"), "none");  // the rest is one segment at least
  EXPECT_EQ(answer("/log/tile/entries"), "none");
}

TEST(HttpFraming, TheHeaderBlockEndsAtTheFirstEmptyLineAndIsCheckedOnTheWay) {
  using State = HeaderBlock::State;
  EXPECT_EQ(scan_header_block("GET / HTTP/1.1\r\nHost: x\r\n").state, State::NeedMore);
  const auto complete = scan_header_block("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody\n\x01");
  EXPECT_EQ(complete.state, State::Complete);
  EXPECT_EQ(complete.end, 27u);  // the body is not the header's business
  EXPECT_EQ(scan_header_block("GET / HTTP/1.1\r\nX: a\r\n\t").state, State::Malformed);
  EXPECT_EQ(scan_header_block("GET / HTTP/1.1\r").state, State::NeedMore);  // LF may follow
  EXPECT_EQ(forwarded_client("203.0.113.7, 198.51.100.4"), "198.51.100.4");
  EXPECT_EQ(forwarded_client("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(forwarded_client("1.2.3.4, <script>"), "");
  EXPECT_EQ(forwarded_client("1.2.3.4,"), "");
}

TEST_F(HttpServerTest, AHandlerThatThrowsGivesA500AndTheServerGoesOn) {
  Client client(port_);
  client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
  auto reply = client.read();
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(nlohmann::json::parse(reply.body)["error"]["code"], "http.internal");
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.read().status, 200);
}

TEST_F(HttpServerTest, StoppingLetsARequestInFlightFinish) {
  Client client(port_);
  client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  slow_started_.get_future().wait();
  std::thread stopper([this] { server_->stop(); });
  auto reply = client.read();
  stopper.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "done");
  EXPECT_EQ(reply.headers["connection"], "close");
  Client late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(HttpServerTest, MetricsCountRequestsPerRouteInPrometheusFormat) {
  Client client(port_);
  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  client.read();
  client.send("GET /items/9 HTTP/1.1\r\nHost: x\r\n\r\n");
  client.read();
  metrics_.gauge("itaku_test_gauge", "A test gauge.", [] { return 42.0; });
  const auto text = metrics_.render();
  EXPECT_NE(text.find("itaku_http_requests_total{route=\"hello\",status=\"200\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("itaku_http_request_duration_seconds_count{route=\"items.show\"} 1"), std::string::npos);
  EXPECT_NE(text.find("itaku_test_gauge 42"), std::string::npos);
}

TEST_F(HttpServerTest, AHeaderValueCannotAddHeaderLines) {
  Client client(port_);
  // A redirect target with an encoded CR LF must stay one Location header.
  client.send("GET /go?to=/home%0D%0ASet-Cookie:%20itaku_session=evil HTTP/1.1\r\nHost: x\r\n\r\n");
  auto reply = client.read();
  EXPECT_EQ(reply.status, 303);
  EXPECT_FALSE(reply.headers.contains("set-cookie")) << reply.head;
  EXPECT_EQ(reply.headers["location"], "/homeSet-Cookie: itaku_session=evil");
}

TEST_F(HttpServerTest, AHandlersOwnSecurityHeaderReplacesTheDefaultOnce) {
  Client client(port_);
  client.send("GET /framed HTTP/1.1\r\nHost: x\r\n\r\n");
  auto reply = client.read();
  EXPECT_EQ(reply.headers["content-security-policy"], "default-src 'none'");
  std::size_t count = 0;
  for (auto at = reply.head.find("Content-Security-Policy:"); at != std::string::npos;
       at = reply.head.find("Content-Security-Policy:", at + 1))
    ++count;
  EXPECT_EQ(count, 1u) << reply.head;
  EXPECT_EQ(reply.headers["x-frame-options"], "DENY");
}

TEST_F(HttpServerTest, HeadAnswersTheLengthWithoutTheBodyAndHttp10ClosesUnlessAskedToKeepAlive) {
  {
    Client client(port_);
    client.send("HEAD /items/abc HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = client.read(true);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.headers["content-length"], "3");
    // The connection is still open and the next answer is not preceded by a stray body.
    client.send("GET /items/xyz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.read().body, "xyz");
  }
  {
    Client client(port_);
    client.send("GET /items/a HTTP/1.0\r\n\r\n");
    auto reply = client.read();
    EXPECT_TRUE(reply.head.starts_with("HTTP/1.0 200 OK")) << reply.head;
    EXPECT_EQ(reply.body, "a");
    EXPECT_TRUE(client.closed_by_server());
  }
  {
    Client client(port_);
    client.send("GET /items/b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto reply = client.read();
    EXPECT_EQ(reply.headers["connection"], "keep-alive");
    client.send("GET /items/c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(client.read().body, "c");
  }
}

// A caller reads what went wrong with their request; a failure on the server's side (the
// database down, an internal error) says only its code and message, never the database's URL or
// what its server said — those are for the log. Retry-After stays.
TEST(HttpErrorBody, AServerSideFailureKeepsItsInternalsOutOfTheBody) {
  const auto refused = Response::error(
      make_error(ErrorKind::Invalid, "badge.number_taken", "使われています", "taken").with("number", "KB-1"));
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"]["details"]["number"], "KB-1");

  const auto down = Response::error(
      make_error(ErrorKind::Unavailable, "storage.unavailable", "接続できません", "cannot reach PostgreSQL")
          .with("database", "postgresql://itaku@db.internal:5432/itaku")
          .with("server_message", "FATAL: the database system is shutting down")
          .with("retry_after_s", "2"));
  EXPECT_EQ(down.status, 503);
  const auto body = nlohmann::json::parse(down.body);
  EXPECT_EQ(body["error"]["code"], "storage.unavailable");
  EXPECT_EQ(body["error"]["message"]["en"], "cannot reach PostgreSQL");
  EXPECT_EQ(body["error"]["details"], (nlohmann::json{{"retry_after_s", "2"}}));
  EXPECT_EQ(down.body.find("db.internal"), std::string::npos);
  EXPECT_EQ(down.body.find("FATAL"), std::string::npos);
  EXPECT_EQ(*down.header("Retry-After"), "2");
}

TEST(HttpServer, SeveralIoThreadsServeManyConnectionsAtOnce) {
  Router router;
  router.get("/n/{n}", "n", [](Request& r) { return Response::text(200, r.params.at("n")); });
  router.post("/echo", "echo", [](Request& r) { return Response::text(200, r.body); });
  ServerOptions options;
  options.port = 0;
  options.io_threads = 3;
  options.handler_threads = 4;
  Server server(router, options, nullptr);
  const auto port = server.start().value();
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int c = 0; c < 12; ++c)
    clients.emplace_back([&, c] {
      Client client(port);
      for (int i = 0; i < 20; ++i) {
        const auto n = std::to_string(c * 100 + i);
        if (i % 2 == 0) {
          client.send("GET /n/" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
        } else {
          client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(n.size()) + "\r\n\r\n" + n);
        }
        if (client.read().body == n) ++answered;
      }
    });
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(answered.load(), 12 * 20);
  server.stop();
  server.wait();
}

// An asynchronous answer may come after the server has stopped (the ledger batch it waits for
// took longer than the drain): destroying the server waits for it instead of tearing the I/O
// contexts down under it.
TEST(HttpServer, DestroyingTheServerWaitsForAnAsynchronousAnswerStillOwed) {
  Router router;
  std::promise<Completion> owed;
  router.post(
      "/later", "later", [](Request&) { return Response::text(500, "not this way"); },
      [&](Request&, Completion done) { owed.set_value(std::move(done)); });
  ServerOptions options;
  options.port = 0;
  options.drain_timeout = std::chrono::seconds(0);
  auto server = std::make_unique<Server>(router, options, nullptr);
  const auto port = server->start().value();
  Client client(port);
  client.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  auto completion = owed.get_future().get();
  server->stop();
  server->wait();
  std::atomic<bool> answered{false};
  std::thread late([&answered, completion = std::move(completion)] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    answered = true;
    completion.reply(Response::text(200, "late"));
  });
  server.reset();
  EXPECT_TRUE(answered.load());
  late.join();
}

TEST(HttpServer, BehindAnHttpsProxyRequestsAreSecureAndComeFromTheForwardedAddress) {
  Router router;
  router.get("/who", "who", [](Request& r) {
    return Response::text(200, std::string(r.secure ? "secure " : "plain ") + r.remote_address);
  });
  for (bool behind : {false, true}) {
    ServerOptions options;
    options.port = 0;
    options.behind_https_proxy = behind;
    Server server(router, options, nullptr);
    const auto port = server.start().value();
    Client client(port);
    // The client sent "203.0.113.7"; the proxy appended the address it saw, 198.51.100.4.
    client.send("GET /who HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.7, 198.51.100.4\r\n\r\n");
    EXPECT_EQ(client.read().body, behind ? "secure 198.51.100.4" : "plain 127.0.0.1");
    // Whatever a client puts in the header, only the proxy's entry counts.
    client.send("GET /who HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4,1.2.3.5 , 198.51.100.9 \r\n\r\n");
    EXPECT_EQ(client.read().body, behind ? "secure 198.51.100.9" : "plain 127.0.0.1");
    server.stop();
    server.wait();
  }
}

TEST(ParseListen, AcceptsHostPortAndRefusesNonsense) {
  EXPECT_EQ(parse_listen("127.0.0.1:0")->second, 0);
  EXPECT_EQ(parse_listen("[::1]:8080")->first, "::1");
  EXPECT_EQ(parse_listen(":8080")->first, "0.0.0.0");
  EXPECT_FALSE(parse_listen("localhost").ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:99999").ok());
  EXPECT_EQ(parse_listen("nohost:80").error().code, "http.bad_listen");
}

TEST(Request, ReadsCookiesFormsAndLanguage) {
  Request r;
  r.headers = {{"cookie", "a=1; itaku_lang=en; itaku_session=abc"}};
  EXPECT_EQ(r.cookie("itaku_session"), "abc");
  EXPECT_EQ(r.language(), Language::En);
  r.query["lang"] = "ja";
  EXPECT_EQ(r.language(), Language::Ja);
  r.body = "login=yamada&password=p%40ss+word";
  EXPECT_EQ(r.form().at("password"), "p@ss word");
}

// A request as a browser sends a form with enctype="multipart/form-data".
Request multipart(std::string content_type, std::string body) {
  Request r;
  r.method = Method::Post;
  r.headers = {{"content-type", std::move(content_type)}};
  r.body = std::move(body);
  return r;
}

using Fields = std::map<std::string, std::string>;

TEST(RequestForm, ReadsMultipartFieldsAndAFilesBytesExactly) {
  // The file holds what a part's framing is made of: CRLF, "--", even the boundary without its
  // leading CRLF, and a NUL byte; its last bytes are a CRLF of its own.
  constexpr char kFile[] = "PK\x03\x04\r\n--\r\n--x\r\n\r\nx--AaB03x\r\n\x00\xFF end--\r\n";
  const std::string file(kFile, sizeof kFile - 1);
  const std::string body =
      "--AaB03x\r\n"
      "Content-Disposition: form-data; name=\"contract\"\r\n"
      "\r\n"
      "C-2026-041\r\n"
      "--AaB03x\r\n"
      "content-disposition: form-data; name=\"note\"\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "\r\n"
      "九月分の受講記録\r\n二行目\r\n"
      "--AaB03x\r\n"
      "Content-Disposition: form-data; name=\"attendance\"; filename=\"受講記録 9月.xlsx\"\r\n"
      "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
      "\r\n" +
      file +
      "\r\n"
      "--AaB03x--\r\n";
  EXPECT_EQ(multipart("multipart/form-data; boundary=AaB03x", body).form(),
            (Fields{{"contract", "C-2026-041"},
                    {"note", "九月分の受講記録\r\n二行目"},
                    {"attendance", file},
                    {"attendance.filename", "受講記録 9月.xlsx"}}));
  // The media type and parameter names in any case, a preamble and an epilogue.
  EXPECT_EQ(multipart("Multipart/Form-Data; charset=utf-8; BOUNDARY=AaB03x", "preamble\r\n" + body + "epilogue")
                .form()
                .at("attendance"),
            file);
}

TEST(RequestForm, AQuotedBoundaryAndAnEmptyFileAreRead) {
  const std::string body =
      "--(x) '?=:+_,-./ y\r\n"
      "Content-Disposition: form-data; name=\"attendance\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\r\n"
      "--(x) '?=:+_,-./ y--";
  EXPECT_EQ(multipart("multipart/form-data; boundary=\"(x) '?=:+_,-./ y\"", body).form(),
            (Fields{{"attendance", ""}, {"attendance.filename", ""}}));
}

TEST(RequestForm, APartWithoutANameIsLeftOut) {
  const std::string body =
      "--b\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "no disposition\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; filename=\"a.csv\"\r\n"
      "\r\n"
      "no name\r\n"
      "--b\r\n"
      "Content-Disposition: attachment; name=\"other\"\r\n"
      "\r\n"
      "not form data\r\n"
      "--b\r\n"
      "Content-Disposition: form-data; name=\"kept\"\r\n"
      "\r\n"
      "yes\r\n"
      "--b--\r\n";
  EXPECT_EQ(multipart("multipart/form-data; boundary=b", body).form(), (Fields{{"kept", "yes"}}));
}

TEST(RequestForm, AMalformedMultipartBodyGivesNoFields) {
  const std::string part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
  const std::string good = "--b\r\n" + part + "--b--\r\n";
  ASSERT_EQ(multipart("multipart/form-data; boundary=b", good).form(), (Fields{{"a", "1"}}));
  std::string many;
  for (int i = 0; i < 101; ++i) many += "--b\r\n" + part;
  const std::pair<const char*, Request> malformed[] = {
      {"no boundary parameter", multipart("multipart/form-data", good)},
      {"an empty boundary", multipart("multipart/form-data; boundary=", good)},
      {"a boundary over 70 characters",
       multipart("multipart/form-data; boundary=" + std::string(71, 'b'),
                 "--" + std::string(71, 'b') + "\r\n" + part + "--" + std::string(71, 'b') + "--")},
      {"a boundary with a character RFC 2046 does not allow",
       multipart("multipart/form-data; boundary=\"a\\\"b\"", "--a\"b\r\n" + part + "--a\"b--")},
      {"an unterminated quoted boundary", multipart("multipart/form-data; boundary=\"b", good)},
      {"a boundary not in the body", multipart("multipart/form-data; boundary=c", good)},
      {"no closing boundary", multipart("multipart/form-data; boundary=b", "--b\r\n" + part)},
      {"a part with no end to its headers",
       multipart("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n--b--")},
      {"a header line that is not a header",
       multipart("multipart/form-data; boundary=b", "--b\r\nnonsense\r\n\r\n1\r\n--b--")},
      {"a folded header line", multipart("multipart/form-data; boundary=b",
                                         "--b\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--b--")},
      {"an unterminated quoted name", multipart("multipart/form-data; boundary=b",
                                                "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--b--")},
      {"header lines over 8 KiB",
       multipart("multipart/form-data; boundary=b",
                 "--b\r\nX-Padding: " + std::string(8 * 1024, 'x') + "\r\n" + part + "--b--")},
      {"text straight after a boundary", multipart("multipart/form-data; boundary=b", "--bx\r\n" + part + "--b--")},
      {"more than 100 parts", multipart("multipart/form-data; boundary=b", many + "--b--")},
  };
  for (const auto& [what, request] : malformed) EXPECT_EQ(request.form(), Fields()) << what;
  // 100 parts are read.
  std::string hundred;
  for (int i = 0; i < 100; ++i)
    hundred += "--b\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\n" +
               std::to_string(i) + "\r\n";
  EXPECT_EQ(multipart("multipart/form-data; boundary=b", hundred + "--b--").form().size(), 100u);
}

TEST(RequestForm, AUrlencodedBodyIsReadAsBefore) {
  Request r;
  r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  r.body = "name=%E5%B1%B1%E7%94%B0&note=a+b&empty=";
  EXPECT_EQ(r.form(), (Fields{{"name", "山田"}, {"note", "a b"}, {"empty", ""}}));
  // Without a Content-Type too, as the pages' forms have always been read.
  r.headers.clear();
  EXPECT_EQ(r.form().at("name"), "山田");
}

}  // namespace
}  // namespace itaku::http
