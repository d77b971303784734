#pragma once
// A state built by running commands through decide() and apply(), as the service does but
// without storage: the rules under test are pure.

#include <gtest/gtest.h>

#include "itaku/domain/commands.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/provisions/provision_set.hpp"

namespace itaku::testing {

class DomainTest : public ::testing::Test {
 protected:
  // Runs a command that must succeed; returns its events.
  std::vector<domain::Event> run(const domain::Command& command) {
    auto events = domain::decide(state_, command, domain::Actor::system(), now_);
    EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().code + ": " + events.error().describe());
    if (!events.ok()) return {};
    for (const auto& event : *events) {
      auto applied = domain::apply(state_, event, next_index_++);
      EXPECT_TRUE(applied.ok()) << applied.error().describe();
    }
    now_ += std::chrono::minutes(1);
    return *events;
  }

  // Runs a command that must be refused with `code`; checks nothing changed.
  void refused(const domain::Command& command, const std::string& code) {
    const auto before = state_.next_index;
    auto events = domain::decide(state_, command, domain::Actor::system(), now_);
    ASSERT_FALSE(events.ok()) << "expected " << code;
    EXPECT_EQ(events.error().code, code) << events.error().describe();
    EXPECT_FALSE(events.error().message_ja.empty());
    EXPECT_FALSE(events.error().message.empty());
    EXPECT_EQ(state_.next_index, before);
  }

  // The error a command that must be refused gives.
  Error refusal(const domain::Command& command) {
    auto events = domain::decide(state_, command, domain::Actor::system(), now_);
    EXPECT_FALSE(events.ok());
    return events ? Error{} : events.error();
  }

  // 長野市 (city), a contractor with people, a subcontractor, and a draft contract under the
  // built-in Nagano set.
  void given_a_contract() {
    for (const auto& set : provisions::builtin_sets()) run(domain::ImportProvisions{set.source});
    run(domain::RegisterOrganisation{"nagano-city", "city", "長野市", "Nagano"});
    run(domain::RegisterOrganisation{"acme", "contractor", "株式会社アクメ", "Acme"});
    run(domain::RegisterOrganisation{"sub", "subcontractor", "有限会社サブ", "Sub"});
    run(domain::RegisterPerson{"p-city", "nagano-city", "市 職員", "主査", ""});
    run(domain::RegisterPerson{"p-boss", "acme", "山田 太郎", "部長", ""});
    run(domain::RegisterPerson{"p-mgr", "acme", "佐藤 花子", "室長", ""});
    run(domain::RegisterPerson{"p-w1", "acme", "鈴木 一郎", "SE", ""});
    run(domain::RegisterPerson{"p-w2", "acme", "田中 美咲", "PG", ""});
    run(domain::RegisterPerson{"p-sub", "sub", "伊藤 健", "代表", ""});
    run(domain::CreateContract{"c1", "第2026-001号", "運用保守業務委託", "情報政策課", "nagano-city", "acme",
                               "2026-04-01", "2027-03-31", "運用保守", "nagano", ""});
  }

  domain::Roster roster() const {
    domain::Roster r;
    r.responsible = "p-boss";
    r.information_manager = "p-mgr";
    r.workers = {{"p-w1", "運用監視", "2026-04-01", ""}};
    r.locations = {{"hq", "本社", "長野県長野市1-1", false, ""}};
    r.access = {{"個人情報", "p-w1", "view"}};
    return r;
  }

  domain::State state_;
  std::uint64_t next_index_ = 1;
  Timestamp now_ = from_unix_micros(1'790'000'000'000'000);
};

}  // namespace itaku::testing
