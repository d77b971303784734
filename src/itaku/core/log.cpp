#include "itaku/core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"

namespace itaku::log {

namespace {
std::shared_ptr<spdlog::logger> logger() {
  static auto instance = [] {
    auto l = spdlog::stderr_logger_mt("itaku");
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    return l;
  }();
  return instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warn: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
    case Level::Off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

const char* name(Level level) {
  switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
    case Level::Off: return "off";
  }
  return "info";
}
}  // namespace

void set_level(Level level) { logger()->set_level(to_spdlog(level)); }

Result<Level> parse_level(std::string_view text) {
  for (auto level : {Level::Debug, Level::Info, Level::Warn, Level::Error, Level::Off})
    if (text == name(level)) return level;
  return make_error(ErrorKind::Invalid, "config.log_level", "ログレベルは debug, info, warn, error, off のいずれかです",
                    "log level must be one of debug, info, warn, error, off")
      .with("value", std::string(text));
}

void write(Level level, std::string_view event, const nlohmann::json& fields) {
  auto l = logger();
  if (!l->should_log(to_spdlog(level))) return;
  nlohmann::json line = fields.is_object() ? fields : nlohmann::json::object();
  line["time"] = format_utc(SystemClock{}.now());
  line["level"] = name(level);
  line["event"] = std::string(event);
  l->log(to_spdlog(level), "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void debug(std::string_view event, const nlohmann::json& fields) { write(Level::Debug, event, fields); }
void info(std::string_view event, const nlohmann::json& fields) { write(Level::Info, event, fields); }
void warn(std::string_view event, const nlohmann::json& fields) { write(Level::Warn, event, fields); }
void error(std::string_view event, const nlohmann::json& fields) { write(Level::Error, event, fields); }

}  // namespace itaku::log
