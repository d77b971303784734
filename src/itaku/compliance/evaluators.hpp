#pragma once
// The evaluators of the controls, one function per control id, and what they share. Internal
// to the compliance module: compliance.cpp lists them in its one table (kEvaluators), keyed by
// control id. Each says in a comment which clauses of the seeds it serves and its rule; the
// rules are in docs/COMPLIANCE.md.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/compliance/compliance.hpp"

namespace itaku::compliance {

// An asset of the register and the person who holds it, with what several evaluators read of it
// copied beside them (one read of the asset instead of one per evaluator and party).
struct Holding {
  const domain::Asset* asset = nullptr;
  const domain::Person* holder = nullptr;
  std::uint64_t registered_index = 0;
  std::size_t asset_class = 0;  // its class id is Lookups::asset_classes()[asset_class]
};

// The register read once: each organisation's holdings, in the register's order, and the class
// ids met, each once. It points into the state it was read from, so a Memo keeps it only with
// that state's instance and changed_index.
struct Memo::Entry {
  std::uint64_t instance = 0, changed_index = 0;
  std::map<std::string, std::vector<Holding>, std::less<>> held;
  std::vector<std::string_view> asset_classes;
};

// What evaluators of several controls, or of every party, look up in the contract and its
// tally, worked out once per evaluation (on first use) rather than by each of them for each
// party: at 100,000 assets and 10,000 people, a scan with a lookup per item costs milliseconds.
// The register's part is taken from the Memo when the state has not changed since.
class Lookups {
 public:
  using Holding = compliance::Holding;
  using TallyPerson = std::pair<const std::string, PersonTally>;

  Lookups(const domain::State& state, const domain::Contract& contract, const AccessTally& tally, Memo* memo)
      : state_(state), contract_(contract), tally_(tally), memo_(memo) {}
  // The assets of the register whose holder is of `organisation`, in the register's order.
  const std::vector<Holding>& held_by(const std::string& organisation) const;
  // The class ids of the register's assets, each once.
  const std::vector<std::string_view>& asset_classes() const { return registry().asset_classes; }
  // The people of the tally who count as `organisation`'s (party_of_person), in the tally's order.
  const std::vector<const TallyPerson*>& tally_people(const std::string& organisation) const;
  // The ids of everyone who has left (転勤・退職), sorted.
  const std::vector<std::string_view>& departed() const;

 private:
  const Memo::Entry& registry() const;

  const domain::State& state_;
  const domain::Contract& contract_;
  const AccessTally& tally_;
  Memo* memo_;
  mutable std::shared_ptr<const Memo::Entry> registry_;
  mutable std::optional<std::map<std::string, std::vector<const TallyPerson*>, std::less<>>> tally_people_;
  mutable std::optional<std::vector<std::string_view>> departed_;
};

// What an evaluator reads.
struct Context {
  const domain::State& state;
  const domain::Contract& contract;
  const AccessTally& tally;
  Timestamp now;
  std::string today;                                 // YYYY-MM-DD in Japan at `now`
  const std::map<std::string, std::string>& params;  // the control's, as the provision set gives them
  std::string_view control;                          // its id
  const Lookups& lookups;                            // shared by every control of this evaluation
};

// One evaluator: the control's finding for the contract (party == nullptr) or for one party.
using Evaluate = Finding (*)(const Context& context, const domain::Party* party);

// How long an act may wait before a status that was `due` becomes `violated` is a parameter of
// the control (provisions/vocabulary.cpp): the provisions name no number of days for most of
// these, so the vocabulary gives itaku's defaults (a roster version acknowledged within 14 days,
// a hand-over within 7, a leaver's assets and badge handed on within 7) and a set may change them.

// --- findings ---
Finding met(Evidence evidence);
Finding due(std::string date, Evidence evidence);
Finding violated(Timestamp since, Evidence evidence);
Finding not_applicable(Evidence evidence);
Finding not_tracked(std::string_view control);

// --- dates ---
std::string date_of(Timestamp at);  // YYYY-MM-DD in Japan
std::string plus_days(const std::string& date, int days);
// `date` plus the control's Duration parameter `name` (its default when the set gives none);
// hours count as whole days begun.
std::string plus_parameter(const Context& context, const std::string& date, std::string_view name);
Timestamp start_of(const std::string& date);  // 00:00 in Japan of YYYY-MM-DD
Timestamp after(const std::string& date);     // 00:00 in Japan of the day after

// --- words ---
std::string name_of(const domain::State& state, const std::string& person);
// 乙 株式会社… / 丙 有限会社…: the party's symbol on `contract` and its name.
std::string party_name(const domain::State& state, const domain::Contract& contract, const std::string& organisation);
std::string party_name_en(const domain::State& state, const std::string& organisation);
std::string indices_text(const std::vector<std::uint64_t>& indices);  // #12, #15
// The first kEvidenceIndices of `indices`.
std::vector<std::uint64_t> first_indices(std::vector<std::uint64_t> indices);

// --- parties ---
// The organisation a person named in a request belongs to on this contract; a person the
// contract does not know is the contractor's (長野市 第11, 木更津市 第10条2: 乙 answers for what
// happens under its contract).
std::string party_of_person(const Context& context, const std::string& person);
std::string party_of_person(const domain::State& state, const domain::Contract& contract, const std::string& person);
// The day by which a party had to have done what is due before its work starts: the contract's
// start, or the day it joined if later.
std::string start_deadline(const Context& context, const domain::Party& party);
// `due` by `deadline` while today is not past it, `violated` from the day after.
Finding by_deadline(const Context& context, const std::string& deadline, Evidence evidence);
// The people named as workers on any version of the party's rosters who have left (転勤・退職),
// by id.
std::vector<const domain::Person*> leavers_of(const Context& context, const domain::Party& party);
// The party's latest roster version, or nullptr (then missing_roster gives its finding).
const domain::RosterVersion* latest_roster(const Context& context, const domain::Party& party);
Finding missing_roster(const Context& context, const domain::Party& party);

// --- the evaluators (roster_controls.cpp, people_controls.cpp, asset_controls.cpp, access_controls.cpp) ---
Finding roster_defined(const Context& context, const domain::Party* party);
Finding roster_notified(const Context& context, const domain::Party* party);
Finding roster_information_manager(const Context& context, const domain::Party* party);
Finding roster_asset_users_notified(const Context& context, const domain::Party* party);
Finding badge_worn(const Context& context, const domain::Party* party);
Finding former_workers_access_revoked(const Context& context, const domain::Party* party);

// people_controls.cpp
Finding training_valid(const Context& context, const domain::Party* party);
Finding training_delivered(const Context& context, const domain::Party* party);
Finding provisions_acknowledged(const Context& context, const domain::Party* party);
Finding training_reported(const Context& context, const domain::Party* party);
Finding nda_signed(const Context& context, const domain::Party* party);
Finding former_workers_bound(const Context& context, const domain::Party* party);

Finding asset_classes_defined(const Context& context, const domain::Party* party);
Finding asset_access_rules(const Context& context, const domain::Party* party);
Finding receipt_issued(const Context& context, const domain::Party* party);
Finding custody_recorded(const Context& context, const domain::Party* party);
Finding asset_inventory(const Context& context, const domain::Party* party);

Finding access_decided(const Context& context, const domain::Party* party);
Finding access_monitored(const Context& context, const domain::Party* party);
Finding purpose_limited(const Context& context, const domain::Party* party);
Finding third_party_prohibited(const Context& context, const domain::Party* party);

// approval_controls.cpp
Finding approval_required(const Context& context, const domain::Party* party);
Finding approval_justified(const Context& context, const domain::Party* party);

// disposal_controls.cpp
Finding safekeeping_managed(const Context& context, const domain::Party* party);
Finding return_timely(const Context& context, const domain::Party* party);
Finding disposal_on_instruction(const Context& context, const domain::Party* party);
Finding disposal_certified(const Context& context, const domain::Party* party);
Finding created_assets_reported(const Context& context, const domain::Party* party);
Finding device_registered(const Context& context, const domain::Party* party);
Finding media_destroyed(const Context& context, const domain::Party* party);
Finding media_destruction_reported(const Context& context, const domain::Party* party);

Finding informative(const Context& context, const domain::Party* party);
// An obligation a person has to check (provisions::ControlKind::Manual): manual_check.
Finding manual(const Context& context, const domain::Party* party);

}  // namespace itaku::compliance
