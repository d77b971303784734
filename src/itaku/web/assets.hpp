#pragma once
// The files under web/ (templates, message catalogs, CSS, JS, icons), compiled into the
// binary by itaku_embed so that the one executable serves its own pages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itaku::web {

// The contents of web/<path> (e.g. "static/app.css"), or nullopt when there is no such file.
std::optional<std::string_view> asset(std::string_view path);
// Every embedded path under web/<prefix> ("templates/"), relative to web/.
std::vector<std::string> asset_paths(std::string_view prefix);
// The Content-Type a file is served with, chosen by its extension.
std::string_view content_type(std::string_view name);
// A short fingerprint of an asset's bytes: pages link /static/app.css?v=<fingerprint>, so a
// browser may keep a file for a year and still sees a new one after an upgrade.
std::string asset_version(std::string_view path);

}  // namespace itaku::web
