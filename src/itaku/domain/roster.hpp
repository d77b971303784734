#pragma once
// Rosters (体制表; 長野市 第1, 木更津市 第4条, 第11条(4)): the contractor and each subcontractor
// submit a whole new version of who works on the contract, where, and who may view or use
// which assets; the city is notified of every version and acknowledges it.
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_roster, are internal to the domain module: callers use decide().

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

struct SubmitRoster {
  static constexpr std::string_view kName = "roster.submit";
  std::string contract, organisation;
  Roster roster;
  std::string note;
  static constexpr auto members() {
    using T = SubmitRoster;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("提出する組織", "Organisation").refers("organisation"),
        // As people send it, flags as JSON booleans (RosterInputCodec, model.hpp).
        schema::Member<T, Roster, RosterInputCodec>{"roster", &T::roster, Presence::Required}
            .label("従事者名簿", "Roster")
            .help("長野市 第1、木更津市 第11条(4)", "長野市 第1, 木更津市 第11条(4)"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(2000)};
  }
};
struct AcknowledgeRoster {
  static constexpr std::string_view kName = "roster.acknowledge";
  std::string contract, organisation;
  int version = 0;
  std::string by;  // a person of the contract's city
  static constexpr auto members() {
    using T = AcknowledgeRoster;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("organisation", &T::organisation).label("提出した組織", "Organisation").refers("organisation"),
        schema::member("version", &T::version).label("版", "Version"),
        schema::member("by", &T::by)
            .label("確認者", "Acknowledged by")
            .help("市の職員", "a person of the city")
            .refers("person")};
  }
};

Result<std::vector<Event>> decide_roster(const State& state, const SubmitRoster& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_roster(const State& state, const AcknowledgeRoster& c, const Actor& actor,
                                         Timestamp now);

// The notice to the city of roster `version` of `contract`, listing its `changes`; `offset`
// counts the notices the command made before. A departure's roster versions send it too.
Event roster_notification(const State& state, const Contract& contract, const RosterVersion& version,
                          const std::vector<std::string>& changes, const Actor& actor, Timestamp now,
                          std::size_t offset);

}  // namespace itaku::domain
