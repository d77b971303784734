#pragma once
// The city's review of a contract's monitoring (長野市 第3: アクセス方法の監視及び管理): a person of
// the city looked at the denials, the accesses no allow matched and the anomalies the monitoring
// page shows, and records so (monitoring.reviewed). The review covers every ledger entry recorded
// before its own; the compliance control `access.monitored` counts from the last review
// (docs/COMPLIANCE.md).
//
// The command is declared here (kName, members(); see commands.hpp, whose Command holds it); its
// rule, decide_monitoring, is internal to the domain module: callers use decide().

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// monitoring.reviewed: `by`, an active person of the contract's city, reviewed the monitoring of
// a contract that is not closed, with an optional `note` of what was found and done.
struct ReviewMonitoring {
  static constexpr std::string_view kName = "monitoring.review";
  std::string contract, by, note;
  static constexpr auto members() {
    using T = ReviewMonitoring;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("by", &T::by)
                          .label("確認者", "Reviewed by")
                          .help("市の職員", "a person of the city")
                          .refers("person"),
                      schema::member("note", &T::note, Presence::Optional)
                          .label("確認の結果", "Findings")
                          .help("拒否・異常について確認したことと対応", "what was found and what was done about it")
                          .format(schema::Format::Multiline)
                          .max_length(2000)};
  }
};

Result<std::vector<Event>> decide_monitoring(const State& state, const ReviewMonitoring& c, const Actor& actor,
                                             Timestamp now);

}  // namespace itaku::domain
