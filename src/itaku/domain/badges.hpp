#pragma once
// ID badges (身分証明書等; 木更津市 第11条(1)): 乙 and 丙 make every worker on the city's
// premises carry and show identification. A badge is issued to a worker on their party's
// roster, and returned or reported lost; a holder who leaves the roster or departs while their
// badge is out makes it due back, and the city is told (badge.return_due).
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_badge, are internal to the domain module: callers use decide().

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// badge.issued: badge `number` (unique within the contract) to `person`, a worker on their
// party's roster, valid from `issued` until `expires` (YYYY-MM-DD, after `issued`).
struct IssueBadge {
  static constexpr std::string_view kName = "badge.issue";
  std::string contract, number, person, issued, expires;
  static constexpr auto members() {
    using T = IssueBadge;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("number", &T::number)
                          .label("身分証明書の番号", "Badge number")
                          .help("英数字とハイフンの1〜32文字、契約の中で重ならない番号",
                                "1–32 letters, digits and hyphens, unique within the contract"),
                      schema::member("person", &T::person)
                          .label("従事者", "Worker")
                          .help("体制表に記載された従事者", "a worker on their party's roster")
                          .refers("person"),
                      schema::member("issued", &T::issued).label("貸与日", "Issued").format(schema::Format::Date),
                      schema::member("expires", &T::expires).label("有効期限", "Expires").format(schema::Format::Date)};
  }
};
// badge.returned: a badge that is out comes back.
struct ReturnBadge {
  static constexpr std::string_view kName = "badge.return";
  std::string contract, number;
  static constexpr auto members() {
    using T = ReturnBadge;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("number", &T::number).label("身分証明書の番号", "Badge number").refers("badge")};
  }
};
// badge.lost: a badge that is out is reported lost; `note` says how.
struct ReportBadgeLost {
  static constexpr std::string_view kName = "badge.report_lost";
  std::string contract, number, note;
  static constexpr auto members() {
    using T = ReportBadgeLost;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("number", &T::number).label("身分証明書の番号", "Badge number").refers("badge"),
                      schema::member("note", &T::note, Presence::Optional)
                          .label("紛失の状況", "How it was lost")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};

Result<std::vector<Event>> decide_badge(const State& state, const IssueBadge& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_badge(const State& state, const ReturnBadge& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_badge(const State& state, const ReportBadgeLost& c, const Actor& actor,
                                        Timestamp now);

// What a new roster version of `organisation` on `contract` makes due: for each of the party's
// badges still out whose holder is not on `next`, badge.return_due and a notice to the city.
// `notifications` counts the notices the command made before and is advanced.
std::vector<Event> badges_due_after_roster(const State& state, const Contract& contract,
                                           const std::string& organisation, const Roster& next, const Actor& actor,
                                           Timestamp now, std::size_t& notifications);
// The same for a departure (転勤・退職): every badge `person` holds on a contract not closed.
std::vector<Event> badges_due_after_departure(const State& state, const Person& person, const Actor& actor,
                                              Timestamp now, std::size_t& notifications);

}  // namespace itaku::domain
