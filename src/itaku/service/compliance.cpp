// Service::compliance: a contract's per-clause compliance, now or as it was at a past time.

#include "itaku/domain/authorization.hpp"
#include "itaku/domain/decision_events.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

namespace {

// What for_each_event is stopped with once the replay has reached the time asked for.
constexpr std::string_view kReached = "compliance.replay_reached";

template <class E>
compliance::AccessFact fact_of(const E& e, std::uint64_t index, Timestamp at, bool denied, bool matched) {
  compliance::AccessFact fact;
  fact.kind = std::is_same_v<E, domain::AccessRecorded> ? compliance::AccessFact::Kind::Access
                                                        : compliance::AccessFact::Kind::Decision;
  fact.index = index;
  fact.at = at;
  fact.person = e.person;
  fact.action = e.action;
  fact.asset_class = e.asset_class;
  fact.purpose = e.purpose;
  fact.denied = denied;
  fact.matched = matched;
  return fact;
}

// Adds a recorded decision or access of `contract` to `tally`, as the monitoring index adds its row.
Result<void> tally_event(compliance::AccessTally& tally, const domain::Event& event, std::uint64_t index) {
  if (event.type == domain::DecisionRecorded::kType) {
    const auto e = TRY(domain::read_event<domain::DecisionRecorded>(event));
    tally.add(fact_of(e, index, TRY(parse_utc(e.time)), e.effect == "deny", false));
  } else {
    const auto e = TRY(domain::read_event<domain::AccessRecorded>(event));
    tally.add(fact_of(e, index, TRY(parse_utc(e.time)), e.rule_effect == "deny", e.matched_decision != 0));
  }
  return ok();
}

}  // namespace

Result<compliance::Report> Service::compliance(const std::string& contract, const domain::Principal& principal,
                                               std::optional<std::string_view> at_text) const {
  const auto now = clock_.now();
  // Who may read is today's rule over today's state, whatever time is asked about.
  const auto scope = TRY(read([&](const domain::State& s) -> Result<domain::ComplianceScope> {
    const auto* c = s.contract(contract);
    const auto found =
        c ? domain::compliance_scope(domain::contract_access(s, principal, *c), *c) : domain::ComplianceScope{};
    if (!found.visible) return domain::unknown("contract", contract);
    return found;
  }));
  std::optional<Timestamp> at;
  if (at_text) at = TRY(compliance::parse_as_of(*at_text));
  if (at && *at > now)
    return make_error(ErrorKind::Invalid, "compliance.at_future", "未来の時点の遵守状況は示せません",
                      "compliance cannot be shown as of a future time")
        .with("field", "at")
        .with("value", format_utc(*at));
  compliance::Report report;
  if (!at) {
    TRY(refresh_monitoring());
    const auto tally = monitoring_index_.tally(contract);
    report = TRY(read(
        [&](const domain::State& s) { return compliance::evaluate(s, contract, *tally, now, &compliance_memo_); }));
  } else {
    domain::State state;
    compliance::AccessTally tally;
    auto replayed = for_each_event(database_, [&](const domain::Event& event, std::uint64_t index) -> Result<void> {
      if (event.at >= *at) return make_error(ErrorKind::Internal, std::string(kReached), "", "");
      if (event.type == domain::DecisionRecorded::kType || event.type == domain::AccessRecorded::kType) {
        // Decisions change no state: they are tallied, and only this contract's.
        state.next_index = index + 1;
        return event.contract == contract ? tally_event(tally, event, index) : ok();
      }
      return domain::apply(state, event, index);
    });
    if (!replayed && replayed.error().code != kReached) return replayed.release_error();
    if (!state.contract(contract))
      return make_error(ErrorKind::Invalid, "compliance.at_before_contract", "その時点では契約がまだ記録されていません",
                        "the contract was not recorded yet at that time")
          .with("field", "at")
          .with("value", format_utc(*at));
    report = TRY(compliance::evaluate(state, contract, tally, *at));
  }
  if (!scope.every_control) report = compliance::restricted(std::move(report), scope.parties);
  return report;
}

}  // namespace itaku::service
