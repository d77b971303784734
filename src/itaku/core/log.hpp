#pragma once
// Structured logging: one JSON object per line on stderr. Never pass secrets.

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "itaku/core/result.hpp"

namespace itaku::log {

enum class Level { Debug, Info, Warn, Error, Off };

void set_level(Level level);
Result<Level> parse_level(std::string_view name);
// Writes {"time":…,"level":…,"event":event, …fields}.
void write(Level level, std::string_view event, const nlohmann::json& fields);

void debug(std::string_view event, const nlohmann::json& fields);
void info(std::string_view event, const nlohmann::json& fields);
void warn(std::string_view event, const nlohmann::json& fields);
void error(std::string_view event, const nlohmann::json& fields);

}  // namespace itaku::log
