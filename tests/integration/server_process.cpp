#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/auth/demo_accounts.hpp"

namespace itaku::testing {

CommandRun try_itaku(const std::string& args) {
  const std::string command = std::string(ITAKU_BINARY) + " " + args + " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  while (auto got = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), got);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string run_itaku(const std::string& args) {
  auto run = try_itaku(args);
  EXPECT_EQ(run.exit_code, 0) << "itaku " << args << "\n" << run.output;
  return run.output;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ServerProcess start_server(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) {
    ADD_FAILURE() << "cannot write " << log;
    return {};
  }
  std::vector<std::string> argv_text = {ITAKU_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  for (const char* word : {"serve", "--listen", "127.0.0.1:0"}) argv_text.emplace_back(word);
  std::vector<char*> argv;
  for (auto& word : argv_text) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    // The clients ask as fast as the server answers, which the default rate limit would refuse
    // after a moment; these tests are about durability and concurrency, not limits.
    setenv("ITAKU_LIMITS_TOKEN_RATE", "0", 1);
    setenv("ITAKU_LIMITS_USER_RATE", "0", 1);
    execv(ITAKU_BINARY, argv.data());
    _exit(127);
  }
  close(out);
  const std::regex address(R"(http://127\.0\.0\.1:(\d+)/)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::smatch match;
  std::string output;
  while (std::chrono::steady_clock::now() < deadline) {
    output = read_text(log);
    if (std::regex_search(output, match, address)) break;
    if (waitpid(pid, nullptr, WNOHANG) == pid) break;
    usleep(20000);
  }
  if (match.empty()) {
    ADD_FAILURE() << "the server did not start:\n" << output;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return {};
  }
  return {pid, std::stoi(match[1]), log};
}

int stop_server(const ServerProcess& server, int signal_number) {
  if (server.pid <= 0) return -1;
  kill(server.pid, signal_number);
  int status = 0;
  waitpid(server.pid, &status, 0);
  return status;
}

std::unique_ptr<Client> sign_in(int port, const std::string& login, const std::string& totp_code) {
  auto client = std::make_unique<Client>(port);
  const nlohmann::json body = {{"login", login}, {"password", auth::kDemoPassword}, {"totp_code", totp_code}};
  auto response = client->http.Post("/api/v1/session", body.dump(), "application/json");
  if (!response || response->status != 201) {
    ADD_FAILURE() << login << " could not sign in on port " << port << ": "
                  << (response ? std::to_string(response->status) + " " + response->body : "no answer");
    return nullptr;
  }
  const auto set_cookie = response->get_header_value("Set-Cookie");
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  client->headers = {{"Cookie", cookie},
                     {"X-CSRF-Token", nlohmann::json::parse(response->body).at("csrf_token").get<std::string>()}};
  return client;
}

}  // namespace itaku::testing
