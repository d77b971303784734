#pragma once
// The databases storage-level tests run on: SQLite always; PostgreSQL when
// ITAKU_TEST_POSTGRES_URL names a server (scripts/test.sh starts one). With
// ITAKU_REQUIRE_POSTGRES=1 a missing or unreachable server fails the run instead of
// silently testing SQLite alone.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "itaku/storage/database.hpp"

namespace itaku::testing {

std::vector<storage::Backend> test_backends();

// A fresh, empty database of that backend: a new SQLite file in `dir`, or a new PostgreSQL
// database on the test server (dropped at process exit). Returns its URL.
std::string fresh_database_url(storage::Backend backend, const std::filesystem::path& dir);

// For INSTANTIATE_TEST_SUITE_P names: "sqlite", "postgres".
std::string backend_name(const ::testing::TestParamInfo<storage::Backend>& info);

}  // namespace itaku::testing
