#include "itaku/http/server.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "itaku/http/framing.hpp"

namespace itaku::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

Method to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get: return Method::Get;
    case bhttp::verb::head: return Method::Head;
    case bhttp::verb::post: return Method::Post;
    case bhttp::verb::put: return Method::Put;
    case bhttp::verb::patch: return Method::Patch;
    case bhttp::verb::delete_: return Method::Delete;
    case bhttp::verb::options: return Method::Options;
    default: return Method::Other;
  }
}

Request to_request(bhttp::request<bhttp::string_body>&& in, const std::string& remote) {
  Request r;
  r.method = to_method(in.method());
  r.target = std::string(in.target());
  const auto q = r.target.find('?');
  r.path = percent_decode(std::string_view(r.target).substr(0, q));
  if (q != std::string::npos) r.query = parse_query(std::string_view(r.target).substr(q + 1));
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = std::move(in.body());
  r.remote_address = remote;
  return r;
}

// Headers every response carries unless the handler set its own (pages set a stricter CSP).
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
     "base-uri 'none'; form-action 'self'"},
    {"X-Frame-Options", "DENY"},
};

// A header line must not smuggle in another line: CR and LF never reach the wire.
void append_field_text(std::string& out, std::string_view text) {
  for (const char c : text)
    if (c != '\r' && c != '\n') out += c;
}

// The status line and header block of a response (RFC 9112 §4, §5). Written by hand: the
// format is a few lines, and Beast's serializer costs more per response than everything else
// the server does for a small answer.
std::string response_head(const Response& response, std::size_t content_length, bool keep_alive,
                          unsigned http_version) {
  std::string head;
  head.reserve(512);
  head += http_version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  head.append(reason.data(), reason.size());
  head += "\r\nServer: itaku\r\n";
  for (const auto& [name, value] : response.headers) {
    append_field_text(head, name);
    head += ": ";
    append_field_text(head, value);
    head += "\r\n";
  }
  for (const auto& [name, value] : kSecurityHeaders) {
    if (response.header(name)) continue;
    head.append(name.data(), name.size());
    head += ": ";
    head.append(value.data(), value.size());
    head += "\r\n";
  }
  head += "Content-Length: ";
  head += std::to_string(content_length);
  // HTTP/1.1 connections persist unless closed; HTTP/1.0 ones only when asked for.
  if (!keep_alive)
    head += "\r\nConnection: close";
  else if (http_version == 10)
    head += "\r\nConnection: keep-alive";
  head += "\r\n\r\n";
  return head;
}

Response internal_error() {
  return Response::error(
      make_error(ErrorKind::Internal, "http.internal", "内部エラーが発生しました", "an internal error occurred"));
}

// Runs `make`; an exception answers 500 and the server goes on.
template <typename Make>
Response guarded_make(Make&& make) {
  try {
    return make();
  } catch (const std::exception&) {
    return internal_error();
  }
}

// Runs a synchronous route (or answers 404/405).
Response respond(const Router& router, const Route* route, Request& request) {
  return guarded_make([&] { return router.respond(route, request); });
}

// The asynchronous answers not yet delivered. An answer is posted to its connection's I/O
// context whenever the work behind it completes (a ledger batch), which may be after the
// server has stopped: the contexts are kept until every answer is in.
class PendingAnswers {
 public:
  void add() {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  void remove() {
    {
      std::lock_guard lock(mutex_);
      --count_;
    }
    cv_.notify_all();
  }
  void wait_until_none() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
};

// The answer of an asynchronous route: resumes the waiting connection on its own I/O thread.
template <typename Handler>
class AsyncAnswer final : public Completion::Target, public std::enable_shared_from_this<AsyncAnswer<Handler>> {
 public:
  AsyncAnswer(Handler handler, asio::thread_pool& pool, PendingAnswers& pending)
      : handler_(std::move(handler)), pool_(pool), pending_(pending) {
    pending_.add();
  }
  ~AsyncAnswer() override {
    if (!answered_.exchange(true)) deliver([] { return internal_error(); });
    pending_.remove();
  }

  void reply(std::function<Response()> make) override {
    if (!answered_.exchange(true)) deliver(std::move(make));
  }

  void block(std::function<Response()> work) override {
    asio::post(pool_, [self = this->shared_from_this(), work = std::move(work)] {
      self->reply([response = guarded_make(work)]() mutable { return std::move(response); });
    });
  }

 private:
  void deliver(std::function<Response()> make) {
    const auto executor = asio::get_associated_executor(handler_);
    asio::post(executor,
               [handler = std::move(handler_), make = std::move(make)]() mutable { handler(guarded_make(make)); });
  }

  Handler handler_;
  asio::thread_pool& pool_;
  PendingAnswers& pending_;
  std::atomic<bool> answered_{false};
};

Response plain_error(int status, const char* code, const char* ja, const char* en) {
  auto r = Response::error(make_error(ErrorKind::Invalid, code, ja, en));
  r.status = status;
  return r;
}

Response malformed_request(std::string_view problem) {
  auto r = Response::error(make_error(ErrorKind::Invalid, "http.malformed", "HTTPリクエストの形式が正しくありません",
                                      "the HTTP request is malformed")
                               .with("problem", std::string(problem)));
  r.status = 400;
  return r;
}

// How much is read at a time while a header block arrives.
constexpr std::size_t kReadChunk = 4096;

}  // namespace

// Each I/O thread runs an io_context of its own, and every connection stays on the context
// that accepted it: no locks between I/O threads, and the executor type is concrete, so the
// coroutines and the stream skip the type-erased executor's copies.
using IoExecutor = asio::io_context::executor_type;
template <typename T>
using Task = asio::awaitable<T, IoExecutor>;
constexpr asio::use_awaitable_t<IoExecutor> kUseTask;
using Socket = asio::basic_stream_socket<tcp, IoExecutor>;
using Stream = beast::basic_stream<tcp, IoExecutor>;

class Server::Impl {
 public:
  Impl(const Router& router, ServerOptions options, Metrics* metrics)
      : router_(router),
        options_(std::move(options)),
        metrics_(metrics),
        handlers_(static_cast<std::size_t>(options_.handler_threads)) {
    const int contexts = std::max(1, options_.io_threads);
    for (int i = 0; i < contexts; ++i) {
      contexts_.push_back(std::make_unique<asio::io_context>(1));
      work_.emplace_back(contexts_.back()->get_executor());
    }
    acceptor_.emplace(contexts_.front()->get_executor());
    signals_.emplace(contexts_.front()->get_executor());
  }

  ~Impl() {
    stop();
    wait();
    pending_.wait_until_none();
  }

  Result<std::uint16_t> start() {
    try {
      const auto address = asio::ip::make_address(options_.host);
      tcp::endpoint endpoint(address, options_.port);
      acceptor_->open(endpoint.protocol());
      acceptor_->set_option(asio::socket_base::reuse_address(true));
      acceptor_->bind(endpoint);
      acceptor_->listen(asio::socket_base::max_listen_connections);
      port_ = acceptor_->local_endpoint().port();
    } catch (const std::exception& e) {
      return make_error(ErrorKind::Unavailable, "http.listen_failed", "待ち受けを開始できません",
                        "cannot listen on the address")
          .with("address", options_.host + ":" + std::to_string(options_.port))
          .with("detail", e.what());
    }
    // A failure inside the accept loop must not leave a process that runs but does not
    // listen: the completion handler reports it and stops the server.
    asio::co_spawn(acceptor_->get_executor(), accept_loop(), [this](const std::exception_ptr& failure) {
      if (failure && !stopping_) std::thread([this] { stop(); }).detach();
    });
    for (auto& context : contexts_) threads_.emplace_back([&context] { context->run(); });
    return port_;
  }

  void stop_on_signals() {
    signals_->add(SIGINT);
    signals_->add(SIGTERM);
    signals_->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) std::thread([this] { stop(); }).detach();
    });
  }

  void stop() {
    bool expected = false;
    if (!stopping_.compare_exchange_strong(expected, true)) return;
    asio::post(acceptor_->get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_->close(ignored);
      signals_->cancel(ignored);
    });
    // Requests in flight finish; keep-alive connections close after their current request.
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (auto& context : contexts_) context->stop();
    handlers_.join();
    std::lock_guard lock(done_mutex_);
    stopped_ = true;
    done_cv_.notify_all();
  }

  void wait() {
    {
      std::unique_lock lock(done_mutex_);
      done_cv_.wait(lock, [&] { return stopped_ || threads_.empty(); });
    }
    for (auto& t : threads_)
      if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
    threads_.clear();
  }

 private:
  Task<void> accept_loop() {
    for (std::size_t next = 0;; ++next) {
      // Connections are dealt to the I/O contexts in turn.
      auto& context = *contexts_[next % contexts_.size()];
      boost::system::error_code ec;
      Socket socket = co_await acceptor_->async_accept(context, asio::redirect_error(kUseTask, ec));
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        continue;  // a failed accept (e.g. too many files) does not end the server
      }
      socket.set_option(tcp::no_delay(true), ec);
      const auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }

  Task<void> session(Socket socket) {
    std::string remote;
    {
      boost::system::error_code ec;
      const auto endpoint = socket.remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    Stream stream(std::move(socket));
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options_.body_limit);
      parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
      stream.expires_after(first ? options_.request_timeout : options_.idle_timeout);
      first = false;
      boost::system::error_code ec;
      // The header block's bytes are checked before Beast parses them (framing.hpp).
      const auto header = co_await read_header_block(stream, buffer);
      if (header.state == HeaderBlock::State::NeedMore) break;  // closed or timed out: nothing to answer
      if (header.state == HeaderBlock::State::Malformed) {
        co_await send(stream, malformed_request(header.problem), false, false, 11);
        break;
      }
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(kUseTask, ec));
      if (ec == bhttp::error::body_limit) {
        co_await send(
            stream,
            plain_error(413, "http.body_too_large", "リクエストの本文が大きすぎます", "the request body is too large"),
            false, false, 11);
        break;
      }
      if (ec == bhttp::error::header_limit) {
        co_await send(stream,
                      plain_error(431, "http.headers_too_large", "リクエストのヘッダが大きすぎます",
                                  "the request headers are too large"),
                      false, false, 11);
        break;
      }
      if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
          ec == beast::error::timeout || ec == asio::error::operation_aborted)
        break;  // closed or timed out: nothing to answer
      if (ec) {
        // Beast refused the request: a malformed start line or field, Content-Length with
        // Transfer-Encoding, differing Content-Lengths, a bad chunk.
        co_await send(stream, malformed_request(ec.message()), false, false, 11);
        break;
      }
      auto message = parser.release();
      // One message length, stated once (RFC 9112 §6.3): repeated Content-Length fields, even
      // equal, and a transfer coding other than chunked are refused.
      const auto lengths = message.count(bhttp::field::content_length);
      if (lengths > 1 ||
          (lengths == 1 && message[bhttp::field::content_length].find(',') != beast::string_view::npos) ||
          (message.count(bhttp::field::transfer_encoding) && !message.chunked())) {
        co_await send(stream, malformed_request("the message length is ambiguous"), false, false, 11);
        break;
      }
      std::size_t header_count = 0;
      for (auto it = message.begin(); it != message.end(); ++it) ++header_count;
      if (header_count > options_.max_header_count) {
        co_await send(stream, plain_error(431, "http.too_many_headers", "ヘッダの数が多すぎます", "too many headers"),
                      false, false, 11);
        break;
      }
      const bool wants_keep_alive = message.keep_alive();
      const unsigned version = message.version();
      Request request = to_request(std::move(message), remote);
      if (options_.behind_https_proxy) {
        request.secure = true;
        if (auto forwarded = request.header("x-forwarded-for")) {
          const auto appended = forwarded_client(*forwarded);
          if (!appended.empty()) request.remote_address = std::string(appended);
        }
      }
      const bool head = request.method == Method::Head;
      ++in_flight_;
      const auto started = std::chrono::steady_clock::now();
      // A request that changes something waits for a durable ledger append: it runs on the
      // handler pool (co_spawn, so that the coroutine really moves there and comes back), the
      // I/O threads keep serving other connections, and concurrent appends share one fsync.
      // Reads run inline: a thread hop would cost more than they do; a read its route marks
      // slow (Pace::Slow: reports, PDFs) runs on the pool like a write.
      // Routes that can answer without holding a thread (decisions waiting for their ledger
      // batch) start on the I/O thread and are resumed when their answer is ready.
      Response response;
      const Route* route = router_.route(request);
      if (route && route->async_handler) {
        response = co_await answer_async(*route, request);
      } else if ((head || request.method == Method::Get) && !(route && route->pace == Pace::Slow)) {
        response = respond(router_, route, request);
      } else {
        response = co_await asio::co_spawn(
            handlers_,
            [this, route, &request]() -> asio::awaitable<Response> { co_return respond(router_, route, request); },
            kUseTask);
      }
      if (metrics_)
        metrics_->observe(request.route_name.empty() ? "unknown" : request.route_name, response.status,
                          std::chrono::steady_clock::now() - started);
      // Decided after the handler: a request that finishes while the server stops closes.
      const bool keep_alive = wants_keep_alive && !stopping_;
      const bool sent = co_await send(stream, std::move(response), keep_alive, head, version);
      --in_flight_;
      if (!sent || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Reads until `buffer` holds the request's whole header block (or the block is malformed,
  // too large, or the connection ends) without consuming it: Beast then parses it from the buffer.
  Task<HeaderBlock> read_header_block(Stream& stream, beast::flat_buffer& buffer) {
    for (;;) {
      const auto data = buffer.data();
      const auto block = scan_header_block(std::string_view(static_cast<const char*>(data.data()), data.size()));
      if (block.state != HeaderBlock::State::NeedMore) co_return block;
      // Too large: Beast's own header limit answers 431 when it reads what is here.
      if (buffer.size() > options_.header_limit) co_return HeaderBlock{HeaderBlock::State::Complete, buffer.size(), {}};
      boost::system::error_code ec;
      const auto n = co_await stream.async_read_some(buffer.prepare(kReadChunk), asio::redirect_error(kUseTask, ec));
      if (ec) co_return HeaderBlock{};
      buffer.commit(n);
    }
  }

  Task<Response> answer_async(const Route& route, Request& request) {
    return asio::async_initiate<const asio::use_awaitable_t<IoExecutor>&, void(Response)>(
        [this, &route, &request](auto handler) {
          auto answer = std::make_shared<AsyncAnswer<decltype(handler)>>(std::move(handler), handlers_, pending_);
          try {
            route.async_handler(request, Completion(answer));
          } catch (const std::exception&) {
            answer->reply([] { return internal_error(); });
          }
        },
        kUseTask);
  }

  Task<bool> send(Stream& stream, Response response, bool keep_alive, bool head, unsigned version) {
    const auto head_text = response_head(response, response.body.size(), keep_alive, version);
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_text),
                                                       head ? asio::const_buffer() : asio::buffer(response.body)};
    stream.expires_after(options_.request_timeout);
    boost::system::error_code ec;
    co_await asio::async_write(stream, buffers, asio::redirect_error(kUseTask, ec));
    co_return !ec;
  }

  const Router& router_;
  ServerOptions options_;
  Metrics* metrics_;
  PendingAnswers pending_;  // before the contexts: destroyed after them
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<IoExecutor>> work_;  // contexts run until stop()
  asio::thread_pool handlers_;
  std::optional<asio::basic_socket_acceptor<tcp, IoExecutor>> acceptor_;
  std::optional<asio::basic_signal_set<IoExecutor>> signals_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::mutex done_mutex_;
  std::condition_variable done_cv_;
  bool stopped_ = false;
};

int default_io_threads() { return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u)); }

Server::Server(const Router& router, ServerOptions options, Metrics* metrics)
    : impl_(std::make_unique<Impl>(router, std::move(options), metrics)) {}
Server::~Server() = default;
Result<std::uint16_t> Server::start() { return impl_->start(); }
void Server::stop() { impl_->stop(); }
void Server::wait() { impl_->wait(); }
void Server::stop_on_signals() { impl_->stop_on_signals(); }

Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  auto bad = [&] {
    return make_error(ErrorKind::Invalid, "http.bad_listen", "待ち受けアドレスは HOST:PORT の形式で指定してください",
                      "the listen address must be HOST:PORT")
        .with("value", std::string(text));
  };
  if (colon == std::string_view::npos) return bad();
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty())
    return bad();
  boost::system::error_code address_error;
  asio::ip::make_address(host, address_error);
  if (address_error) return bad();
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

}  // namespace itaku::http
