#include "itaku/policy/flat_index.hpp"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace itaku::testing {
namespace {

TEST(FlatIndex, FindsEveryKeyInsertedAcrossGrowthAndNothingElse) {
  policy::FlatIndex<int> index;
  std::map<std::string, int> expected;
  for (int i = 0; i < 20000; ++i) {
    const auto key = "worker-" + std::to_string(i * 7);
    index[key] = i;
    expected[key] = i;
  }
  EXPECT_EQ(index.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const int* found = index.find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value) << key;
  }
  for (int i = 0; i < 20000; ++i) EXPECT_EQ(index.find("worker-" + std::to_string(i * 7 + 1)), nullptr);
  EXPECT_EQ(index.find(""), nullptr);
}

TEST(FlatIndex, EmplaceKeepsTheFirstValueAndIndexingReturnsTheSameSlot) {
  policy::FlatIndex<std::string> index;
  EXPECT_EQ(index.find("a"), nullptr);  // empty: no slots yet
  EXPECT_TRUE(index.emplace("a", "first"));
  EXPECT_FALSE(index.emplace("a", "second"));
  EXPECT_EQ(*index.find("a"), "first");
  index["a"] += "+";
  index["b"];  // inserted value-initialised
  EXPECT_EQ(*index.find("a"), "first+");
  ASSERT_NE(index.find("b"), nullptr);
  EXPECT_EQ(*index.find("b"), "");
  EXPECT_EQ(index.size(), 2u);
  index.reserve(1000);  // growing keeps every entry
  EXPECT_EQ(*index.find("a"), "first+");
  EXPECT_EQ(index.size(), 2u);
}

}  // namespace
}  // namespace itaku::testing
