#include "itaku/auth/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace itaku::testing {
namespace {

auth::Principal token(const std::string& id) {
  auth::Principal p;
  p.kind = auth::PrincipalKind::Token;
  p.login = "yamada";
  p.token_id = id;
  return p;
}

auth::Principal user(const std::string& login) {
  auth::Principal p;
  p.kind = auth::PrincipalKind::Session;
  p.login = login;
  return p;
}

class RateLimiterTest : public ::testing::Test {
 protected:
  SimulatedClock clock_{from_unix_micros(1'790'000'000'000'000)};
  // Ten units a second, twenty at once, for tokens; two a second, three at once, for users.
  auth::RateLimiter limiter_{clock_, RateLimits{{10, 20}, {2, 3}}};
};

TEST_F(RateLimiterTest, ABurstPassesAndTheNextUnitIsRefusedWithWhenToRetry) {
  EXPECT_TRUE(limiter_.take(token("t-1"), 20).ok());
  const auto refused = limiter_.take(token("t-1"), 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "rate.limited");
  EXPECT_EQ(refused.error().kind, ErrorKind::Throttled);
  EXPECT_EQ(refused.error().context.at("retry_after_s"), "1");
}

TEST_F(RateLimiterTest, TheBucketRefillsWithTheClock) {
  ASSERT_TRUE(limiter_.take(token("t-1"), 20).ok());
  EXPECT_FALSE(limiter_.take(token("t-1"), 5).ok());
  clock_.advance(std::chrono::milliseconds(400));  // four units flowed in
  EXPECT_FALSE(limiter_.take(token("t-1"), 5).ok());
  clock_.advance(std::chrono::milliseconds(100));
  EXPECT_TRUE(limiter_.take(token("t-1"), 5).ok());
  EXPECT_FALSE(limiter_.take(token("t-1"), 1).ok());
  clock_.advance(std::chrono::seconds(60));  // full again, and no fuller than the burst
  EXPECT_TRUE(limiter_.take(token("t-1"), 20).ok());
  EXPECT_FALSE(limiter_.take(token("t-1"), 1).ok());
}

TEST_F(RateLimiterTest, ARefusedRequestTakesNothing) {
  ASSERT_TRUE(limiter_.take(token("t-1"), 15).ok());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter_.take(token("t-1"), 10).ok());
  EXPECT_TRUE(limiter_.take(token("t-1"), 5).ok());
}

TEST_F(RateLimiterTest, AnotherTokenAndAUserHaveBucketsOfTheirOwn) {
  ASSERT_TRUE(limiter_.take(token("t-1"), 20).ok());
  ASSERT_FALSE(limiter_.take(token("t-1"), 1).ok());
  EXPECT_TRUE(limiter_.take(token("t-2"), 20).ok());
  EXPECT_TRUE(limiter_.take(user("yamada"), 3).ok());  // the token's owner signed in
  EXPECT_FALSE(limiter_.take(user("yamada"), 1).ok());
  EXPECT_TRUE(limiter_.take(user("suzuki"), 1).ok());
}

TEST_F(RateLimiterTest, ABatchLargerThanTheBurstWaitsForAFullBucketAndLeavesItInDebt) {
  ASSERT_TRUE(limiter_.take(token("t-1"), 1).ok());
  EXPECT_FALSE(limiter_.take(token("t-1"), 50).ok());  // not full
  clock_.advance(std::chrono::milliseconds(100));
  ASSERT_TRUE(limiter_.take(token("t-1"), 50).ok());
  // 30 units in debt: the bucket is empty again three seconds later, and holds one unit at 3.1 s.
  const auto refused = limiter_.take(token("t-1"), 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().context.at("retry_after_s"), "4");
  clock_.advance(std::chrono::milliseconds(3000));
  EXPECT_FALSE(limiter_.take(token("t-1"), 1).ok());
  clock_.advance(std::chrono::milliseconds(100));
  EXPECT_TRUE(limiter_.take(token("t-1"), 1).ok());
}

TEST_F(RateLimiterTest, ARateOfZeroLimitsNothing) {
  limiter_.set_limits(RateLimits{{0, 1}, {0, 1}});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter_.take(token("t-1"), 1000).ok());
}

}  // namespace
}  // namespace itaku::testing
