#include "itaku/core/config.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <toml.hpp>

namespace itaku {

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  };
}

namespace {
Error config_error(const std::filesystem::path& file, const std::string& detail) {
  return make_error(ErrorKind::Invalid, "config.invalid", "設定ファイルに誤りがあります",
                    "the configuration file is invalid")
      .with("file", file.string())
      .with("detail", detail);
}

// toml11 3.7's variadic find_or binds a null reference internally (UBSan reports it), so
// look sections and keys up explicitly.
template <typename T>
T value_or(const toml::value& data, const char* section, const char* key, T fallback) {
  if (!data.is_table() || !data.contains(section)) return fallback;
  const auto& table = data.at(section);
  if (!table.is_table() || !table.contains(key)) return fallback;
  return toml::get<T>(table.at(key));
}

Result<std::chrono::milliseconds> parse_millis(const std::string& text, const std::string& key) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 0)
    return make_error(ErrorKind::Invalid, "config.not_a_duration", "ミリ秒は0以上の整数で指定してください",
                      "milliseconds must be a non-negative integer")
        .with("key", key)
        .with("value", text);
  return std::chrono::milliseconds(v);
}

// A rate or a burst: a finite number, not negative (a burst of at least one).
Result<double> limit_value(double v, const std::string& key, double minimum) {
  if (!(v >= minimum) || v > 1e9)
    return make_error(ErrorKind::Invalid, "config.limit_invalid", "制限値は範囲内の数で指定してください",
                      "a rate limit must be a number within range")
        .with("key", key)
        .with("minimum", fmt::format("{}", minimum))
        .with("value", fmt::format("{}", v));
  return v;
}

Result<double> parse_limit(const std::string& text, const std::string& key, double minimum) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    return make_error(ErrorKind::Invalid, "config.limit_invalid", "制限値は数で指定してください",
                      "a rate limit must be a number")
        .with("key", key)
        .with("value", text);
  return limit_value(v, key, minimum);
}

// A number from the file, written as an integer or a decimal.
double number_or(const toml::value& data, const char* section, const char* key, double fallback) {
  if (!data.is_table() || !data.contains(section)) return fallback;
  const auto& table = data.at(section);
  if (!table.is_table() || !table.contains(key)) return fallback;
  const auto& v = table.at(key);
  return v.is_integer() ? static_cast<double>(v.as_integer()) : toml::get<double>(v);
}
}  // namespace

Result<Config> load_config(const std::filesystem::path& data_dir, const Environment& env) {
  Config config;
  config.data_dir = data_dir;
  const auto file = data_dir / kConfigFileName;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    try {
      const auto data = toml::parse(file.string());
      config.origin = value_or<std::string>(data, "instance", "origin", "");
      config.database_url = value_or<std::string>(data, "database", "url", "");
      config.listen = value_or<std::string>(data, "server", "listen", config.listen);
      config.behind_https_proxy = value_or<bool>(data, "server", "behind_https_proxy", false);
      config.public_url = value_or<std::string>(data, "server", "public_url", "");
      config.metrics_addresses =
          value_or<std::vector<std::string>>(data, "server", "metrics_addresses", std::vector<std::string>{});
      const auto level = value_or<std::string>(data, "log", "level", "info");
      config.log_level = TRY(log::parse_level(level));
      const auto interval = value_or<std::int64_t>(data, "ledger", "checkpoint_interval_ms", 1000);
      if (interval < 0) return config_error(file, "ledger.checkpoint_interval_ms must be >= 0");
      config.checkpoint_interval = std::chrono::milliseconds(interval);
      config.checkpoint_copy = value_or<std::string>(data, "ledger", "checkpoint_copy", "");
      config.public_hashes = value_or<bool>(data, "ledger", "public_hashes", false);
      auto& l = config.limits;
      l.token.per_second = number_or(data, "limits", "token_rate", l.token.per_second);
      l.token.burst = number_or(data, "limits", "token_burst", l.token.burst);
      l.user.per_second = number_or(data, "limits", "user_rate", l.user.per_second);
      l.user.burst = number_or(data, "limits", "user_burst", l.user.burst);
    } catch (const std::exception& e) {
      return config_error(file, e.what());
    }
  }
  if (auto v = env("ITAKU_DATABASE_URL")) config.database_url = *v;
  if (auto v = env("ITAKU_INSTANCE_ORIGIN")) config.origin = *v;
  if (auto v = env("ITAKU_SERVER_LISTEN")) config.listen = *v;
  if (auto v = env("ITAKU_SERVER_BEHIND_HTTPS_PROXY")) config.behind_https_proxy = *v == "true" || *v == "1";
  if (auto v = env("ITAKU_SERVER_PUBLIC_URL")) config.public_url = *v;
  if (auto v = env("ITAKU_SERVER_METRICS_ADDRESSES")) {
    config.metrics_addresses.clear();
    std::string_view rest = *v;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) config.metrics_addresses.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  while (config.public_url.ends_with('/')) config.public_url.pop_back();
  if (!config.public_url.empty() && !config.public_url.starts_with("https://") &&
      !config.public_url.starts_with("http://"))
    return make_error(ErrorKind::Invalid, "config.public_url_invalid",
                      "server.public_url は https:// か http:// で始まるURLです",
                      "server.public_url is a URL starting with https:// or http://")
        .with("value", config.public_url);
  if (auto v = env("ITAKU_LOG_LEVEL")) config.log_level = TRY(log::parse_level(*v));
  if (auto v = env("ITAKU_LEDGER_CHECKPOINT_INTERVAL_MS"))
    config.checkpoint_interval = TRY(parse_millis(*v, "ITAKU_LEDGER_CHECKPOINT_INTERVAL_MS"));
  if (auto v = env("ITAKU_LEDGER_CHECKPOINT_COPY")) config.checkpoint_copy = *v;
  if (auto v = env("ITAKU_LEDGER_PUBLIC_HASHES")) config.public_hashes = *v == "true" || *v == "1";
  // Rate limits (docs/CONFIG.md): a rate of 0 turns the limit off; a burst holds at least one.
  struct {
    const char* file_key;
    const char* env;
    double* value;
    double minimum;
  } const limits[] = {{"limits.token_rate", "ITAKU_LIMITS_TOKEN_RATE", &config.limits.token.per_second, 0},
                      {"limits.token_burst", "ITAKU_LIMITS_TOKEN_BURST", &config.limits.token.burst, 1},
                      {"limits.user_rate", "ITAKU_LIMITS_USER_RATE", &config.limits.user.per_second, 0},
                      {"limits.user_burst", "ITAKU_LIMITS_USER_BURST", &config.limits.user.burst, 1}};
  for (const auto& limit : limits) {
    if (auto v = env(limit.env)) *limit.value = TRY(parse_limit(*v, limit.env, limit.minimum));
    TRY(limit_value(*limit.value, limit.file_key, limit.minimum));
  }
  return config;
}

Result<void> write_default_config(const std::filesystem::path& data_dir, const std::string& origin,
                                  const std::string& database_url) {
  const auto file = data_dir / kConfigFileName;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return ok();
  std::ofstream out(file);
  out << "# itaku instance configuration. Every key may be overridden by an environment variable\n"
         "# (ITAKU_<SECTION>_<KEY>, e.g. ITAKU_DATABASE_URL); see docs/CONFIG.md.\n\n"
         "[instance]\n"
         "# Names this instance in ledger checkpoints and in its signing key.\n"
      << "origin = \"" << origin << "\"\n\n"
      << "[database]\n"
         "# Empty: the SQLite file itaku.db in this directory. Or postgres://user@host:port/db\n"
      << "url = \"" << database_url
      << "\"\n\n"
         "[ledger]\n"
         "checkpoint_interval_ms = 1000\n"
         "# A file outside this machine (the city's share) that always holds the latest signed\n"
         "# checkpoint, so that a database put back from an older copy is noticed (docs/LEDGER.md).\n"
         "# checkpoint_copy = \"/mnt/city/itaku/checkpoint.latest\"\n"
         "# true: the signed checkpoint and the tiles of hashes (/log/checkpoint, /log/tile/...)\n"
         "# are served to anyone without an account, for a witness; entries never (docs/API.md).\n"
         "# public_hashes = false\n\n"
         "[server]\n"
         "listen = \"127.0.0.1:8080\"\n"
         "# true when a reverse proxy terminates HTTPS in front of itaku (docs/DEPLOY.md)\n"
         "behind_https_proxy = false\n"
         "# The address people reach this instance at; receipts' QR codes lead there.\n"
         "# public_url = \"https://itaku.example.lg.jp\"\n"
         "# Addresses that may read /metrics without signing in (a Prometheus scraper).\n"
         "# metrics_addresses = [\"10.0.0.5\"]\n"
         "\n"
         "[limits]\n"
         "# Per API token and per signed-in user: units a second and the most held at once; a\n"
         "# request costs 1, a decision or a reported access 1 each (docs/CONFIG.md). 0: no limit.\n"
         "# The defaults:\n"
         "# token_rate = 100\n"
         "# token_burst = 2000\n"
         "# user_rate = 20\n"
         "# user_burst = 600\n\n"
         "[log]\n"
         "level = \"info\"\n";
  out.close();
  if (!out)
    return make_error(ErrorKind::Io, "config.write_failed", "設定ファイルを書き込めません",
                      "cannot write the configuration file")
        .with("file", file.string());
  return ok();
}

std::string effective_database_url(const Config& config) {
  if (!config.database_url.empty()) return config.database_url;
  return "sqlite:" + (config.data_dir / "itaku.db").string();
}

std::vector<std::filesystem::path> checkpoint_files(const Config& config) {
  std::vector<std::filesystem::path> files{config.data_dir / "checkpoint.latest"};
  if (!config.checkpoint_copy.empty()) files.emplace_back(config.checkpoint_copy);
  return files;
}

std::string receipt_base_url(const Config& config) {
  if (!config.public_url.empty()) return config.public_url;
  return "http://" + config.listen;
}

}  // namespace itaku
