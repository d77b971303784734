#include "itaku/domain/command_types.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

namespace itaku::testing {
namespace {

using namespace domain;
using nlohmann::json;

// The code and the "field" of the error decoding `command` gives.
std::pair<std::string, std::string> refusal(const json& command) {
  auto decoded = command_types().decode(command);
  if (decoded) return {"(decoded)", ""};
  const auto& context = decoded.error().context;
  const auto field = context.find("field");
  return {decoded.error().code, field == context.end() ? "" : field->second};
}

json register_asset() {
  return {{"command", "asset.register"}, {"contract", "nagano-2026-001"}, {"id", "usb-7"},
          {"class", "personal"},         {"description", "移行データ"},   {"origin", "created"},
          {"media", "USBメモリ"},        {"custodian", "p-suzuki"}};
}

TEST(CommandTypes, EveryAlternativeOfTheVariantHasADistinctDottedName) {
  const auto names = command_types().names();
  EXPECT_EQ(names.size(), std::variant_size_v<Command>);
  EXPECT_EQ(std::set<std::string_view>(names.begin(), names.end()).size(), names.size());
  for (const auto name : names) {
    const auto dot = name.find('.');
    EXPECT_TRUE(dot != std::string_view::npos && dot > 0 && dot + 1 < name.size()) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_."), std::string_view::npos) << name;
    ASSERT_NE(command_types().find(name), nullptr) << name;
    EXPECT_EQ(command_types().find(name)->name, name);
  }
  EXPECT_EQ(command_types().find("asset.registered"), nullptr);
}

TEST(CommandTypes, ReadsACommandWrittenAsJsonThroughItsDeclaration) {
  auto decoded = command_types().decode(register_asset());
  ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
  ASSERT_TRUE(std::holds_alternative<RegisterAsset>(*decoded));
  const auto& asset = std::get<RegisterAsset>(*decoded);
  EXPECT_EQ(asset.contract, "nagano-2026-001");
  EXPECT_EQ(asset.asset_class, "personal");  // written "class", as the API and the event write it
  EXPECT_EQ(asset.custodian, "p-suzuki");
  EXPECT_EQ(asset.quantity, "");  // may be left out
  EXPECT_EQ(command_name(*decoded), "asset.register");

  // A roster is read as people send it: flags are JSON booleans, an end date may be left out.
  auto roster = command_types().decode(json::parse(R"({"command":"roster.submit","contract":"c1","organisation":"acme",
      "roster":{"responsible":"p-boss","information_manager":"p-mgr","manager_is_personal_information_officer":true,
                "workers":[{"person":"p-w1","work":"運用監視","from":"2026-04-01"}],
                "locations":[{"id":"hq","name":"本社","address":"長野市","city_premises":true,"hours":"08:30-17:30"}]}})"));
  ASSERT_TRUE(roster.ok()) << roster.error().describe();
  const auto& submitted = std::get<SubmitRoster>(*roster).roster;
  EXPECT_TRUE(submitted.manager_is_personal_information_officer);
  ASSERT_EQ(submitted.locations.size(), 1u);
  EXPECT_TRUE(submitted.locations[0].city_premises);
  EXPECT_EQ(submitted.locations[0].hours, "08:30-17:30");
  EXPECT_EQ(submitted.workers.at(0).until, "");

  auto state =
      command_types().decode(json{{"command", "contract.change_state"}, {"contract", "c1"}, {"target", "closing"}});
  ASSERT_TRUE(state.ok()) << state.error().describe();
  EXPECT_EQ(std::get<ChangeContractState>(*state).target, ContractState::Closing);
}

TEST(CommandTypes, RefusesAMissingMistypedOrUnknownMemberNamingItsPath) {
  auto without = [](json command, const char* member) {
    command.erase(member);
    return command;
  };
  auto with = [](json command, const char* member, json value) {
    command[member] = std::move(value);
    return command;
  };
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal(without(register_asset(), "custodian")), Refusal("api.field_missing", "custodian"));
  EXPECT_EQ(refusal(with(register_asset(), "quantity", 2)), Refusal("api.field_type", "quantity"));
  EXPECT_EQ(refusal(with(register_asset(), "custodain", "p-suzuki")), Refusal("api.field_unknown", "custodain"));
  EXPECT_EQ(refusal(with(register_asset(), "command", "asset.registered")), Refusal("command.unknown", ""));
  EXPECT_EQ(refusal(without(register_asset(), "command")), Refusal("api.field_missing", "command"));
  EXPECT_EQ(refusal(json::array()), Refusal("command.malformed", ""));

  const json change = {{"command", "contract.change_state"}, {"contract", "c1"}, {"target", "paused"}};
  EXPECT_EQ(refusal(change), Refusal("api.field_invalid", "target"));
  const json acknowledge = {
      {"command", "roster.acknowledge"}, {"contract", "c1"}, {"organisation", "acme"}, {"version", "1"}, {"by", "p"}};
  EXPECT_EQ(refusal(acknowledge), Refusal("api.field_type", "version"));
  const json document = {
      {"command", "document.issue"}, {"contract", "c1"}, {"kind", "receipt"}, {"of", -3}, {"sha256", ""}, {"size", 1}};
  EXPECT_EQ(refusal(document), Refusal("api.field_invalid", "of"));
  const json token = {{"command", "token.create"},
                      {"id", "t"},
                      {"login", "l"},
                      {"organisation", "o"},
                      {"scopes", json::array({"read", 2})}};
  EXPECT_EQ(refusal(token), Refusal("api.field_type", "scopes.1"));
  // Below the roster, the member is named with the row it is in.
  const auto roster = json::parse(R"({"command":"roster.submit","contract":"c1","organisation":"acme",
      "roster":{"locations":[{"id":"hq","name":"本社","address":"長野市","hours":830}]}})");
  EXPECT_EQ(refusal(roster), Refusal("api.field_type", "roster.locations.0.hours"));
  const auto flag = json::parse(R"({"command":"roster.submit","contract":"c1","organisation":"acme",
      "roster":{"manager_is_personal_information_officer":"yes"}})");
  EXPECT_EQ(refusal(flag), Refusal("api.field_type", "roster.manager_is_personal_information_officer"));
  // A member refused after others of its location were read: those, too long to be kept inside
  // a string, must be freed (the sanitizer's leak check fails the test otherwise).
  const auto premises = json::parse(R"({"command":"roster.submit","contract":"c1","organisation":"acme",
      "roster":{"locations":[{"id":"hq","name":"本社 開発室（4階）","address":"長野県長野市南長野1-2-3 しなのビル4階",
                              "city_premises":"no"}]}})");
  EXPECT_EQ(refusal(premises), Refusal("api.field_type", "roster.locations.0.city_premises"));
  const auto worker = json::parse(R"({"command":"roster.submit","contract":"c1","organisation":"acme",
      "roster":{"workers":[{"work":"運用監視","from":"2026-04-01"}]}})");
  EXPECT_EQ(refusal(worker), Refusal("api.field_missing", "roster.workers.0.person"));
  const auto definition = json::parse(R"({"command":"asset_class.define","contract":"c1",
      "definition":{"id":"x","name":"x","actions":{"teleport":[]}}})");
  EXPECT_EQ(refusal(definition), Refusal("api.field_invalid", "definition.actions.teleport"));
}

template <std::size_t I = 0>
void expect_every_command_reads_back_what_it_writes() {
  if constexpr (I < std::variant_size_v<Command>) {
    const Command command{std::in_place_index<I>};
    const auto written = to_json(command);
    SCOPED_TRACE(written.dump());
    EXPECT_EQ(written.at("command"), command_name(command));
    auto read = command_types().decode(written);
    ASSERT_TRUE(read.ok()) << read.error().describe();
    EXPECT_EQ(read->index(), I);
    EXPECT_EQ(to_json(*read), written);
    expect_every_command_reads_back_what_it_writes<I + 1>();
  }
}

TEST(CommandTypes, EveryCommandReadsBackWhatItWrites) {
  expect_every_command_reads_back_what_it_writes();

  SubmitRoster submit{"c1", "acme", {}, "届出"};
  submit.roster.responsible = "p-boss";
  submit.roster.manager_is_personal_information_officer = true;
  submit.roster.workers = {{"p-w1", "運用監視", "2026-04-01", ""}};
  submit.roster.locations = {{"hq", "本社", "長野市", true, "08:30-17:30"}};
  submit.roster.access = {{"一般", "p-w1", "use"}};
  const auto written = to_json(Command{submit});
  EXPECT_EQ(written.at("roster").at("locations").at(0).at("city_premises"), true);
  auto read = command_types().decode(written);
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(to_json(std::get<SubmitRoster>(*read).roster), to_json(submit.roster));

  TransferAssets transfer{"c1", "", {"usb-1", "usb-2"}, "p-city", "p-boss", ""};
  auto transferred = command_types().decode(to_json(Command{transfer}));
  ASSERT_TRUE(transferred.ok()) << transferred.error().describe();
  EXPECT_EQ(std::get<TransferAssets>(*transferred).assets, transfer.assets);
}

}  // namespace
}  // namespace itaku::testing
