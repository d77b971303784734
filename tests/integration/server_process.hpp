#pragma once
// The itaku binary as the integration tests run it: a command that must succeed, and `itaku
// serve` as a child process on a free port, its output in a log file.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

namespace itaku::testing {

// Runs `itaku ARGS` (a shell command line after the binary's path) and returns what it printed
// (stdout and stderr); a non-zero exit fails the test.
std::string run_itaku(const std::string& args);

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs `itaku ARGS` and returns its exit code and output, whatever they are.
CommandRun try_itaku(const std::string& args);

std::string read_text(const std::filesystem::path& path);

struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
  std::filesystem::path log;
};

// Starts `itaku ARGS… serve --listen 127.0.0.1:0` (ARGS: the global options, e.g. --data-dir)
// with the token rate limit off, and waits until it prints its address. A file rather than a
// pipe keeps whatever the server prints later for the failure message, and it cannot die of a
// closed pipe. pid is -1 (and the test has failed) when it did not start within a minute.
ServerProcess start_server(const std::vector<std::string>& args, const std::filesystem::path& log);

// SIGTERM (or SIGKILL) and wait; returns the wait status.
int stop_server(const ServerProcess& server, int signal_number);

// A client of one server: after sign_in, a signed-in user with the session cookie and the CSRF
// token every write carries; without, no one.
struct Client {
  explicit Client(int port) : http("127.0.0.1", port) {
    http.set_connection_timeout(5, 0);
    http.set_read_timeout(30, 0);
  }
  httplib::Client http;
  httplib::Headers headers;
};

// Signs a demo user in (with the demo password); null, and the test has failed, when refused.
std::unique_ptr<Client> sign_in(int port, const std::string& login, const std::string& totp_code = "");

}  // namespace itaku::testing
